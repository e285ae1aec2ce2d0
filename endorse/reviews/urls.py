from django.urls import path

from endorse.reviews import coordinator, record_views, service_views, views

app_name = "reviews"
urlpatterns = [
    path("<slug:slug>/review/", views.assignments, name="assignments"),
    path("<slug:slug>/review/profile/", views.profile, name="profile"),
    path("<slug:slug>/review/<int:pk>/", views.assignment, name="assignment"),
    path("<slug:slug>/review/<int:pk>/transcripts/<int:transcript_pk>/", views.transcript,
         name="transcript"),
    path("<slug:slug>/manage/applications/<int:pk>/complete/", coordinator.complete,
         name="complete"),
    path("<slug:slug>/manage/applications/<int:pk>/return/", coordinator.send_back,
         name="return"),
    path("<slug:slug>/manage/applications/<int:pk>/assign/<int:tier>/", coordinator.assign,
         name="assign"),
    path("<slug:slug>/manage/applications/<int:pk>/decide/", coordinator.decide, name="decide"),
    path("<slug:slug>/manage/applications/<int:pk>/assignments/<int:assignment_pk>/withdraw/",
         coordinator.withdraw, name="withdraw"),
    path("<slug:slug>/manage/cycles/", coordinator.cycles, name="cycles"),
    path("<slug:slug>/manage/cycles/<int:pk>/remove/", coordinator.cycle_remove,
         name="cycle_remove"),
    path("<slug:slug>/application/resubmit/", views.resubmit, name="resubmit"),
    path("<slug:slug>/application/reopen/", views.reopen, name="reopen"),
    path("<slug:slug>/review/<int:pk>/save/", views.autosave, name="autosave"),
    path("<slug:slug>/manage/applications/<int:pk>/review-record.pdf", record_views.record,
         name="record"),
]  # fmt: skip
urlpatterns += [
    path("<slug:slug>/review/service/", service_views.service, name="service"),
    path(
        "<slug:slug>/service-certificate/<int:year>.pdf",
        service_views.service_certificate,
        name="service_certificate",
    ),
]
