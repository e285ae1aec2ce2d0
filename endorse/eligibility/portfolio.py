"""The ``endorse.portfolio/1`` format: everything an applicant claims.

The types are frozen msgspec Structs (typed records like dataclasses) so that
decoding and type checking of the JSON happen in C: judging a portfolio must
cost no more than a few times reading it (docs/decisions/0001). The web
application builds the same Structs from database rows and calls
:func:`check_portfolio` for the checks a type cannot express.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Final, Literal

import msgspec

from endorse.eligibility.categories import ENDORSEMENT_CODES

FORMAT: Final = "endorse.portfolio/1"

Level = Literal["cda", "associate", "bachelor", "master", "doctorate"]
Service = Literal["promotion", "prevention", "treatment", "parent_infant_psychotherapy", "other"]
AgeBand = Literal["infant", "early_childhood", "both"]
Topic = Literal["dei", "parent_infant_psychotherapy", "rsc_provision"]
RscFormat = Literal["individual", "group", "peer"]
LeadershipKind = Literal["clinical", "policy", "research_faculty"]
Role = Literal["supervisor", "rsc_provider", "colleague", "supervisee", "other"]
ReferenceStatus = Literal["requested", "completed", "declined"]
EndorsementCode = Literal[ENDORSEMENT_CODES]  # type: ignore[valid-type]

LEVEL_RANK: Final[dict[str, int]] = {
    "cda": 0,
    "associate": 1,
    "bachelor": 2,
    "master": 3,
    "doctorate": 4,
}

# A bound keeps arithmetic finite; no single entry comes near it.
Hours = Annotated[float, msgspec.Meta(gt=0, le=10_000)]
Fte = Annotated[float, msgspec.Meta(gt=0, le=1)]
Count = Annotated[int, msgspec.Meta(ge=0)]


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Person(_Record, frozen=True, kw_only=True):
    mental_health_license: bool = False
    license_eligible: bool = False


class Membership(_Record, frozen=True, kw_only=True):
    expires_on: date | None = None


class Attestations(_Record, frozen=True, kw_only=True):
    code_of_ethics: bool = False
    endorsement_agreement: bool = False


class Education(_Record, frozen=True, kw_only=True):
    level: Level
    completed_on: date
    field: str = ""
    institution: str = ""


class Work(_Record, frozen=True, kw_only=True):
    start: date
    end: date | None = None
    fte: Fte = 1.0
    paid: bool = True
    supervised: bool = False
    internship: bool = False
    service: Service
    age_band: AgeBand
    families_served: Count = 0
    supervisor_endorsement: EndorsementCode | None = None
    title: str = ""
    employer: str = ""


class Training(_Record, frozen=True, kw_only=True):
    date: date
    hours: Hours
    topics: tuple[Topic, ...] = ()
    title: str = ""


class Rsc(_Record, frozen=True, kw_only=True):
    date: date
    hours: Hours
    format: RscFormat
    provider: str = ""
    provider_endorsement: EndorsementCode | None = None
    provider_vetted: bool = False
    about_providing_rsc: bool = False


class Leadership(_Record, frozen=True, kw_only=True):
    start: date
    end: date | None = None
    kind: LeadershipKind


class RscProvided(_Record, frozen=True, kw_only=True):
    start: date
    end: date | None = None


class Reference(_Record, frozen=True, kw_only=True):
    role: Role
    status: ReferenceStatus
    rater_endorsed: bool = False
    vetted: bool = False


class Portfolio(_Record, frozen=True, kw_only=True):
    format: Literal["endorse.portfolio/1"]
    person: Person = Person()
    membership: Membership = Membership()
    attestations: Attestations = Attestations()
    education: tuple[Education, ...] = ()
    work: tuple[Work, ...] = ()
    training: tuple[Training, ...] = ()
    rsc: tuple[Rsc, ...] = ()
    leadership: tuple[Leadership, ...] = ()
    rsc_provided: tuple[RscProvided, ...] = ()
    references: tuple[Reference, ...] = ()


class PortfolioError(ValueError):
    """Invalid input, with the JSON path it concerns (``work[2].end``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


_DECODER: Final = msgspec.json.Decoder(Portfolio)
_AT = re.compile(r"^(?P<problem>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_REWORDINGS: Final = (
    (re.compile(r"^Object contains unknown field `(.+)`$", re.DOTALL), "unknown key", True),
    (re.compile(r"^Object missing required field `(.+)`$", re.DOTALL), "missing", True),
    (re.compile(r"^Expected `(?:float|int)` > 0(?:\.0)?$"), "must be more than 0", False),
    (re.compile(r"^Expected `float` <= (1|10000)(?:\.0)?$"), "must be at most {0}", False),
    (re.compile(r"^Expected `int` >= 0$"), "must not be negative", False),
    (re.compile(r"^Invalid enum value (.+)$"), "unknown value {0}", False),
    (re.compile(r"^Expected `(.+?)(?: \| null)?`, got `(.+)`$"), "expected {0}, got {1}", False),
    (re.compile(r"^Invalid (?:RFC3339 encoded )?date$"), "not a date (use YYYY-MM-DD)", False),
)


def parse_portfolio(text: str | bytes) -> Portfolio:
    """Decode and check a portfolio; raise :class:`PortfolioError` if invalid."""
    if isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]  # a byte-order mark some editors write
    try:
        portfolio = _DECODER.decode(text)
    except msgspec.ValidationError as error:
        raise _from_msgspec(str(error)) from None
    except msgspec.DecodeError as error:
        raise PortfolioError("$", f"not valid JSON ({error})") from None
    except UnicodeDecodeError:
        raise PortfolioError("$", "not valid UTF-8 text") from None
    check_portfolio(portfolio)
    return portfolio


def _from_msgspec(message: str) -> PortfolioError:
    match = _AT.match(message)
    assert match is not None  # the pattern matches any string
    problem, path = match["problem"], match["path"] or ""
    path = path.lstrip(".")
    for pattern, wording, names_key in _REWORDINGS:
        found = pattern.match(problem)
        if found is None:
            continue
        if names_key:
            key = found[1] if found[1].isprintable() else repr(found[1])
            path = f"{path}.{key}" if path else key
            return PortfolioError(path, wording)
        return PortfolioError(path or "$", wording.format(*found.groups()))
    return PortfolioError(path or "$", problem[:1].lower() + problem[1:])


def check_portfolio(portfolio: Portfolio) -> None:
    """The checks a type can't express: end after start, hours in hundredths."""
    for name in ("work", "leadership", "rsc_provided"):
        for index, entry in enumerate(getattr(portfolio, name)):
            if entry.end is not None and entry.end < entry.start:
                raise PortfolioError(f"{name}[{index}].end", "before start")
    for name in ("training", "rsc"):
        for index, entry in enumerate(getattr(portfolio, name)):
            if not is_precise(entry.hours, 100):
                raise PortfolioError(f"{name}[{index}].hours", "use at most two decimal places")
    for index, work in enumerate(portfolio.work):
        if not is_precise(work.fte, 10_000):
            raise PortfolioError(f"work[{index}].fte", "use at most four decimal places")


def is_precise(value: float, per_unit: int) -> bool:
    """Whether ``value`` is a whole number of ``1/per_unit`` (float noise aside)."""
    scaled = value * per_unit
    return abs(scaled - round(scaled)) < 1e-6


def hundredths(value: float) -> int:
    """Hours and FTE are counted in exact hundredths, never summed as floats."""
    return round(value * 100)
