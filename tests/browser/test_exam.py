"""The exam in a real browser: booking, both parts with a closed browser in between, blind
scoring by two reviewers, the released result and the endorsement in the registry."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.demo.load import DEMO_PASSWORD, _user
from endorse.associations.models import StaffRole
from endorse.associations.services import association_upsert
from endorse.eligibility.categories import CATEGORIES
from endorse.exams.demo import (
    MULTIPLE_CHOICE,
    SPANISH_MULTIPLE_CHOICE,
    SPANISH_VIGNETTES,
    VIGNETTES,
    load_exam,
)
from endorse.payments.models import Fee, FeeKind
from endorse.standards.models import Category
from endorse.standards.services import baseline_sync
from tests.browser.conftest import Visitor, sign_in
from tests.browser.review_steps import REVIEWERS, add_reviewers, sign_in_with_code
from tests.browser.test_journey import Words

pytestmark = pytest.mark.django_db(transaction=True)
# The right option of each demo item, by its stem in English and in Spanish.
RIGHT = {stem: options[key] for _area, stem, options, key in MULTIPLE_CHOICE} | {
    SPANISH_MULTIPLE_CHOICE[stem][0]: SPANISH_MULTIPLE_CHOICE[stem][1][key]
    for _area, stem, _options, key in MULTIPLE_CHOICE
}
COORDINATOR = ("coord@ct.example.org", "coordinator-pass-1")


@pytest.fixture
def ct(transactional_db: None) -> Any:
    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT Assoc",
                            time_zone="America/New_York")  # fmt: skip
    coordinator = User.objects.create_user(
        COORDINATOR[0], COORDINATOR[1], full_name="Casey Coordinator"
    )
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    Fee.objects.create(association=ct, kind=FeeKind.EXAM, category=Category.objects.get(code="IMHM-C"),
                       amount_cents=5000, effective_from=date(2020, 1, 1))  # fmt: skip
    load_exam(ct, coordinator, _user)  # the demo's bank, sitting and candidate (Jamie)
    return ct


def answer_part_one(page: Any, how_many: int) -> int:
    """Choose the right option of the first unanswered items; how many are now answered."""
    items = page.locator("ol.exam-items > li")
    answered = 0
    for index in range(items.count()):
        item = items.nth(index)
        if item.locator("input:checked").count():
            answered += 1
            continue
        if how_many == 0:
            continue
        stem = item.locator("legend").inner_text().strip()
        item.get_by_label(RIGHT[stem], exact=True).check()
        expect(item.locator(".saved")).not_to_be_empty()
        answered += 1
        how_many -= 1
    return answered


def hand_in(visitor: Visitor, w: Words, part: int) -> None:
    page = visitor.page
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=w("Hand in part %(part)s", part=part)).click()
    page.wait_for_url(re.compile(r"/ct/exam/$"))
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(w("Part %(part)s is handed in.", part=part))


def count_down(page: Any, w: Words) -> None:
    """The time left goes down as the page's clock runs, and is spoken at a few moments."""
    timer = page.get_by_role("timer")
    spoken = page.locator("[data-countdown-announce]")
    expect(timer).to_have_text(w.plural_minutes(20))
    page.clock.run_for("01:00")
    expect(timer).to_have_text(w.plural_minutes(19))
    expect(spoken).to_have_text("")  # not every minute
    page.clock.run_for("04:00")
    expect(timer).to_have_text(w.plural_minutes(15))
    expect(spoken).to_have_text(w.plural_minutes(15))


def hand_in_with_a_double_click(visitor: Visitor, w: Words, part: int) -> None:
    """Asked once, sent once: the button is disabled after the first click."""
    page = visitor.page
    asked: list[str] = []
    sent: list[str] = []

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/hand-in/") else None)
    button = page.get_by_role("button", name=w("Hand in part %(part)s", part=part))
    button.dblclick()
    page.wait_for_url(re.compile(r"/ct/exam/$"))
    visitor.check()
    page.remove_listener("dialog", accept)
    assert (len(asked), len(sent)) == (1, 1)
    expect(page.locator(".messages .message")).to_have_text(
        [w("Part %(part)s is handed in.", part=part)]
    )


