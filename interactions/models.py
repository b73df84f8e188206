"""Interactions as data: a drug and its partner (another drug, a drug class, or a substance), a severity and
what to do.

An interaction is clinical content that belongs to its ``drug``, like the drug's warnings: the drug's medical
review covers it (``content.services``' children of a drug), and it is public only while that drug is, and,
when its partner is a drug, while that drug is too. A pair of drugs is stored once, whichever is ``drug``; both
drugs' pages list it.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.http import urlencode

from content.models import ContentRevision, Drug, DrugClass, choice_values


class SubstanceKind(models.TextChoices):
    FOOD_DRINK = "food_drink", "Food or drink"
    SUPPLEMENT = "supplement", "Supplement or herbal remedy"
    MEDICINE = "medicine", "Medicine or group of medicines"
    OTHER = "other", "Other"


class Severity(models.IntegerChoices):
    """Most serious first, so that ordering by value reads naturally."""

    MAJOR = 1, "Major"
    MODERATE = 2, "Moderate"
    MINOR = 3, "Minor"


SEVERITY_DETAILS = {
    Severity.MAJOR: "Avoid the combination, or use it only with close medical supervision.",
    Severity.MODERATE: "Usually avoid, or take them together only with your prescriber's advice.",
    Severity.MINOR: "Unlikely to matter much; be aware of it and ask if unsure.",
}
SEVERITY_TONES = {Severity.MAJOR: "caution", Severity.MODERATE: "limited", Severity.MINOR: ""}


class Substance(models.Model):
    """Something a drug can interact with that has no drug page here: a food or drink (alcohol, grapefruit),
    a supplement (vitamin A), or a group of medicines (tetracycline antibiotics, live vaccines)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(max_length=20, choices=SubstanceKind)
    other_names = models.TextField(
        blank=True,
        help_text="One a line: names people might type for it, including the medicines in a group "
        "(“doxycycline”, “minocycline” for tetracycline antibiotics). The interaction checker finds it by them.",
    )
    description = models.CharField(max_length=300, blank=True, help_text="What it is, in a short sentence.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=choice_values(SubstanceKind)), name="substance_kind_valid")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('interactions:checker')}?{urlencode({'d': self.name})}"

    @property
    def other_name_list(self):
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    def shown_on(self) -> list:
        """What shows this substance as medically reviewed content: each live drug with an interaction naming it
        (its page, and the interaction checker, which also finds the substance by its other names), and each drug
        whose open revision names it. While any does, its own fields wait (``content.services.SHARED_ROWS``)."""
        return interaction_partner_shown_on("substance", self)


def interaction_partner_shown_on(partner: str, row) -> list:
    """The live drugs with an interaction whose ``partner`` ("substance", "other_class") is ``row``, then the names
    of drugs whose open revision has such an interaction."""
    live = Drug.objects.published_or_scheduled().filter(**{f"interactions__{partner}": row}).distinct()
    named = ContentRevision.objects.open().of_model(Drug).naming("interactions", f"{partner}_id", row.pk)
    return [*live, *(revision.object_repr for revision in named)]


def class_shown_on(drug_class: DrugClass) -> list:
    """The drugs whose interactions name ``drug_class`` (shown as "other retinoids" on their pages)."""
    return interaction_partner_shown_on("other_class", drug_class)


class InteractionQuerySet(models.QuerySet):
    def public(self):
        """Interactions of a public drug whose partner, when it is a drug, is public too (composed from the drug's
        own rule, never spelled again)."""
        return self.filter(
            Drug.objects.public_condition("drug__"),
            Q(other_drug__isnull=True) | Drug.objects.public_condition("other_drug__"),
        )

    def involving(self, drug):
        """Interactions ``drug`` is in: its own, those of another drug with it, and those of another drug with one
        of its classes."""
        classes = DrugClass.drugs.through.objects.filter(drug=drug).values("drugclass")
        return self.filter(Q(drug=drug) | Q(other_drug=drug) | Q(other_class__in=classes))

    def by_severity(self):
        return self.order_by(
            "severity", "drug__generic_name", "other_drug__generic_name", "other_class__name", "substance__name"
        )


class Interaction(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="interactions")
    other_drug = models.ForeignKey(
        Drug,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Another drug with a page here. Give exactly one of: another drug, a drug class, a substance.",
    )
    other_class = models.ForeignKey(
        DrugClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Every drug of this class (other than this drug).",
    )
    substance = models.ForeignKey(
        Substance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
        help_text="Alcohol, a supplement, or medicines without a page here.",
    )
    severity = models.PositiveSmallIntegerField(choices=Severity)
    effect = models.TextField(help_text="What can happen, in plain words.")
    advice = models.TextField("what to do", help_text="What a patient should do about it.")

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["severity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=choice_values(Severity)), name="interaction_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(other_drug__isnull=False, other_class__isnull=True, substance__isnull=True)
                | Q(other_drug__isnull=True, other_class__isnull=False, substance__isnull=True)
                | Q(other_drug__isnull=True, other_class__isnull=True, substance__isnull=False),
                name="interaction_has_one_partner",
                violation_error_message="Choose exactly one partner: another drug, a drug class or a substance.",
            ),
            models.CheckConstraint(
                condition=Q(other_drug__isnull=True) | ~Q(other_drug=models.F("drug")),
                name="interaction_not_with_itself",
                violation_error_message="A drug cannot interact with itself.",
            ),
            # A pair of drugs once, whichever of them is ``drug``.
            models.UniqueConstraint(
                Least("drug", "other_drug"),
                Greatest("drug", "other_drug"),
                condition=Q(other_drug__isnull=False),  # PostgreSQL's LEAST ignores a NULL
                name="interaction_drug_pair_unique",
                violation_error_message="These two drugs already have an interaction (perhaps entered from the other "
                "drug): change that one.",
            ),
            models.UniqueConstraint(
                fields=["drug", "other_class"],
                name="interaction_drug_class_unique",
                violation_error_message="This drug already has an interaction with this class.",
            ),
            models.UniqueConstraint(
                fields=["drug", "substance"],
                name="interaction_drug_substance_unique",
                violation_error_message="This drug already has an interaction with this substance.",
            ),
        ]

    def __str__(self):
        return f"{self.drug} with {self.partner_name}"

    def get_absolute_url(self):
        return self.drug.get_absolute_url()

    @property
    def partner(self):
        return self.other_drug or self.other_class or self.substance

    @property
    def partner_name(self):
        if self.other_drug_id:
            return self.other_drug.generic_name
        if self.other_class_id:
            return f"other {self.other_class.name.lower()}"
        return self.substance.name if self.substance_id else ""

    def other_side(self, drug):
        """Who this interaction is with, seen from ``drug``'s page: the partner, or ``drug`` when it is the
        partner (a pair of drugs is stored once)."""
        if self.drug_id != drug.pk:
            return self.drug.generic_name, self.drug
        return self.partner_name, self.other_drug

    @property
    def severity_details(self):
        return SEVERITY_DETAILS[self.severity]

    @property
    def tone(self):
        return SEVERITY_TONES[self.severity]
