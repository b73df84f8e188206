"""With the page cache and content fragments on, as in production, every public page is exactly the page
rendered without them: the first visit (rendered and stored) and the next (served or assembled)."""

import re

import pytest

from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

# Per-response values: a visitor's CSRF token and the form's signed timestamp.
PER_RESPONSE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'name="form_token" value="[^"]+"'), 'name="form_token" value=""'),
]


def body(response):
    text = response.content.decode()
    for pattern, replacement in PER_RESPONSE:
        text = pattern.sub(replacement, text)
    return response.status_code, text


def test_every_public_page_is_the_same_with_the_page_cache_and_fragments_on(client, public_site, settings):
    urls = public_site.urls()
    uncached = {url: body(client.get(url)) for url in urls}
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    for visit in ("first", "second"):
        for url in urls:
            assert body(client.get(url)) == uncached[url], f"{url} differs on the {visit} visit"


def test_a_signed_in_editor_gets_the_same_pages_from_fragments(client, public_site, settings):
    """The page cache never serves staff; their pages are assembled from the same fragments."""
    client.force_login(StaffUserFactory(groups=["Editors"]))
    urls = public_site.urls()
    uncached = {url: body(client.get(url)) for url in urls}
    settings.FRAGMENT_CACHE_SECONDS = 600
    for _ in range(2):
        for url in urls:
            assert body(client.get(url)) == uncached[url], url
