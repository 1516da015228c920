"""Per-client rate limits: one token bucket per key (or per client address), in memory.

A bucket holds up to ``rate_per_minute`` tokens and refills continuously at
``rate_per_minute / 60`` tokens per second; each request takes one token. A full bucket allows
a burst of one minute's worth of requests, then the steady rate. When the bucket is empty the
request is refused with the number of seconds until a token is back (``Retry-After``).

Notes
-----
The buckets live in the memory of one process: with ``uvicorn --workers N`` each worker keeps
its own, so the effective limit is up to N times the configured one. That is the usual trade-off
of an in-process limiter (no shared store to run); a deployment needing exact global limits would
put them in the database or a proxy.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_BUCKETS = 100_000
"""Above this many buckets, the full ones (idle clients) are dropped: memory stays bounded."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by client; safe to share between threads.

    Parameters
    ----------
    clock
        Monotonic clock in seconds (tests pass a fake one).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._rates: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, client: str, rate_per_minute: int) -> float | None:
        """Take one token from ``client``'s bucket.

        Returns
        -------
        float | None
            None if the request may go on, else the seconds to wait before the next token.
        """
        capacity = float(rate_per_minute)
        per_second = rate_per_minute / 60.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._drop_full(now)
                bucket = self._buckets[client] = _Bucket(tokens=capacity, updated=now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * per_second)
            bucket.updated = now
            self._rates[client] = rate_per_minute
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return (1.0 - bucket.tokens) / per_second

    def _drop_full(self, now: float) -> None:
        for client, bucket in list(self._buckets.items()):
            rate = self._rates[client]
            if bucket.tokens + (now - bucket.updated) * rate / 60.0 >= rate:
                del self._buckets[client]
                del self._rates[client]


def retry_after_header(wait_s: float) -> str:
    """Return the ``Retry-After`` value (whole seconds, at least 1) for a wait."""
    return str(max(1, math.ceil(wait_s)))
