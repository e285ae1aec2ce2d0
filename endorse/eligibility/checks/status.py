"""``references``, ``attestations``, ``membership`` and ``category_open``."""

from __future__ import annotations

from datetime import date

from endorse.eligibility.checks.phrases import Speaker, progress
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.rulesets import NoParams, ReferencesParams


def references(ctx: Context, params: ReferencesParams) -> Requirement:
    completed = [entry for entry in ctx.portfolio.references if entry.status == "completed"]
    endorsed = any(entry.rater_endorsed or entry.vetted for entry in completed)
    from_provider = any(entry.role == "rsc_provider" for entry in completed)
    enough = len(completed) >= params.count
    parts = [
        progress(
            ctx,
            met=enough,
            have=len(completed),
            need=params.count,
            what=_("completed reference ratings"),
        )
    ]
    if not endorsed:
        parts.append(ctx.say(_("At least one must come from an endorsed or vetted rater.")))
    if params.rsc_provider and not from_provider:
        parts.append(ctx.say(_("At least one must come from your RS/C provider.")))
    return Requirement(
        code="references",
        met=enough and endorsed and (from_provider or not params.rsc_provider),
        have=len(completed),
        need=params.count,
        unit="references",
        message=". ".join([parts[0], " ".join(parts[1:])]) if len(parts) > 1 else parts[0],
    )


def attestations(ctx: Context, _params: NoParams) -> Requirement:
    signed = ctx.portfolio.attestations
    missing = [
        ctx.say(name)
        for name, done in (
            (_("the Code of Ethics"), signed.code_of_ethics),
            (_("the Endorsement Agreement"), signed.endorsement_agreement),
        )
        if not done
    ]
    if len(missing) == 2:
        message = ctx.say(
            _("Still to sign: {first} and {second}."), first=missing[0], second=missing[1]
        )
    elif missing:
        message = ctx.say(_("Still to sign: {documents}."), documents=missing[0])
    else:
        message = ctx.say(_("Code of Ethics and Endorsement Agreement signed."))
    return Requirement(
        code="attestations",
        met=not missing,
        have=2 - len(missing),
        need=2,
        unit="signatures",
        message=message,
    )


def membership(ctx: Context, _params: NoParams) -> Requirement:
    return membership_on(ctx, ctx.portfolio.membership.expires_on, ctx.as_of)


def membership_on(ctx: Speaker, expires: date | None, day: date) -> Requirement:
    """Current on ``day``: the application's and the renewal's rule."""
    met = expires is not None and expires >= day
    if expires is None:
        message = ctx.say(_("No membership recorded; a current membership is needed."))
    elif met:
        message = ctx.say(_("Membership current until {date}."), date=expires)
    else:
        message = ctx.say(
            _("Membership expired on {date}; a current membership is needed."),
            date=expires,
        )
    return Requirement(
        code="membership",
        met=met,
        have=expires.isoformat() if expires else None,
        need=day.isoformat(),
        unit="date",
        message=message,
    )


def category_open(ctx: Context) -> Requirement:
    window = next((w for w in ctx.ruleset.closed if w.contains(ctx.as_of)), None)
    if window is None:
        message = ctx.say(_("Applications for this category are open."))
    else:
        message = ctx.say(
            _(
                "Applications for this category are closed from {start}; they reopen on {end}. "
                "{reason}"
            ),
            start=window.start,
            end=window.end,
            reason=window.reason_in(ctx.lang),
        ).strip()
    return Requirement(
        code="category_open",
        met=window is None,
        have=window is None,
        need=True,
        unit=None,
        message=message,
    )
