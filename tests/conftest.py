import pytest
from django.core.cache import cache

from tests.factories import StaffUserFactory
from tests.public_site import build_public_site


@pytest.fixture(autouse=True)
def fresh_cache():
    """Page cache, fragments and rate limits start empty in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_site(db):
    return build_public_site()


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator(db):
    return StaffUserFactory(username="moderator", groups=["Moderators"])


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def reviewer(db):
    from tests.factories import AuthorFactory

    user = StaffUserFactory(username="reviewer", groups=["Medical reviewers"])
    AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True, user=user)
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
