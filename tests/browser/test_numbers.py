"""Hours typed as each language writes them, in real Chromium set to that language: "1,5" on
the Spanish page and "1.5" on the English one both store 1.5 and show back as typed.
(Chromium's number boxes had read Spanish "1,5" as 15.)"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Rsc
from tests.browser.conftest import sign_in
from tests.browser.test_journey import ENTRIES, Words, accepted_applicant, add_entry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("lang", "locale", "typed"), [("es", "es-ES", "1,5"), ("en", "en-US", "1.5")]
)
def test_rsc_hours_typed_in_the_page_s_language_store_one_and_a_half(
    visitor_factory: Any, association: Any, lang: str, locale: str, typed: str
) -> None:
    applicant = accepted_applicant(association, f"hours-{lang}@example.org", "hours-pass-123")
    User.objects.filter(pk=applicant.pk).update(preferred_language=lang)
    w = Words(lang)
    visitor = visitor_factory(locale=locale)
    sign_in(visitor, w, applicant.email, "hours-pass-123")
    page = visitor.goto("/ct/application/rsc/")
    day = (timezone.localdate() - timedelta(days=30)).isoformat()
    entry = add_entry(page, w, "Add RS/C", {"date": day, "hours": typed, "format": "individual"})
    assert entry.get_by_label(w.label("hours")).get_attribute("type") == "text"
    assert Rsc.objects.get(application__applicant=applicant).hours == Decimal("1.5")

    page.reload()
    visitor.check()
    entry = page.locator(ENTRIES).last
    expect(entry.get_by_label(w.label("hours"))).to_have_value(typed)
    expect(entry.locator(".badge.incomplete")).to_have_count(0)
