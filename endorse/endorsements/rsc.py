"""Finding a reflective supervisor or consultant: endorsees who qualify and offer RS/C.

Who qualifies comes from the requirements engine (``qualified_rsc_provider``): an
endorsement that the association's requirements in force accept for RS/C hours, active
that day; Emeritus endorsees no longer practise, from the day they became Emeritus. The
provider list asks the same of the database for today, in a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.text import fold, folded_words
from endorse.eligibility.rulesets import HeldEndorsement, qualified_rsc_provider
from endorse.endorsements.models import Endorsement, EndorsementEvent, RscOffer
from endorse.standards.selectors import requirement_catalog


@dataclass(frozen=True)
class Provider:
    offer: RscOffer
    endorsements: list[Endorsement]


@dataclass(frozen=True)
class ProviderQuery:
    name: str = ""
    language: str = ""
    group: bool = False
    remote: bool = False


def qualifying_endorsements(association: Association, on: date) -> QuerySet[Endorsement]:
    codes = requirement_catalog(association=association).rsc_provider_codes(on)
    return Endorsement.objects.filter(
        association=association, status=Endorsement.Status.ACTIVE, category__code__in=codes
    )


def qualifies(association: Association, person: User, on: date) -> bool:
    """The engine's judgement (``qualified_rsc_provider``) of the person's endorsements
    here, each with the day its current status began."""
    held = Endorsement.objects.filter(association=association, person=person).select_related(
        "category"
    )
    since = status_since(association, [e.pk for e in held])
    return qualified_rsc_provider(
        (
            HeldEndorsement(code=e.category.code, status=e.status,  # type: ignore[arg-type]
                            since=since.get(e.pk, e.issued_on))
            for e in held
        ),
        requirement_catalog(association=association),
        on,
    )  # fmt: skip


def status_since(association: Association, endorsement_ids: list[int]) -> dict[int, date]:
    """The day (the association's) each endorsement's current status began: its latest
    change on the timeline."""
    since: dict[int, date] = {}
    for endorsement_id, moment in EndorsementEvent.objects.filter(
        endorsement_id__in=endorsement_ids
    ).values_list("endorsement_id", "at"):
        day = association.local_date(moment)
        since[endorsement_id] = max(since.get(endorsement_id, day), day)
    return since


def find_providers(association: Association, on: date, query: ProviderQuery) -> list[Provider]:
    """Opted-in providers who qualify today, in name order, with their qualifying
    endorsements: two queries besides the catalogue's."""
    qualifying = qualifying_endorsements(association, on)
    offers = (
        RscOffer.objects.filter(association=association)
        .filter(Exists(qualifying.filter(person=OuterRef("person"))))
        .select_related("person")
    )
    if query.group:
        offers = offers.filter(group=True)
    if query.remote:
        offers = offers.filter(remote=True)
    language = fold(query.language).strip()
    if language:
        offers = offers.filter(languages_key__contains=language)
    found = list(offers)
    words = folded_words(query.name)
    found = [o for o in found if all(_has_word_starting(o.person, w) for w in words)]
    held: dict[int, list[Endorsement]] = {}
    for endorsement in qualifying.filter(person__in=[o.person for o in found]).select_related(
        "category"
    ):
        held.setdefault(endorsement.person_id, []).append(endorsement)
    found.sort(key=lambda o: fold(o.person.get_full_name()))
    return [Provider(offer, held.get(offer.person_id, [])) for offer in found]


def _has_word_starting(person: User, prefix: str) -> bool:
    return any(word.startswith(prefix) for word in folded_words(person.get_full_name()))


def rsc_associations(person: User, held: list[Endorsement]) -> set[int]:
    """The associations where ``person``'s endorsements qualify them to offer RS/C today."""
    found: set[int] = set()
    for association in {e.association for e in held if e.status == Endorsement.Status.ACTIVE}:
        if qualifies(association, person, association_today(association=association)):
            found.add(association.pk)
    return found
