"""Outcomes of a condition and the evidence of each treatment for them.

``Outcome`` is what matters to a person with the condition ("Itch", with the review form's question
"How did it change your itch?"). ``OutcomeEvidence`` is one treatment's evidence for one outcome: which way
it moves, how much, how sure we are (the same A–D scale as the treatment's own grade) and the references.
It is a child row of the treatment, edited in the treatment's admin page, so the treatment's medical review
covers it; and its grades bound the treatment's: the overall caveat never reads stronger than the
best-graded outcome (``rules.py``).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from content.models import Condition, ContentRevision, EvidenceGrade, Reference, Treatment, choice_values
from content.models.evidence import GRADE_TONES


class EffectDirection(models.TextChoices):
    """Which way the outcome moves for the person, whatever the measure: fewer flares is "better"."""

    BETTER = "better", "Improves"
    NO_DIFFERENCE = "no_difference", "No clear difference"
    WORSE = "worse", "Worsens"
    UNCLEAR = "unclear", "Not known"


class EffectSize(models.TextChoices):
    LARGE = "large", "Large"
    MODERATE = "moderate", "Moderate"
    SMALL = "small", "Small"
    UNCLEAR = "unclear", "Size unclear"


# How each direction looks (static/css/site.css, "tones"): a benefit, a harm, or nothing known either way.
DIRECTION_TONES = {
    EffectDirection.BETTER: "strong",
    EffectDirection.NO_DIFFERENCE: "limited",
    EffectDirection.WORSE: "caution",
    EffectDirection.UNCLEAR: "limited",
}


class Outcome(models.Model):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(max_length=60, help_text="What changes, in a word or two: “Itch”, “Sleep”.")
    slug = models.SlugField(max_length=60)
    question = models.CharField(
        max_length=120,
        help_text="Asked on the review form, answered better / no change / worse: “How did it change your itch?”",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="How studies measure it, in plain words (shown under its name)."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on pages and on the review form.")

    class Meta:
        ordering = ["condition", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "slug"], name="outcome_unique_slug_per_condition"),
            models.UniqueConstraint(fields=["condition", "name"], name="outcome_unique_name_per_condition"),
        ]

    def __str__(self):
        return f"{self.name} ({self.condition})"

    def get_absolute_url(self):
        return reverse("content:condition_detail", kwargs={"slug": self.condition.slug})

    def shown_on(self) -> list:
        """The live treatments whose signed-off outcome evidence is headed by this outcome's name and description,
        then the names of treatments whose open revision has evidence for it. While any does, those fields wait
        (``content.services.SHARED_ROWS``), and it is not deleted with the evidence."""
        live = Treatment.objects.published_or_scheduled().filter(outcome_evidence__outcome=self).distinct()
        named = ContentRevision.objects.open().of_model(Treatment).naming("outcome_evidence", "outcome_id", self.pk)
        return [*live, *(revision.object_repr for revision in named)]


class OutcomeEvidence(models.Model):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="outcome_evidence")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="evidence")
    direction = models.CharField(max_length=15, choices=EffectDirection)
    size = models.CharField(max_length=10, choices=EffectSize, default=EffectSize.UNCLEAR)
    grade = models.PositiveSmallIntegerField(
        choices=EvidenceGrade,
        help_text="Our A–D grade for this outcome alone. The treatment's own grade can be no stronger than "
        "its best-graded outcome.",
    )
    finding = models.CharField(
        max_length=400,
        help_text="What the studies found, in a sentence or two, with numbers where they exist "
        "(“38% clear or almost clear at 16 weeks, against 10% on placebo”).",
    )
    references = models.ManyToManyField(Reference, blank=True, related_name="outcome_evidence")

    class Meta:
        ordering = ["outcome__position", "outcome_id"]
        verbose_name = "outcome evidence"
        verbose_name_plural = "outcome evidence"
        constraints = [
            models.UniqueConstraint(fields=["treatment", "outcome"], name="outcomeevidence_one_per_outcome"),
            models.CheckConstraint(
                condition=Q(direction__in=choice_values(EffectDirection)), name="outcomeevidence_direction_valid"
            ),
            models.CheckConstraint(condition=Q(size__in=choice_values(EffectSize)), name="outcomeevidence_size_valid"),
            models.CheckConstraint(
                condition=Q(grade__in=choice_values(EvidenceGrade)), name="outcomeevidence_grade_valid"
            ),
            # A benefit or harm of no size is no effect: say "no clear difference" instead.
            models.CheckConstraint(
                condition=~Q(direction__in=[EffectDirection.NO_DIFFERENCE, EffectDirection.UNCLEAR])
                | Q(size=EffectSize.UNCLEAR),
                name="outcomeevidence_no_size_without_effect",
            ),
        ]

    def __str__(self):
        return f"{self.outcome.name}: {self.get_direction_display().lower()} ({self.treatment})"

    def get_absolute_url(self):
        return self.treatment.get_absolute_url() + "#outcomes"

    @property
    def tone(self):
        return DIRECTION_TONES[EffectDirection(self.direction)]

    @property
    def grade_tone(self):
        return GRADE_TONES[EvidenceGrade(self.grade)]

    @property
    def effect_text(self):
        """ "Improves, large effect", "No clear difference", "Worsens, size unclear"."""
        direction = self.get_direction_display()
        if self.direction in (EffectDirection.NO_DIFFERENCE, EffectDirection.UNCLEAR):
            return direction
        if self.size == EffectSize.UNCLEAR:
            return f"{direction}, size unclear"
        return f"{direction}, {self.get_size_display().lower()} effect"
