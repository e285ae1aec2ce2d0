from __future__ import annotations

from django_tasks import task


@task()
def close_checkouts(charge_ids: list[int]) -> None:
    """Close the open Stripe pages of fees just settled another way."""
    from endorse.payments.card import checkouts_close

    checkouts_close(charge_ids)
