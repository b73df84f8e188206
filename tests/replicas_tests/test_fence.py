"""The LSN fence: a page is never rendered from a replica that has not replayed the latest change of public
content, so a stale page is never stored (or served) as current.

The trial this guards against: a replica 2 s behind; an approval moves the cache version on; the next render
reads the replica before it has replayed the approval and stores that stale page under the new version (0 of 12
requests in 6 s showed the approved review). Here the replica is the test database seen through a snapshot
taken before the change (REPEATABLE READ), and it reports the WAL position of that moment: a replica that
has stopped replaying. Only the LSN question is answered for it; everything else is real.
"""

import pytest
from django.core.cache import cache
from django.db import connection, connections

from pagecache import fence
from replicas import middleware
from reviews import services
from tests.factories import ReviewFactory, TreatmentFactory, a_moderator

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the WAL is PostgreSQL's")


@pytest.fixture(autouse=True)
def replica_and_page_cache(settings):
    settings.REPLICA_DATABASE = "replica"
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    middleware.health.reset()


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


@pytest.fixture
def lagging_replica(monkeypatch):
    """From now on the replica shows the data and reports the WAL position of this moment."""
    replica = connections["replica"]
    replica.ensure_connection()
    replica.set_autocommit(False)
    with replica.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT count(*) FROM reviews_review")  # the snapshot is taken here
    stopped_at, _ = fence.wal_position("default")
    real = fence.wal_position
    monkeypatch.setattr(
        middleware, "wal_position", lambda alias: (stopped_at, True) if alias == "replica" else real(alias)
    )

    def catch_up():
        replica.rollback()
        replica.set_autocommit(True)
        monkeypatch.setattr(middleware, "wal_position", real)

    yield catch_up
    if not replica.get_autocommit():
        catch_up()


def approve(treatment, title):
    review = ReviewFactory(treatment=treatment, title=title)
    services.approve_review(review=review, by=a_moderator(), reason="")  # commits: its on_commit work runs


@postgresql_only
def test_a_change_of_public_content_records_the_primarys_wal_position(treatment):
    before, _ = fence.wal_position("default")
    approve(treatment, "Clear skin after two months")
    after, _ = fence.wal_position("default")
    assert before < cache.get(fence.FENCE_KEY) <= after


@postgresql_only
def test_after_an_approval_a_lagging_replica_is_not_read_and_no_stale_page_is_stored(
    client, treatment, lagging_replica
):
    assert client.get(treatment.get_absolute_url())["X-Page-Cache"] == "stored"
    approve(treatment, "Clear skin after two months")
    for _ in range(3):  # the render, then hits of what it stored
        response = client.get(treatment.get_absolute_url())
        assert "Clear skin after two months" in response.content.decode()
    assert response["X-Page-Cache"] == "hit"

    lagging_replica()  # it replays the approval: reads go back to it
    approve(TreatmentFactory(), "Another treatment's review")
    page = client.get(TreatmentFactory().get_absolute_url())
    assert page["X-Read-Database"] == "replica"


@postgresql_only
def test_without_the_fence_that_replica_would_have_stored_the_stale_page(
    client, treatment, lagging_replica, monkeypatch
):
    """What the fence prevents, shown by switching it off: the trial's failure, reproduced."""
    monkeypatch.setattr(middleware, "fence_for", lambda request: 0)
    client.get(treatment.get_absolute_url())
    approve(treatment, "Clear skin after two months")
    first = client.get(treatment.get_absolute_url())
    assert first["X-Read-Database"] == "replica" and first["X-Page-Cache"] == "stored"
    assert "Clear skin after two months" not in client.get(treatment.get_absolute_url()).content.decode()


@postgresql_only
def test_a_replica_that_has_replayed_the_change_is_read(client, treatment):
    approve(treatment, "Clear skin after two months")
    response = client.get(treatment.get_absolute_url())
    assert response["X-Read-Database"] == "replica"
    assert "Clear skin after two months" in response.content.decode()


def test_a_fence_lost_from_the_cache_is_recorded_again_never_taken_as_zero(client, treatment):
    cache.delete(fence.FENCE_KEY)
    assert client.get(treatment.get_absolute_url()).status_code == 200
    recorded = cache.get(fence.FENCE_KEY)
    assert recorded is not None
    if connection.vendor == "postgresql":
        assert recorded > 0


def test_without_the_cache_nobody_knows_the_fence_so_the_primary_is_read(client, treatment, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(cache, "get_many", unreachable)
    monkeypatch.setattr(cache, "get", unreachable)
    response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and response["X-Read-Database"] == "primary"


def test_the_fence_only_ever_grows_on_redis(real_redis):
    fence.set_max(fence.FENCE_KEY, 500)
    fence.set_max(fence.FENCE_KEY, 300)
    assert cache.get(fence.FENCE_KEY) == 500
    fence.set_max(fence.FENCE_KEY, 2**52)
    assert cache.get(fence.FENCE_KEY) == 2**52
