"""About 150 entries per application, from benchmarks/evaluate.py's portfolio generator
(education 0-3, work 8-12, training 60-80, RS/C 50-70, leadership, RS/C provided,
references), turned into the application's own rows and bulk-created in batches."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from _alliance_fast import insert_rows
from _alliance_people import COUNTIES, Person
from django.utils import timezone
from evaluate import PROFILES, _rsc, _training, make_portfolio

REFERENCE_STATUS = {"completed": "completed", "requested": "sent", "declined": "declined"}
RECIPIENTS = ("Home visitors of the Early Head Start team", "Two clinicians in training")
ROLES = ("Clinical lead", "Program director", "Adjunct faculty, early childhood program")


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


COMMON = ("association_id", "application_id", "complete", "draft", "created_at", "saved_at")
FIELDS = {
    "details": ("phone", "county", "languages", "mental_health_license", "license_eligible",
                "membership_number", "membership_expires_on", "address", "license_description"),
    "education": ("level", "field", "institution", "completed_on"),
    "work": ("title", "employer", "start", "end", "fte", "paid", "supervised", "internship",
             "service", "age_band", "families_served", "supervisor_endorsement"),
    "training": ("title", "date", "hours", "dei", "pip", "rsc_provision"),
    "rsc": ("date", "hours", "format", "provider", "provider_endorsement",
            "about_providing_rsc"),
    "leadership": ("kind", "role", "start", "end"),
    "rsc_provided": ("recipients", "start", "end"),
    "references": ("name", "email", "role", "status", "rater_endorsed", "vetted",
                   "vetted_note"),
}  # fmt: skip


def _entries(person: Person, portfolio: dict[str, Any], now: Any, rng: random.Random,
             ) -> dict[str, list[tuple[Any, ...]]]:  # fmt: skip
    """The rows of each entry table, as tuples of COMMON + FIELDS[name]."""
    c = (person.rows["association"].pk, person.rows["application"].pk, True, None, now, now)
    facts = portfolio["person"]
    topics = lambda t: t.get("topics", ())  # noqa: E731
    sent = person.status != "preparing"
    return {
        "details": [(*c, f"+1 555 01{person.index % 100:02d}", rng.choice(COUNTIES),
                     "English, Spanish" if rng.random() < 0.3 else "English",
                     facts["mental_health_license"], facts["license_eligible"],
                     f"M-{person.index:05d}", _d(portfolio["membership"]["expires_on"]), "", "")],
        "education": [(*c, e["level"], e["field"], e["institution"], _d(e["completed_on"]))
                      for e in portfolio["education"]],
        "work": [(*c, w["title"], w["employer"], _d(w["start"]), _d(w["end"]),
                  Decimal(str(w["fte"])), w["paid"], w["supervised"], w["internship"],
                  w["service"], w["age_band"], w["families_served"],
                  w["supervisor_endorsement"] or "") for w in portfolio["work"]],
        "training": [(*c, t["title"], _d(t["date"]), Decimal(str(t["hours"])),
                      "dei" in topics(t), "parent_infant_psychotherapy" in topics(t),
                      "rsc_provision" in topics(t)) for t in portfolio["training"]],
        "rsc": [(*c, _d(r["date"]), Decimal(str(r["hours"])), r["format"], r["provider"],
                 r["provider_endorsement"] or "", r["about_providing_rsc"])
                for r in portfolio["rsc"]],
        "leadership": [(*c, x["kind"], rng.choice(ROLES), _d(x["start"]), _d(x["end"]))
                       for x in portfolio["leadership"]],
        "rsc_provided": [(*c, rng.choice(RECIPIENTS), _d(x["start"]), _d(x["end"]))
                         for x in portfolio["rsc_provided"]],
        "references": [(*c, f"Dr. {rng.choice(('Ana', 'Lee', 'Ngozi'))} "
                        f"{rng.choice(('Park', 'Núñez', 'Okafor', 'García'))}",
                        f"rater{person.index}.{i}@example.net", x["role"],
                        REFERENCE_STATUS[x["status"]] if sent else "not_requested",
                        x["rater_endorsed"], x["vetted"], "")
                       for i, x in enumerate(portfolio["references"])],
    }  # fmt: skip


MODELS = ("details", "education", "work", "training", "rsc", "leadership", "rsc_provided",
          "references")  # fmt: skip


def fill_entries(people: list[Person], rng: random.Random, *, heavy: Person | None,
                 chunk: int = 200) -> int:  # fmt: skip
    """Every application's entries, ``chunk`` applications at a time; ``heavy`` gets 200
    trainings and 200 RS/C sessions. Returns the number of entries made."""
    from endorse.applications import models as m

    model = {"details": m.Details, "education": m.Education, "work": m.Work,
             "training": m.Training, "rsc": m.Rsc, "leadership": m.Leadership,
             "rsc_provided": m.RscProvided, "references": m.Reference}  # fmt: skip
    as_of = timezone.localdate()
    now = timezone.now()
    made = 0
    for start in range(0, len(people), chunk):
        batch: dict[str, list[Any]] = {name: [] for name in MODELS}
        for person in people[start : start + chunk]:
            portfolio = make_portfolio(rng, as_of)
            if person is heavy:
                first = as_of - timedelta(days=3650)
                portfolio["training"] = _training(rng, PROFILES[2], first, as_of, 200)
                portfolio["rsc"] = _rsc(rng, PROFILES[2], first, as_of, 200)
            for name, rows in _entries(person, portfolio, now, rng).items():
                batch[name].extend(rows)
        for name in MODELS:
            count = insert_rows(model[name], COMMON + FIELDS[name], batch[name])
            made += count if name != "details" else 0
    return made
