"""Reads about renewals: an association's policy and rules, and who is due."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import msgspec
from django.shortcuts import get_object_or_404

from endorse.accounts.models import User
from endorse.applications.models import Agreement
from endorse.applications.portfolio import TOPIC_FLAGS
from endorse.applications.selectors import agreements_in_force
from endorse.associations.models import Association
from endorse.eligibility.portfolio import (
    Attestations,
    Membership,
    Portfolio,
    Rsc,
    Topic,
    Training,
)
from endorse.eligibility.renewal import (
    MODEL_OF_YEARS,
    MonthDay,
    Period,
    RenewalPolicy,
    next_period,
    period_ending_on,
    years_by_end,
)
from endorse.eligibility.renewal_evaluate import RenewalEvaluation, evaluate_renewal
from endorse.eligibility.renewal_rules import (
    RenewalCatalog,
    RenewalFacts,
    RenewalSet,
    load_renewal_baseline,
    parse_renewal_version,
)
from endorse.endorsements.models import Endorsement
from endorse.payments.models import Fee, FeeKind
from endorse.payments.selectors import fee_in_force
from endorse.renewals.models import (
    Renewal,
    RenewalRequirementSet,
    RenewalSettings,
    RenewalTraining,
)
from endorse.renewals.review_credit import CreditedTraining, as_training, credited_trainings
from endorse.standards.models import Category
from endorse.standards.selectors import evaluation_options


def renewal_settings(*, association: Association) -> RenewalSettings:
    """The association's settings; the defaults (unsaved) until it changes any."""
    found = RenewalSettings.objects.filter(association=association).first()
    return found or RenewalSettings(association=association)


def policy_from(association: Association, settings: RenewalSettings) -> RenewalPolicy:
    return RenewalPolicy(
        model=association.renewal_model,  # type: ignore[arg-type]
        due=MonthDay(settings.due_month, settings.due_day),
        window_opens=MonthDay(settings.opens_month, settings.opens_day),
        late_until=MonthDay(settings.late_until_month, settings.late_until_day),
        cycle_year=settings.cycle_year,
    )


def renewal_policy(*, association: Association) -> RenewalPolicy:
    return policy_from(association, renewal_settings(association=association))


def renewal_catalog(*, association: Association) -> RenewalCatalog:
    """The renewal requirement sets that apply to the association: its own versions for a
    model and category where it has any, the bundled baseline's otherwise."""
    own: dict[tuple[str, str], list[RenewalSet]] = defaultdict(list)
    for row in RenewalRequirementSet.objects.filter(association=association).select_related(
        "category"
    ):
        for version in parse_renewal_version(association.slug, row.spec()):
            own[(version.model, version.category)].append(version)
    baseline = load_renewal_baseline()
    chosen = [version for versions in own.values() for version in versions]
    for (model, category), versions in baseline.by_key().items():
        if (model, category) not in own:
            chosen.extend(versions)
    return RenewalCatalog(chosen)


def renewal_period(*, association: Association, due_on: date) -> Period:
    """The period due on ``due_on``, with the association's window and late period."""
    return period_ending_on(renewal_policy(association=association), due_on)


def period_of(renewal: Renewal) -> Period:
    """A renewal's period, as recorded when it was opened (its window and late period by
    the association's calendar). A reactivation's runs from one period's length before
    it was opened until the end of the inactive period, and may be sent at any time."""
    if renewal.kind == Renewal.Kind.REACTIVATION:
        return Period(
            starts=renewal.period_starts,
            due=renewal.due_on,
            opens=renewal.period_starts,
            late_until=renewal.due_on,
            years=renewal.period_years,
        )
    around = renewal_period(association=renewal.association, due_on=renewal.due_on)
    return msgspec.structs.replace(around, starts=renewal.period_starts, years=renewal.period_years)


