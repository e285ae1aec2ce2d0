"""Benchmark of payments: Stripe's webhook, and the coordinator's money pages, at scale.

Builds a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) through Django's
test-database machinery with ``--count`` people of one association, each with a due fee
and an open Stripe Checkout page. Then it times, as whole requests through Django:

- Stripe's webhook: a signed ``checkout.session.completed`` for every page (signature
  check, the event's row, the payment, the notification), then each delivered again
  (Stripe delivers at least once): target under 100 ms at the 95th percentile;
- the ledger (every fee now paid) and the employer payments page (half the fees due
  again), each under 1 s at the 95th percentile, with a query count that doesn't grow.

Run from the project root::

    .venv/bin/python benchmarks/payments.py [--count 2000] [--pages 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/payments.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import stripe  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

WEBHOOK_TARGET_MS = 100.0
PAGE_TARGET_MS = 1000.0
SECRET = "whsec_benchmark"  # noqa: S105 (a made-up test secret)


def fill(count: int) -> tuple[Any, list[Any]]:
    """``count`` people at CT, each owing a processing fee with an open Checkout page."""
    from endorse.accounts.models import User
    from endorse.associations.models import StaffRole
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.payments.card import card_settings_save
    from endorse.payments.models import Charge, CheckoutSession
    from endorse.standards.models import Category
    from endorse.standards.services import baseline_sync

    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT")
    category = Category.objects.get(code="IMHS")
    users = User.objects.bulk_create(
        User(email=f"p{i}@bench.example", full_name=f"Person {i:05d}", password="!")  # noqa: S106 (unusable)
        for i in range(count)
    )
    charges = Charge.objects.bulk_create(
        Charge(association=ct, person=u, kind="processing", category=category,
               amount_cents=20000, currency="USD")
        for u in users
    )  # fmt: skip
    expires = timezone.now() + timedelta(days=1)
    sessions = CheckoutSession.objects.bulk_create(
        CheckoutSession(association=ct, person=c.person, stripe_id=f"cs_bench_{c.pk}",
                        url="https://checkout.stripe.com/x", amount_cents=20000,
                        currency="USD", expires_at=expires)
        for c in charges
    )  # fmt: skip
    CheckoutSession.charges.through.objects.bulk_create(
        CheckoutSession.charges.through(checkoutsession_id=s.pk, charge_id=c.pk)
        for s, c in zip(sessions, charges, strict=True)
    )
    coordinator = User.objects.create_user("coord@bench.example", "x", full_name="Coordinator")
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    card_settings_save(association=ct, secret_key="sk_test_benchmark",  # noqa: S106 (made up)
                       webhook_secret=SECRET, actor=coordinator)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return coordinator, sessions


def event(session: Any) -> tuple[str, str]:
    body = json.dumps({
        "id": f"evt_{session.stripe_id}", "object": "event", "type": "checkout.session.completed",
        "data": {"object": {"id": session.stripe_id, "object": "checkout.session",
                            "status": "complete", "payment_status": "paid", "amount_total": 20000,
                            "currency": "usd", "metadata": {"association": "ct"},
                            "payment_intent": f"pi_{session.pk}"}},
    })  # fmt: skip
    return body, stripe.WebhookSignature.generate_signature_header(body, SECRET)


def timed(label: str, calls: list[Callable[[], Any]], target: float) -> bool:
    timings: list[float] = []
    counts: set[int] = set()
    for call in calls:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = call()
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:200]
        counts.add(len(queries))
    ordered = sorted(timings)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    verdict = "PASS" if p95 < target else "FAIL"
    shown = sorted(counts) if len(counts) <= 3 else f"{min(counts)}–{max(counts)}"
    print(f"{label:<40} n={len(ordered):<5} median {statistics.median(ordered):7.1f} ms   "
          f"p95 {p95:7.1f} ms   queries {shown}   {verdict}")  # fmt: skip
    return p95 < target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        coordinator, sessions = fill(args.count)
        print(f"database: {connection.vendor}; {args.count:,} people, each a due fee and a page")
        stripe_client = Client()
        url = "/ct/payments/stripe/webhook/"
        signed = [event(s) for s in sessions]

        def deliver(body: str, header: str) -> Callable[[], Any]:
            return lambda: stripe_client.post(url, body, content_type="application/json",
                                              HTTP_STRIPE_SIGNATURE=header)  # fmt: skip

        ok &= timed("webhook: checkout completed", [deliver(*s) for s in signed],
                    WEBHOOK_TARGET_MS)  # fmt: skip
        ok &= timed("webhook: the same event again", [deliver(*s) for s in signed],
                    WEBHOOK_TARGET_MS)  # fmt: skip
        from endorse.payments.models import Charge, Payment

        assert Payment.objects.count() == args.count
        client = Client()
        client.force_login(coordinator)  # type: ignore[arg-type]
        year = date.today().year
        ok &= timed("/ct/manage/ledger/", [lambda: client.get(f"/ct/manage/ledger/?year={year}")]
                    * args.pages, PAGE_TARGET_MS)  # fmt: skip
        Charge.objects.filter(
            pk__in=list(
                Charge.objects.order_by("pk").values_list("pk", flat=True)[: args.count // 2]
            )
        ).update(status="due")
        employer = [lambda: client.get("/ct/manage/payments/employer/")] * args.pages
        ok &= timed("/ct/manage/payments/employer/", employer, PAGE_TARGET_MS)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
