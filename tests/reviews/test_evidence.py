"""The reviewer reads the portfolio beside the form: details, every section's entries, the
applicant's notes and the transcripts; in a later round, what changed since."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.accounts.models import User
from endorse.applications.models import (
    Application,
    Details,
    Education,
    Reference,
    Rsc,
    SectionNote,
    SubmittedEntries,
    Training,
    Transcript,
    Work,
)
from endorse.associations.models import StaffRole
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment, ReviewerProfile
from tests.applications.conftest import World, person
from tests.reviews.test_on_hold import on_hold
from tests.reviews.test_workflow import accepted, reviewer

PDF = b"%PDF-1.4\n%%EOF\n"


def page_of(world: World, user: User, assignment: Assignment) -> str:
    response = world.client(user).get(f"/ct/review/{assignment.pk}/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def row_text(page: str, row_id: str) -> list[str]:
    """The cells of one table row, as text."""
    found = re.search(rf'<tr id="{row_id}">(.*?)</tr>', page)
    assert found, row_id
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found.group(1))
    return [unescape(" ".join(re.sub(r"<[^>]+>", " ", cell).split())) for cell in cells]


def evidence(world: World, application: Application) -> dict[str, int]:
    """A degree with a transcript, a job, a training of 1.5 hours, an RS/C session and a
    note on the work section, added to what the application already holds."""
    common = {"association": world.ct, "application": application, "complete": True}
    degree = Education.objects.create(**common, level="master", field="Infant mental health",
                                      institution="Southern Connecticut State University",
                                      completed_on=date(2015, 5, 20))  # fmt: skip
    transcript = Transcript.objects.create(
        association=world.ct, education=degree, original_name="ma-transcript.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=world.applicant,
        file=SimpleUploadedFile("t.pdf", PDF), official=True,
    )  # fmt: skip
    job = Work.objects.create(**common, title="Home visitor", employer="Family Center",
                              start=date(2019, 9, 1), end=date(2024, 8, 31), fte=Decimal("0.75"),
                              paid=True, supervised=False, service="prevention",
                              age_band="infant", families_served=40)  # fmt: skip
    course = Training.objects.create(**common, title="Circle of Security", date=date(2024, 2, 10),
                                     hours=Decimal("1.50"), dei=True)  # fmt: skip
    session = Rsc.objects.create(**common, date=date(2024, 3, 5), hours=Decimal("1.5"),
                                 format="individual", provider="Dr. Lee Park",
                                 provider_endorsement="IMHM-C")  # fmt: skip
    SectionNote.objects.create(association=world.ct, application=application, section="work",
                               applicant_note="I worked part time in 2019.")  # fmt: skip
    Details.objects.filter(application=application).update(
        languages="English, Spanish", license_description="LCSW 1234, CT"
    )
    return {"degree": degree.pk, "transcript": transcript.pk, "job": job.pk,
            "course": course.pk, "session": session.pk}  # fmt: skip


def test_the_reviewer_reads_every_section_with_its_notes_and_transcripts(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    rowan = reviewer(world, "rowan@example.org")
    assignment = accepted(world, submitted, rowan, 1)
    ids = evidence(world, submitted)

    page = page_of(world, rowan, assignment)

    assert row_text(page, f"evidence-education-{ids['degree']}") == [
        "Master's degree", "Infant mental health", "Southern Connecticut State University",
        "May 20, 2015", "ma-transcript.pdf (opens in a new tab) Official",
    ]  # fmt: skip
    link = (f'<a href="/ct/review/{assignment.pk}/transcripts/{ids["transcript"]}/" '
            'target="_blank" rel="noopener">ma-transcript.pdf')  # fmt: skip
    assert link in page
    assert row_text(page, f"evidence-work-{ids['job']}") == [
        "Home visitor", "Family Center", "Sept. 1, 2019 – Aug. 31, 2024", "0.75", "yes", "no",
        "Prevention / early intervention", "Infants and toddlers (0–3)", "40",
    ]  # fmt: skip
    assert row_text(page, f"evidence-training-{ids['course']}") == [
        "Feb. 10, 2024",
        "1.5",
        "Circle of Security",
        "Diversity, equity and inclusion",
    ]
    assert row_text(page, f"evidence-rsc-{ids['session']}") == [
        "March 5, 2024",
        "1.5",
        "Individual",
        "Dr. Lee Park",
        "IMHM-C",
    ]
    assert "<strong>Note from the applicant:</strong> I worked part time in 2019." in page
    assert (
        "<dt>Mental health license</dt><dd>Holds a mental health license: LCSW 1234, CT</dd>"
        in page
    )
    assert "<dt>Languages</dt><dd>English, Spanish</dd>" in page
    assert "Earlier rounds" not in page and "since round" not in page  # a first round


def test_hours_and_dates_follow_the_reviewers_language(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    rosa = person("rosa@example.org", "Rosa Revisora", lang="es")
    StaffRole.objects.create(association=world.ct, user=rosa, role="reviewer")
    ReviewerProfile.objects.create(association=world.ct, user=rosa, categories=["IMHS"])
    assignment = accepted(world, submitted, rosa, 1)
    ids = evidence(world, submitted)

    page = page_of(world, rosa, assignment)

    assert row_text(page, f"evidence-training-{ids['course']}") == [
        "10 de febrero de 2024",
        "1,5",
        "Circle of Security",
        "Diversidad, equidad e inclusión",
    ]
    assert row_text(page, f"evidence-rsc-{ids['session']}")[:3] == ["5 de marzo de 2024", "1,5",
                                                                    "Individual"]  # fmt: skip
    assert row_text(page, f"evidence-work-{ids['job']}")[3:5] == ["0,75", "sí"]


def test_nothing_of_the_portfolio_before_the_reviewer_accepts(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    rowan = reviewer(world, "rowan@example.org")
    assignment = assigning.reviewer_assign(
        application=submitted, reviewer=rowan, tier=1, actor=world.coordinator
    )
    evidence(world, submitted)
    page = page_of(world, rowan, assignment)
    assert "Southern Connecticut State University" not in page
    assert "ma-transcript.pdf" not in page


def resubmitted_with_changes(world: World, application: Application) -> dict[str, int]:
    """On hold with RS/C reopened: one session changed, one added, one removed; resubmitted."""
    application = on_hold(world, application)
    sessions = list(Rsc.objects.filter(application=application).order_by("pk"))
    changed, removed, kept = sessions[0], sessions[1], sessions[2]
    Rsc.objects.filter(pk=changed.pk).update(hours=Decimal("2.5"))
    removed.delete()
    added = Rsc.objects.create(association=world.ct, application=application, complete=True,
                               date=date(2025, 4, 20), hours=Decimal("1.5"), format="group",
                               provider="Dr. Lee Park")  # fmt: skip
    services.resubmit_on_hold(application=application, actor=world.applicant)
    return {"changed": changed.pk, "added": added.pk, "kept": kept.pk}


def test_a_later_round_shows_the_earlier_reviews_the_decision_and_what_changed(
    world: World, submitted: Application
) -> None:
    ids = resubmitted_with_changes(world, submitted)
    rowan = User.objects.get(email="rowan@example.org")
    assignment = Assignment.objects.get(reviewer=rowan, round=2)

    page = page_of(world, rowan, assignment)

    assert row_text(page, f"evidence-rsc-{ids['added']}")[0] == "April 20, 2025 Added since round 1"
    assert row_text(page, f"evidence-rsc-{ids['changed']}")[:2] == [
        "Dec. 1, 2022 Changed since round 1",
        "2.5",
    ]
    assert row_text(page, f"evidence-rsc-{ids['kept']}")[0] == "Feb. 1, 2023"
    removed = re.search(r'<h3 id="evidence-removed">(.*?)</h3> <ul>(.*?)</ul>', page)
    assert removed is not None
    assert removed.group(1) == "Removed since round 1"
    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split())
             for li in re.findall(r"<li>(.*?)</li>", removed.group(2))]  # fmt: skip
    assert items == ["RS/C: Jan. 1, 2023: 5 h, Individual"]
    assert page.count("Added since round 1") == 1 and page.count("Changed since round 1") == 1
    rounds = page[page.index('<h2 id="earlier-rounds">') : page.index('id="evidence-heading"')]
    assert '<h3 id="round-1">Round 1</h3>' in rounds
    assert "<h4>First reviewer</h4>" in rounds and "<h4>Second reviewer</h4>" in rounds
    assert rounds.count("Clear and complete.") == 2
    assert "<strong>On hold: changes requested</strong>" in rounds
    assert '<p class="comment">Please add your RS/C since January.</p>' in rounds


def test_each_submission_keeps_the_entries_of_its_round(
    world: World, submitted: Application
) -> None:
    first = SubmittedEntries.objects.get(application=submitted)
    assert first.round == 1
    assert set(first.entries) == {"details", "education", "work", "training", "rsc",
                                  "leadership", "rsc_provided", "references"}  # fmt: skip
    assert len(first.entries["references"]) == 3
    assert len(first.entries["rsc"]) == 13
    ids = resubmitted_with_changes(world, submitted)
    second = SubmittedEntries.objects.get(application=submitted, round=2)
    assert len(second.entries["rsc"]) == 13
    assert str(ids["added"]) in second.entries["rsc"]
    assert second.entries["rsc"][str(ids["changed"])]["fields"]["hours"] == "2.50"
    assert first.entries["rsc"][str(ids["changed"])]["fields"]["hours"] == "5.00"


def resubmitted_with_new_details_and_rater(world: World, application: Application) -> int:
    """On hold; the applicant moved county, renewed their membership and replaced their
    supervisor rater with another; resubmitted. Returns the new reference's id."""
    application = on_hold(world, application)
    Details.objects.filter(application=application).update(
        county="Condado de Fairfield", membership_number="CT-4471"
    )
    Reference.objects.filter(application=application, role="supervisor").delete()
    added = Reference.objects.create(association=world.ct, application=application,
                                     complete=True, name="Begoña Ibáñez",
                                     email="begona@example.org", role="supervisor")  # fmt: skip
    services.resubmit_on_hold(application=application, actor=world.applicant)
    return added.pk


