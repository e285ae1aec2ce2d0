"""The item bank: items added and retired."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.associations.models import Association
from endorse.exams.models import Item


@transaction.atomic
def item_add(*, association: Association, fields: dict[str, object]) -> Item:
    """Add a multiple-choice item (stem, options, key) or a vignette (case, questions,
    rubric) to the bank of one category family."""
    item = Item(association=association, **fields)
    if item.kind == Item.Kind.MULTIPLE_CHOICE:
        options = [str(o).strip() for o in item.options if str(o).strip()]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
        if item.key is None or not 0 <= item.key < len(options):
            raise ValidationError({"key": _("Say which option is correct.")})
        item.options = options
    elif not item.rubric.strip():
        raise ValidationError({"rubric": _("A vignette needs its scoring rubric.")})
    _check_spanish(item)
    item.save()
    return item


def _check_spanish(item: Item) -> None:
    """Spanish is optional, but whole: a Spanish page shows all of an item in Spanish or
    all of it in English, never a mix, so what is given must cover the item."""
    item.stem_es = item.stem_es.strip()
    item.questions_es = item.questions_es.strip()
    item.options_es = [str(o).strip() for o in item.options_es if str(o).strip()]
    mcq = item.kind == Item.Kind.MULTIPLE_CHOICE
    given = item.stem_es or item.questions_es or item.options_es
    if not given:
        return
    if not item.stem_es:
        raise ValidationError({"stem_es": _("Give the question or case in Spanish too.")})
    if mcq and len(item.options_es) != len(item.options):
        raise ValidationError(
            {"options_es": _("Give each of the %(count)s options in Spanish, in the same order.")
             % {"count": len(item.options)}}
        )  # fmt: skip
    if not mcq and not item.questions_es:
        raise ValidationError({"questions_es": _("Give the questions on the case in Spanish too.")})


@transaction.atomic
def item_retire(*, item: Item) -> Item:
    """Retired items are drawn no more; parts already drawn keep them."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.retired_at is None:
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at"])
    return locked
