"""Between the database and the engine's ``endorse.portfolio/1`` records, both ways."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import msgspec

from endorse.applications.models import (
    Agreement,
    Application,
    Details,
    Education,
    Entry,
    Leadership,
    Reference,
    Rsc,
    RscProvided,
    Signature,
    Training,
    Work,
)
from endorse.core.text import without_nul
from endorse.eligibility import portfolio as p

TOPIC_FLAGS: tuple[tuple[str, p.Topic], ...] = (
    ("dei", "dei"),
    ("pip", "parent_infant_psychotherapy"),
    ("rsc_provision", "rsc_provision"),
)


def _float(value: Decimal | None, default: float) -> float:
    return float(value) if value is not None else default


def education_record(row: Education) -> p.Education:
    assert row.completed_on is not None
    return p.Education(
        level=row.level,  # type: ignore[arg-type]
        completed_on=row.completed_on,
        field=row.field,
        institution=row.institution,
    )


def work_record(row: Work) -> p.Work:
    assert row.start is not None
    return p.Work(
        start=row.start,
        end=row.end,
        fte=_float(row.fte, 1.0),
        paid=row.paid,
        supervised=row.supervised,
        internship=row.internship,
        service=row.service,  # type: ignore[arg-type]
        age_band=row.age_band,  # type: ignore[arg-type]
        families_served=row.families_served or 0,
        supervisor_endorsement=row.supervisor_endorsement or None,
        title=row.title,
        employer=row.employer,
    )


def training_record(row: Training) -> p.Training:
    assert row.date is not None
    topics = tuple(topic for flag, topic in TOPIC_FLAGS if getattr(row, flag))
    return p.Training(
        date=row.date,
        hours=_float(row.hours, 0),
        topics=topics,
        title=row.title,
    )


def rsc_record(row: Rsc) -> p.Rsc:
    assert row.date is not None
    return p.Rsc(
        date=row.date,
        hours=_float(row.hours, 0),
        format=row.format,  # type: ignore[arg-type]
        provider=row.provider,
        provider_endorsement=row.provider_endorsement or None,
        about_providing_rsc=row.about_providing_rsc,
    )


def leadership_record(row: Leadership) -> p.Leadership:
    assert row.start is not None
    return p.Leadership(start=row.start, end=row.end, kind=row.kind)  # type: ignore[arg-type]


def rsc_provided_record(row: RscProvided) -> p.RscProvided:
    assert row.start is not None
    return p.RscProvided(start=row.start, end=row.end)


def engine_rows(entries: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The rows the engine reads, section by section, in the order it reads them:
    complete entries only; references once their request is out. The engine's
    ``portfolio.<section>[i]`` is ``engine_rows(...)[section][i]``."""
    rows = {
        name: [row for row in entries.get(name, []) if row.complete]
        for name in ("education", "work", "training", "rsc", "leadership", "rsc_provided")
    }
    rows["references"] = [
        row
        for row in entries.get("references", [])
        if row.complete and row.status in REFERENCE_STATUS
    ]
    return rows


def build_portfolio(
    *,
    details: Details | None,
    entries: dict[str, list[Any]],
    signed_kinds: Iterable[str],
) -> p.Portfolio:
    """The engine's view of the application (see :func:`engine_rows`)."""
    rows = engine_rows(entries)
    signed = set(signed_kinds)
    return p.Portfolio(
        format="endorse.portfolio/1",
        person=p.Person(
            mental_health_license=bool(details and details.mental_health_license),
            license_eligible=bool(details and details.license_eligible),
        ),
        membership=p.Membership(expires_on=details.membership_expires_on if details else None),
        attestations=p.Attestations(
            code_of_ethics=Agreement.Kind.CODE_OF_ETHICS in signed,
            endorsement_agreement=Agreement.Kind.ENDORSEMENT_AGREEMENT in signed,
        ),
        education=tuple(education_record(row) for row in rows["education"]),
        work=tuple(work_record(row) for row in rows["work"]),
        training=tuple(training_record(row) for row in rows["training"]),
        rsc=tuple(rsc_record(row) for row in rows["rsc"]),
        leadership=tuple(leadership_record(row) for row in rows["leadership"]),
        rsc_provided=tuple(rsc_provided_record(row) for row in rows["rsc_provided"]),
        references=tuple(
            p.Reference(
                role=row.role,
                status=REFERENCE_STATUS[row.status],
                rater_endorsed=row.rater_endorsed,
                vetted=row.vetted,
            )
            for row in rows["references"]
        ),
    )


# The engine's reference states; a reference not sent yet is not a reference to it.
REFERENCE_STATUS: dict[str, p.ReferenceStatus] = {
    Reference.Status.SENT: "requested",
    Reference.Status.OPENED: "requested",
    Reference.Status.COMPLETED: "completed",
    Reference.Status.DECLINED: "declined",
}


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


def rows_from_portfolio(portfolio: p.Portfolio, application: Application) -> list[Entry]:
    """Unsaved rows for an import. References carry no contact details, so they are skipped."""
    common: dict[str, Any] = {
        "association_id": application.association_id,
        "application": application,
        "complete": True,
    }
    rows: list[Entry] = []
    rows += [
        Education(
            **common,
            level=e.level,
            completed_on=e.completed_on,
            field=e.field,
            institution=e.institution,
        )
        for e in portfolio.education
    ]
    rows += [
        Work(
            **common,
            start=w.start,
            end=w.end,
            fte=_dec(w.fte),
            paid=w.paid,
            supervised=w.supervised,
            internship=w.internship,
            service=w.service,
            age_band=w.age_band,
            families_served=w.families_served,
            supervisor_endorsement=w.supervisor_endorsement or "",
            title=w.title,
            employer=w.employer,
        )
        for w in portfolio.work
    ]
    rows += [
        Training(
            **common,
            title=t.title,
            date=t.date,
            hours=_dec(t.hours),
            **{flag: topic in t.topics for flag, topic in TOPIC_FLAGS},
        )
        for t in portfolio.training
    ]
    rows += [
        Rsc(
            **common,
            date=r.date,
            hours=_dec(r.hours),
            format=r.format,
            provider=r.provider,
            provider_endorsement=r.provider_endorsement or "",
            about_providing_rsc=r.about_providing_rsc,
        )
        for r in portfolio.rsc
    ]
    rows += [
        Leadership(**common, kind=entry.kind, start=entry.start, end=entry.end)
        for entry in portfolio.leadership
    ]
    rows += [RscProvided(**common, start=r.start, end=r.end) for r in portfolio.rsc_provided]
    return rows


def signed_kinds(signatures: Iterable[Signature], in_force: dict[str, Agreement]) -> set[str]:
    """Kinds whose version in force has been signed (a new version must be signed again)."""
    current = {agreement.pk for agreement in in_force.values()}
    return {s.agreement.kind for s in signatures if s.agreement_id in current}


def portfolio_export(portfolio: p.Portfolio, *, name: str, email: str, phone: str) -> bytes:
    """The file a person downloads: the portfolio, with whom it is of (so a file on a
    desktop or sent to another association says whose it is); the import reads only the
    phone. Without ``no_sanction``: a renewal's attestation, which an application never
    asks (the format's default, false, stands for it)."""
    contact = {"name": name[:200], "email": email[:254], "phone": phone[:40]}
    person = msgspec.structs.replace(
        portfolio.person, **{key: without_nul(value) for key, value in contact.items()}
    )
    document = msgspec.to_builtins(msgspec.structs.replace(portfolio, person=person))
    document["attestations"].pop("no_sanction", None)
    return msgspec.json.format(msgspec.json.encode(document), indent=2)