def test_a_later_round_marks_changed_details_and_a_replaced_rater(
    world: World, submitted: Application
) -> None:
    resubmitted_with_new_details_and_rater(world, submitted)
    rowan = User.objects.get(email="rowan@example.org")
    page = page_of(world, rowan, Assignment.objects.get(reviewer=rowan, round=2))

    assert re.search(r'<h3 id="evidence-details">Details <span class="badge changed">'
                     r"Changed since round 1</span></h3>", page)  # fmt: skip
    assert '<p class="changed-fields">Changed: county, membership number</p>' in page
    ratings = page[page.index('id="references-heading"') : page.index('id="review-form"')]
    headings = [" ".join(re.sub(r"<[^>]+>", " ", h).split())
                for h in re.findall(r"<h3>(.*?)</h3>", ratings)]  # fmt: skip
    assert headings == [
        "Rating 1 – RS/C provider",
        "Rating 2 – Colleague",
        "Rating 3 – Supervisor Added since round 1",
    ]
    removed = re.search(r'<h3 id="evidence-removed">.*?</h3> <ul>(.*?)</ul>', page)
    assert removed is not None
    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split())
             for li in re.findall(r"<li>(.*?)</li>", removed.group(1))]  # fmt: skip
    assert items == ["References: Supervisor"]
    assert "Begoña" not in page and "Rater supervisor" not in page  # raters stay unnamed


def test_a_snapshot_kept_before_details_were_kept_marks_nothing_there(
    world: World, submitted: Application
) -> None:
    first = SubmittedEntries.objects.get(application=submitted, round=1)
    del first.entries["details"], first.entries["references"]
    first.save()
    resubmitted_with_new_details_and_rater(world, submitted)
    rowan = User.objects.get(email="rowan@example.org")
    page = page_of(world, rowan, Assignment.objects.get(reviewer=rowan, round=2))
    assert '<h3 id="evidence-details">Details</h3>' in page
    assert "changed-fields" not in page and "Added since round 1" not in page
    assert '<h3 id="evidence-removed">' not in page
