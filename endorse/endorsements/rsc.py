"""Finding a reflective supervisor or consultant: endorsees who qualify and offer RS/C.

Who qualifies comes from the requirements engine (Catalog.rsc_provider_codes): the
endorsements that the association's requirements in force accept for RS/C hours. Only
active endorsements count; Emeritus endorsees no longer practise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.text import fold, folded_words
from endorse.endorsements.models import Endorsement, RscOffer
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
    return qualifying_endorsements(association, on).filter(person=person).exists()


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
