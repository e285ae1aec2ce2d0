from __future__ import annotations

from typing import Any, cast

from django import template
from django.utils.translation import get_language

from endorse.associations.models import Association
from endorse.associations.selectors import payment_instructions
from endorse.payments.card import card_payments_enabled
from endorse.payments.models import Charge

register = template.Library()


@register.inclusion_tag("payments/partials/pay.html", takes_context=True)
def pay_button(context: template.Context, charge: Charge | None) -> dict[str, Any]:
    """ "Pay now by card" for a due fee of the person looking, where the association takes
    cards; nothing otherwise."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = (
        charge is not None
        and charge.status == Charge.Status.DUE
        and user is not None
        and charge.person_id == user.pk
        and _takes_cards(context, charge.association)
    )
    processing = (
        show and charge is not None and charge.checkouts.filter(status="processing").exists()
    )
    return {
        "charge": charge,
        "show": show and not processing,
        "processing": processing,
        "next": request.get_full_path() if request else "",
    }


@register.filter
def any_due(charges: list[Charge]) -> bool:
    """Whether any of these fees is still due (a renewal's fees can be settled one by one)."""
    return any(charge.status == Charge.Status.DUE for charge in charges)


@register.inclusion_tag("payments/partials/how_to_pay.html", takes_context=True)
def how_to_pay(context: template.Context, association: Association) -> dict[str, Any]:
    """The association's own payment instructions in the page's language, beside a fee due
    (and beside "Pay now by card" where it takes cards)."""
    return {
        "association": association,
        "instructions": payment_instructions(association=association, lang=get_language() or "en"),
        "card": _takes_cards(context, association),
    }


def _takes_cards(context: template.Context, association: Association) -> bool:
    """Whether the association takes cards, looked up once per page (a renewal page shows
    several fees of one association)."""
    if "takes_cards" not in context.render_context:
        context.render_context["takes_cards"] = {}
    known = cast(dict[int, bool], context.render_context["takes_cards"])
    if association.pk not in known:
        known[association.pk] = card_payments_enabled(association)
    return known[association.pk]
