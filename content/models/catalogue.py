"""The catalogue: drugs (brand names, classes, side effects, warnings) and conditions."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import QuickChoiceLabels
from .publishing import Publishable, RenderedBody, choice_values, medical_review_constraint, status_constraint


class Route(models.TextChoices):
    ORAL = "oral", "Oral"
    TOPICAL = "topical", "Topical"
    INJECTION = "injection", "Injection"
    OTHER = "other", "Other"


class BodySystem(models.TextChoices):
    CARDIOVASCULAR = "cardiovascular", "Cardiovascular"
    DERMATOLOGIC = "dermatologic", "Dermatologic"
    ENDOCRINE_METABOLIC = "endocrine_metabolic", "Endocrine & metabolic"
    GASTROINTESTINAL = "gastrointestinal", "Gastrointestinal"
    HEMATOLOGIC = "hematologic", "Hematologic"
    HEPATIC = "hepatic", "Hepatic"
    IMMUNOLOGIC = "immunologic", "Immunologic"
    NERVOUS_SYSTEM = "nervous_system", "Nervous system"
    NEUROMUSCULAR_SKELETAL = "neuromuscular_skeletal", "Neuromuscular & skeletal"
    OPHTHALMIC = "ophthalmic", "Ophthalmic"
    OTIC = "otic", "Ear"
    PSYCHIATRIC = "psychiatric", "Psychiatric"
    REPRODUCTIVE = "reproductive", "Reproductive"
    RESPIRATORY = "respiratory", "Respiratory"
    OTHER = "other", "Other"


class FrequencyBand(models.IntegerChoices):
    """CIOMS frequency bands, most frequent first so that ordering by value reads naturally."""

    VERY_COMMON = 1, "Very common (10% or more)"
    COMMON = 2, "Common (1% to 10%)"
    UNCOMMON = 3, "Uncommon (0.1% to 1%)"
    RARE = 4, "Rare (0.01% to 0.1%)"
    VERY_RARE = 5, "Very rare (less than 0.01%)"
    NOT_KNOWN = 6, "Frequency not known"

    @classmethod
    def for_percent(cls, percent):
        if percent is None:
            return None
        if percent >= 10:
            return cls.VERY_COMMON
        if percent >= 1:
            return cls.COMMON
        if percent >= Decimal("0.1"):
            return cls.UNCOMMON
        if percent >= Decimal("0.01"):
            return cls.RARE
        return cls.VERY_RARE


class WarningKind(models.TextChoices):
    BOXED = "boxed", "Boxed warning"
    PREGNANCY = "pregnancy", "Pregnancy"
    MENTAL_HEALTH = "mental_health", "Mental health"
    MONITORING = "monitoring", "Monitoring"
    INTERACTION = "interaction", "Interactions"
    OTHER = "other", "Other precaution"


class Severity(models.IntegerChoices):
    CRITICAL = 1, "Critical"
    SERIOUS = 2, "Serious"
    CAUTION = 3, "Caution"


class GenericAvailability(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    AVAILABLE = "available", "Available as a generic"
    BRAND_ONLY = "brand_only", "Only as a branded medicine"
    BIOSIMILAR = "biosimilar", "Biosimilars available"


class DosageForm(models.TextChoices):
    CAPSULE = "capsule", "Capsule"
    TABLET = "tablet", "Tablet"
    CREAM = "cream", "Cream"
    OINTMENT = "ointment", "Ointment"
    GEL = "gel", "Gel"
    LOTION = "lotion", "Lotion"
    FOAM = "foam", "Foam"
    SCALP_APPLICATION = "scalp_application", "Scalp application"
    SHAMPOO = "shampoo", "Shampoo"
    SOLUTION = "solution", "Solution"
    PREFILLED_PEN = "prefilled_pen", "Pre-filled pen"
    PREFILLED_SYRINGE = "prefilled_syringe", "Pre-filled syringe"
    OTHER = "other", "Other"


# How a warning of each severity looks: a tone (static/css/site.css, "tones"), or its own neutral style.
SEVERITY_TONES = {Severity.CRITICAL: "caution", Severity.SERIOUS: "limited", Severity.CAUTION: ""}


def lines(text: str) -> list[str]:
    """The non-blank lines of a one-item-a-line field, without list markers an editor may have typed."""
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines() if line.strip().lstrip("-•*").strip()]


# --------------------------------------------------------------------------- drugs


class DrugClass(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "drug classes"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('content:drug_list')}?class={self.slug}"


class ActiveIngredient(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Drug(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from generic_name, summary and mechanism
    # (content/migrations/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    generic_name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown in lists and search.")
    route = models.CharField(max_length=20, choices=Route, default=Route.ORAL)
    prescription_only = models.BooleanField(default=True)
    mechanism = models.TextField(blank=True, help_text="How it works, in plain language.")
    dosing = models.TextField(blank=True, help_text="Usual dosing. Not a prescription.")
    # Practical questions (how to take it, a missed dose, too much, what to avoid, storage, generics): part of
    # the drug, so the drug's medical review covers them like its dosing. Plain text, paragraphs on blank lines.
    how_to_take = models.TextField("how to take or apply it", blank=True, help_text="In plain steps.")
    missed_dose = models.TextField("if a dose is missed", blank=True)
    overdose = models.TextField(
        "if too much is taken",
        blank=True,
        help_text="What happens and what to do. The page adds the emergency numbers itself.",
    )
    avoid_food = models.TextField("food and drink to avoid", blank=True)
    avoid_alcohol = models.TextField("alcohol", blank=True)
    avoid_sun = models.TextField("sun and sunbeds", blank=True)
    avoid_other = models.TextField(
        "other things to avoid",
        blank=True,
        help_text="Medicines, supplements, treatments or activities. Interactions with named medicines are "
        "entered as interactions (Interactions in the admin), which the page lists by severity.",
    )
    storage = models.TextField("how to store it", blank=True)
    generic_availability = models.CharField(
        max_length=20, choices=GenericAvailability, default=GenericAvailability.NOT_RECORDED, blank=True
    )
    generic_note = models.CharField(
        max_length=300, blank=True, help_text="A short note on generics or biosimilars: where, and how they compare."
    )
    drug_classes = models.ManyToManyField(DrugClass, blank=True, related_name="drugs")
    active_ingredients = models.ManyToManyField(ActiveIngredient, blank=True, related_name="drugs")
    similar_drugs = models.ManyToManyField("self", blank=True, symmetrical=True)

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["generic_name"]
        permissions = [("approve_medical_review", "Can approve a medical review")]
        constraints = [
            status_constraint("drug"),
            medical_review_constraint("drug"),
            models.CheckConstraint(condition=Q(route__in=choice_values(Route)), name="drug_route_valid"),
            models.CheckConstraint(
                condition=Q(generic_availability__in=choice_values(GenericAvailability)),
                name="drug_generic_availability_valid",
            ),
        ]

    def __str__(self):
        return self.generic_name

    def get_absolute_url(self):
        return reverse("content:drug_detail", kwargs={"slug": self.slug})

    def get_side_effects_url(self):
        return reverse("content:drug_side_effects", kwargs={"slug": self.slug})

    @property
    def things_to_avoid(self):
        """(heading, text) of each kind of thing to avoid that an editor filled in, in the page's order."""
        kinds = [
            ("Food and drink", self.avoid_food),
            ("Alcohol", self.avoid_alcohol),
            ("Sun and sunbeds", self.avoid_sun),
            ("Other medicines and treatments", self.avoid_other),
        ]
        return [(heading, text) for heading, text in kinds if text]

    @property
    def has_practical_information(self):
        return bool(self.how_to_take or self.missed_dose or self.overdose or self.storage or self.things_to_avoid)


