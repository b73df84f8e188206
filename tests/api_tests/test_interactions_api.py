"""Interactions in the API: a drug's known interactions, most serious first, and the checker's answer for two or
more medicines; public drugs only, and "none recorded" never reads as "safe"."""

import pytest

from content.models import ContentStatus
from interactions.models import Severity, SubstanceKind
from tests.factories import BrandNameFactory, DrugClassFactory, DrugFactory, InteractionFactory, SubstanceFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def drugs(db):
    isotretinoin = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    BrandNameFactory(drug=isotretinoin, name="Accutane")
    methotrexate = DrugFactory(generic_name="Methotrexate", slug="methotrexate")
    acitretin = DrugFactory(generic_name="Acitretin", slug="acitretin")
    retinoids = DrugClassFactory(name="Retinoids", slug="retinoids")
    isotretinoin.drug_classes.add(retinoids)
    acitretin.drug_classes.add(retinoids)
    tetracyclines = SubstanceFactory(
        name="Tetracycline antibiotics", slug="tetracyclines", kind=SubstanceKind.MEDICINE, other_names="Doxycycline"
    )
    alcohol = SubstanceFactory(name="Alcohol", slug="alcohol", kind=SubstanceKind.FOOD_DRINK)
    InteractionFactory(
        drug=isotretinoin,
        substance=tetracyclines,
        severity=Severity.MAJOR,
        effect="Raised pressure around the brain.",
        advice="Do not take them together.",
    )
    InteractionFactory(
        drug=methotrexate, other_drug=isotretinoin, severity=Severity.MODERATE, effect="Liver strain.", advice="Ask."
    )
    InteractionFactory(drug=acitretin, other_class=retinoids, severity=Severity.MAJOR, effect="Too much vitamin A.")
    InteractionFactory(drug=isotretinoin, substance=alcohol, severity=Severity.MINOR, effect="Dry skin.")
    hidden = DrugFactory(generic_name="Secretdraftwordumab", slug="draft-drug", status=ContentStatus.DRAFT)
    InteractionFactory(drug=hidden, other_drug=isotretinoin, severity=Severity.MAJOR, effect="secretdraftword")
    return isotretinoin


def test_a_drugs_interactions_most_serious_first_seen_from_that_drug(client, drugs):
    response = client.get(f"{API}/drugs/isotretinoin/interactions")
    assert response.status_code == 200
    data = response.json()
    assert [(row["severity"], row["interacts_with"]["kind"], row["interacts_with"]["name"]) for row in data] == [
        ("major", "drug", "Acitretin"),  # stored on acitretin, against its class
        ("major", "substance", "Tetracycline antibiotics"),
        ("moderate", "drug", "Methotrexate"),  # stored on methotrexate, with isotretinoin
        ("minor", "substance", "Alcohol"),
    ]
    major = data[1]
    assert major["severity_label"] == "Major" and major["advice"] == "Do not take them together."
    assert major["severity_means"].startswith("Avoid the combination")
    assert data[0]["interacts_with"]["url"] == "http://testserver/drugs/acitretin/"
    assert "secretdraftword" not in response.text.lower()


def test_a_draft_or_unknown_drug_has_no_interactions_page(client, drugs):
    for slug in ["draft-drug", "no-such-drug"]:
        assert client.get(f"{API}/drugs/{slug}/interactions").status_code == 404


def test_the_checker_lists_every_pair_and_says_none_recorded_is_not_safe(client, drugs):
    response = client.get(f"{API}/interactions", {"d": ["Accutane", "doxycycline", "Methotrexate", "Vitamin Zee"]})
    assert response.status_code == 200
    data = response.json()
    assert [(m["typed"], m["name"], m["kind"]) for m in data["medicines"]] == [
        ("Accutane", "Isotretinoin", "drug"),
        ("doxycycline", "Tetracycline antibiotics", "substance"),
        ("Methotrexate", "Methotrexate", "drug"),
    ]
    assert data["not_recognised"] == [{"typed": "Vitamin Zee", "did_you_mean": ""}]
    pairs = [(p["first"], p["second"], p["severity"], len(p["interactions"])) for p in data["pairs"]]
    assert pairs == [
        ("Isotretinoin", "Tetracycline antibiotics", "major", 1),
        ("Isotretinoin", "Methotrexate", "moderate", 1),
        ("Tetracycline antibiotics", "Methotrexate", None, 0),
    ]
    assert "does not mean it is safe" in data["note"]
    assert data["url"] == ("http://testserver/interactions/?d=Accutane&d=doxycycline&d=Methotrexate&d=Vitamin+Zee")


def test_the_checker_needs_two_to_ten_medicines(client, drugs):
    assert client.get(f"{API}/interactions", {"d": ["Accutane"]}).status_code == 422
    assert client.get(f"{API}/interactions", {"d": ["Accutane"] * 11}).status_code == 422
    assert client.get(f"{API}/interactions").status_code == 422


def test_a_draft_drug_is_not_recognised_by_the_checker(client, drugs):
    data = client.get(f"{API}/interactions", {"d": ["Accutane", "Secretdraftwordumab"]}).json()
    assert [m["name"] for m in data["medicines"]] == ["Isotretinoin"]
    assert data["pairs"] == []


@pytest.mark.parametrize(
    ("path", "params"),
    [("/drugs/isotretinoin/interactions", {}), ("/interactions", {"d": ["Accutane", "doxycycline", "acitretin"]})],
)
def test_interaction_endpoints_keep_their_query_budget(client, drugs, path, params, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as before:
        client.get(f"{API}{path}", params)
    for _ in range(5):
        other = DrugFactory()
        InteractionFactory(drug=drugs, other_drug=other)
        InteractionFactory(drug=other, substance=SubstanceFactory())
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"{API}{path}", params)
