"""Stored pages and fragments, each valid while none of the tags it was rendered under has changed since.

Every change of public content names what it changed as *tags* (``site``, ``treatment:12``, ``drug:3`` …) and
moves each of them to a new number of the site-wide change *sequence* (``bump``). A page or fragment is stored
with the sequence number read before it was rendered and with the tags naming what it shows; it is current
while no tag of its own has moved past that number. Approving a review of one treatment therefore leaves every
page that does not show that treatment's reviews valid.

A lookup reads, in one round trip, the sequence, the next scheduled publish time, the replica fence, each
entry asked for, and the current numbers of that entry's tags: on Redis one Lua script (``pagecache.redis``),
elsewhere (one process's memory, in development and tests) plain cache calls. Numbers have no expiry (run
Redis with ``maxmemory-policy volatile-lru`` so only pages and fragments, which expire, are evicted); a lost
sequence restarts from the clock, so it never goes back.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import caches

from .fence import FENCE_KEY
from .redis import ReusedClientRedisCache

SEQ_KEY = "pages:seq"
SCHEDULE_KEY = "pages:next-publish-ms"  # milliseconds since the epoch; absent when nothing is scheduled
TAG_KEY = "pages:tag:"  # + a tag: the sequence number of its last change
SITE = "site"  # every stored page and fragment carries it: moving it drops them all


@dataclass(frozen=True)
class Entry:
    seq: int  # the sequence number read before it was rendered
    tags: tuple[str, ...]
    value: object


@dataclass
class Found:
    seq: int
    schedule_ms: int | None
    fence: int | None
    started: bool = False  # the sequence was just (re)started: the schedule must be read from the database
    entries: dict[str, Entry] = field(default_factory=dict)  # current entries only

    def schedule_due(self, now_ms=None) -> bool:
        return self.schedule_ms is not None and (now_ms or time.time() * 1000) >= self.schedule_ms


def clock_seq() -> int:
    """Where a lost sequence starts again: microseconds since the epoch, above any number it handed out (it
    moves once per change) and within what a Lua number holds exactly."""
    return time.time_ns() // 1000


def check_tags(tags) -> tuple[str, ...]:
    tags = tuple(sorted(set(tags)))
    if not tags or any(not tag or any(char.isspace() for char in tag) for tag in tags):
        raise ValueError(f"Cache tags must be non-empty words without spaces, not {tags!r}")
    return tags


def _cache():
    return caches["default"]


def lookup(keys=()) -> Found:
    """The sequence, the schedule and the fence, with the entries at ``keys`` that are current."""
    cache = _cache()
    if isinstance(cache, ReusedClientRedisCache):
        seq, schedule, fence, started, entries = cache.tagged_lookup(
            [SEQ_KEY, SCHEDULE_KEY, FENCE_KEY], keys, tag_prefix=TAG_KEY, start=clock_seq()
        )
        return Found(seq, schedule, fence, started, {key: Entry(*entry) for key, entry in entries.items()})
    found = cache.get_many([SEQ_KEY, SCHEDULE_KEY, FENCE_KEY, *keys])
    started = False
    if (seq := found.get(SEQ_KEY)) is None:
        started = cache.add(SEQ_KEY, clock_seq(), timeout=None)
        seq = cache.get(SEQ_KEY)
    stored = {key: found[key] for key in keys if key in found}
    versions = cache.get_many({TAG_KEY + tag for entry in stored.values() for tag in entry.tags})
    current = {
        key: entry
        for key, entry in stored.items()
        if all(versions.get(TAG_KEY + tag, 0) <= entry.seq for tag in entry.tags)
    }
    return Found(seq, found.get(SCHEDULE_KEY), found.get(FENCE_KEY), started, current)


def still_current(entry: Entry) -> tuple[bool, int | None]:
    """Whether ``entry`` (a process's own copy) is still current, and the schedule: one round trip."""
    names = [SCHEDULE_KEY, *(TAG_KEY + tag for tag in entry.tags)]
    cache = _cache()
    if isinstance(cache, ReusedClientRedisCache):
        schedule, *versions = cache.numbers(names)
        return all((version or 0) <= entry.seq for version in versions), schedule
    found = cache.get_many(names)
    return all(found.get(TAG_KEY + tag, 0) <= entry.seq for tag in entry.tags), found.get(SCHEDULE_KEY)


def store(key: str, *, seq: int, tags, value, timeout: int) -> None:
    entry = Entry(seq, check_tags(tags), value)
    cache = _cache()
    if isinstance(cache, ReusedClientRedisCache):
        cache.tagged_store(key, entry.seq, entry.tags, entry.value, timeout)
    else:
        cache.set(key, entry, timeout)


def bump(tags, *, fence: int | None = None) -> int:
    """Move ``tags`` to a new sequence number (after raising the replica fence to ``fence``); returns it. One
    atomic script on Redis, so a request that reads the new numbers reads the new fence too."""
    tags = check_tags(tags)
    cache = _cache()
    if isinstance(cache, ReusedClientRedisCache):
        return cache.tagged_bump(SEQ_KEY, FENCE_KEY, fence, tags, tag_prefix=TAG_KEY, start=clock_seq())
    if fence is not None and ((current := cache.get(FENCE_KEY)) is None or current < fence):
        cache.set(FENCE_KEY, fence, timeout=None)
    cache.add(SEQ_KEY, clock_seq(), timeout=None)
    try:
        seq = cache.incr(SEQ_KEY)
    except Exception:  # evicted between the two calls, or the counter failed: a fresh number from the clock
        cache.set(SEQ_KEY, seq := clock_seq(), timeout=None)
    cache.set_many({TAG_KEY + tag: seq for tag in tags}, timeout=None)
    return seq


def set_schedule(when_ms: int | None) -> None:
    cache = _cache()
    if when_ms is None:
        cache.delete(SCHEDULE_KEY)
    else:
        cache.set(SCHEDULE_KEY, int(when_ms), timeout=None)
