import pytest

from tests.factories import StaffUserFactory


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
