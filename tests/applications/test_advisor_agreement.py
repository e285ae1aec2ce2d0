"""The advisor, an application's checklist and `endorse evaluate --all` agree, category by
category, on the same facts: a table of profiles at every boundary of the rules in force.

What the three can compare. The advisor asks about a background, so only the rules about
a background are compared: not `references`, `attestations`, `membership` (later steps of
the application) nor `category_open`. And the advisor can't say some facts the engine
reads, so the table keeps them as the advisor assumes them: the work is paid and supervised
(one job, no internship); every RS/C session is individual and from a provider endorsed
IMHM-C (whom every RS/C rule accepts; not peer, not vetted); the degree was earned before
the work. The advisor speaks in tenths of a year and hundredths of an FTE or an hour, so
"just below" a minimum of days is the nearest figure it can say below it (5.4 years at
0.37 FTE is 729.27 FTE-days; 2.8 years is 1022 days), and the table keeps to years whose
days are whole (365 × a fifth of a year), so that the application's dates say them exactly.

Each fact reaches the application and the command as a person would write it, not the
way the advisor builds its portfolio: the job and the roles are ongoing (no end date, so
they count until today); RS/C sessions come every 14 days, the last today, the first the
stated months before it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import msgspec
import pytest
from django.core.management import call_command

from endorse.applications.advisor import LATER_STEPS
from endorse.applications.models import (
    Details,
    Education,
    Leadership,
    Rsc,
    RscProvided,
    Training,
    Work,
)
from endorse.applications.selectors import application_checklist, application_data
from endorse.eligibility.spans import add_months
from endorse.standards.models import Category
from tests.applications.conftest import TODAY, World

D = Decimal
PIP = "parent_infant_psychotherapy"
CODES = ("IFA", "ECFA", "IFS", "ECFS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C", "IMHM-P",
         "ECMHM-P", "IMHM-RF", "ECMHM-RF")  # fmt: skip
NOT_BACKGROUND = LATER_STEPS | {"category_open"}


@dataclass(frozen=True)
class Profile:
    """The advisor's questions, answered as typed; the defaults are every minimum met at
    once (an infant parent–infant psychotherapist who also leads clinical practice)."""

    name: str
    meets: frozenset[str]  # the categories whose background rules are all met
    level: str = "master"
    years: str = "2"  # of work, in the engine's years of 365 days
    fte: str = "1"
    service: str = PIP
    families: int = 10
    ages: str = "infant"
    training: str = "48"
    dei: str = "3"
    pip: str = "10"
    rsc_training: str = "15"
    rsc: str = "50"
    rsc_about: str = "25"
    rsc_months: int = 12
    license: str = "licensed"
    leadership_years: str = "3"
    leadership_kind: str = "clinical"
    rsc_provided_years: str = "3"


def meets(text: str) -> frozenset[str]:
    return frozenset(text.split())


EVERY_MINIMUM = meets("IFA ECFA IFS IMHS IMHM-C ECMHM-C")
NOT_MENTOR = meets("IFA ECFA IFS IMHS")
ONLY_DEGREE = meets("IFA ECFA")
NOTHING: frozenset[str] = frozenset()

PROFILES = [
    Profile("every minimum met at once", EVERY_MINIMUM),
    # Degrees and licenses.
    Profile("a doctorate", EVERY_MINIMUM, level="doctorate"),
    Profile("a master's, license-eligible", EVERY_MINIMUM, license="eligible"),
    Profile("a master's, no license", EVERY_MINIMUM - {"IMHS"}, license="none"),
    Profile("a bachelor's, licensed", NOT_MENTOR, level="bachelor"),
    Profile("a bachelor's, license-eligible", NOT_MENTOR - {"IMHS"}, level="bachelor",
            license="eligible"),
    Profile("an associate's degree, licensed", meets("IFA ECFA IMHS"), level="associate"),
    Profile("a CDA credential, licensed", meets("IFA ECFA IMHS"), level="cda"),
    Profile("no degree, licensed", meets("IFA IMHS"), level=""),
    # Days of work: 730 FTE-days.
    Profile("no degree, exactly two years", meets("IFA"), level="", license="none"),
    Profile("no degree, 5 years at 0.4 FTE: 730 FTE-days", meets("IFA"), level="",
            license="none", years="5", fte="0.4"),
    Profile("no degree, 5.4 years at 0.37 FTE: 729.27 FTE-days", NOTHING, level="",
            license="none", years="5.4", fte="0.37"),
    Profile("4 years half time: 730 FTE-days", EVERY_MINIMUM, years="4", fte="0.5"),
    Profile("5.4 years at 0.37 FTE: 729.27 FTE-days", EVERY_MINIMUM - {"IFS", "IMHS"},
            years="5.4", fte="0.37"),
    Profile("2 years at 0.99 FTE", EVERY_MINIMUM - {"IFS", "IMHS"}, fte="0.99"),
    Profile("1.8 years full time", EVERY_MINIMUM - {"IFS", "IMHS"}, years="1.8"),
    Profile("9 families", EVERY_MINIMUM - {"IFS"}, families=9),
    # Kinds of work and ages served.
    Profile("prevention work", EVERY_MINIMUM - {"IMHS"}, service="prevention"),
    Profile("treatment work", EVERY_MINIMUM - {"IMHS"}, service="treatment"),
    Profile("promotion work", EVERY_MINIMUM - {"IFS", "IMHS"}, service="promotion"),
    Profile("other work, no degree", meets("IFA"), service="other", level=""),
    Profile("young children", meets("IFA ECFA ECFS ECMHS IMHM-C ECMHM-C"),
            ages="early_childhood"),
    Profile("both age bands", EVERY_MINIMUM | {"ECFS", "ECMHS"}, ages="both"),
    # Training hours: 48 (Mentor – Clinical), 33 (Specialist), 30, and the topics.
    Profile("47.99 hours of training", NOT_MENTOR, training="47.99"),
    Profile("33 hours of training", NOT_MENTOR, training="33"),
    Profile("32.99 hours of training", NOT_MENTOR - {"IMHS"}, training="32.99"),
    Profile("30 hours of training", NOT_MENTOR - {"IMHS"}, training="30"),
    Profile("29.99 hours of training", NOTHING, training="29.99"),
    Profile("2.99 hours on DEI", NOT_MENTOR - {"IMHS"}, dei="2.99"),
    Profile("9.99 hours on psychotherapy", EVERY_MINIMUM - {"IMHS"}, pip="9.99"),
    Profile("14.99 hours on providing RS/C", NOT_MENTOR, rsc_training="14.99"),
    # RS/C: 50 hours (Specialist, Mentor), 24 (Family Specialist), 25 about providing,
    # over at least 12 months.
    Profile("49.99 hours of RS/C", ONLY_DEGREE | {"IFS"}, rsc="49.99"),
    Profile("24 hours of RS/C", ONLY_DEGREE | {"IFS"}, rsc="24", rsc_about="0"),
    Profile("23.99 hours of RS/C", ONLY_DEGREE, rsc="23.99", rsc_about="0"),
    Profile("24.99 hours about providing RS/C", NOT_MENTOR, rsc_about="24.99"),
    Profile("RS/C over 11 months", ONLY_DEGREE, rsc_months=11),
    Profile("RS/C over 18 months", EVERY_MINIMUM, rsc_months=18),
    Profile("RS/C over 23 months", EVERY_MINIMUM, rsc_months=23),
    Profile("RS/C within 1 month", ONLY_DEGREE, rsc_months=1),
    # Years as a leader and providing RS/C: 1095 days.
    Profile("2.8 years of clinical leadership", NOT_MENTOR, leadership_years="2.8"),
    Profile("3 years of policy leadership", NOT_MENTOR | {"IMHM-P", "ECMHM-P"},
            leadership_kind="policy"),
    Profile("2.8 years of policy leadership", NOT_MENTOR, leadership_kind="policy",
            leadership_years="2.8"),
    Profile("3 years of research/faculty leadership", NOT_MENTOR | {"IMHM-RF", "ECMHM-RF"},
            leadership_kind="research_faculty"),
    Profile("2.8 years providing RS/C", NOT_MENTOR, rsc_provided_years="2.8"),
    Profile("nothing yet", NOTHING, level="", years="0", families=0, training="0",
            dei="0", pip="0", rsc_training="0", rsc="0", rsc_about="0", license="none",
            leadership_years="0", leadership_kind="", rsc_provided_years="0"),
]  # fmt: skip


def answers(profile: Profile) -> dict[str, str]:
    """The advisor's form, filled in."""
    names = {"families": "families_served", "ages": "age_band", "training": "training_hours",
             "dei": "dei_hours", "pip": "pip_hours", "rsc_training": "rsc_training_hours",
             "rsc": "rsc_hours", "rsc_about": "rsc_about_providing_hours"}  # fmt: skip
    fields = asdict(profile)
    del fields["name"], fields["meets"]
    return {names.get(key, key): str(value) for key, value in fields.items()}


