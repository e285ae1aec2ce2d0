"""The Endorsement® Registry: who is listed, and finding them by name, category and place.

Listing rules live here and nowhere else: an endorsement is listed when it is active or
Emeritus and its holder has not archived it from the registry; its city or county shows
only when the holder lets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from endorse.associations.models import Association
from endorse.core.text import fold, folded_words
from endorse.endorsements.models import REGISTRY_STATUSES, Endorsement, RegistryWord

# Above every character, so "pen" <= word < "pen" + _TOP holds for exactly the words
# that start with "pen" under a byte-wise (binary) comparison.
_TOP = chr(0x10FFFF)
# A search is about names; a long paste of words is cut rather than made into a huge query.
MAX_SEARCH_WORDS = 5
# A name search lists at most this many people (40 pages of 25). Counting and sorting every
# match of a short start of a name ("gar") at the scale of the whole Alliance costs more than
# any page is worth; past this the page says there are more and asks for more of the name.
MAX_NAME_MATCHES = 1000
_RELATED = ("person", "category", "association")


@dataclass(frozen=True)
class RegistryQuery:
    """What someone asked the registry for; empty fields don't filter."""

    association_id: int | None = None
    name: str = ""
    category: str = ""  # a category code, e.g. "IMHS"
    locality: str = ""


def _listing_inactive() -> QuerySet[Any]:
    """The settings of associations that list inactive endorsements (marked as such)."""
    from endorse.renewals.models import RenewalSettings  # renewals builds on endorsements

    return RenewalSettings.objects.filter(inactive_listed=True)


def listed_endorsements() -> QuerySet[Endorsement]:
    """In the same one query: those of associations that list inactive ones too."""
    inactive_listed = _listing_inactive().filter(association_id=OuterRef("association_id"))
    shown = Q(status__in=REGISTRY_STATUSES) | Q(
        Exists(inactive_listed), status=Endorsement.Status.INACTIVE
    )
    return Endorsement.objects.filter(shown, listed=True)


def is_listed(endorsement: Endorsement) -> bool:
    if not endorsement.listed:
        return False
    if endorsement.status == Endorsement.Status.INACTIVE:
        return _listing_inactive().filter(association_id=endorsement.association_id).exists()
    return endorsement.status in REGISTRY_STATUSES


def registry_search(query: RegistryQuery) -> QuerySet[Endorsement] | NameSearch:
    """The listed endorsements matching ``query``, in name order, ready to page: anything
    with ``count()`` and slicing, as Django's Paginator and DRF's pagination take.

    Each word typed must start a word of the name ("pen ana" finds "Ana Peña").
    """
    words = folded_words(query.name)[:MAX_SEARCH_WORDS]
    if words:
        return NameSearch(query, words)
    rows = _narrowed(listed_endorsements(), query, category_field="category__code")
    return rows.select_related(*_RELATED).order_by("name_key", "pk")


Row = TypeVar("Row", Endorsement, RegistryWord)


def _narrowed(rows: QuerySet[Row], query: RegistryQuery, *, category_field: str) -> QuerySet[Row]:
    """The association, category and place filters, which both tables carry alike."""
    if query.association_id is not None:
        rows = rows.filter(association_id=query.association_id)
    if query.category:
        rows = rows.filter(**{category_field: query.category})
    locality = fold(query.locality).strip()
    if locality:
        rows = rows.filter(locality_key__startswith=locality)
    return rows


def association_id_for(slug: str) -> int | None:
    """The association a search names by slug: None (all of them) when it names none, and
    an id no association has when the slug is unknown, so the search finds no one."""
    if not slug:
        return None
    return Association.objects.filter(slug=slug).values_list("pk", flat=True).first() or 0


class NameSearch:
    """A search by name, read from RegistryWord alone until the page is known.

    The longest word typed picks the candidate rows through the word index; the other
    words must each start another word of the same name. Then only the page's
    endorsements are fetched: three queries however many people match.
    """

    def __init__(self, query: RegistryQuery, words: list[str]) -> None:
        driver = max(words, key=len)
        listed = _starting(RegistryWord.objects.filter(listed=True), driver)
        rows = _narrowed(listed, query, category_field="category_code")
        others = list(words)
        others.remove(driver)
        for word in others:
            same_name = RegistryWord.objects.filter(endorsement_id=OuterRef("endorsement_id"))
            rows = rows.filter(Exists(_starting(same_name, word)))
        self._rows = rows.values("endorsement_id")
        # A name with two words starting alike ("Garza García") is one match, not two.
        self._matches = (
            rows.values("endorsement_id", "name_key")
            .distinct()
            .order_by("name_key", "endorsement_id")
        )
        self._count: int | None = None

    def count(self) -> int:
        """How many people match, but at most ``MAX_NAME_MATCHES`` (see ``more``), in one
        query that reads no more than twice as many words: a person has a second word
        starting alike rarely, never half the time."""
        if self._count is None:
            read = 2 * MAX_NAME_MATCHES + 1
            got = self._rows.order_by()[:read].aggregate(
                words=Count("endorsement_id"), people=Count("endorsement_id", distinct=True)
            )
            capped = got["words"] >= read
            self._count = MAX_NAME_MATCHES + 1 if capped else got["people"]
        return min(self._count, MAX_NAME_MATCHES)

    @property
    def more(self) -> bool:
        """Whether more people match than the search lists."""
        self.count()
        assert self._count is not None
        return self._count > MAX_NAME_MATCHES

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Endorsement]:
        return iter(self[0 : len(self)])

    @overload
    def __getitem__(self, index: int, /) -> Endorsement: ...

    @overload
    def __getitem__(self, index: slice, /) -> list[Endorsement]: ...

    def __getitem__(self, index: int | slice, /) -> Endorsement | list[Endorsement]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        ids = [row["endorsement_id"] for row in self._matches[index]]
        found = Endorsement.objects.select_related(*_RELATED).in_bulk(ids)
        return [found[pk] for pk in ids]


def _starting(words: QuerySet[RegistryWord], prefix: str) -> QuerySet[RegistryWord]:
    if connection.vendor == "postgresql":
        # LIKE 'pen%' uses the varchar_pattern_ops index whatever the database's collation;
        # a range would follow the collation, which may not order words byte by byte.
        return words.filter(word__startswith=prefix)
    # SQLite can't use an index for LIKE on a binary-collated column; a range it can.
    return words.filter(word__gte=prefix, word__lt=prefix + _TOP)


def refresh_listing(endorsement: Endorsement) -> None:
    """Bring the search columns and words of ``endorsement`` in step with its holder's name,
    its status and the listing choices. Callers hold the transaction."""
    name = endorsement.person.get_full_name()
    endorsement.name_key = fold(name)[:200]
    shown = fold(endorsement.locality).strip() if endorsement.locality_shown else ""
    endorsement.locality_key = shown[:100]
    endorsement.save(update_fields=["name_key", "locality_key"])
    RegistryWord.objects.filter(endorsement=endorsement).delete()
    common: dict[str, Any] = {
        "endorsement": endorsement,
        "association_id": endorsement.association_id,
        "category_code": endorsement.category.code,
        "name_key": endorsement.name_key,
        "locality_key": endorsement.locality_key,
        "listed": is_listed(endorsement),
    }
    RegistryWord.objects.bulk_create(
        RegistryWord(word=word[:100], **common) for word in folded_words(name)
    )
