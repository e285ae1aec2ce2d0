"""The reviewer's service record: the reviews they sent, the hours credited each year (the
association's setting, its yearly cap) and the service certificate."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import Association, StaffRole
from endorse.reviews import services
from endorse.reviews.models import Assignment, Review
from endorse.reviews.service import review_credit
from tests.applications.conftest import World
from tests.endorsements.test_certificate import pdf_text
from tests.reviews.test_workflow import reviewed, reviewer


def sent(
    world: World,
    user: User,
    when: str,
    *,
    application: Application | None = None,
    tier: int = 1,
    round: int = 1,
    association: Association | None = None,
) -> Review:
    """A review ``user`` sent at ``when`` (UTC), recorded as the review leaves it."""
    moment = datetime.fromisoformat(when)
    assignment = Assignment.objects.create(
        association=association or world.ct, application=application or world.other_application,
        reviewer=user, tier=tier, round=round, status=Assignment.Status.ACCEPTED,
        assigned_by=world.coordinator, assigned_at=moment - timedelta(days=5),
    )  # fmt: skip
    return Review.objects.create(
        association=association or world.ct, assignment=assignment, submitted_at=moment
    )


def credit(association: Association, hours: str, cap: str | None) -> None:
    association.review_credit_hours = Decimal(hours)
    association.review_credit_cap = None if cap is None else Decimal(cap)
    association.save()


def table(html: str, heading: str) -> list[list[str]]:
    """The body rows of the table under ``heading``, each cell's text."""
    part = html.split(f'id="{heading}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", part, re.S)
    ]  # fmt: skip


def service_page(world: World, user: User, **headers: Any) -> str:
    response = world.client(user).get("/ct/review/service/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_each_review_sent_with_its_day(
    world: World, submitted: Application, frozen: Any
) -> None:
    rowan, sage = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, rowan, 1)  # 2025-04-01 15:00 UTC, through the review itself
    # 02:00 UTC on 1 January is still 31 December in Connecticut: the association's day.
    sent(world, rowan, "2026-01-01 02:00:00+00:00", tier=2, round=2)
    sent(world, sage, "2025-06-01 15:00:00+00:00")  # someone else's
    sent(world, rowan, "2025-07-01 15:00:00+00:00", association=world.nm)  # another association's
    accepted_not_sent = Assignment.objects.create(
        association=world.ct, application=world.other_application, reviewer=rowan, tier=1,
        status=Assignment.Status.ACCEPTED, assigned_by=world.coordinator,
        assigned_at=submitted.submitted_at,
    )  # fmt: skip
    Review.objects.create(association=world.ct, assignment=accepted_not_sent)  # a draft

    html = service_page(world, rowan)
    assert table(html, "reviews-heading") == [
        ["Dec. 31, 2025", "Second reviewer", "IMHS", "2", "Olga Other"],
        ["April 1, 2025", "First reviewer", "IMHS", "1", "Ana Díaz"],
    ]
    # Nothing credited by default: the years, without hours or certificates.
    assert "CT Assoc does not credit reviews as in-service training." in html
    assert table(html, "years-heading") == [["2025", "2"]]
    assert "Hours credited" not in html and "/service-certificate/2025.pdf" not in html
    # Linked from "My reviews".
    assignments = world.client(rowan).get("/ct/review/").content.decode()
    assert 'href="/ct/review/service/"' in assignments


def test_the_hours_are_credited_per_review_up_to_the_yearly_cap(world: World, frozen: Any) -> None:
    rowan = reviewer(world, "rowan@example.org")
    credit(world.ct, "1.5", "7")
    for day in range(1, 7):  # six reviews in 2026: 9 hours, capped at 7
        sent(world, rowan, f"2026-02-0{day} 15:00:00+00:00", round=day)
    for day in (3, 4):  # two in 2025: 3 hours
        sent(world, rowan, f"2025-05-0{day} 15:00:00+00:00", round=day + 10)
    html = service_page(world, rowan)
    assert (
        "CT Assoc credits each review you send as 1.5 hours of in-service training, "
        "at most 7 hours a year." in " ".join(html.split())
    )
    assert table(html, "years-heading") == [
        ["2026", "6", "7", "Certificate for 2026 (PDF)"],
        ["2025", "2", "3", "Certificate for 2025 (PDF)"],
    ]
    assert 'href="/ct/service-certificate/2026.pdf?lang=en"' in html
    # Without a cap, every review counts.
    credit(world.ct, "1.5", None)
    html = service_page(world, rowan)
    assert table(html, "years-heading")[0] == ["2026", "6", "9", "Certificate for 2026 (PDF)"]
    assert "at most" not in html


def test_a_renewal_period_counts_what_its_own_reviews_added_to_the_year(world: World) -> None:
    """A year split by a period's first day: the year's cap holds across both periods."""
    rowan = reviewer(world, "rowan@example.org")
    credit(world.ct, "2", "7")
    for month in (2, 3, 4, 8, 9):  # 4 + 4 + 4 (then capped: +3 and +0)
        sent(world, rowan, f"2026-0{month}-10 15:00:00+00:00", round=month)
    before = review_credit(association=world.ct, reviewer_id=rowan.pk,
                           starts=datetime(2025, 7, 1).date(), ends=datetime(2026, 6, 30).date())  # fmt: skip
    after = review_credit(association=world.ct, reviewer_id=rowan.pk,
                          starts=datetime(2026, 7, 1).date(), ends=datetime(2027, 6, 30).date())  # fmt: skip
    assert [(c.year, c.reviews, c.hours, c.last_on.isoformat()) for c in before] == [
        (2026, 3, Decimal(6), "2026-04-10")
    ]
    assert [(c.year, c.reviews, c.hours, c.last_on.isoformat()) for c in after] == [
        (2026, 2, Decimal(1), "2026-09-10")
    ]


