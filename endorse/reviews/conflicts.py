"""Conflicts of interest found, not only declared: before a reviewer is suggested, who is
named in the application, who rated or reviewed this person before, and whom the applicant
supervised.

People are matched by email where the entry has one, otherwise by name, accent- and
case-blind (``core.text.fold``, as the registry search does). The reads are a fixed number
of queries whatever the number of candidates; the reasons are codes (stored on the
assignment) with a translated sentence for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Reference, Rsc, Work
from endorse.core.text import fold
from endorse.reviews.models import Assignment

SUPERVISOR, RSC_PROVIDER, RATER = "supervisor", "rsc_provider", "rater"
EMPLOYER, RATED_BEFORE, REVIEWED_BEFORE, SUPERVISEE = (
    "employer",
    "rated_before",
    "reviewed_before",
    "supervisee",
)


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str = ""  # the employer's name, as the applicant typed it

    @property
    def text(self) -> str:
        return reason_text(self.code, self.detail)

    def stored(self) -> dict[str, str]:
        return {"code": self.code, "detail": self.detail}


def reason_text(code: str, detail: str = "") -> str:
    """The reason in the reader's language (kept as a code, so each reader gets their own)."""
    texts = {
        SUPERVISOR: _("Named as supervisor in this application"),
        RSC_PROVIDER: _("Named as RS/C provider in this application"),
        RATER: _("Named as a rater in this application"),
        RATED_BEFORE: _("Rated this applicant before"),
        REVIEWED_BEFORE: _("Reviewed this applicant before"),
        SUPERVISEE: _("Names the applicant as supervisor, RS/C provider or rater in their own "
                      "application"),
    }  # fmt: skip
    if code == EMPLOYER:
        return _("Works or worked at the same employer as the applicant: %(employer)s") % {
            "employer": detail
        }
    return texts.get(code, code)


def stored_texts(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The sentences for the reasons stored on an assignment."""
    return [reason_text(str(row.get("code", "")), str(row.get("detail", ""))) for row in rows]


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _names(user: User, name: str, email: str) -> bool:
    """Whether an entry naming ``name`` <``email``> is this person: by email when it has one."""
    if email.strip():
        return email.strip().casefold() == user.email.casefold()
    return bool(_key(name)) and _key(name) == _key(user.full_name)


def conflicts_found(
    *, application: Application, candidates: Iterable[User]
) -> dict[int, list[Reason]]:
    """Each candidate's reasons not to review this application, by user id (none: absent)."""
    people = list(candidates)
    if not people:
        return {}
    found: dict[int, list[Reason]] = {}

    def flag(user_id: int, reason: Reason) -> None:
        if reason not in found.setdefault(user_id, []):
            found[user_id].append(reason)

    here = _here(application)
    for user in people:
        for reason in _named_here(user, here):
            flag(user.pk, reason)
    for user_id, reason in _same_employer(application, people):
        flag(user_id, reason)
    for user_id, reason in _before(application, people):
        flag(user_id, reason)
    for user_id in _supervisees(application, people):
        flag(user_id, Reason(SUPERVISEE))
    return {user_id: reasons for user_id, reasons in found.items() if reasons}


Named = tuple[list[tuple[str, str, str]], list[str]]


def _here(application: Application) -> Named:
    """The application's references (name, email, role) and RS/C providers' names."""
    scope = {"association_id": application.association_id, "application": application}
    references = list(Reference.objects.filter(**scope).values_list("name", "email", "role"))
    providers = list(
        Rsc.objects.filter(**scope)
        .exclude(provider="")
        .values_list("provider", flat=True)
        .distinct()
    )
    return references, providers


def _named_here(user: User, here: Named) -> list[Reason]:
    references, providers = here
    roles = {SUPERVISOR: SUPERVISOR, RSC_PROVIDER: RSC_PROVIDER}
    reasons = [
        Reason(roles.get(role, RATER))
        for name, email, role in references
        if _names(user, name, email)
    ]
    if any(_names(user, provider, "") for provider in providers):
        reasons.append(Reason(RSC_PROVIDER))
    return reasons


def _same_employer(application: Application, people: list[User]) -> list[tuple[int, Reason]]:
    """Candidates whose own work entries here name an employer of the applicant's."""
    association_id = application.association_id
    employers = {
        _key(name): name.strip()
        for name in Work.objects.filter(association_id=association_id, application=application)
        .exclude(employer="")
        .values_list("employer", flat=True)
    }
    employers.pop("", None)
    if not employers:
        return []
    rows = (
        Work.objects.filter(
            association_id=association_id, application__applicant__in=[u.pk for u in people]
        )
        .exclude(employer="")
        .values_list("application__applicant_id", "employer")
    )
    return [
        (user_id, Reason(EMPLOYER, employers[_key(employer)]))
        for user_id, employer in rows
        if _key(employer) in employers
    ]


def _before(application: Application, people: list[User]) -> list[tuple[int, Reason]]:
    """Who rated this person's earlier applications here, and who reviewed them (or an
    earlier round of this one)."""
    association_id = application.association_id
    earlier = Reference.objects.filter(
        association_id=association_id,
        application__applicant_id=application.applicant_id,
        status=Reference.Status.COMPLETED,
    ).exclude(application=application)
    raters = list(earlier.values_list("name", "email"))
    found = [
        (user.pk, Reason(RATED_BEFORE))
        for user in people
        if any(_names(user, name, email) for name, email in raters)
    ]
    reviewed = (
        Assignment.objects.filter(
            association_id=association_id,
            application__applicant_id=application.applicant_id,
            reviewer__in=[u.pk for u in people],
            status=Assignment.Status.ACCEPTED,
        )
        .exclude(application=application, round=application.review_round)
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    return found + [(user_id, Reason(REVIEWED_BEFORE)) for user_id in reviewed]


def _supervisees(application: Application, people: list[User]) -> set[int]:
    """Candidates whose own applications here name the applicant as supervisor, RS/C
    provider or rater."""
    applicant = application.applicant
    ids = [u.pk for u in people]
    scope = {"association_id": application.association_id, "application__applicant__in": ids}
    found = {
        user_id
        for user_id, name, email in Reference.objects.filter(**scope).values_list(
            "application__applicant_id", "name", "email"
        )
        if _names(applicant, name, email)
    }
    found |= {
        user_id
        for user_id, provider in Rsc.objects.filter(**scope)
        .exclude(provider="")
        .values_list("application__applicant_id", "provider")
        .distinct()
        if _names(applicant, provider, "")
    }
    return found
