"""The Endorsement® Registry: who is listed, and finding them by name, category and place.

Listing rules live here and nowhere else: an endorsement is listed when it is active or
Emeritus and its holder has not archived it from the registry; its city or county shows
only when the holder lets it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from endorse.core.text import fold, folded_words
from endorse.endorsements.models import REGISTRY_STATUSES, Endorsement, RegistryWord

# Above every character, so "pen" <= word < "pen" + _TOP holds for exactly the words
# that start with "pen" under a byte-wise (binary) comparison.
_TOP = chr(0x10FFFF)
# A search is about names; a long paste of words is cut rather than made into a huge query.
MAX_SEARCH_WORDS = 5


@dataclass(frozen=True)
class RegistryQuery:
    """What someone asked the registry for; empty fields don't filter."""

    association_id: int | None = None
    name: str = ""
    category: str = ""  # a category code, e.g. "IMHS"
    locality: str = ""


def listed_endorsements() -> QuerySet[Endorsement]:
    return Endorsement.objects.filter(status__in=REGISTRY_STATUSES, listed=True)


def registry_search(query: RegistryQuery) -> QuerySet[Endorsement]:
    """The listed endorsements matching ``query``, in name order, ready to page.

    Each word typed must start a word of the name ("pen ana" finds "Ana Peña"); the
    words are matched through RegistryWord's index, so a search never reads every name.
    """
    rows = listed_endorsements()
    if query.association_id is not None:
        rows = rows.filter(association_id=query.association_id)
    if query.category:
        rows = rows.filter(category__code=query.category)
    locality = fold(query.locality).strip()
    if locality:
        rows = rows.filter(locality_key__startswith=locality)
    for word in folded_words(query.name)[:MAX_SEARCH_WORDS]:
        rows = rows.filter(pk__in=_endorsements_with_word_starting(word, query.association_id))
    return rows.select_related("person", "category", "association").order_by("name_key", "pk")


def _endorsements_with_word_starting(
    prefix: str, association_id: int | None
) -> QuerySet[RegistryWord, int]:
    words = RegistryWord.objects.all()
    if association_id is not None:
        words = words.filter(association_id=association_id)
    if connection.vendor == "postgresql":
        # LIKE 'pen%' uses the varchar_pattern_ops index whatever the database's collation;
        # a range would follow the collation, which may not order words byte by byte.
        words = words.filter(word__startswith=prefix)
    else:
        # SQLite can't use an index for LIKE on a binary-collated column; a range it can.
        words = words.filter(word__gte=prefix, word__lt=prefix + _TOP)
    return words.values_list("endorsement_id", flat=True)


def refresh_listing(endorsement: Endorsement) -> None:
    """Bring the search columns and words of ``endorsement`` in step with its holder's name
    and listing choices. Callers hold the transaction."""
    name = endorsement.person.get_full_name()
    endorsement.name_key = fold(name)[:200]
    endorsement.locality_key = (
        fold(endorsement.locality).strip() if endorsement.locality_shown else ""
    )
    endorsement.save(update_fields=["name_key", "locality_key"])
    RegistryWord.objects.filter(endorsement=endorsement).delete()
    RegistryWord.objects.bulk_create(
        RegistryWord(
            endorsement=endorsement, association_id=endorsement.association_id, word=word[:100]
        )
        for word in folded_words(name)
    )
