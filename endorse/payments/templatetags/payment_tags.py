from __future__ import annotations

from typing import Any, cast

from django import template

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
        and _takes_cards(context, charge)
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


def _takes_cards(context: template.Context, charge: Charge) -> bool:
    """Whether the fee's association takes cards, looked up once per page (a renewal page
    shows several fees of one association)."""
    if "takes_cards" not in context.render_context:
        context.render_context["takes_cards"] = {}
    known = cast(dict[int, bool], context.render_context["takes_cards"])
    if charge.association_id not in known:
        known[charge.association_id] = card_payments_enabled(charge.association)
    return known[charge.association_id]
