"""The content model: drugs, conditions, side effects, treatments and their evidence, articles."""

import operator
from collections import Counter
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from .markdown import render_markdown

# --------------------------------------------------------------------------- choices


class ContentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


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


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", "Approved indication"
    OFF_LABEL = "off_label", "Off-label"
    NOT_RECOMMENDED = "not_recommended", "Not recommended"


class EvidenceGrade(models.IntegerChoices):
    """Our evidence scale, strongest first in rank (higher value = stronger evidence).

    A–D follow GRADE's high / moderate / low / very low certainty; "anecdotal" covers
    personal reports and isolated case reports. The public "How we grade" text and the
    caveat on every treatment page are built from these labels and ``GRADE_DETAILS``.
    """

    A = 5, "A – High"
    B = 4, "B – Moderate"
    C = 3, "C – Low"
    D = 2, "D – Very low"
    ANECDOTAL = 1, "Anecdotal only"


# What each grade lets the page claim: (phrase used in the caveat, explanation, max stars).
GRADE_DETAILS = {
    EvidenceGrade.A: (
        "strong evidence",
        "Several well-run randomised trials or meta-analyses agree. Further research is "
        "unlikely to change the picture.",
        5,
    ),
    EvidenceGrade.B: (
        "moderate evidence",
        "At least one good randomised trial or several consistent controlled studies. "
        "Further research could change the size of the benefit.",
        4,
    ),
    EvidenceGrade.C: (
        "limited evidence",
        "Small, uncontrolled or short studies. The true effect may be quite different from what has been reported.",
        3,
    ),
    EvidenceGrade.D: (
        "very limited evidence",
        "Case series, case reports or expert opinion only. We cannot say with any confidence whether it works.",
        2,
    ),
    EvidenceGrade.ANECDOTAL: (
        "anecdotal evidence only",
        "Personal accounts and isolated reports. No study has tested it; treat any claim of benefit with caution.",
        2,
    ),
}

MAX_EFFICACY_FOR_GRADE = {grade: details[2] for grade, details in GRADE_DETAILS.items()}

APPROVAL_DETAILS = {
    ApprovalStatus.APPROVED: "Licensed by regulators for this condition.",
    ApprovalStatus.OFF_LABEL: (
        "Not licensed for this condition; a specialist may still prescribe it when standard treatments have failed."
    ),
    ApprovalStatus.NOT_RECOMMENDED: ("Guidelines advise against using it for this condition outside a clinical trial."),
}


class StudyType(models.TextChoices):
    META_ANALYSIS = "meta_analysis", "Meta-analysis"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    RCT = "rct", "Randomised controlled trial"
    GUIDELINE = "guideline", "Clinical guideline"
    COHORT = "cohort", "Cohort study"
    CASE_CONTROL = "case_control", "Case-control study"
    CASE_SERIES = "case_series", "Case series"
    CASE_REPORT = "case_report", "Case report"
    DRUG_LABEL = "drug_label", "Prescribing information"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"
    PATIENT_ACCOUNT = "patient_account", "Patient account"


STUDY_TYPE_PLURALS = {
    StudyType.META_ANALYSIS: "meta-analyses",
    StudyType.COHORT: "cohort studies",
    StudyType.CASE_CONTROL: "case-control studies",
    StudyType.CASE_SERIES: "case series",
    StudyType.DRUG_LABEL: "prescribing information documents",
}

STRONG_STUDY_TYPES = frozenset(
    {StudyType.META_ANALYSIS, StudyType.SYSTEMATIC_REVIEW, StudyType.RCT, StudyType.GUIDELINE}
)


def choice_values(choices):
    return [value for value, _ in choices.choices]


