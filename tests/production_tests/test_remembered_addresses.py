"""``eczemafeed.addresses``: ``reverse()`` remembered gives Django's address, whatever the script prefix, urlconf,
language or current app of the request, and ``{% url %}`` renders as Django's own tag does."""

import io

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.template import Context, Engine, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, clear_url_caches, get_script_prefix, reverse, set_script_prefix
from django.utils import translation
from django.utils.functional import lazy

from eczemafeed import addresses

ADDRESSES = [
    ("content:home", None, None),
    ("content:drug_detail", None, {"slug": "isotretinoin"}),
    ("content:drug_detail", ["isotretinoin"], None),
    ("content:treatment_detail", None, {"drug": "isotretinoin", "condition": "eczema"}),
    ("reviews:list", ["isotretinoin", "eczema"], None),
    ("reviews:permalink", None, {"pk": 42}),
    ("trust:about", None, None),
    ("admin:articles_drug_change", [7], None),
]


@pytest.fixture
def script_prefix():
    """Set a script prefix for a test, and put back the one before it."""
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize(("name", "args", "kwargs"), ADDRESSES)
def test_the_same_address_as_reverse_twice_over(name, args, kwargs):
    expected = reverse(name, args=args, kwargs=kwargs)
    assert addresses.reverse(name, args=args, kwargs=kwargs) == expected
    assert addresses.reverse(name, args=args, kwargs=kwargs) == expected  # the second, remembered


@pytest.mark.parametrize(("name", "args", "kwargs"), ADDRESSES)
def test_another_script_prefix_is_another_address(script_prefix, name, args, kwargs):
    at_root = addresses.reverse(name, args=args, kwargs=kwargs)
    script_prefix("/mounted/here/")
    mounted = addresses.reverse(name, args=args, kwargs=kwargs)
    assert mounted == reverse(name, args=args, kwargs=kwargs)
    assert mounted.startswith("/mounted/here/") and mounted == "/mounted/here/" + at_root.removeprefix("/")
    script_prefix("/")
    assert addresses.reverse(name, args=args, kwargs=kwargs) == at_root


def page(path, script_name=""):
    """A page as a WSGI server asks for it (Django's handler sets the script prefix from SCRIPT_NAME; the test
    client's does not)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", SCRIPT_NAME=script_name)
    environ["wsgi.input"] = io.BytesIO(b"")
    # As the test client does: the request's start and end must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers, exc_info=None: None)
        body = b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return body.decode()


def test_pages_requested_under_different_script_names_link_under_their_own(public_site, script_prefix):
    """A page's links, from ``{% url %}``, follow each request's SCRIPT_NAME, one request after the other."""
    plain = page("/about/")
    mounted = page("/about/", script_name="/eczema")
    again = page("/about/")
    assert f'href="{reverse("content:drug_list")}"' in plain and 'href="/eczema/' not in plain
    assert 'href="/eczema/drugs/"' in mounted
    assert again == plain


def test_another_urlconf_and_cleared_url_caches_are_not_read_from_memory():
    assert addresses.reverse("trust:about") == "/about/"
    with override_settings(ROOT_URLCONF="tests.production_tests.moved_urls"):
        assert addresses.reverse("trust:about") == reverse("trust:about") == "/moved/about/"
    clear_url_caches()
    assert addresses.reverse("trust:about") == "/about/"


def test_the_active_language_is_part_of_the_key():
    with translation.override("fr"):
        assert addresses.reverse("trust:about") == reverse("trust:about")
    assert addresses.reverse("trust:about") == reverse("trust:about")


def test_only_plain_arguments_are_remembered():
    """A bool is an int to a dict (True == 1) but reversed as "True"; a lazy string or a model instance may read
    differently later: each goes to Django's reverse every time."""
    addresses.forget()
    lazy_slug = lazy(lambda: "isotretinoin", str)()
    assert addresses.reverse("content:drug_detail", args=[lazy_slug]) == "/drugs/isotretinoin/"
    assert addresses.reverse("content:drug_detail", kwargs={"slug": True}) == "/drugs/True/"
    assert addresses.reverse("content:drug_detail", kwargs={"slug": 1}) == "/drugs/1/"
    assert addresses._remembered.cache_info().currsize == 1  # the int alone


def test_an_address_that_does_not_exist_is_an_error_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            addresses.reverse("content:drug_detail", kwargs={"slug": "not a slug"})


ENGINE = Engine(builtins=["eczemafeed.addresses"])
DJANGO = Engine()


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'content:home' %}",
        "{% url 'content:drug_detail' slug %}",
        "{% url 'content:drug_detail' slug=slug %}",
        "{% url name drug condition %}",
        "{% url 'content:drug_detail' slug as there %}[{{ there }}]",
        "{% url 'content:drug_detail' 'not a slug' as nowhere %}[{{ nowhere }}]",
        "{% autoescape off %}{% url 'content:drug_detail' slug %}{% endautoescape %}",
    ],
)
def test_the_url_tag_renders_as_djangos(source):
    values = {"slug": "isotretinoin", "name": "content:treatment_detail", "drug": "isotretinoin", "condition": "eczema"}
    expected = Template(source, engine=DJANGO).render(Context(values))
    assert Template(source, engine=ENGINE).render(Context(values)) == expected
    assert Template(source, engine=ENGINE).render(Context(values)) == expected


def test_the_url_tag_raises_as_djangos():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'content:drug_detail' 'not a slug' %}", engine=ENGINE).render(Context())


def test_the_site_templates_use_it():
    from django.template import engines

    node = engines["django"].from_string("{% url 'content:home' %}").template.nodelist[0]
    assert isinstance(node, addresses.RememberedURLNode)
