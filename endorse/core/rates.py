"""Rate limits counted in the database in one statement a request.

Django's database cache costs four queries and a write transaction for each count (it
counts its whole table to decide whether to cull); here a request is one
``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` (SQLite 3.35+ and PostgreSQL alike),
and the windows that ended are deleted now and then rather than at every request.
"""

from __future__ import annotations

import random
import time

from django.db import connection

from endorse.core.models import RateCount

# About one request in this many also deletes the counts of windows that ended.
PRUNE_ONE_IN = 500


def hits_now(key: str, *, seconds: int, now: float | None = None) -> tuple[int, float]:
    """Count one request of ``key`` in the current window of ``seconds``: how many it has
    made in this window, this one included, and the seconds left until the window ends."""
    moment = time.time() if now is None else now
    period = int(moment // seconds)
    table = connection.ops.quote_name(RateCount._meta.db_table)
    sql = (
        f"INSERT INTO {table} (client, period, hits) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (client, period) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
    )
    with connection.cursor() as cursor:  # one statement: it commits alone
        cursor.execute(sql, [key[:200], period])
        (hits,) = cursor.fetchone()
    if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 (not a secret)
        RateCount.objects.filter(period__lt=period - 1).delete()
    return int(hits), (period + 1) * seconds - moment
