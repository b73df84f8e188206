"""The read-only JSON API: each endpoint, pagination, public data only, rate limits, query
budgets, and responses that match the published OpenAPI schema."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from api.endpoints import MAX_PAGE
from tests.factories import BrandNameFactory, DrugFactory, TreatmentFactory, approved_review
from tests.public_site import assert_nothing_hidden

pytestmark = pytest.mark.django_db

API = "/api/v1"
PRIVATE_FIELDS = {
    "email",
    "client_hash",
    "content_hash",
    "status",
    "moderated_at",
    "moderated_by",
    "moderation_reason",
    "report_count",
    "likely_spam",
    "is_flagged",
    "link_count",
    "next_review_due",
    "review_note",
}


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response["Content-Type"].startswith("application/json")
    return response, response.json()


class TestEndpoints:
    def test_drugs_list_published_drugs_with_brands_and_classes(self, client, public_site):
        response, data = get(client, "/drugs")
        assert response.status_code == 200
        assert [drug["slug"] for drug in data["items"]] == ["dupilumab", "isotretinoin"]
        isotretinoin = data["items"][1]
        assert {brand["name"] for brand in isotretinoin["brand_names"]} == {"Accutane", "Roaccutane"}
        assert isotretinoin["drug_classes"] == ["Retinoids"]
        assert isotretinoin["url"] == "http://testserver/drugs/isotretinoin/"

    def test_one_drug_with_warnings_and_what_it_treats(self, client, public_site):
        _, data = get(client, "/drugs/isotretinoin")
        assert data["warnings"][0]["title"] == "Never during pregnancy"
        assert {condition["slug"] for condition in data["treats"]} == {"eczema", "acne"}

    def test_conditions_with_their_other_names(self, client, public_site):
        _, data = get(client, "/conditions")
        eczema = next(item for item in data["items"] if item["slug"] == "eczema")
        assert eczema["other_names"] == ["Atopic dermatitis"]
        assert get(client, "/conditions/eczema")[1]["name"] == "Eczema"

    def test_treatments_carry_evidence_and_approved_only_aggregates(self, client, public_site):
        _, data = get(client, "/treatments/isotretinoin/eczema")
        assert data["evidence_grade"] == "C"
        assert data["approval_status"] == "off_label"
        assert data["efficacy_rating"] == 2
        assert data["reviews"]["approved_count"] == 1
        assert data["reviews"]["overall_average"] == 8.0
        assert sum(data["reviews"]["rating_histogram"]) == 1

    def test_treatments_filter_by_drug_and_condition(self, client, public_site):
        _, data = get(client, "/treatments", condition="eczema")
        assert {item["drug"]["slug"] for item in data["items"]} == {"isotretinoin", "dupilumab"}
        _, data = get(client, "/treatments", drug="isotretinoin", condition="acne")
        assert data["count"] == 1

    def test_reviews_per_treatment_and_overall_are_approved_only(self, client, public_site):
        _, per_treatment = get(client, "/treatments/isotretinoin/eczema/reviews")
        _, overall = get(client, "/reviews")
        assert [r["title"] for r in per_treatment["items"]] == ["Dry lips but clearer skin"]
        assert [r["title"] for r in overall["items"]] == ["Dry lips but clearer skin"]

    @pytest.mark.parametrize(
        "path",
        [
            "/drugs/draft-drug",
            "/conditions/draft-condition",
            "/treatments/draft-drug/eczema",
            "/treatments/draft-drug/eczema/reviews",
            "/drugs/no-such-drug",
        ],
    )
    def test_drafts_and_unknown_slugs_are_404(self, client, public_site, path):
        response, data = get(client, path)
        assert response.status_code == 404
        assert data == {"detail": "Not Found"}


class TestNothingPrivate:
    @pytest.mark.parametrize(
        "path",
        [
            "/drugs",
            "/conditions",
            "/treatments",
            "/reviews",
            "/treatments/isotretinoin/eczema/reviews",
            "/drugs/isotretinoin",
        ],
    )
    def test_no_unapproved_review_draft_or_private_field_is_exposed(self, client, public_site, path):
        response, data = get(client, path, page_size=50)
        assert_nothing_hidden(response.text)
        keys = set()

        def collect(value):
            if isinstance(value, dict):
                keys.update(value)
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        collect(data)
        assert not keys & PRIVATE_FIELDS
        assert "@example.org" not in response.text


class TestPagination:
    def test_pages_and_page_size(self, client, public_site):
        for n in range(25):
            DrugFactory(generic_name=f"Zeta {n:02d}")
        _, first = get(client, "/drugs")
        assert first["count"] == 27 and len(first["items"]) == 20
        _, second = get(client, "/drugs", page=2)
        assert len(second["items"]) == 7
        _, small = get(client, "/drugs", page_size=5, page=3)
        assert len(small["items"]) == 5
        _, capped = get(client, "/drugs", page_size=1000)
        assert len(capped["items"]) == 27  # under the cap of 50

    def test_bad_page_is_a_validation_error_not_a_crash(self, client, public_site):
        response, _ = get(client, "/drugs", page=0)
        assert response.status_code == 422

    @pytest.mark.parametrize("path", ["/drugs", "/reviews", "/treatments/isotretinoin/eczema/reviews"])
    def test_a_page_beyond_any_offset_is_a_validation_error_and_far_pages_are_empty(self, client, public_site, path):
        response, data = get(client, path, page="99999999999999999999")
        assert response.status_code == 422 and "page" in json.dumps(data)
        response, data = get(client, path, page=MAX_PAGE, page_size="99999999999999999999")
        assert response.status_code == 200 and data["items"] == []


class TestRateLimit:
    def test_too_many_requests_answer_429(self, client, public_site, settings):
        settings.API_RATE_LIMIT = "3/min"
        statuses = [client.get(f"{API}/drugs").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]

    def test_limit_is_per_client(self, client, public_site, settings):
        settings.API_RATE_LIMIT = "1/min"
        assert client.get(f"{API}/drugs", REMOTE_ADDR="10.0.0.1").status_code == 200
        assert client.get(f"{API}/drugs", REMOTE_ADDR="10.0.0.1").status_code == 429
        assert client.get(f"{API}/drugs", REMOTE_ADDR="10.0.0.2").status_code == 200

    def test_forwarded_for_header_cannot_dodge_the_limit(self, client, public_site, settings):
        settings.API_RATE_LIMIT = "1/min"
        client.get(f"{API}/drugs", HTTP_X_FORWARDED_FOR="1.1.1.1")
        assert client.get(f"{API}/drugs", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


class TestQueryBudget:
    @pytest.mark.parametrize(
        "path",
        [
            "/drugs",
            "/drugs/isotretinoin",
            "/conditions",
            "/treatments",
            "/treatments/isotretinoin/eczema",
            "/reviews",
            "/treatments/isotretinoin/eczema/reviews",
        ],
    )
    def test_endpoint_stays_within_budget_and_does_not_grow(
        self, client, public_site, path, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(6) as before:
            client.get(f"{API}{path}")
        for _ in range(5):
            BrandNameFactory(drug=public_site.drug)
            TreatmentFactory(drug=public_site.drug)
            approved_review(treatment=public_site.treatment)
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(f"{API}{path}")


class TestSchema:
    def test_openapi_schema_is_published_without_a_docs_page(self, client, db):
        response = client.get(f"{API}/openapi.json")
        schema = json.loads(response.content)
        assert schema["openapi"].startswith("3.")
        assert {"/api/v1/drugs", "/api/v1/treatments/{drug}/{condition}/reviews"} <= set(schema["paths"])
        assert client.get(f"{API}/docs").status_code == 404

    @pytest.fixture
    def schema(self, settings):
        settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # schemathesis calls the app as localhost
        settings.API_RATE_LIMIT = "100000/min"
        # As Django's test client does: keep the test's connection (and its transaction) open
        # across the requests schemathesis makes straight to the WSGI app.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            yield schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)

    def test_responses_match_the_schema(self, public_site, schema):
        @given(case=schema.as_strategy())
        @hypothesis_settings(
            max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def check(case):
            case.call_and_validate()

        check()

    @pytest.mark.parametrize("path", ["/drugs/isotretinoin", "/conditions/eczema", "/treatments/isotretinoin/eczema"])
    def test_known_objects_match_the_schema(self, public_site, schema, path):
        template = {
            "/drugs/isotretinoin": ("/drugs/{slug}", {"slug": "isotretinoin"}),
            "/conditions/eczema": ("/conditions/{slug}", {"slug": "eczema"}),
            "/treatments/isotretinoin/eczema": (
                "/treatments/{drug}/{condition}",
                {"drug": "isotretinoin", "condition": "eczema"},
            ),
        }[path]
        case = schema[f"{API}{template[0]}"]["GET"].Case(path_parameters=template[1])
        response = case.call_and_validate()
        assert response.status_code == 200
