"""The site's chrome rendered once per key (eczemafeed/chrome.py) is byte for byte what ``{% include %}`` renders
for the same page, whatever the visitor, section, path, script prefix or language, and never another key's."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import translation

from eczemafeed import chrome
from tests.factories import UserFactory

CHROME = ["includes/header.html", "includes/footer.html", "includes/feeds.html"]
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def forget_chrome():
    chrome._rendered.clear()
    yield
    chrome._rendered.clear()
    set_script_prefix("/")


def render(source, path, section, user=None, script_name=""):
    request = RequestFactory().get(path, {"q": "<b>itch</b>"}, SCRIPT_NAME=script_name)
    request.user = user or AnonymousUser()
    return Template(source).render(RequestContext(request, {"section": section}))


def both(name, path, section, **kwargs):
    memo = render("{% load chrome %}{% chrome '" + name + "' %}", path, section, **kwargs)
    include = render("{% include '" + name + "' %}", path, section, **kwargs)
    return memo, include


CASES = [
    ("/", "home"),
    ("/drugs/", "drugs"),
    ("/conditions/", "conditions"),
    ("/interactions/", "interactions"),
    ("/search/", "search"),
    ("/drugs/isotretinoin/", "drugs"),
    ("/about/", None),
]


@pytest.mark.parametrize("name", CHROME)
def test_every_section_and_path_gets_its_own_chrome(db, name):
    seen = set()
    for _ in range(2):  # the second time from the memo
        for path, section in CASES:
            memo, include = both(name, path, section)
            assert memo == include, (path, section)
            seen.add(memo)
    if name == "includes/header.html":
        assert len(seen) > 5  # the sections and the current pages differ: not one memo for all


def test_a_current_page_is_marked_and_no_other(db):
    home, _ = both("includes/header.html", reverse("content:home"), "home")
    elsewhere, _ = both("includes/header.html", reverse("content:home") + "x/", "home")
    assert 'class="site-logo" href="/" aria-current="page"' in home
    assert "aria-current" not in elsewhere


@pytest.mark.parametrize("name", CHROME)
def test_a_script_prefix_gets_its_own_links(db, name):
    both(name, "/", "home")  # the memo at the root first
    set_script_prefix("/sub/")
    memo, include = both(name, "/sub/", "home", script_name="/sub")
    assert memo == include
    links = re.findall(r'href="(/[^"]*)"', memo)
    assert links
    assert all(link.startswith("/sub/") for link in links)


@pytest.mark.parametrize("name", CHROME)
def test_a_language_gets_its_own_key(db, name):
    both(name, "/", "home")
    with translation.override("fr"):
        memo, include = both(name, "/", "home")
    assert memo == include
    assert "fr" in {key[2] for key in chrome._rendered}
    assert len({key[2] for key in chrome._rendered}) == 2


@pytest.mark.parametrize("name", CHROME)
def test_a_signed_in_staff_member_gets_the_same_chrome_as_include(db, name):
    staff = UserFactory(is_staff=True, is_superuser=True)
    anonymous, _ = both(name, "/", "home")
    memo, include = both(name, "/", "home", user=staff)
    assert memo == include == anonymous


def test_rendered_once_per_key(db, monkeypatch):
    renders = []
    real = chrome._render
    monkeypatch.setattr(chrome, "_render", lambda *args: renders.append(args) or real(*args))
    for _ in range(3):
        both("includes/footer.html", "/drugs/isotretinoin/", "drugs")
        both("includes/footer.html", "/reviews/1/", "drugs")
    assert len(renders) == 1


@pytest.mark.parametrize("name", [*CHROME, "includes/nav_links.html"])
def test_chrome_templates_read_nothing_about_the_visitor(name):
    """A memo is served to the next visitor: the chrome may read the request's path and nothing else of it."""
    source = (TEMPLATES / name).read_text()
    assert set(re.findall(r"request\.\w+", source)) <= {"request.path"}
    assert not re.search(r"\b(user|perms|messages|csrf_token|csp_nonce|object|page_obj)\b", source)
    assert "{% include" not in source or name == "includes/header.html"
