"""A coordinator's typed reason reaches another person's page as text, never as script.

The attack the issue reported: a coordinator of one association returned a registration
with markup in the reason; the applicant, staff at another association, opened their
notifications in a signed-in session and the script ran.
"""

from __future__ import annotations

from typing import Any

from django.core import mail

from endorse.applications.models import Registration
from endorse.applications.services import registration_submit
from endorse.associations.models import StaffRole
from endorse.core.mail import render_email
from tests.applications.conftest import TODAY, World, person, registration_fields

REASON = '"><img src=x onerror=alert(document.cookie)> Send the <b>2024</b> transcript & "more"'


def test_a_returned_registrations_reason_is_text_in_the_applicants_notifications(
    world: World, settings: Any
) -> None:
    # Given an applicant at ct who is also staff at nm
    applicant = person("staff.and.applicant@example.org", "Zoë O'Brien <b>")
    StaffRole.objects.create(association=world.nm, user=applicant, role="coordinator")
    registration = registration_submit(
        association=world.ct, applicant=applicant, fields=registration_fields(), today=TODAY
    )
    # When ct's coordinator returns it with markup in the reason, through the page
    response = world.client(world.coordinator).post(
        f"/ct/manage/registrations/{registration.pk}/decide/",
        {"decision": "return", "reason": REASON},
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).return_reason == REASON

    # Then the email says it exactly as typed (plain text, no entities)
    (message,) = [m for m in mail.outbox if m.to == ["staff.and.applicant@example.org"]]
    assert REASON in message.body
    assert "Hello Zoë O'Brien <b>," in message.body
    assert message.alternatives == []

    # And the applicant's notifications page shows it escaped, and nothing raw
    page = world.client(applicant).get("/me/notifications/").content.decode()
    assert (
        "&quot;&gt;&lt;img src=x onerror=alert(document.cookie)&gt; Send the &lt;b&gt;2024&lt;/b&gt;"
        " transcript &amp; &quot;more&quot;"
    ) in page
    assert "Hello Zoë O&#x27;Brien &lt;b&gt;," in page
    assert "<img src=x" not in page
    assert "<b>2024</b>" not in page
    assert "<b>," not in page


def test_an_emails_text_is_never_marked_safe_for_html() -> None:
    subject, body = render_email(
        "registration_returned",
        {"name": "<i>N</i>", "association": "A & B", "reason": "<x>", "url": "http://x/"},
        "en",
    )
    assert type(subject) is str
    assert type(body) is str
    assert "<x>" in body
    assert "A & B" in subject