def handed_in_on(w: Words, part: int) -> str:
    """The start of the sentence that says when a part was handed in."""
    sentence = w("Part %(part)s was handed in on %(time)s; it can no longer be changed.",
                 part=part, time="\0")  # fmt: skip
    return sentence.split("\0")[0]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_exam_from_booking_to_the_registry(visitor_factory: Any, ct: Any, lang: str) -> None:
    w, sw = Words(lang), Words("en")
    jamie = User.objects.get(email="exam@endorse.test")
    User.objects.filter(pk=jamie.pk).update(preferred_language=lang)
    add_reviewers(ct)
    locale = "es-ES" if lang == "es" else "en-US"

    # The candidate books the open sitting from her application's page.
    candidate = visitor_factory(locale=locale)
    sign_in(candidate, w, "exam@endorse.test", DEMO_PASSWORD)
    page = candidate.goto("/ct/application/")
    page.get_by_role(
        "link", name=w("Your exam: book a sitting, take it and read your result")
    ).click()
    candidate.check()
    page.get_by_role("button", name=w("Book this sitting")).click()
    candidate.check()
    expect(page.locator(".messages")).to_contain_text(w("Your place is booked."))

    # The coordinator records the exam fee on the exam page.
    staff = visitor_factory()
    sign_in(staff, sw, *COORDINATOR)
    page = staff.goto("/ct/manage/exam/")
    page.get_by_label(sw.label("Paid by")).select_option("check")
    page.get_by_role("textbox", name=sw.label("Reference")).fill("1204")
    page.get_by_role("button", name=sw("Record payment")).click()
    staff.check()
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(sw("Exam fee")) + ".*"))
    ).to_contain_text(sw("Paid"))

    # Part 1: the clock counts down on the page; half the answers, then the browser closes.
    page = candidate.goto("/ct/exam/")
    page.clock.install()  # the page's own timers, moved on by the test
    page.get_by_role("button", name=w("Start part %(part)s", part=1)).click()
    candidate.check()
    count_down(page, w)
    assert answer_part_one(page, 6) == 6
    candidate.context.close()

    # Five minutes later, in a new browser: the answers are there and 15 minutes are left.
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True):
        again = visitor_factory(locale=locale)
        sign_in(again, w, "exam@endorse.test", DEMO_PASSWORD)
        page = again.goto("/ct/exam/")
        page.get_by_role("link", name=w("Go back to part %(part)s", part=1)).click()
        again.check()
        expect(page.locator(".exam-clock")).to_contain_text(w.plural_minutes(15))
        expect(page.locator("ol.exam-items input:checked")).to_have_count(6)
        assert answer_part_one(page, 100) == 12
        hand_in_with_a_double_click(again, w, 1)

        # Back after handing in: the exam page again, never the questions.
        page.go_back()
        again.check()
        expect(page).to_have_url(re.compile(r"/ct/exam/$"))
        expect(page.locator("ol.exam-items")).to_have_count(0)
        expect(page.get_by_text(re.compile(re.escape(handed_in_on(w, 1))))).to_be_visible()

        # Part 2: two of the three vignettes, in the page's language.
        page.get_by_role("button", name=w("Start part %(part)s", part=2)).click()
        again.check()
        rosa = VIGNETTES[0][1]
        expect(
            page.get_by_text(SPANISH_VIGNETTES[rosa][0] if lang == "es" else rosa)
        ).to_be_visible()
        for number in (1, 3):
            page.get_by_label(w("I answer vignette %(number)s", number=number)).check()
            page.get_by_label(w("Your answer to vignette %(number)s", number=number)).fill(
                "The worker's feelings are information about the family; I would bring them to supervision."
            )
            expect(page.locator(f"#saved-{number}")).to_contain_text(re.compile(r"\d\d:\d\d:\d\d"))
        hand_in(again, w, 2)

        # The coordinator asks the two reviewers to score part 2.
        page = staff.goto("/ct/manage/exam/")
        reviewers = {u.email: u for u in User.objects.filter(email__in=[r[0] for r in REVIEWERS])}
        for tier, (email, _name, _secret) in enumerate(REVIEWERS, start=1):
            label = sw.label("First scorer" if tier == 1 else "Second scorer")
            page.get_by_label(label).select_option(str(reviewers[email].pk))
            page.locator("form", has=page.get_by_label(label)).get_by_role(
                "button", name=sw("Ask to score")
            ).click()
            staff.check()

        # Each scores blind: a candidate number, never a name.
        for email, _name, secret in REVIEWERS:
            scorer = visitor_factory()
            sign_in_with_code(scorer, sw, email, secret)
            page = scorer.goto("/ct/scoring/")
            page.get_by_role("link", name=re.compile(r"Candidate C-")).click()
            scorer.check()
            expect(page.get_by_text("Jamie")).to_have_count(0)
            expect(page.get_by_text("exam@endorse.test")).to_have_count(0)
            page.get_by_label(sw("Yes: pass"), exact=True).check()
            page.get_by_label(sw.label("Comments against the rubric")).fill(
                "Thoughtful and reflective."
            )
            page.get_by_role("button", name=sw("Send my score")).click()
            scorer.check()
            expect(page.locator(".messages")).to_contain_text(sw("Your score is sent."))

        # The coordinator releases the result with the drafted letter.
        page = staff.goto("/ct/manage/exam/")
        letter = page.get_by_label(sw.label("Feedback letter"))
        expect(letter).to_have_value(re.compile("Thoughtful and reflective."))
        page.get_by_role("button", name=sw("Release the result")).click()
        staff.check()

        # The candidate reads it, and the registry lists her.
        page = again.goto("/ct/exam/")
        expect(page.get_by_text("Thoughtful and reflective.").first).to_be_visible()
        page = again.goto("/ct/registry/")
        page.get_by_label(w.label("Name")).fill("jamie")
        page.get_by_role("button", name=w("Search"), exact=True).click()
        again.check()
        expect(page.locator("ul.registry")).to_contain_text("Jamie Candidate")
