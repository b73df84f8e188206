"""Django's Redis cache backend with one ``redis.Redis`` client reused per connection pool, a circuit
breaker in front of it, and an atomic counter for rate limits."""

import logging
import pickle
import threading
import time
from contextlib import contextmanager

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# What a Redis that is down, unreachable or stopped raises; other Redis errors are answers, not outages.
OUTAGES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class CacheUnavailable(redis.exceptions.ConnectionError):
    """Raised at once, without a network call, while the circuit breaker keeps a silent Redis out of requests.

    A ``redis.exceptions.ConnectionError``, so every caller that copes with a Redis outage copes with it.
    """


class CircuitBreaker:
    """After a call finds Redis down (or silent past the socket timeout), every call fails at once for
    ``open_seconds``; then one call tries Redis again while the others keep failing at once.

    Without it a stopped Redis costs each cache call a full socket timeout, several times per page, so every
    page slows to seconds and a few requests tie up every worker. One per process and Redis (each worker
    finds out for itself with one timeout, ``breaker_for``); a race between threads only lets two calls try
    at once.
    """

    def __init__(self, open_seconds: float):
        self.open_seconds = open_seconds
        self.open_until = 0.0  # time.monotonic(); 0 while Redis answers
        self._lock = threading.Lock()

    def before_call(self) -> None:
        if not self.open_until:
            return
        with self._lock:
            now = time.monotonic()
            if now < self.open_until:
                raise CacheUnavailable("Redis is being skipped after it failed to answer")
            self.open_until = now + self.open_seconds  # this call tries; the others keep skipping meanwhile

    def failed(self, error: Exception) -> None:
        if not self.open_until:
            logger.error("Redis did not answer (%s); skipping it for %s s at a time.", error, self.open_seconds)
        self.open_until = time.monotonic() + self.open_seconds

    def succeeded(self) -> None:
        if self.open_until:
            self.open_until = 0.0
            logger.warning("Redis answers again; using it.")

    @contextmanager
    def guard(self):
        self.before_call()
        try:
            yield
        except OUTAGES as error:
            if not isinstance(error, CacheUnavailable):
                self.failed(error)
            raise
        self.succeeded()


_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(servers, open_seconds: float) -> CircuitBreaker:
    """The process's breaker for these Redis servers. Django gives each thread its own cache backend; sharing
    the breaker means a gthread worker pays one timeout when Redis goes silent, not one per thread."""
    with _breakers_lock:
        return _breakers.setdefault((tuple(servers), open_seconds), CircuitBreaker(open_seconds))