# --------------------------------------------------------------------------- publishing


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "public": published, and its publish time has come.

        A future ``published_at`` schedules an item: it appears at that time with no deploy or cron.
        """
        return self.filter(status=ContentStatus.PUBLISHED, published_at__lte=timezone.now())

    def review_overdue(self, today=None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_this_month(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            next_review_due__gte=today, next_review_due__year=today.year, next_review_due__month=today.month
        )


def status_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(status__in=choice_values(ContentStatus)), name=f"{model_name}_status_valid"
    )


def medical_review_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(medically_reviewed_by__isnull=True, medically_reviewed_on__isnull=True)
        | Q(medically_reviewed_by__isnull=False, medically_reviewed_on__isnull=False),
        name=f"{model_name}_review_has_reviewer_and_date",
    )


REVIEW_INTERVAL_DAYS = 365
REVIEW_SPREAD_DAYS = 28  # next reviews spread over four weeks so they do not all fall due on one day


class Publishable(models.Model):
    """Content that moves draft → in medical review → published (now or scheduled) → archived.

    State changes go through ``articles.workflow``; the medical-review stamp is shown publicly
    as "Medically reviewed by … on …" and sets when the page is next due for review.
    """

    status = models.CharField(
        max_length=20,
        choices=ContentStatus,
        default=ContentStatus.DRAFT,
        db_index=True,
        help_text="Changed with the workflow buttons. Only published items are public.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set when published. A future time schedules it: it appears at that time.",
    )
    medically_reviewed_by = models.ForeignKey(
        "articles.Author",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_%(class)ss",
        limit_choices_to={"is_medical_reviewer": True},
        editable=False,
    )
    medically_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    review_note = models.TextField(blank=True, editable=False, help_text="The medical reviewer's note.")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When this page must be checked again. Set 12 months after each medical review.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == ContentStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.published_at is not None:
            self.published_at = self.published_at.replace(microsecond=0)  # as the admin shows and edits it
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and "\r\n" in value:  # browsers send CRLF; keep one form in history
                setattr(self, field.attname, value.replace("\r\n", "\n"))
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == ContentStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == ContentStatus.PUBLISHED and self.published_at is not None and not self.is_public

    @property
    def is_review_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    def stamp_medical_review(self, reviewer, note, on=None):
        """Record a medical review and schedule the next one, spread by a few days per item."""
        on = on or timezone.localdate()
        spread = (self.pk or 0) % REVIEW_SPREAD_DAYS - REVIEW_SPREAD_DAYS // 2
        self.medically_reviewed_by = reviewer
        self.medically_reviewed_on = on
        self.review_note = note
        self.next_review_due = on + timezone.timedelta(days=REVIEW_INTERVAL_DAYS + spread)


class RenderedBody(models.Model):
    """A Markdown ``body`` written by editors and its sanitised HTML, derived on save."""

    body = models.TextField(blank=True, help_text="Markdown. Headings start at ## (level 2).")
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- people & sources


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    credentials = models.CharField(max_length=120, blank=True, help_text="Shown after the name, e.g. “MD, FAAD”.")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Consultant dermatologist”.")
    bio = models.TextField(blank=True)
    is_medical_reviewer = models.BooleanField(default=False, help_text="Qualified to medically review content.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="This person's staff account; needed to sign off medical reviews.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return reverse("articles:author_detail", kwargs={"slug": self.slug})


class Reference(models.Model):
    title = models.CharField(max_length=400)
    authors = models.CharField(max_length=400, blank=True, help_text="e.g. “Smith J, Jones A, et al.”")
    source = models.CharField(max_length=200, blank=True, help_text="Journal, publisher or website.")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField(max_length=200, blank=True, verbose_name="DOI")
    pmid = models.CharField(max_length=20, blank=True, verbose_name="PubMed ID")
    study_type = models.CharField(max_length=30, choices=StudyType)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(study_type__in=choice_values(StudyType)),
                name="reference_study_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="reference_year_in_range",
            ),
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="reference_doi_unique"),
            models.UniqueConstraint(fields=["pmid"], condition=~Q(pmid=""), name="reference_pmid_unique"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def is_strong(self):
        return self.study_type in STRONG_STUDY_TYPES

    @property
    def link(self):
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


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
        return f"{reverse('articles:drug_list')}?class={self.slug}"


class ActiveIngredient(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Drug(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from generic_name, summary and mechanism
    # (articles/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    generic_name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown in lists and search.")
    route = models.CharField(max_length=20, choices=Route, default=Route.ORAL)
    prescription_only = models.BooleanField(default=True)
    mechanism = models.TextField(blank=True, help_text="How it works, in plain language.")
    dosing = models.TextField(blank=True, help_text="Usual dosing. Not a prescription.")
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
        ]

    def __str__(self):
        return self.generic_name

    def get_absolute_url(self):
        return reverse("articles:drug_detail", kwargs={"slug": self.slug})

    def get_side_effects_url(self):
        return reverse("articles:drug_side_effects", kwargs={"slug": self.slug})


class BrandName(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="brand_names")
    name = models.CharField(max_length=120)
    country = models.CharField(
        max_length=80, blank=True, help_text="Where it is sold under this name. Leave blank if several."
    )
    discontinued = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "country"]
        constraints = [models.UniqueConstraint(fields=["drug", "name", "country"], name="brandname_unique_per_country")]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name

    def get_absolute_url(self):
        return self.drug.get_absolute_url()


class SideEffect(models.Model):
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


class DrugWarning(models.Model):
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


# --------------------------------------------------------------------------- conditions


class Condition(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from name, summary and body
    # (articles/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown in lists and search.")

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [status_constraint("condition"), medical_review_constraint("condition")]
        permissions = [("approve_medical_review", "Can approve a medical review")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:condition_detail", kwargs={"slug": self.slug})

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


# --------------------------------------------------------------------------- treatments


class TreatmentQuerySet(PublishableQuerySet):
    def published(self):
        """Public only when the treatment and both its drug and condition are public."""
        now = timezone.now()
        return self.filter(
            status=ContentStatus.PUBLISHED,
            published_at__lte=now,
            drug__status=ContentStatus.PUBLISHED,
            drug__published_at__lte=now,
            condition__status=ContentStatus.PUBLISHED,
            condition__published_at__lte=now,
        )

    def ranked(self):
        """Strongest evidence first, then the editor's efficacy rating."""
        return self.order_by("-evidence_grade", "-efficacy_rating", "drug__generic_name", "condition__name")


