"""Reads about money."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.payments.models import (
    REFUNDS_COUNTED,
    Charge,
    CheckoutSession,
    EmployerPayment,
    Fee,
    FeeKind,
    Payment,
    Refund,
)
from endorse.standards.models import Category


def fee_in_force(
    *, association: Association, kind: str, category: Category, on: date
) -> Fee | None:
    return (
        Fee.objects.filter(
            association=association, kind=kind, category=category, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )


@dataclass(frozen=True)
class FeeQuote:
    """What a fee would be for a category, before it is charged (0: nothing to pay)."""

    category: Category
    cents: int
    refundable: bool


def fee_quotes(
    *, association: Association, kind: str, categories: Iterable[Category], on: date
) -> list[FeeQuote]:
    """The fee of ``kind`` in force on ``on`` for each category, in their order: one query."""
    wanted = list(categories)
    in_force: dict[int, Fee] = {}
    rows = Fee.objects.filter(
        association=association, kind=kind, category__in=wanted, effective_from__lte=on
    ).order_by("category", "-effective_from")
    for fee in rows:
        in_force.setdefault(fee.category_id, fee)
    return [
        FeeQuote(c, in_force[c.pk].amount_cents, in_force[c.pk].refundable)
        if c.pk in in_force
        else FeeQuote(c, 0, False)
        for c in wanted
    ]


def fee_schedule(*, association: Association, on: date) -> dict[str, dict[str, int]]:
    """``{category code: {fee kind: cents}}`` in force on ``on``, for the public page."""
    schedule: dict[str, dict[str, int]] = {}
    rows = (
        Fee.objects.filter(association=association, effective_from__lte=on)
        .select_related("category")
        .order_by("kind", "category", "-effective_from")
    )
    for fee in rows:
        schedule.setdefault(fee.category.code, {}).setdefault(fee.kind, fee.amount_cents)
    return schedule


def charge_is_settled(charge: Charge | None) -> bool:
    """No charge (the association charges nothing) counts as settled."""
    return charge is None or charge.settled


@dataclass(frozen=True)
class LedgerRow:
    kind: str
    label: str
    months: list[int]  # cents received in each month, January first
    total: int


@dataclass(frozen=True)
class Ledger:
    year: int
    rows: list[LedgerRow]
    month_totals: list[int]
    total: int
    outstanding: int  # cents still due (charges neither paid nor waived)


def ledger(*, association: Association, year: int) -> Ledger:
    """Money received by the association in ``year``, by fee kind and month, less refunds
    (a row of their own), in cents: three queries however many payments."""
    # Summed by day, the months added up here: SQLite extracts a month in Python, row by
    # row, and there are at most 366 days a kind.
    sums = (
        Payment.objects.filter(association=association, received_on__year=year)
        .order_by()
        .values_list("charge__kind", "received_on")
        .annotate(cents=Sum("amount_cents"))
    )
    by_kind: dict[str, list[int]] = {}
    for kind, day, cents in sums:
        by_kind.setdefault(kind, [0] * 12)[day.month - 1] += cents
    labels = dict(FeeKind.choices)
    order = {kind: index for index, kind in enumerate(FeeKind.values)}
    rows = [
        LedgerRow(kind, str(labels.get(kind, kind)), months, sum(months))
        for kind, months in sorted(by_kind.items(), key=lambda item: order.get(item[0], 99))
    ]
    refunded = [0] * 12
    for refund_row in (
        Refund.objects.filter(
            association=association, refunded_on__year=year, state__in=REFUNDS_COUNTED
        )
        .order_by()
        .values_list("refunded_on")
        .annotate(cents=Sum("amount_cents"))
    ):
        refunded[refund_row[0].month - 1] -= refund_row[1]
    if any(refunded):
        rows.append(LedgerRow("refunds", _("Refunds"), refunded, sum(refunded)))
    month_totals = [sum(row.months[m] for row in rows) for m in range(12)]
    outstanding = (
        Charge.objects.filter(association=association, status=Charge.Status.DUE).aggregate(
            cents=Sum("amount_cents")
        )["cents"]
        or 0
    )
    return Ledger(year, rows, month_totals, sum(month_totals), outstanding)


def ledger_payments(*, association: Association, year: int) -> QuerySet[Payment]:
    """Each payment received in ``year``, newest first, with what a ledger line shows."""
    return (
        Payment.objects.filter(association=association, received_on__year=year)
        .select_related("charge__person", "charge__category", "recorded_by", "employer_payment")
        .order_by("-received_on", "-pk")
    )


def cents_text(cents: int) -> str:
    """Whole cents as a plain decimal amount (3500 → "35.00", -250 → "-2.50")."""
    whole, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{rest:02d}"


def ledger_refunds(*, association: Association, year: int) -> QuerySet[Refund]:
    return (
        Refund.objects.filter(
            association=association, refunded_on__year=year, state__in=REFUNDS_COUNTED
        )
        .select_related("payment__charge__person", "payment__charge__category", "recorded_by")
        .order_by("-refunded_on", "-pk")
    )


def payments_made(*, person: User) -> list[Payment]:
    """Everything the person paid, at every association, newest first (their receipts)."""
    return list(
        Payment.objects.filter(charge__person=person)
        .select_related("association", "charge__category", "employer_payment")
        .order_by("-received_on", "-pk")
    )


def payment_of(*, person: User, pk: int) -> Payment | None:
    """One of the person's own payments; None for anyone else's."""
    return (
        Payment.objects.filter(charge__person=person, pk=pk)
        .select_related("association", "charge__person", "charge__category", "employer_payment")
        .first()
    )


def charges_due(*, person: User) -> list[Charge]:
    """The person's unpaid fees at every association, oldest first."""
    return list(
        Charge.objects.filter(person=person, status=Charge.Status.DUE)
        .select_related("association", "category")
        .order_by("association__name", "created_at", "pk")
    )


