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