class Treatment(Publishable, RenderedBody):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="treatments")
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="treatments")
    approval_status = models.CharField(max_length=20, choices=ApprovalStatus)
    evidence_grade = models.PositiveSmallIntegerField(
        choices=EvidenceGrade,
        help_text="See “How we grade evidence”. The grade caps the efficacy rating.",
    )
    efficacy_rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text="Editor's rating, 0–5 stars. At most 5 for grade A, 4 for B, 3 for C, 2 for D or anecdotal.",
    )
    verdict = models.CharField(max_length=300, help_text="One sentence; never stronger than the grade.")
    caveat_note = models.TextField(
        blank=True,
        help_text="Optional extra wording for the evidence caveat. It is added to, never replaces, "
        "the wording the grade requires.",
    )
    benefits = models.TextField(blank=True, help_text="One benefit per line.")
    limitations = models.TextField(blank=True, help_text="One limitation per line.")
    dosing_notes = models.TextField(blank=True, help_text="Dosing specific to this condition.")
    is_featured = models.BooleanField(default=False, help_text="Show on the home page.")
    references = models.ManyToManyField(Reference, through="TreatmentReference", blank=True)

    objects = TreatmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["drug__generic_name", "condition__name"]
        permissions = [("approve_medical_review", "Can approve a medical review")]
        constraints = [
            status_constraint("treatment"),
            medical_review_constraint("treatment"),
            models.UniqueConstraint(fields=["drug", "condition"], name="treatment_unique_drug_condition"),
            models.CheckConstraint(
                condition=Q(approval_status__in=choice_values(ApprovalStatus)),
                name="treatment_approval_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(evidence_grade__in=choice_values(EvidenceGrade)),
                name="treatment_evidence_grade_valid",
            ),
            models.CheckConstraint(
                condition=Q(efficacy_rating__gte=0, efficacy_rating__lte=5),
                name="treatment_efficacy_rating_0_to_5",
            ),
            models.CheckConstraint(
                condition=reduce(
                    operator.or_,
                    (
                        Q(evidence_grade=grade, efficacy_rating__lte=cap)
                        for grade, cap in MAX_EFFICACY_FOR_GRADE.items()
                    ),
                ),
                name="treatment_efficacy_within_grade",
            ),
        ]

    def __str__(self):
        return f"{self.drug} for {self.condition}"

    def get_absolute_url(self):
        return reverse("articles:treatment_detail", kwargs={"drug": self.drug.slug, "condition": self.condition.slug})

    def clean(self):
        self._check_rating_within_grade()

    def _check_rating_within_grade(self):
        cap = MAX_EFFICACY_FOR_GRADE.get(self.evidence_grade)
        if cap is not None and self.efficacy_rating is not None and self.efficacy_rating > cap:
            raise ValidationError(
                {
                    "efficacy_rating": ValidationError(
                        "Grade %(grade)s allows at most %(cap)s stars; lower the rating or "
                        "cite stronger evidence and raise the grade.",
                        code="rating_above_grade",
                        params={"grade": self.get_evidence_grade_display(), "cap": cap},
                    )
                }
            )

    @property
    def is_public(self):
        """A treatment page is public only when its drug and condition pages are too."""
        return super().is_public and self.drug.is_public and self.condition.is_public

    @property
    def caveat(self):
        return EvidenceCaveat(self)

    @property
    def benefit_list(self):
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]

    @property
    def limitation_list(self):
        return [line.strip() for line in self.limitations.splitlines() if line.strip()]


