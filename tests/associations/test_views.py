from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from endorse.accounts.models import User
from endorse.applications.models import Agreement, Application, Reference, Registration, Rsc
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement
from endorse.exams.models import Item, Sitting
from endorse.payments.models import Charge, Fee
from endorse.standards.models import Offering, RequirementSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Iterator[None]:
    # A day in the renewal window, so the demo's renewals are the same whenever tests run.
    with time_machine.travel("2026-11-16 15:00:00+00:00", tick=True):
        call_command("load_demo", "--force", stdout=None)
        yield None


def test_home_lists_every_association(client: Client, demo: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Connecticut Association for Infant Mental Health (demo)" in page
    assert 'href="/nm/"' in page


def test_association_page_describes_its_categories_today(client: Client, demo: None) -> None:
    response = client.get("/ct/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'Infant Mental Health Specialist <span class="code">(IMHS)</span>' in page
    assert "33 hours of in-service training" in page
    assert "10 of those hours on parent–infant/child psychotherapy" in page
    assert "endorsement@ct.example.org" in page
    assert len(response.context["categories"]) == 12


def test_association_page_lists_only_the_categories_it_offers(client: Client, demo: None) -> None:
    response = client.get("/nm/")
    codes = [row.category.code for row in response.context["categories"]]
    assert codes == ["IFA", "ECFA", "IFS", "ECFS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"]


def test_association_page_in_spanish(client: Client, demo: None) -> None:
    client.cookies["django_language"] = "es"
    page = client.get("/ct/").content.decode()
    assert '<html lang="es">' in page
    assert "Especialista en Salud Mental Infantil" in page
    assert "Categorías" in page


def test_unknown_association_is_404(client: Client, demo: None) -> None:
    assert client.get("/xx/").status_code == 404


def test_association_page_queries_do_not_grow_with_categories(client: Client, demo: None) -> None:
    with CaptureQueriesContext(connection) as few:
        client.get("/nm/")
    with CaptureQueriesContext(connection) as many:
        client.get("/ct/")
    assert len(few) == len(many) <= 6


def _demo_counts() -> tuple[int, ...]:
    models = (Association, Offering, RequirementSet, User, Fee, Agreement, Application, Rsc, Charge,
              Endorsement)  # fmt: skip
    return tuple(model.objects.count() for model in models)


def test_load_demo_is_idempotent(demo: None) -> None:
    counts = _demo_counts()
    call_command("load_demo", "--force", stdout=None)
    assert _demo_counts() == counts
    # Admin, coordinator, two reviewers, applicant, newcomer, Morgan, 8 endorsees and the exam
    # candidate; fees: 6 kinds × 20 offerings; 2 texts × 2 associations; applications: Alex's,
    # Morgan's (8 + 13 RS/C), the endorsees' and the candidate's; charges: two fees each for
    # Alex, Morgan, the endorsees and the candidate (the endorsees' and the candidate's
    # processing fee waived), the newcomer's fee and one renewal fee.
    assert counts == (2, 20, 20, 16, 120, 4, 11, 21, 24, 8)
    assert Charge.objects.filter(status="waived").count() == 9
    assert Application.objects.filter(status="approved_for_exam").count() == 1
    assert Item.objects.count() == 18 and Sitting.objects.count() == 1
    assert Endorsement.objects.filter(locality_shown=False).count() == 1
    # Staff sign in with a code from the published demo secret.
    from allauth.mfa.models import Authenticator

    staff = Authenticator.objects.filter(type="totp").values_list("user__email", flat=True)
    assert sorted(staff) == ["admin@endorse.test", "coordinator@ct.endorse.test",
                             "reviewer1@ct.endorse.test", "reviewer2@ct.endorse.test"]  # fmt: skip
    pending = Registration.objects.get(applicant__email="newcomer@endorse.test")
    assert (pending.association.slug, pending.status) == ("ct", Registration.Status.SUBMITTED)
    assert pending.fee is not None
    assert (pending.fee.status, pending.fee.amount_cents) == (Charge.Status.DUE, 2000)
    # Morgan's application waits for the two demo reviewers to accept, its ratings readable.
    in_review = Application.objects.get(applicant__email="ready@endorse.test")
    assert (in_review.status, in_review.ratings_waived) == ("first_review", False)
    assert sorted(
        in_review.assignments.values_list("tier", "status", "reviewer__email")
    ) == [(1, "proposed", "reviewer1@ct.endorse.test"),
          (2, "proposed", "reviewer2@ct.endorse.test")]  # fmt: skip
    assert (
        sorted(Reference.objects.filter(application=in_review).values_list("status", flat=True))
        == ["completed"] * 3
    )
    nm = Association.objects.get(slug="nm")
    assert (nm.renewal_model, nm.accept_vetted_rsc_providers) == ("three_year", False)


def test_load_demo_refuses_without_debug() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("load_demo", stdout=None)
    assert not Association.objects.exists()
    assert not User.objects.exists()


def test_association_page_shows_fees_and_the_way_in(client: Client, demo: None) -> None:
    page = client.get("/ct/").content.decode()
    assert "Registration fee: $20.00 · Application processing fee: $200.00" in page
    assert 'href="/ct/advisor/"' in page and 'href="/ct/register/"' in page


def test_the_demo_associations_say_how_to_pay_in_both_languages(client: Client, demo: None) -> None:
    ct, nm = Association.objects.get(slug="ct"), Association.objects.get(slug="nm")
    assert ct.payment_instructions_en.startswith("Make your check out to “Connecticut")
    assert ct.payment_instructions_es.startswith("Extienda su cheque a nombre de “Connecticut")
    assert (ct.payment_link, nm.payment_link) == ("https://ct.example.org/pay/", "")
    assert nm.payment_instructions_en.startswith("By check, to “New Mexico")
    assert nm.payment_instructions_es.startswith("Con cheque, a nombre de “New Mexico")
    client.force_login(User.objects.get(email="newcomer@endorse.test"))  # Spanish, fee due
    page = " ".join(client.get("/ct/register/").content.decode().split())
    assert "<strong>Cómo pagar</strong></p> <p>Extienda su cheque" in page


def test_demo_code_prints_the_code_of_the_published_secret(demo: None, settings: Any) -> None:
    from io import StringIO

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    coordinator = Authenticator.objects.get(user__email="coordinator@ct.endorse.test")
    assert TOTP(coordinator).validate_code(code)


def test_the_demo_admin_reaches_the_admin_through_the_sign_in_with_the_demo_code(
    client: Client, demo: None, settings: Any
) -> None:
    from io import StringIO

    from django.db import connection

    from endorse.applications.demo.load import DEMO_TOTP_SECRET

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator")
        assert not any(DEMO_TOTP_SECRET in str(row[0]) for row in cursor)
    login = client.get("/admin/", follow=True).redirect_chain
    assert login == [("/admin/login/?next=/admin/", 302), ("/accounts/login/?next=/admin/", 302)]
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "admin@endorse.test", "password": "endorse-demo"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", stdout=out)
    response = client.post("/accounts/2fa/authenticate/", {"code": out.getvalue().strip()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