def whole_days(years: str) -> int:
    days = D(years) * 365
    assert days == int(days), "the table keeps to years of whole days"
    return int(days)


def since(years: str) -> date:
    """The first day of a role held ``years`` until today (an ongoing one counts today)."""
    return TODAY - timedelta(days=whole_days(years) - 1)


def sessions(hours: Decimal, months: int) -> list[tuple[date, Decimal]]:
    """Every 14 days from ``months`` months before today to today, ``hours`` in all."""
    first = add_months(TODAY, -months)
    days = [first + timedelta(days=n) for n in range(0, (TODAY - first).days, 14)] + [TODAY]
    share = (hours / len(days)).quantize(D("0.01"), rounding=ROUND_DOWN)
    return [(day, share) for day in days[:-1]] + [(TODAY, hours - share * (len(days) - 1))]


def entries(profile: Profile) -> dict[str, list[dict[str, Any]]]:
    """The profile as the sections of an `endorse.portfolio/1` document."""
    dei, pip, rsc_training, about = map(D, (profile.dei, profile.pip, profile.rsc_training,
                                            profile.rsc_about))  # fmt: skip
    topics = [(D(profile.training) - dei - pip - rsc_training, []), (dei, ["dei"]),
              (pip, [PIP]), (rsc_training, ["rsc_provision"])]  # fmt: skip
    rsc = [(on, hours, False) for on, hours in sessions(D(profile.rsc) - about,
                                                        profile.rsc_months)]  # fmt: skip
    rsc += [(on, hours, True) for on, hours in sessions(about, profile.rsc_months)]
    return {
        "education": [{"level": profile.level, "completed_on": date(2000, 6, 1)}]
        if profile.level
        else [],
        "work": [{"start": since(profile.years), "end": None, "fte": float(profile.fte),
                  "paid": True, "supervised": True, "service": profile.service,
                  "age_band": profile.ages, "families_served": profile.families}]
        if D(profile.years)
        else [],
        "training": [{"date": date(2024, 5, 1), "hours": float(hours), "topics": names}
                     for hours, names in topics if hours],
        "rsc": [{"date": on, "hours": float(hours), "format": "individual",
                 "provider_endorsement": "IMHM-C", "about_providing_rsc": about}
                for on, hours, about in rsc if hours],
        "leadership": [{"start": since(profile.leadership_years), "end": None,
                        "kind": profile.leadership_kind}]
        if D(profile.leadership_years)
        else [],
        "rsc_provided": [{"start": since(profile.rsc_provided_years), "end": None}]
        if D(profile.rsc_provided_years)
        else [],
    }  # fmt: skip