class EvidenceCaveat:
    """The banner every treatment page carries, assembled from approval status and grade.

    The grade's own wording always comes first; the editor's note can only add to it.
    """

    def __init__(self, treatment, references=None):
        grade = EvidenceGrade(treatment.evidence_grade)
        approval = ApprovalStatus(treatment.approval_status)
        phrase, explanation, _ = GRADE_DETAILS[grade]
        self.grade = grade
        self.approval = approval
        self.headline = f"{approval.label}, {phrase}"
        self.grade_explanation = explanation
        self.approval_explanation = APPROVAL_DETAILS[approval]
        self.note = treatment.caveat_note.strip()
        self.verdict = treatment.verdict
        self.basis = self._describe_basis(references) if references is not None else ""

    @staticmethod
    def _describe_basis(references):
        """ "Sources cited: 1 randomised controlled trial and 2 case series." from the study types.

        Neutral wording: a source may be cited because it says a use is unproven."""
        if not references:
            return "No published study is cited for this use."
        counts = Counter(StudyType(reference.study_type) for reference in references)
        parts = [
            f"{n} {STUDY_TYPE_PLURALS.get(kind, kind.label.lower() + 's') if n > 1 else kind.label.lower()}"
            for kind, n in counts.most_common()
        ]
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        strong = any(reference.is_strong for reference in references)
        return f"Sources cited: {listed}." + (
            "" if strong else " None of them is a randomised trial or a systematic review."
        )

    @property
    def tone(self):
        """CSS modifier: how cautious the banner should look."""
        if self.approval == ApprovalStatus.NOT_RECOMMENDED or self.grade <= EvidenceGrade.D:
            return "caution"
        if self.approval == ApprovalStatus.OFF_LABEL or self.grade == EvidenceGrade.C:
            return "limited"
        return "strong"

    def __str__(self):
        return f"{self.headline}: {self.grade_explanation}"


class TreatmentReference(models.Model):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="treatment_citations")
    position = models.PositiveSmallIntegerField(default=0, help_text="Citation order on the page.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "reference"
        constraints = [models.UniqueConstraint(fields=["treatment", "reference"], name="treatmentreference_unique")]

    def __str__(self):
        return str(self.reference)


# --------------------------------------------------------------------------- articles


class Article(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from title, excerpt and body
    # (articles/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    excerpt = models.TextField(max_length=400, help_text="Shown in lists and as the page description.")
    tags = TaggableManager(blank=True)
    drugs = models.ManyToManyField(Drug, blank=True, related_name="articles")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="articles")
    references = models.ManyToManyField(Reference, through="ArticleReference", blank=True)

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["-published_at", "title"]
        permissions = [("approve_medical_review", "Can approve a medical review")]
        constraints = [
            status_constraint("article"),
            medical_review_constraint("article"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})


class ArticleReference(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="article_citations")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "reference"
        constraints = [models.UniqueConstraint(fields=["article", "reference"], name="articlereference_unique")]

    def __str__(self):
        return str(self.reference)
