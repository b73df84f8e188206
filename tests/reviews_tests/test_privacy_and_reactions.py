"""A visitor who reports a serious or severe side effect is pointed to the regulator's reporting scheme, and the
privacy page says what we keep, for how long and why, with the numbers the code runs on."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews.models import Review
from tests.factories import SideEffectFactory, TreatmentFactory, valid_review_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


def create_url(treatment):
    return reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])


class TestAdverseReactions:
    def test_a_serious_side_effect_leads_with_the_reporting_scheme(self, client, treatment):
        serious = SideEffectFactory(drug=treatment.drug, name="Low mood", is_serious=True)
        response = client.post(create_url(treatment), valid_review_post(side_effects=[serious.pk]))
        assert response.url.endswith("/reviews/thanks/?reaction=serious")
        html = client.get(response.url).text
        assert "Please also report your side effect to the regulator" in html
        assert '<a href="https://yellowcard.mhra.gov.uk/">the Yellow Card scheme of the MHRA</a>' in html
        assert Review.objects.get().possible_adverse_reaction

    def test_side_effects_rated_severe_count_too(self, client, treatment):
        response = client.post(create_url(treatment), valid_review_post(side_effect_severity="severe"))
        assert response.url.endswith("?reaction=serious")

    def test_otherwise_the_scheme_is_mentioned_in_passing(self, client, treatment):
        response = client.post(create_url(treatment), valid_review_post())
        assert "?" not in response.url
        html = client.get(response.url).text
        assert "Please also report" not in html
        assert "You can also report it to" in html

    def test_the_scheme_is_configurable(self, client, treatment, settings):
        settings.ADVERSE_REACTION_SCHEME = "MedWatch, the FDA's safety reporting program"
        settings.ADVERSE_REACTION_SCHEME_URL = "https://www.fda.gov/safety/medwatch"
        response = client.post(create_url(treatment), valid_review_post(side_effect_severity="severe"))
        html = client.get(response.url).text
        assert (
            '<a href="https://www.fda.gov/safety/medwatch">MedWatch, the FDA&#x27;s safety reporting program</a>'
            in html
        )


class TestPrivacyPage:
    def test_it_says_how_long_with_the_settings_in_force(self, client, settings):
        settings.VISITOR_ADDRESS_DAYS = 21
        settings.TASK_RESULT_DAYS = 14
        html = client.get(reverse("trust:privacy")).text
        assert "Deleted 21 days after a moderator’s decision" in html
        assert "removed 14 days after they finish (28 days if they failed" in html
        assert "only moderators and administrators can see it; editors cannot" in html
        assert "the audit trail included" in html

    def test_it_is_linked_from_every_page_and_the_thanks_page(self, client, treatment):
        url = reverse("trust:privacy")
        assert url in client.get(reverse("content:home")).text
        thanks = reverse("reviews:submitted", args=[treatment.drug.slug, treatment.condition.slug])
        assert url in client.get(thanks).text

    def test_reading_sets_no_cookies_as_the_page_says(self, client, treatment):
        for url in [reverse("content:home"), treatment.get_absolute_url(), reverse("trust:privacy")]:
            assert client.get(url).cookies == {}, url
