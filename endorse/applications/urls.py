from django.urls import path

from endorse.applications.views import (
    add_many,
    applicant,
    coordinator,
    log,
    portfolio,
    public,
    registrations,
    transcripts,
)

app_name = "applications"
urlpatterns = [
    path("<slug:slug>/advisor/", public.advisor, name="advisor"),
    path("<slug:slug>/register/", public.register, name="register"),
    path("<slug:slug>/application/", applicant.overview, name="overview"),
    path("<slug:slug>/application/category/", applicant.set_category, name="category"),
    path("<slug:slug>/application/checklist/", applicant.checklist, name="checklist"),
    path("<slug:slug>/application/export/", portfolio.export, name="export"),
    path("<slug:slug>/application/import/", portfolio.import_portfolio, name="import"),
    path("<slug:slug>/application/submit/", applicant.submit, name="submit"),
    path("<slug:slug>/application/sign/<int:agreement_pk>/", applicant.sign, name="sign"),
    path(
        "<slug:slug>/application/education/<int:pk>/transcripts/",
        transcripts.transcript_upload,
        name="transcript_upload",
    ),
    path(
        "<slug:slug>/application/transcripts/<int:pk>/",
        transcripts.transcript_download,
        name="transcript",
    ),
    path(
        "<slug:slug>/application/transcripts/<int:pk>/delete/",
        transcripts.transcript_delete,
        name="transcript_delete",
    ),
    path("<slug:slug>/application/<slug:section>/add-many/", add_many.add_many, name="add_many"),
    path(
        "<slug:slug>/application/<slug:section>/add-many/template.csv",
        add_many.add_many_template,
        name="add_many_template",
    ),
    path("<slug:slug>/application/<slug:section>/", applicant.section_page, name="section"),
    path("<slug:slug>/application/<slug:section>/new/", applicant.entry_new, name="entry_new"),
    path("<slug:slug>/application/<slug:section>/note/", applicant.note_save, name="note"),
    path(
        "<slug:slug>/application/<slug:section>/<int:pk>/", applicant.entry_save, name="entry_save"
    ),
    path(
        "<slug:slug>/application/<slug:section>/<int:pk>/delete/",
        applicant.entry_delete,
        name="entry_delete",
    ),
    path(
        "<slug:slug>/application/<slug:section>/restore/",
        log.entry_restore,
        name="entry_restore",
    ),
    path("<slug:slug>/manage/", coordinator.dashboard, name="manage"),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/",
        registrations.registration_detail,
        name="manage_registration",
    ),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/correct/",
        registrations.registration_correct_view,
        name="manage_correct",
    ),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/decide/",
        registrations.registration_decide,
        name="manage_decide",
    ),
    path("<slug:slug>/manage/charges/<int:pk>/", coordinator.charge_settle, name="manage_charge"),
    path(
        "<slug:slug>/manage/applications/<int:pk>/",
        coordinator.application_detail,
        name="manage_application",
    ),
    path(
        "<slug:slug>/manage/applications/<int:pk>/comment/<slug:section>/",
        coordinator.comment,
        name="manage_comment",
    ),
    path(
        "<slug:slug>/manage/applications/<int:pk>/education/<int:education_pk>/transcript/",
        coordinator.official_transcript,
        name="manage_official_transcript",
    ),
    path(
        "<slug:slug>/manage/applications/<int:pk>/references/<int:reference_pk>/",
        coordinator.reference_rating,
        name="manage_reference",
    ),
    path(
        "<slug:slug>/manage/applications/<int:pk>/references/<int:reference_pk>/vetting/",
        coordinator.reference_vetting,
        name="manage_vetting",
    ),
    path(
        "<slug:slug>/manage/transcripts/<int:pk>/",
        coordinator.transcript_download,
        name="manage_transcript",
    ),
    path(
        "<slug:slug>/manage/transcripts/<int:pk>/official/",
        coordinator.transcript_official,
        name="manage_transcript_official",
    ),
]