class GuardedRedis(redis.Redis):
    """A ``redis.Redis`` whose every command passes its cache's circuit breaker."""

    def __init__(self, *args, breaker: CircuitBreaker, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker = breaker

    def execute_command(self, *args, **options):
        with self.breaker.guard():
            return super().execute_command(*args, **options)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` (and its table of ~170 response callbacks)
    for every cache call; that was a third of the CPU of a page-cache hit. A ``redis.Redis`` is
    thread-safe over its pool, so one per pool is reused."""

    def __init__(self, *args, circuit_open_seconds: float = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}
        self.breaker = breaker_for(self._servers, circuit_open_seconds)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if (client := self._clients.get(index)) is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = GuardedRedis(connection_pool=pool, breaker=self.breaker)
        return client

    def incr_in_window(self, key, window: int) -> int:
        """Count one at ``key``, a counter that lives ``window`` seconds from its first count: one round
        trip, atomic (``SET NX EX`` and ``INCR`` in one ``MULTI``), so parallel requests never lose a count
        and a counter never outlives its window."""
        client = self.get_client(key, write=True)
        with self.breaker.guard(), client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window, nx=True)
            pipe.incr(key)
            return pipe.execute()[1]

    def set_max(self, key, value: int) -> None:
        """Store the integer ``value`` at ``key`` (no expiry) unless a larger one is there: one atomic script,
        so two servers recording at once never move the number back."""
        self._script(SET_MAX)(keys=[key], args=[int(value)])

    def _script(self, source):
        if (script := self._scripts.get(source)) is None:
            script = self._scripts[source] = self.get_client(write=True).register_script(source)  # EVALSHA
        return script

    def tagged_lookup(self, keys, prefix, start):
        """See ``TAGGED_LOOKUP``: (sequence, schedule, fence, started, {entry key: (seq, tags, value)})."""
        out = self._script(TAGGED_LOOKUP)(keys=keys, args=[prefix, start])
        entries = {}
        for key, raw, versions in zip(keys[3:], out[4::2], out[5::2], strict=True):
            if raw is None:
                continue
            header, _, body = raw.partition(b"\n")
            seq, *tags = header.split()
            if all(int(version or 0) <= int(seq) for version in versions):
                entries[key] = (int(seq), tuple(tag.decode() for tag in tags), pickle.loads(body))  # noqa: S301 - ours
        return _number(out[0]), _number(out[1]), _number(out[2]), bool(out[3]), entries

    def numbers(self, keys) -> list[int | None]:
        """The integers at ``keys`` (``None`` where a key is absent), in one ``MGET``."""
        return [_number(value) for value in self.get_client(keys[0]).mget(keys)]

    def tagged_store(self, key, seq, tags, value, timeout):
        header = f"{seq} {' '.join(tags)}\n".encode()
        self.get_client(key, write=True).set(key, header + pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=timeout)

    def tagged_bump(self, seq_key, fence_key, fence, tags, prefix, start):
        args = ["" if fence is None else int(fence), prefix, start, *tags]
        return int(self._script(TAGGED_BUMP)(keys=[seq_key, fence_key], args=args))


# The tagged store (pagecache.store) in one round trip each. Tag keys are built inside the scripts from a prefix,
# which a single Redis allows (Redis Cluster would not: this is one master endpoint).
TAGGED_LOOKUP = """
-- KEYS: the sequence, the schedule, the fence, then the entries. ARGV[1]: the tags' key prefix; ARGV[2]: where
-- a lost sequence starts again. Returns the three numbers, whether the sequence was just started, then for
-- each entry its bytes (or false) and the current numbers of the tags its first line names.
local out = redis.call('MGET', KEYS[1], KEYS[2], KEYS[3])
local started = 0
if not out[1] then
  if redis.call('SET', KEYS[1], ARGV[2], 'NX') then started = 1 end
  out[1] = redis.call('GET', KEYS[1])
end
out[4] = started
for i = 4, #KEYS do
  local entry = redis.call('GET', KEYS[i])
  local versions = {}
  if entry then
    local names = {}
    for word in string.gmatch(string.match(entry, '^[^\\n]*'), '%S+') do names[#names + 1] = ARGV[1] .. word end
    table.remove(names, 1)  -- the first word is the entry's own sequence number
    if #names > 0 then versions = redis.call('MGET', unpack(names)) end
  end
  out[#out + 1] = entry or false
  out[#out + 1] = versions
end
return out
"""
TAGGED_BUMP = """
-- KEYS: the sequence, the fence. ARGV[1]: the new fence or ''; ARGV[2]: the tags' key prefix; ARGV[3]: where a
-- lost sequence starts again; ARGV[4...]: the tags. The fence first, then the tags: atomically anyway.
if ARGV[1] ~= '' then
  local current = redis.call('GET', KEYS[2])
  if not current or tonumber(ARGV[1]) > tonumber(current) then redis.call('SET', KEYS[2], ARGV[1]) end
end
redis.call('SET', KEYS[1], ARGV[3], 'NX')
local seq = redis.call('INCR', KEYS[1])
for i = 4, #ARGV do redis.call('SET', ARGV[2] .. ARGV[i], seq) end
return seq
"""


def _number(value):
    return None if value is None else int(value)


SET_MAX = """
local current = redis.call('GET', KEYS[1])
if not current or tonumber(ARGV[1]) > tonumber(current) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
"""


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one reused client per pool, a circuit breaker
    (``OPTIONS["circuit_open_seconds"]``: how long a Redis that failed to answer is skipped) and
    ``incr_in_window()``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def incr_in_window(self, key, window: int, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.incr_in_window(key, window)

    def set_max(self, key, value: int, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._cache.set_max(key, value)

    def tagged_lookup(self, global_names, entry_names, *, tag_prefix, start):
        """``pagecache.store.lookup`` on Redis: one script, one round trip."""
        names = [*global_names, *entry_names]
        keys = [self.make_and_validate_key(name) for name in names]
        seq, schedule, fence, started, entries = self._cache.tagged_lookup(
            keys, self.make_and_validate_key(tag_prefix), start
        )
        by_key = dict(zip(keys, names, strict=True))
        return seq, schedule, fence, started, {by_key[key]: entry for key, entry in entries.items()}

    def numbers(self, names) -> list[int | None]:
        """The integers stored at ``names`` (``None`` where absent), read in one ``MGET``: the page cache's tags'
        and schedule's numbers, which a page-cache hit reads on every request. Django's ``get_many`` reads the
        same values (it keeps integers unpickled) but checks each key for memcached's rules first, a fifth of a
        hit's CPU in the cache layer; these names are the page cache's own (fixed prefixes and tags that
        ``pagecache.store.check_tags`` allowed), so their keys are only made."""
        return self._cache.numbers([self.make_key(name) for name in names])

    def tagged_store(self, name, seq, tags, value, timeout):
        self._cache.tagged_store(self.make_and_validate_key(name), seq, tags, value, timeout)

    def tagged_bump(self, seq_name, fence_name, fence, tags, *, tag_prefix, start):
        return self._cache.tagged_bump(
            self.make_and_validate_key(seq_name),
            self.make_and_validate_key(fence_name),
            fence,
            tags,
            self.make_and_validate_key(tag_prefix),
            start,
        )
