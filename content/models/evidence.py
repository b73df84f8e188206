"""Evidence: references, treatments (a drug for a condition) with their approval status and grade,
and the caveat every treatment page carries."""

import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .catalogue import Condition, Drug
from .choices import QuickChoiceLabels
from .publishing import (
    Publishable,
    PublishableQuerySet,
    RenderedBody,
    choice_values,
    medical_review_constraint,
    public_now,
    status_constraint,
)


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

# How cautious each label looks (static/css/site.css, "tones").
APPROVAL_TONES = {
    ApprovalStatus.APPROVED: "strong",
    ApprovalStatus.OFF_LABEL: "limited",
    ApprovalStatus.NOT_RECOMMENDED: "caution",
}
GRADE_TONES = {
    EvidenceGrade.A: "strong",
    EvidenceGrade.B: "strong",
    EvidenceGrade.C: "limited",
    EvidenceGrade.D: "caution",
    EvidenceGrade.ANECDOTAL: "caution",
}

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


class Reference(QuickChoiceLabels):
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
    def short_name(self):
        """ "Simpson 2016", "NICE 2021": how a table cell names the reference."""
        first = self.authors.split(",")[0].split()[0] if self.authors.strip() else (self.source or self.title)
        return f"{first} {self.year}" if self.year else first

    @property
    def link(self):
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


# --------------------------------------------------------------------------- treatments


@dataclass(frozen=True)
class GradeCeiling:
    """The most a treatment's overall grade may claim, decided by an app above content (``outcomes``: the best
    grade of the treatment's outcomes), in two forms of one rule: ``expression()``, a query expression for a
    treatment row (NULL: no limit), so a list reads it with its treatments and no card costs a query; and
    ``of(treatment)``, for one treatment read without it (the treatment page, which reads its outcomes anyway).
    """

    expression: Callable
    of: Callable


_GRADE_CEILING: list[GradeCeiling] = []  # at most one; empty when no app limits the grade
GRADE_CEILING = "grade_ceiling"  # the annotation's name, and the attribute the caveat reads


def register_grade_ceiling(ceiling: GradeCeiling) -> None:
    """Called once, from the ``AppConfig.ready`` of the app that decides the ceiling (``outcomes``)."""
    _GRADE_CEILING[:] = [ceiling]


def grade_ceiling_of(treatment):
    """The ceiling of one treatment: read with it (``with_grade_ceiling``), or else looked up now."""
    if GRADE_CEILING in treatment.__dict__:
        return treatment.__dict__[GRADE_CEILING]
    if not _GRADE_CEILING or treatment.pk is None:
        return None
    found = treatment.__dict__[GRADE_CEILING] = _GRADE_CEILING[0].of(treatment)
    return found


class TreatmentQuerySet(PublishableQuerySet):
    def published(self):
        """Public only when the treatment is, and its drug and condition are, each by its own model's rule."""
        now = public_now()
        return self.filter(
            self.public_condition(now=now),
            Drug.objects.public_condition("drug__", now=now),
            Condition.objects.public_condition("condition__", now=now),
        )

    def held_back(self):
        """Published and its own time come, but off the site because its drug or condition is not live."""
        now = public_now()
        return self.filter(self.public_condition(now=now)).exclude(
            Drug.objects.public_condition("drug__", now=now)
            & Condition.objects.public_condition("condition__", now=now)
        )

    def with_grade_ceiling(self):
        """Each treatment with the most its grade may claim (``GradeCeiling``), so its ``caveat`` reads no
        stronger than that without a query of its own: every list that shows a grade reads its treatments so."""
        if not _GRADE_CEILING or GRADE_CEILING in self.query.annotations:
            return self
        return self.annotate(**{GRADE_CEILING: _GRADE_CEILING[0].expression()})

    def ranked(self):
        """Strongest evidence first, by the grade pages state (``stated_grade``), then the editor's rating."""
        return self.with_grade_ceiling().order_by(
            self.stated_grade().desc(), "-efficacy_rating", "drug__generic_name", "condition__name"
        )

    @staticmethod
    def stated_grade():
        """The grade a treatment's caveat states, as SQL (on a queryset ``with_grade_ceiling``): its own grade,
        no stronger than its ceiling. The same rule as ``EvidenceCaveat``, for ordering."""
        if not _GRADE_CEILING:
            return F("evidence_grade")
        return Least(F("evidence_grade"), Coalesce(F(GRADE_CEILING), F("evidence_grade")))


class Treatment(QuickChoiceLabels, Publishable, RenderedBody):
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
        # The home page's featured treatments: a handful of thousands, found without reading every treatment
        # (a scan of 3,000 was 2 ms of PostgreSQL's time on every cold home page; ``bench/PROFILE.md``, seventh pass).
        indexes = [models.Index(fields=["published_at"], condition=Q(is_featured=True), name="treatment_featured")]
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
        return reverse("content:treatment_detail", kwargs={"drug": self.drug.slug, "condition": self.condition.slug})

    def clean(self):
        super().clean()
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

    def blocking_parents(self, at=None):
        """Its drug and condition, each when it is not live at ``at`` by its own rule (now by default)."""
        return [parent for parent in (self.drug, self.condition) if not parent.is_live_on_its_own(at)]

    @property
    def caveat(self):
        """The caveat, no stronger than the treatment's ceiling (``GradeCeiling``): what every card, list, search
        result and API answer states of its grade and rating."""
        return EvidenceCaveat(self, ceiling=grade_ceiling_of(self))

    @property
    def benefit_list(self):
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]

    @property
    def limitation_list(self):
        return [line.strip() for line in self.limitations.splitlines() if line.strip()]


class EvidenceCaveat:
    """The banner every treatment page carries, assembled from approval status and grade.

    The grade's own wording always comes first; the editor's note can only add to it. ``ceiling`` is the
    most the banner may claim from elsewhere (the best grade of the treatment's outcomes, ``capped_at``).
    Everything on a treatment page that states its overall grade or rating (the badge at the top, the
    caveat, the rating panel, the page's description, the comparison page) reads it from here, capped.
    """

    def __init__(self, treatment, references=None, ceiling=None):
        self._treatment, self._references = treatment, references
        grade = EvidenceGrade(treatment.evidence_grade)
        self.capped = ceiling is not None and ceiling < grade
        if self.capped:
            grade = EvidenceGrade(ceiling)
        approval = ApprovalStatus(treatment.approval_status)
        phrase, explanation, _ = GRADE_DETAILS[grade]
        self.grade = grade
        self.approval = approval
        self.headline = f"{approval.label}, {phrase}"
        self.grade_explanation = explanation
        self.approval_explanation = APPROVAL_DETAILS[approval]
        self.approval_tone = APPROVAL_TONES[approval]
        self.grade_tone = GRADE_TONES[grade]
        # The stars follow the grade the page states, so a capped page never shows more than its grade allows.
        self.max_rating = MAX_EFFICACY_FOR_GRADE[grade]
        self.rating = min(treatment.efficacy_rating, self.max_rating)
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

    def capped_at(self, ceiling):
        """This caveat, reading no stronger than ``ceiling`` (a grade, or None for no limit)."""
        if ceiling is None or ceiling >= self.grade:
            return self
        return EvidenceCaveat(self._treatment, self._references, ceiling=ceiling)

    @property
    def tone(self):
        """How cautious the banner should look, from both facts (static/css/site.css, "tones")."""
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
