"""axe-core (the npm package, ``npm ci`` installs it) run in Debian's chromium over every kind of public page of
the demo site, new ones included (comparison, interaction checker, trust pages, report-an-error form), at desktop
and phone widths: no WCAG 2.1 A or AA violation."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from content.models import Article, Author
from tests.browser_tests.conftest import needs_chromium
from trust.sitemaps import PAGES as TRUST_PAGES

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The pages' HTML is the same on either database, and CI runs the suite on both: check them once, on SQLite.
once = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="run once, on SQLite"
)
# Like chromium itself: CI installs it (make test runs npm ci); elsewhere the test waits for `npm ci`.
installed = pytest.mark.skipif(
    not AXE.exists() and not os.environ.get("CI"), reason="axe-core is not installed: run `npm ci` (make test does)"
)
pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium, once, installed]

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def public_pages():
    article = Article.objects.published().first()
    author = Author.objects.filter(articles__isnull=False).first()
    return [
        reverse("content:home"),
        reverse("content:drug_list"),
        "/drugs/isotretinoin/",
        "/drugs/isotretinoin/side-effects/",
        reverse("content:condition_list"),
        "/conditions/eczema/",
        "/drugs/isotretinoin/for/acne/",
        "/drugs/dupilumab/for/eczema/",
        "/drugs/dupilumab/for/eczema/reviews/",
        reverse("reviews:create", args=["dupilumab", "eczema"]),
        reverse("reviews:guidelines"),
        reverse("content:article_list"),
        article.get_absolute_url(),
        reverse("content:tag_list"),
        author.get_absolute_url(),
        reverse("content:evidence_scale"),
        reverse("search:search") + "?q=accutane+doxycycline",
        reverse("search:search") + "?q=exema",
        reverse("interactions:checker"),
        reverse("interactions:checker") + "?d=Roaccutane&d=doxycyline&d=Dupixent",
        reverse("compare:compare", args=["eczema"]) + "?t=dupilumab&t=tacrolimus-topical&t=isotretinoin",
        *(reverse(f"trust:{name}") for name in TRUST_PAGES),
        reverse("trust:report_error") + "?page=/drugs/isotretinoin/",
        "/no-such-page/",
    ]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_content", stdout=None)


@pytest.mark.parametrize("width", [1280, 390], ids=lambda width: f"{width}px")
def test_every_public_page_has_no_wcag_a_or_aa_violation(browser, live_server, demo, width):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make .venv/.installed-dev does)"
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # to inject axe
    page = context.new_page()
    found = {}
    try:
        for path in public_pages():
            page.goto(live_server.url + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                RULES,
            )
            for violation in result["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
                found.setdefault(path, []).append(f"{violation['id']} ({violation['impact']}): {targets}")
    finally:
        context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