def enter(world: World, profile: Profile) -> None:
    """The same entries typed into the application, and the license in its details."""
    application = world.application
    common = {"association": world.ct, "application": application, "complete": True}
    found = entries(profile)
    for row in found["education"]:
        Education.objects.create(**common, **row)
    for row in found["work"]:
        Work.objects.create(**common, **{**row, "fte": D(str(row["fte"]))})
    for row in found["training"]:
        flags = {"dei": "dei" in row["topics"], "pip": PIP in row["topics"],
                 "rsc_provision": "rsc_provision" in row["topics"]}  # fmt: skip
        Training.objects.create(**common, date=row["date"], hours=D(str(row["hours"])), **flags)
    for row in found["rsc"]:
        Rsc.objects.create(**common, **{**row, "hours": D(str(row["hours"]))})
    for row in found["leadership"]:
        Leadership.objects.create(**common, **row)
    for row in found["rsc_provided"]:
        RscProvided.objects.create(**common, **row)
    Details.objects.filter(application=application).update(
        mental_health_license=profile.license == "licensed",
        license_eligible=profile.license in ("licensed", "eligible"),
    )


Verdicts = dict[str, dict[str, bool]]  # category -> background rule -> met


def by_advisor(world: World, profile: Profile) -> Verdicts:
    response = world.client(None).get("/ct/advisor/", answers(profile))
    assert response.context["form"].errors == {}
    return {row.code: {line.code: line.met for line in row.lines}
            for row in response.context["rows"]}  # fmt: skip


