"""Each association says, in its own words and in both languages, how to pay it; people read
it beside every fee they owe, and beside "Pay now by card" where it takes cards."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from endorse.associations.models import Association, StaffRole
from endorse.associations.services import association_settings_save
from endorse.exams.models import Booking
from endorse.renewals.models import Renewal
from endorse.renewals.services import renewal_submit
from tests.applications.conftest import World, person
from tests.exams.conftest import Exam, exam  # noqa: F401 - the exam fixture
from tests.payments.test_card import enable_cards
from tests.renewals.conftest import endorsed, prepared, travel

SETTINGS = "/ct/manage/settings/"
EN = 'Checks to "CT Assoc", 1 Main St.\nPayPal: pay@ct.example.org'
ES = 'Cheques a nombre de "CT Assoc", 1 Main St.\nPayPal: pay@ct.example.org'
LINK = "https://pay.example.org/ct"
SHOWN_EN = (
    '<p class="how-to-pay-title"><strong>How to pay</strong></p> '
    "<p>Checks to &quot;CT Assoc&quot;, 1 Main St.<br>PayPal: pay@ct.example.org</p> "
    f'<p><a href="{LINK}" rel="noopener noreferrer">{LINK}</a></p> '
    '<p class="help">Your employer can also pay it. The coordinator records a payment made '
    "outside this site when it arrives. Questions: "
    '<a href="mailto:ct@example.org">ct@example.org</a></p>'
)
SHOWN_ES = (
    '<p class="how-to-pay-title"><strong>Cómo pagar</strong></p> '
    "<p>Cheques a nombre de &quot;CT Assoc&quot;, 1 Main St.<br>PayPal: pay@ct.example.org</p>"
)


@pytest.fixture
def admin(world: World) -> Any:
    user = person("dana@ct.example.org", "Dana Director")
    StaffRole.objects.create(association=world.ct, user=user, role="admin")
    return user


def write(association: Association, en: str = EN, es: str = ES, link: str = LINK) -> None:
    association_settings_save(association=association, rating_link_days=60,
                              payment_instructions_en=en, payment_instructions_es=es,
                              payment_link=link)  # fmt: skip


def folded(page: Any) -> str:
    return " ".join(page.content.decode().split())


def how_to_pay(page: Any) -> str:
    """The how-to-pay blocks of a page, whitespace folded."""
    text = folded(page)
    parts = text.split('<div class="how-to-pay">')[1:]
    return " | ".join(part.split("</div>")[0].strip() for part in parts)


def posted(world: World, user: Any, **fields: str) -> Any:
    data = {"rating_link_days": "60", "review_credit_hours": "0", "review_credit_cap": "7",
            "payment_instructions_en": EN, "payment_instructions_es": ES, "payment_link": LINK}  # fmt: skip
    return world.client(user).post(SETTINGS, {**data, **fields})


def stored(world: World) -> tuple[str, str, str]:
    world.ct.refresh_from_db()
    ct = world.ct
    return ct.payment_instructions_en, ct.payment_instructions_es, ct.payment_link


def test_the_administrator_writes_it_and_each_person_reads_it_in_their_language(
    world: World, admin: Any
) -> None:
    page = world.client(admin).get(SETTINGS)
    assert '<label for="id_payment_instructions_en">How to pay, in English</label>' in folded(page)
    assert posted(world, admin).status_code == 302
    assert stored(world) == (EN, ES, LINK)
    english = world.client(world.other).get("/ct/application/")  # a processing fee is due
    assert how_to_pay(english) == SHOWN_EN
    spanish = how_to_pay(world.client(world.applicant).get("/ct/application/"))
    assert spanish.startswith(SHOWN_ES)
    assert "Preguntas:" in spanish


def test_what_was_typed_is_shown_as_text(world: World) -> None:
    write(world.ct, en='<b>Pay</b> & <script>alert("x")</script>\n\nTwo lines down')
    shown = how_to_pay(world.client(world.other).get("/ct/application/"))
    assert (
        "<p>&lt;b&gt;Pay&lt;/b&gt; &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        "<br><br>Two lines down</p>"
    ) in shown


def test_only_the_language_written_is_shown_in_the_other_too(world: World) -> None:
    write(world.ct, en="Checks to CT Assoc.", es="", link="")
    shown = how_to_pay(world.client(world.applicant).get("/ct/application/"))
    assert shown.startswith(
        '<p class="how-to-pay-title"><strong>Cómo pagar</strong></p> <p>Checks to CT Assoc.</p> '
        '<p class="help">'
    )


@pytest.mark.parametrize(
    ("link", "error"),
    [
        ("http://pay.example.org/ct", "Enter an address that starts with https://."),
        ("javascript:alert(1)", "Enter a valid URL."),
        ("ftp://pay.example.org/", "Enter an address that starts with https://."),
    ],
)
def test_a_link_that_is_not_https_is_refused_and_nothing_changes(
    world: World, admin: Any, link: str, error: str
) -> None:
    response = posted(world, admin, payment_link=link)
    assert response.status_code == 422
    assert response.context["form"].errors == {"payment_link": [error]}
    assert stored(world) == ("", "", "")


def test_an_address_typed_without_its_scheme_is_taken_as_https(world: World, admin: Any) -> None:
    assert posted(world, admin, payment_link="paypal.me/ctassoc").status_code == 302
    assert stored(world)[2] == "https://paypal.me/ctassoc"


def test_a_stored_address_that_is_not_https_is_never_a_link(world: World) -> None:
    write(world.ct)
    Association.objects.filter(pk=world.ct.pk).update(payment_link="http://old.example.org/")
    shown = how_to_pay(world.client(world.other).get("/ct/application/"))
    assert "<p>http://old.example.org/</p>" in shown
    assert "href=" not in shown.replace('href="mailto:ct@example.org"', "")


def test_only_the_administrator_writes_it(world: World, admin: Any) -> None:
    nm_admin = person("admin@nm.example.org", "Nel Admin")
    StaffRole.objects.create(association=world.nm, user=nm_admin, role="admin")
    for user in (world.coordinator, nm_admin, world.applicant):
        assert posted(world, user).status_code == 403
    assert world.client(None).post(SETTINGS, {"payment_link": LINK}).status_code == 302
    assert stored(world) == ("", "", "")


def test_without_instructions_people_are_told_whom_to_ask(world: World) -> None:
    assert how_to_pay(world.client(world.other).get("/ct/application/")) == (
        '<p class="help">Ask CT Assoc how to pay by check, by transfer or through your '
        'employer: <a href="mailto:ct@example.org">ct@example.org</a>. The coordinator records '
        "a payment made outside this site when it arrives.</p>"
    )


def test_it_is_shown_beside_the_registration_fee_before_and_after_sending(world: World) -> None:
    write(world.ct)
    client = world.client(person("new@example.org", "Nora New"))
    assert how_to_pay(client.get("/ct/register/")) == SHOWN_EN
    client.post("/ct/register/", {"category": world.application.category_id,
                                  "work_summary": "w", "education_summary": "e",
                                  "rsc_summary": "r", "membership_number": "M-9",
                                  "membership_expires_on": "2025-12-31"})  # fmt: skip
    after = client.get("/ct/register/")
    assert "Registration fee: $20.00 – Due" in folded(after)
    assert how_to_pay(after) == SHOWN_EN


def test_it_is_shown_on_the_payments_page_once_per_association(world: World) -> None:
    write(world.ct)
    page = world.client(world.other).get("/me/payments/")
    assert how_to_pay(page) == SHOWN_EN


def test_beside_pay_by_card_it_offers_the_other_ways(world: World) -> None:
    write(world.ct)
    enable_cards(world)
    overview = world.client(world.other).get("/ct/application/")
    assert ">Pay now by card</button>" in folded(overview)
    assert how_to_pay(overview).startswith(
        '<p class="how-to-pay-title"><strong>Other ways to pay</strong></p> <p>Checks to'
    )
    payments = world.client(world.other).get("/me/payments/")
    assert "Pay $200.00 by card</button>" in folded(payments)
    assert "<strong>Other ways to pay</strong>" in how_to_pay(payments)


def test_once_the_fee_is_paid_it_is_no_longer_shown(world: World) -> None:
    write(world.ct)
    fee = world.other_application.processing_fee
    assert fee is not None
    from endorse.payments.services import payment_record

    payment_record(charge=fee, method="check", reference="1", received_on=fee.created_at.date(),
                   actor=world.coordinator)  # fmt: skip
    assert how_to_pay(world.client(world.other).get("/ct/application/")) == ""


def test_it_is_shown_beside_the_exam_fee(exam: Exam) -> None:  # noqa: F811
    write(exam.world.ct)
    client = exam.world.client(exam.candidate)
    client.post(f"/ct/exam/sittings/{exam.sitting.pk}/book/",
                {f"sitting-{exam.sitting.pk}-accommodation_request": ""})  # fmt: skip
    assert Booking.objects.get().fee.status == "due"
    assert how_to_pay(client.get("/ct/exam/")).startswith(SHOWN_ES)


def test_it_is_shown_beside_the_renewal_fees_before_and_after_sending(
    world: World, frozen: Any
) -> None:
    write(world.ct)
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-09-20")
    renewal = prepared(endorsement)
    travel(frozen, "2026-10-02")
    client = world.client(endorsement.person)
    before = client.get("/ct/renewal/")
    assert "Due when you send your renewal:" in folded(before)
    assert how_to_pay(before) == SHOWN_EN
    renewal_submit(renewal=renewal, on=date(2026, 10, 2))
    assert Renewal.objects.get(pk=renewal.pk).charges.filter(status="due").exists()
    assert how_to_pay(world.client(endorsement.person).get("/ct/renewal/")) == SHOWN_EN
