"""The registration form says what sending it will charge, before it is sent."""

from __future__ import annotations

from endorse.applications.services import registration_return, registration_submit
from endorse.payments.models import Fee, FeeKind
from tests.applications.conftest import TODAY, World, person, registration_fields


def fee_box(page: str) -> str:
    """The registration form's fee panel, whitespace folded."""
    start = page.index('<section class="panel" aria-labelledby="fee-heading">')
    return " ".join(page[start : page.index("</section>", start)].split())


def form_page(world: World, lang: str = "en") -> str:
    newcomer = person(f"new-{lang}@example.org", "Nora New", lang=lang)
    response = world.client(newcomer).get("/ct/register/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_shows_the_fee_before_it_is_sent(world: World) -> None:
    box = fee_box(form_page(world))
    assert box.startswith(
        '<section class="panel" aria-labelledby="fee-heading"> <h2 id="fee-heading">'
        "Registration fee</h2> <p>$20.00, due when you send this registration. "
        "(non-refundable)</p>"
    )
    assert "Ask CT Assoc how to pay by check, by transfer or through your employer:" in box


def test_in_spanish(world: World) -> None:
    box = fee_box(form_page(world, "es"))
    assert (
        '<h2 id="fee-heading">Cuota de inscripción</h2> <p>20,00 US$, que se debe pagar al '
        "enviar esta inscripción. (no reembolsable)</p>"
    ) in box


def test_fees_that_differ_by_category_are_listed_by_category(world: World) -> None:
    ifs = Fee.objects.get(association=world.ct, kind=FeeKind.REGISTRATION, category__code="IFS")
    Fee.objects.create(association=world.ct, kind=FeeKind.REGISTRATION, category=ifs.category,
                       amount_cents=4550, effective_from=TODAY, refundable=True)  # fmt: skip
    box = fee_box(form_page(world))
    assert "<p>It depends on the category and falls due when you send this registration:</p>" in (
        box
    )
    assert "<li>Infant Family Specialist (IFS): $45.50 (refundable)</li>" in box
    assert "<li>Infant Mental Health Specialist (IMHS): $20.00 (non-refundable)</li>" in box


def test_a_fee_from_tomorrow_is_not_quoted_today(world: World) -> None:
    for fee in Fee.objects.filter(association=world.ct, kind=FeeKind.REGISTRATION):
        Fee.objects.create(association=world.ct, kind=fee.kind, category=fee.category,
                           amount_cents=9900, effective_from=TODAY.replace(day=4))  # fmt: skip
    assert "<p>$20.00, due when you send this registration." in fee_box(form_page(world))


def test_without_a_registration_fee_the_form_says_so(world: World) -> None:
    Fee.objects.filter(association=world.ct, kind=FeeKind.REGISTRATION).delete()
    box = fee_box(form_page(world))
    assert "<p>There is no registration fee.</p>" in box
    assert "how to pay" not in box


def test_a_returned_registration_shows_the_fee_already_charged_not_a_quote(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    registration = registration_submit(association=world.ct, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    registration_return(registration=registration, actor=world.coordinator, reason="Renew it.")
    page = world.client(newcomer).get("/ct/register/").content.decode()
    assert 'aria-labelledby="fee-heading"' not in page
    assert "Registration fee: $20.00 – Due (non-refundable)" in " ".join(page.split())
