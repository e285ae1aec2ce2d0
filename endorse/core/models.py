"""What the floor of the site keeps in the database for every app process alike."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """How many requests one client made in one fixed window of time (``period`` counts
    windows since the epoch), shared by every app process. One row per client and window,
    counted up by a single upsert (``endorse.core.rates``)."""

    client = models.CharField(max_length=200)
    period = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "period"], name="rate_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.client} @ {self.period}: {self.hits}"
