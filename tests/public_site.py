"""A small public site for the search, feed, sitemap, structured-data and API tests (the ``public_site``
fixture in ``tests/conftest.py``).

Isotretinoin (sold as Accutane and Roaccutane) for Eczema (also called atopic dermatitis), with
one approved review and one pending, rejected and spam review each, whose words must never
appear anywhere public; and a draft drug, condition, treatment and article for the same reason.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from content.models import ContentStatus
from reviews.models import ReviewOutcome, ReviewStatus
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BrandNameFactory,
    ConditionAliasFactory,
    ConditionFactory,
    DrugClassFactory,
    DrugFactory,
    DrugWarningFactory,
    OutcomeEvidenceFactory,
    OutcomeFactory,
    ReferenceFactory,
    ReviewFactory,
    TreatmentFactory,
    approved_review,
)
from trust.sitemaps import PAGES as TRUST_PAGES

# Words that exist only in unapproved reviews and draft content.
HIDDEN_WORDS = {
    ReviewStatus.PENDING: "zanzibarpending",
    ReviewStatus.REJECTED: "quokkarejected",
    ReviewStatus.SPAM: "viagraspammy",
    "draft": "secretdraftword",
}


@dataclass
class PublicSite:
    drug: object
    condition: object
    treatment: object
    other_treatment: object
    article: object
    approved: object
    hidden_reviews: list
    drafts: list

    def urls(self):
        """Every kind of public page of this site, and a page that does not exist."""
        treatment = self.treatment
        reviews = reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])
        return [
            reverse("content:home"),
            reverse("content:drug_list"),
            reverse("content:drug_list") + "?class=retinoids",
            treatment.drug.get_absolute_url(),
            treatment.drug.get_side_effects_url(),
            reverse("content:condition_list"),
            treatment.condition.get_absolute_url(),
            treatment.get_absolute_url(),
            self.other_treatment.get_absolute_url(),
            reviews,
            reviews + "?sort=highest&rating=high",
            reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug]),
            reverse("reviews:guidelines"),
            reverse("content:article_list"),
            self.article.get_absolute_url(),
            reverse("content:tag_list"),
            reverse("content:tag_detail", args=["eczema"]),
            self.article.author.get_absolute_url(),
            reverse("content:evidence_scale"),
            reverse("search:search") + "?q=accutane+eczema",
            reverse("interactions:checker") + "?d=accutane&d=roaccutane&d=eczema",
            reverse("compare:compare", args=[treatment.condition.slug]) + "?t=isotretinoin&t=dupilumab",
            *(reverse(f"trust:{name}") for name in TRUST_PAGES),
            reverse("trust:report_error") + f"?page={treatment.get_absolute_url()}",
            "/no-such-page/",
        ]

    def fresh(self):
        """The same rows read again, so what one test changes in memory never reaches the next."""

        def again(obj):
            return type(obj).objects.get(pk=obj.pk)

        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return PublicSite(
            **{name: [again(o) for o in v] if isinstance(v, list) else again(v) for name, v in values.items()}
        )


def build_public_site():
    drug = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin", summary="A retinoid capsule for severe acne.")
    drug.drug_classes.add(DrugClassFactory(name="Retinoids", slug="retinoids"))
    BrandNameFactory(drug=drug, name="Accutane", country="United States")
    BrandNameFactory(drug=drug, name="Roaccutane", country="United Kingdom")
    DrugWarningFactory(drug=drug, title="Never during pregnancy", text="It causes severe birth defects.")
    eczema = ConditionFactory(name="Eczema", slug="eczema", summary="Dry, itchy, inflamed skin.")
    ConditionAliasFactory(condition=eczema, name="Atopic dermatitis")
    acne = ConditionFactory(name="Acne", slug="acne", summary="Spots and blocked pores.")
    treatment = TreatmentFactory(drug=drug, condition=eczema, verdict="No good evidence it helps eczema.")
    other = TreatmentFactory(drug=drug, condition=acne, approval_status="approved", evidence_grade=5, efficacy_rating=5)
    dupilumab = DrugFactory(generic_name="Dupilumab", slug="dupilumab", summary="An injection for eczema.")
    TreatmentFactory(drug=dupilumab, condition=eczema, approval_status="approved", evidence_grade=5, efficacy_rating=5)
    reviewer = AuthorFactory(name="Dr Amara Okafor", slug="amara-okafor", is_medical_reviewer=True)
    article = ArticleFactory(
        title="Can isotretinoin treat eczema?",
        slug="isotretinoin-eczema",
        excerpt="What the evidence says about isotretinoin for eczema.",
        tags=["isotretinoin", "eczema"],
        medically_reviewed_by=reviewer,
        medically_reviewed_on=timezone.now().date(),
    )
    itch = OutcomeFactory(condition=eczema, name="Itch", slug="itch", question="How did it change your itch?")
    OutcomeFactory(condition=eczema, name="Sleep", slug="sleep", question="How did it change your sleep?")
    OutcomeEvidenceFactory(
        treatment=treatment, outcome=itch, direction="unclear", size="unclear", finding="No trial has measured itch."
    ).references.add(ReferenceFactory(title="Retinoids and the skin barrier", authors="Lee K", year=2020))
    approved = approved_review(
        treatment=treatment,
        title="Dry lips but clearer skin",
        story="My eczema calmed down after two months. " * 4,
        answers={itch: "better"},
    )
    hidden = [
        ReviewFactory(treatment=treatment, status=status, title=f"Title {word}", story=f"Story with {word}. " * 8)
        for status, word in HIDDEN_WORDS.items()
        if status != "draft"
    ]
    for review in hidden:  # answers of unpublished reviews: never counted
        ReviewOutcome.objects.create(review=review, outcome=itch, change="worse")
    draft_word = HIDDEN_WORDS["draft"]
    draft_drug = DrugFactory(generic_name=f"Drug {draft_word}", slug="draft-drug", status=ContentStatus.DRAFT)
    drafts = [
        draft_drug,
        ConditionFactory(name=f"Condition {draft_word}", slug="draft-condition", status=ContentStatus.DRAFT),
        TreatmentFactory(drug=draft_drug, condition=eczema, verdict=f"Verdict {draft_word}"),
        ArticleFactory(title=f"Article {draft_word}", slug="draft-article", status=ContentStatus.DRAFT),
    ]
    # An approved review of a treatment that is not public stays hidden too.
    approved_review(treatment=drafts[2], title=f"Approved but {draft_word}", story=f"Hidden {draft_word}. " * 8)
    return PublicSite(drug, eczema, treatment, other, article, approved, hidden, drafts)


def assert_nothing_hidden(text):
    for word in HIDDEN_WORDS.values():
        assert word not in text.lower(), f"{word!r} leaked"