def due_period(endorsement: Endorsement) -> Period:
    """The period of the endorsement's next due date, as recorded when it was set."""
    assert endorsement.next_due_on is not None
    around = renewal_period(association=endorsement.association, due_on=endorsement.next_due_on)
    if endorsement.next_period_starts is None or endorsement.next_period_years is None:
        return around  # set before periods were recorded: the calendar's own
    return msgspec.structs.replace(
        around, starts=endorsement.next_period_starts, years=endorsement.next_period_years
    )


def shared_period(due: list[Endorsement]) -> Period:
    """The period of one renewal covering ``due`` (all due the same day): the latest first
    day recorded among them, so no year one of them already renewed is asked again."""
    return max((due_period(endorsement) for endorsement in due), key=lambda p: p.starts)


def period_after(policy: RenewalPolicy, due_on: date) -> Period:
    """The period after the one due on ``due_on``, under ``policy`` (the association's
    model now). Its hours start the day after ``due_on``, whenever the policy's cycle
    started (after a move or a change of model, the years before were renewed)."""
    after = due_on + timedelta(days=1)
    following = next_period(policy, period_ending_on(policy, due_on))
    while True:
        if following.starts != after:
            following = msgspec.structs.replace(following, starts=after)
        # A stretch shorter than a whole year owes nothing alone: it joins the next period,
        # whose hours then count from the same day.
        if following.years == 1 or years_by_end(after, following) >= 1:
            return following
        following = next_period(policy, following)


def endorsements_due(*, association: Association, person: User) -> list[Endorsement]:
    """The person's active endorsements at the association due at the earliest date."""
    held = list(
        Endorsement.objects.filter(
            association=association,
            person=person,
            status=Endorsement.Status.ACTIVE,
            next_due_on__isnull=False,
        )
        .select_related("category")
        .order_by("next_due_on", "category__sort_order")
    )
    return [e for e in held if e.next_due_on == held[0].next_due_on] if held else []


def renewal_current(*, association: Association, person: User) -> Renewal | None:
    """The renewal the person is working on or waiting on: the one for their next due date,
    or the latest still with the coordinator."""
    due = endorsements_due(association=association, person=person)
    renewals = Renewal.objects.filter(association=association, person=person)
    if due and due[0].next_due_on is not None:
        found = renewals.filter(due_on=due[0].next_due_on, kind=Renewal.Kind.RENEWAL).first()
        if found is not None:
            return found
    return renewals.exclude(status=Renewal.Status.APPROVED).order_by("-opened_at", "-pk").first()


def renewal_portfolio(
    renewal: Renewal,
    *,
    ethics_in_force: Agreement | None,
    credited: list[CreditedTraining] | None = None,
) -> Portfolio:
    """The renewal's entries as the engine's portfolio, with the review time the
    association credits (``credited``) as training."""
    return Portfolio(
        format="endorse.portfolio/1",
        membership=Membership(expires_on=renewal.membership_expires_on),
        attestations=Attestations(
            code_of_ethics=ethics_in_force is not None
            and renewal.ethics_agreement_id == ethics_in_force.pk
            and renewal.ethics_signed_at is not None,
            no_sanction=renewal.no_sanction,
        ),
        training=tuple(
            Training(
                date=row.date,
                hours=float(row.hours),
                topics=_topics(row),
                title=row.title,
            )
            for row in renewal.trainings.all()
        )
        + as_training(credited or []),
        rsc=tuple(
            Rsc(
                date=row.date,
                hours=float(row.hours),
                format=row.format,  # type: ignore[arg-type]
                provider=row.provider,
                provider_endorsement=row.provider_endorsement or None,
            )
            for row in renewal.rsc_sessions.all()
        ),
    )


def _topics(row: RenewalTraining) -> tuple[Topic, ...]:
    """The application's topic flags; a renewal's training has no psychotherapy flag."""
    return tuple(topic for flag, topic in TOPIC_FLAGS if getattr(row, flag, False))