class DrugPresentation(models.Model):
    """One strength of one form a drug comes in ("capsule, 10 mg"): clinical content, part of the drug like its
    brand names, and shown on its page under "Strengths and forms"."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="presentations")
    form = models.CharField(max_length=30, choices=DosageForm)
    strength = models.CharField(max_length=80, help_text="As the pack says it: “10 mg”, “0.1%”, “300 mg in 2 ml”.")
    note = models.CharField(max_length=200, blank=True, help_text="e.g. “for children from 6 years”.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "form", "id"]
        verbose_name = "strength and form"
        verbose_name_plural = "strengths and forms"
        constraints = [
            models.UniqueConstraint(fields=["drug", "form", "strength"], name="drugpresentation_unique_per_drug"),
            models.CheckConstraint(condition=Q(form__in=choice_values(DosageForm)), name="drugpresentation_form_valid"),
        ]

    def __str__(self):
        return f"{self.get_form_display()}, {self.strength}"

    def get_absolute_url(self):
        return self.drug.get_absolute_url()


class BrandName(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="brand_names")
    name = models.CharField(max_length=120)
    country = models.CharField(
        max_length=80, help_text="Where it is sold under this name. One row per country where it is sold."
    )
    discontinued = models.BooleanField(
        "withdrawn", default=False, help_text="No longer sold under this name in this country."
    )

    class Meta:
        ordering = ["name", "country"]
        constraints = [models.UniqueConstraint(fields=["drug", "name", "country"], name="brandname_unique_per_country")]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name

    def get_absolute_url(self):
        return self.drug.get_absolute_url()


class SideEffect(QuickChoiceLabels):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(max_length=160)
    body_system = models.CharField(max_length=30, choices=BodySystem, default=BodySystem.OTHER)
    frequency_percent = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Share of patients affected in trials, if known. The band is set from it.",
    )
    frequency_band = models.PositiveSmallIntegerField(
        choices=FrequencyBand,
        default=FrequencyBand.NOT_KNOWN,
        help_text="Chosen by hand only when no percentage is known.",
    )
    is_serious = models.BooleanField(default=False, help_text="Needs prompt medical attention.")
    noticeable = models.BooleanField(
        "noticeable by the patient",
        default=True,
        help_text="A person can notice it themselves. Untick for findings only a test or scan shows (raised CPK, "
        "low white cell count, reduced bone density…): the review form does not offer those.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["frequency_band", "-frequency_percent", "name"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "name"], name="sideeffect_unique_per_drug"),
            models.CheckConstraint(
                condition=Q(frequency_percent__isnull=True) | Q(frequency_percent__gte=0, frequency_percent__lte=100),
                name="sideeffect_percent_in_range",
            ),
            models.CheckConstraint(
                condition=Q(frequency_band__in=choice_values(FrequencyBand)),
                name="sideeffect_band_valid",
            ),
            models.CheckConstraint(
                condition=Q(body_system__in=choice_values(BodySystem)),
                name="sideeffect_body_system_valid",
            ),
            models.CheckConstraint(
                condition=Q(frequency_percent__isnull=True)
                | Q(frequency_percent__gte=10, frequency_band=FrequencyBand.VERY_COMMON)
                | Q(frequency_percent__gte=1, frequency_percent__lt=10, frequency_band=FrequencyBand.COMMON)
                | Q(
                    frequency_percent__gte=Decimal("0.1"),
                    frequency_percent__lt=1,
                    frequency_band=FrequencyBand.UNCOMMON,
                )
                | Q(
                    frequency_percent__gte=Decimal("0.01"),
                    frequency_percent__lt=Decimal("0.1"),
                    frequency_band=FrequencyBand.RARE,
                )
                | Q(frequency_percent__lt=Decimal("0.01"), frequency_band=FrequencyBand.VERY_RARE),
                name="sideeffect_band_matches_percent",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.drug})"

    def save(self, *args, **kwargs):
        if self.frequency_percent is not None:
            self.frequency_band = FrequencyBand.for_percent(Decimal(str(self.frequency_percent)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.drug.get_side_effects_url()


class DrugAlternative(models.Model):
    """Another drug an editor suggests in place of this one, and why. Clinical content: shown on the drug page,
    and part of the drug (``Drug.alternatives``) like its brand names and warnings."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="alternatives")
    alternative = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(
        max_length=200, help_text="Why it is an alternative, in a short phrase: “a cream for milder acne”."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "alternative"
        constraints = [
            models.UniqueConstraint(fields=["drug", "alternative"], name="drugalternative_unique_per_drug"),
            models.CheckConstraint(condition=~Q(alternative=F("drug")), name="drugalternative_not_itself"),
        ]

    def __str__(self):
        return f"{self.alternative} instead of {self.drug}"

    def get_absolute_url(self):
        return self.drug.get_absolute_url()


class DrugWarning(QuickChoiceLabels):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="warnings")
    kind = models.CharField(max_length=20, choices=WarningKind)
    severity = models.PositiveSmallIntegerField(choices=Severity, default=Severity.SERIOUS)
    title = models.CharField(max_length=160)
    text = models.TextField()

    class Meta:
        ordering = ["severity", "kind", "title"]
        verbose_name = "warning"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=choice_values(WarningKind)), name="drugwarning_kind_valid"),
            models.CheckConstraint(
                condition=Q(severity__in=choice_values(Severity)), name="drugwarning_severity_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.drug.get_absolute_url()

    @property
    def is_prominent(self):
        """Boxed and pregnancy warnings are shown above everything else on the page."""
        return self.kind in {WarningKind.BOXED, WarningKind.PREGNANCY}

    @property
    def tone(self):
        return SEVERITY_TONES.get(self.severity, "")


# --------------------------------------------------------------------------- conditions


class Condition(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from name, summary and body
    # (content/migrations/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown in lists and search.")
    # The basics a visitor looks for (NHS and WebMD pages open with them): part of the condition, so its medical
    # review covers them. Lists are one item a line; the rest are paragraphs separated by a blank line.
    symptoms = models.TextField(blank=True, help_text="One symptom a line, as a person would notice it.")
    causes = models.TextField("causes and triggers", blank=True)
    diagnosis = models.TextField("how it is diagnosed", blank=True)
    urgent_signs = models.TextField(
        "when to get medical help urgently",
        blank=True,
        help_text="One sign a line. Shown in a highlighted box near the top of the page.",
    )
    questions_to_ask = models.TextField(
        "questions to ask your doctor", blank=True, help_text="One question a line, in the patient's words."
    )

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [status_constraint("condition"), medical_review_constraint("condition")]
        permissions = [("approve_medical_review", "Can approve a medical review")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:condition_detail", kwargs={"slug": self.slug})

    @property
    def symptom_list(self):
        return lines(self.symptoms)

    @property
    def urgent_sign_list(self):
        return lines(self.urgent_signs)

    @property
    def question_list(self):
        return lines(self.questions_to_ask)

    @property
    def name_in_sentence(self):
        """The name as it reads mid-sentence: "treatments for hair loss", but "for HIV" or "for Crohn's disease"."""
        first_word = self.name.split(" ", 1)[0]
        if any(ch.isupper() for ch in first_word[1:]) or "'" in first_word or "’" in first_word:
            return self.name  # an acronym ("HIV-associated") or a name after people ("Stevens–Johnson")
        return self.name[:1].lower() + self.name[1:]


class ConditionAlias(models.Model):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120, unique=True, help_text="Another name people use for it.")

    class Meta:
        ordering = ["name"]
        verbose_name = "other name"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.condition.get_absolute_url()


class StandardTreatment(models.Model):
    """First-line care for a condition, drug or not (emollients, phototherapy, …)."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="standard_treatments")
    name = models.CharField(max_length=160)
    description = models.CharField(max_length=400, blank=True)
    drug = models.ForeignKey(
        Drug,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Link to a drug page, if we have one.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "name"], name="standardtreatment_unique_per_condition")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.condition.get_absolute_url()