def test_the_service_certificate_names_the_reviewer_and_the_hours(
    world: World, frozen: Any
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    credit(world.ct, "1.5", "7")
    for day in (3, 4, 5):
        sent(world, rowan, f"2025-02-0{day} 15:00:00+00:00", round=day)
    client = world.client(rowan)
    response = client.get("/ct/service-certificate/2025.pdf?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Rowan" in text
    assert "completed 3 reviews of applications for Endorsement® in 2025," in text
    assert "4.5 hours" in text
    assert "Last review sent on Feb. 5, 2025." in text
    assert "Issued by CT Assoc on March 3, 2025." in text
    spanish = pdf_text(client.get("/ct/service-certificate/2025.pdf?lang=es").content)
    assert "4,5 horas" in spanish and "Rowan" in spanish
    assert "completó 3 revisiones de solicitudes de Endorsement® en 2025," in spanish
    # A year without reviews, an unknown language, a year no calendar has: nothing.
    assert client.get("/ct/service-certificate/2024.pdf").status_code == 404
    assert client.get("/ct/service-certificate/2025.pdf?lang=fr").status_code == 404
    assert client.get("/ct/service-certificate/99999.pdf").status_code == 404
    # Someone else's certificate is theirs only: another person has none for 2025.
    assert world.client(world.other).get("/ct/service-certificate/2025.pdf").status_code == 404


def test_zero_hours_means_not_credited(world: World, frozen: Any) -> None:
    rowan = reviewer(world, "rowan@example.org")
    credit(world.ct, "0", "7")
    sent(world, rowan, "2025-02-03 15:00:00+00:00")
    html = service_page(world, rowan)
    assert "CT Assoc does not credit reviews as in-service training." in html
    assert table(html, "years-heading") == [["2025", "1"]]
    assert "Certificate for" not in html
    assert world.client(rowan).get("/ct/service-certificate/2025.pdf").status_code == 404


def test_in_spanish_the_hours_use_a_decimal_comma(world: World, frozen: Any) -> None:
    rowan = reviewer(world, "rowan@example.org")
    rowan.preferred_language = "es"
    rowan.save()
    credit(world.ct, "1.5", "7.5")
    sent(world, rowan, "2025-02-03 15:00:00+00:00")
    html = " ".join(service_page(world, rowan).split())
    assert (
        "CT Assoc acredita cada revisión que usted envía como 1,5 horas de capacitación en "
        "servicio, como máximo 7,5 horas al año." in html
    )
    assert table(html, "years-heading") == [["2025", "1", "1,5", "Certificado de 2025 (PDF)"]]
    assert table(html, "reviews-heading") == [
        ["3 de febrero de 2025", "Primer/a revisor/a", "IMHS", "1", "Olga Other"]
    ]
    assert 'href="/ct/service-certificate/2025.pdf?lang=es"' in html


def test_the_page_costs_the_same_queries_for_many_reviews(world: World, frozen: Any) -> None:
    rowan = reviewer(world, "rowan@example.org")
    credit(world.ct, "1", "7")

    def queries() -> int:
        client = world.client(rowan)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ct/review/service/").status_code == 200
        return len(captured)

    sent(world, rowan, "2025-02-03 15:00:00+00:00")
    few = queries()
    for round in range(2, 12):
        sent(world, rowan, f"20{round + 10}-02-03 15:00:00+00:00", round=round,
             application=world.application if round % 2 else None)  # fmt: skip
    assert queries() == few


def test_each_reviewer_sees_only_their_own_record(world: World, frozen: Any) -> None:
    rowan, sage = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    credit(world.ct, "2", "7")
    sent(world, rowan, "2025-02-03 15:00:00+00:00")
    sent(world, sage, "2024-06-03 15:00:00+00:00", application=world.application)
    assert table(service_page(world, sage), "reviews-heading") == [
        ["June 3, 2024", "First reviewer", "IMHS", "1", "Ana Díaz"]
    ]
    # Sage's certificate for 2025 would be Rowan's year: there is none for Sage.
    assert world.client(sage).get("/ct/service-certificate/2025.pdf").status_code == 404
    assert world.client(sage).get("/ct/service-certificate/2024.pdf").status_code == 200
    # A reviewer elsewhere (at NM) is nobody at CT; the anonymous visitor signs in first.
    StaffRole.objects.create(association=world.nm, user=world.nm_coordinator, role="reviewer")
    assert world.client(world.nm_coordinator).get("/ct/review/service/").status_code == 403
    assert world.client(world.nm_coordinator).get("/nm/review/service/").status_code == 200
    anonymous = world.client(None).get("/ct/review/service/")
    assert anonymous.status_code == 302
    assert anonymous.url == "/accounts/login/?next=/ct/review/service/"