@dataclass(frozen=True)
class CategoryRenewal:
    endorsement: Endorsement
    evaluation: RenewalEvaluation | None  # None: no renewal requirements for the category

    @property
    def ready(self) -> bool:
        return self.evaluation is not None and self.evaluation.ready_to_submit


@dataclass(frozen=True)
class RenewalChecklist:
    renewal: Renewal
    period: Period
    on: date
    categories: list[CategoryRenewal]
    ethics: Agreement | None
    # Review time the association credits: confirmed training the person does not type.
    credited: list[CreditedTraining] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return bool(self.categories) and all(item.ready for item in self.categories)

    @property
    def by_attestation(self) -> bool:
        """Whether any category renews by attestation (then hours are attested)."""
        return any(
            item.evaluation is not None and item.evaluation.by_attestation
            for item in self.categories
        )

    @property
    def documented(self) -> bool:
        """Whether hours must be listed: not by attestation, or audited."""
        return not self.by_attestation or self.renewal.audited

    @property
    def late(self) -> bool:
        return self.period.is_late(self.on)


def renewal_checklist(*, renewal: Renewal, on: date, lang: str) -> RenewalChecklist:
    """Each category's renewal requirements judged on the renewal's entries on ``on``."""
    association = renewal.association
    period = period_of(renewal)
    ethics = agreements_in_force(association=association, on=on).get(Agreement.Kind.CODE_OF_ETHICS)
    credited = credited_trainings(renewal, period, on, lang=lang)
    portfolio = renewal_portfolio(renewal, ethics_in_force=ethics, credited=credited)
    catalog = renewal_catalog(association=association)
    model = MODEL_OF_YEARS[period.years]
    options = evaluation_options(association=association)
    categories = []
    for endorsement in renewal.endorsements.select_related("category").order_by(
        "category__sort_order"
    ):
        renewal_set = catalog.for_period(model, endorsement.category.code, period)
        evaluation = None
        if renewal_set is not None:
            facts = RenewalFacts(
                period=period,
                endorsed_on=endorsement.issued_on,
                provides_rsc=renewal.provides_rsc,
                audited=renewal.audited,
                hours_attested=renewal.hours_attested,
            )
            evaluation = evaluate_renewal(
                portfolio, renewal_set, facts, on, lang=lang, options=options
            )
        categories.append(CategoryRenewal(endorsement, evaluation))
    return RenewalChecklist(renewal, period, on, categories, ethics, credited)


def renewal_get(*, association: Association, pk: int) -> Renewal:
    return get_object_or_404(
        Renewal.objects.filter(association=association).select_related("person", "association"),
        pk=pk,
    )


@dataclass(frozen=True)
class FeeDue:
    kind: str
    category: Category
    fee: Fee


def fees_on_sending(renewal: Renewal, on: date) -> list[FeeDue]:
    """The fees that fall due when the renewal is sent on ``on``: the renewal fee (once, or
    per category, as the association chose; the reactivation fee for a reactivation) and
    the late fee after the due date."""
    endorsements = list(renewal.endorsements.select_related("category").order_by("pk"))
    if not endorsements:
        return []
    one_fee = renewal_settings(association=renewal.association).one_fee
    charged = endorsements[:1] if one_fee else endorsements
    kind = FeeKind.REACTIVATION if renewal.kind == Renewal.Kind.REACTIVATION else FeeKind.RENEWAL
    wanted = [(kind, e.category) for e in charged]
    late = renewal.kind == Renewal.Kind.RENEWAL and period_of(renewal).is_late(on)
    if late:
        wanted.append((FeeKind.RENEWAL_LATE, endorsements[0].category))
    found = []
    for fee_kind, category in wanted:
        fee = fee_in_force(association=renewal.association, kind=fee_kind, category=category, on=on)
        if fee is not None:
            found.append(FeeDue(fee_kind, category, fee))
    return found