def payable_charges(*, association: Association, person: User, pks: list[int]) -> list[Charge]:
    """The asked-for fees, if they are the person's own at this association (else fewer)."""
    return list(
        Charge.objects.filter(association=association, person=person, pk__in=pks)
        .select_related("category")
        .order_by("pk")
    )


def checkout_of(*, person: User, stripe_id: str) -> CheckoutSession | None:
    return (
        CheckoutSession.objects.filter(person=person, stripe_id=stripe_id)
        .select_related("association")
        .first()
    )


def due_for_employer(*, association: Association, search: str = "") -> QuerySet[Charge]:
    """Fees still due at the association, for choosing those an employer pays."""
    rows = Charge.objects.filter(association=association, status=Charge.Status.DUE)
    if search.strip():
        rows = rows.filter(
            Q(person__full_name__icontains=search.strip())
            | Q(person__email__icontains=search.strip())
        )
    return rows.select_related("person", "category").order_by("person__full_name", "pk")


def employer_payments(*, association: Association) -> QuerySet[EmployerPayment]:
    return EmployerPayment.objects.filter(association=association).prefetch_related(
        "payments__charge__person", "payments__charge__category"
    )


def paid_twice(*, association: Association) -> list[Charge]:
    """Fees that kept more money than they cost (a card payment arriving after a check, or
    after a waiver), not yet refunded the difference: the coordinator refunds one.

    Only fees with two payments or more (one GROUP BY ... HAVING over the association's
    payments by fee) or waived with a payment are read, with their payments and refunds:
    three queries, a handful of rows, however many fees were paid once."""
    twice = (
        Payment.objects.filter(association=association)
        .order_by()
        .values("charge_id")
        .annotate(received=Count("pk"))
        .filter(received__gt=1)
        .values("charge_id")
    )
    waived_paid = Q(status=Charge.Status.WAIVED) & Q(
        Exists(Payment.objects.filter(charge=OuterRef("pk")))
    )
    candidates = (
        Charge.objects.filter(association=association)
        .filter(Q(pk__in=twice) | waived_paid)
        .select_related("person", "category")
        .prefetch_related("payments__refunds")
        .order_by("pk")
    )
    return [charge for charge in candidates if _kept(charge) > _owed(charge)]


def _kept(charge: Charge) -> int:
    """What the fee's payments brought in, less the refunds counted (loaded rows)."""
    return sum(
        p.amount_cents - sum(r.amount_cents for r in p.refunds.all() if r.state in REFUNDS_COUNTED)
        for p in charge.payments.all()
    )


def _owed(charge: Charge) -> int:
    return 0 if charge.status == Charge.Status.WAIVED else charge.amount_cents


@dataclass(frozen=True)
class FeeLine:
    fee: Fee
    state: str  # "past", "in_force" or "upcoming"


def fee_schedule_lines(*, association: Association, on: date) -> list[FeeLine]:
    """Every line of the schedule by category and fee, newest first, each marked as in
    force on ``on``, upcoming, or past (replaced)."""
    rows = (
        Fee.objects.filter(association=association)
        .select_related("category")
        .order_by("category__sort_order", "kind", "-effective_from")
    )
    lines: list[FeeLine] = []
    current: set[tuple[int, str]] = set()
    for fee in rows:
        key = (fee.category_id, fee.kind)
        if fee.effective_from > on:
            state = "upcoming"
        elif key in current:
            state = "past"
        else:
            state = "in_force"
            current.add(key)
        lines.append(FeeLine(fee, state))
    return lines


def charges_processing(*, person: User) -> set[int]:
    """The person's fees with a card payment (a bank debit) still processing."""
    return set(
        CheckoutSession.objects.filter(
            person=person, status=CheckoutSession.Status.PROCESSING
        ).values_list("charges", flat=True)
    )
