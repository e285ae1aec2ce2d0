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
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import render

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
# Free text a person typed: as long as the form's field allows, and never a NUL character
# (PostgreSQL can't store one; a file must not get in what a form would refuse).
Text = Annotated[str, msgspec.Meta(max_length=200, pattern="^[^\\x00]*$")]
Email = Annotated[str, msgspec.Meta(max_length=254, pattern="^[^\\x00]*$")]
Phone = Annotated[str, msgspec.Meta(max_length=40, pattern="^[^\\x00]*$")]


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Person(_Record, frozen=True, kw_only=True):
    mental_health_license: bool = False
    license_eligible: bool = False
    # Who the portfolio is of, as the export writes it; the engine never reads these.
    name: Text = ""
    email: Email = ""
    phone: Phone = ""


class Membership(_Record, frozen=True, kw_only=True):
    expires_on: date | None = None


class Attestations(_Record, frozen=True, kw_only=True):
    code_of_ethics: bool = False
    endorsement_agreement: bool = False
    # Renewal: the person attests that no licensing board has sanctioned them.
    no_sanction: bool = False


class Education(_Record, frozen=True, kw_only=True):
    level: Level
    completed_on: date
    field: Text = ""
    institution: Text = ""


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
    title: Text = ""
    employer: Text = ""


class Training(_Record, frozen=True, kw_only=True):
    date: date
    hours: Hours
    topics: tuple[Topic, ...] = ()
    title: Text = ""


class Rsc(_Record, frozen=True, kw_only=True):
    date: date
    hours: Hours
    format: RscFormat
    provider: Text = ""
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

    def __init__(self, path: str, wording: str, **values: object) -> None:
        self.path = path
        self.wording, self.values = wording, values
        self.problem = wording.format(**values)  # English, for the command line and logs
        super().__init__(f"{path}: {self.problem}")

    def problem_in(self, lang: str) -> str:
        """The problem in ``lang`` (text msgspec wrote itself stays as it came)."""
        return render(lang, self.wording, **self.values)


_DECODER: Final = msgspec.json.Decoder(Portfolio)
_AT = re.compile(r"^(?P<problem>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_REWORDINGS: Final = (
    (re.compile(r"^Object contains unknown field `(.+)`$", re.DOTALL), _("unknown key"), ()),
    (re.compile(r"^Object missing required field `(.+)`$", re.DOTALL), _("missing"), ()),
    (re.compile(r"^Expected `(?:float|int)` > 0(?:\.0)?$"), _("must be more than 0"), ()),
    (re.compile(r"^Expected `float` <= (1|10000)(?:\.0)?$"), _("must be at most {limit}"),
     ("limit",)),
    (re.compile(r"^Expected `int` >= 0$"), _("must not be negative"), ()),
    (re.compile(r"^Invalid enum value (.+)$"), _("unknown value {value}"), ("value",)),
    (re.compile(r"^Expected `(.+?)(?: \| null)?`, got `(.+)`$"),
     _("expected {expected}, got {got}"), ("expected", "got")),
    (re.compile(r"^Invalid (?:RFC3339 encoded )?date$"), _("not a date (use YYYY-MM-DD)"), ()),
    (re.compile(r"^Expected `str` of length <= (\d+)$"), _("longer than {limit} characters"),
     ("limit",)),
    (re.compile(r"^Expected `str` matching regex .*$"), _("contains a NUL character"), ()),
)  # fmt: skip
# The rewordings that name a missing or unknown key: the key joins the path.
_NAMES_KEY: Final = frozenset({"unknown key", "missing"})


def parse_portfolio(text: str | bytes) -> Portfolio:
    """Decode and check a portfolio; raise :class:`PortfolioError` if invalid."""
    if isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]  # a byte-order mark some editors write
    try:
        portfolio = _DECODER.decode(text)
    except msgspec.ValidationError as error:
        raise _from_msgspec(str(error)) from None
    except msgspec.DecodeError as error:
        raise PortfolioError("$", _("not valid JSON ({detail})"), detail=str(error)) from None
    except UnicodeDecodeError:
        raise PortfolioError("$", _("not valid UTF-8 text")) from None
    check_portfolio(portfolio)
    return portfolio


def _from_msgspec(message: str) -> PortfolioError:
    match = _AT.match(message)
    assert match is not None  # the pattern matches any string
    problem, path = match["problem"], match["path"] or ""
    path = path.lstrip(".")
    for pattern, wording, names in _REWORDINGS:
        found = pattern.match(problem)
        if found is None:
            continue
        if wording in _NAMES_KEY:
            key = found[1] if found[1].isprintable() else repr(found[1])
            path = f"{path}.{key}" if path else key
            return PortfolioError(path, wording)
        return PortfolioError(path or "$", wording, **dict(zip(names, found.groups(), strict=True)))
    # msgspec's own words, as they came (braces doubled: it is a wording without values).
    text = problem[:1].lower() + problem[1:]
    return PortfolioError(path or "$", text.replace("{", "{{").replace("}", "}}"))


def check_portfolio(portfolio: Portfolio) -> None:
    """The checks a type can't express: end after start, hours in hundredths."""
    for name in ("work", "leadership", "rsc_provided"):
        for index, entry in enumerate(getattr(portfolio, name)):
            if entry.end is not None and entry.end < entry.start:
                raise PortfolioError(f"{name}[{index}].end", _("before start"))
    for name in ("training", "rsc"):
        for index, entry in enumerate(getattr(portfolio, name)):
            if not is_precise(entry.hours, 100):
                raise PortfolioError(f"{name}[{index}].hours", _("use at most two decimal places"))
    for index, work in enumerate(portfolio.work):
        if not is_precise(work.fte, 10_000):
            raise PortfolioError(f"work[{index}].fte", _("use at most four decimal places"))


def is_precise(value: float, per_unit: int) -> bool:
    """Whether ``value`` is a whole number of ``1/per_unit`` (float noise aside)."""
    scaled = value * per_unit
    return abs(scaled - round(scaled)) < 1e-6


def hundredths(value: float) -> int:
    """Hours and FTE are counted in exact hundredths, never summed as floats."""
    return round(value * 100)