def by_checklist(world: World) -> Verdicts:
    data = application_data(application=world.application, today=TODAY)
    return {
        code: {
            row.code: row.met
            for row in application_checklist(
                data=data, category=Category.objects.get(code=code), on=TODAY, lang="en"
            ).rows
            if row.code not in NOT_BACKGROUND
        }
        for code in CODES
    }


def by_command(profile: Profile, tmp_path: Path) -> Verdicts:
    document = {"format": "endorse.portfolio/1", "person": {
        "mental_health_license": profile.license == "licensed",
        "license_eligible": profile.license in ("licensed", "eligible")}, **entries(profile)}  # fmt: skip
    path = tmp_path / "portfolio.json"
    path.write_bytes(msgspec.json.encode(document))
    out = StringIO()
    call_command("evaluate", str(path), "--all", "--as-of", TODAY.isoformat(),
                 "--association", "ct", stdout=out)  # fmt: skip
    return {
        category["category"]: {
            rule["code"]: rule["met"]
            for rule in category["requirements"]
            if rule["code"] not in NOT_BACKGROUND
        }
        for category in json.loads(out.getvalue())["categories"]
    }


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.name for profile in PROFILES])
def test_the_advisor_the_checklist_and_the_command_agree(
    world: World, profile: Profile, tmp_path: Path
) -> None:
    enter(world, profile)
    advisor = by_advisor(world, profile)
    found = {"checklist": by_checklist(world), "command": by_command(profile, tmp_path)}
    assert sorted(advisor) == sorted(CODES)
    assert [
        f"{code} {rule}: advisor {met}, {name} {verdicts[code].get(rule)}"
        for name, verdicts in found.items()
        for code, rules in advisor.items()
        for rule, met in rules.items()
        if verdicts[code].get(rule) != met
    ] == []
    assert all(sorted(advisor[code]) == sorted(v[code]) for v in found.values() for code in CODES)
    ready = {code for code, rules in advisor.items() if all(rules.values())}
    assert sorted(ready) == sorted(profile.meets)


def test_the_table_reaches_every_boundary() -> None:
    """At least 30 profiles, and each category both met and not met somewhere."""
    assert len(PROFILES) >= 30
    assert len({profile.name for profile in PROFILES}) == len(PROFILES)
    for code in CODES:
        assert any(code in p.meets for p in PROFILES), code
        assert any(code not in p.meets for p in PROFILES), code
