"""``get_FOO_display`` at the cost of a dictionary lookup, for models listed many rows at
a time.

Django's own builds a dictionary of the field's choices at every call, hashing each
label, and hashing a translatable label translates it: a ledger of 50 charges showing
kind, status and method translated about 2,000 labels. ``QuickLabels`` builds the
dictionary once per field, keeps the labels lazy, and translates only the one shown, in
the language of the moment. Only for fields whose choices are fixed in the code (an enum),
as every field of ours is.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Field
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field: Field[Any, Any]) -> dict[Any, Any]:
    return {make_hashable(value): label for value, label in field.flatchoices}


class QuickLabels:
    """Put before ``models.Model`` in the bases: ``get_FOO_display`` of every field with
    choices then reads ``_labels``."""

    def _get_FIELD_display(self, field: Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
