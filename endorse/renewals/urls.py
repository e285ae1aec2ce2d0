from django.urls import path

from endorse.renewals import manage_views, views

app_name = "renewals"
urlpatterns = [
    path("<slug:slug>/renewal/", views.renewal, name="renewal"),
    path("<slug:slug>/renewal/start/", views.start, name="start"),
    path("<slug:slug>/renewal/details/", views.details, name="details"),
    path("<slug:slug>/renewal/training/", views.training, name="training"),
    path("<slug:slug>/renewal/rsc/", views.rsc, name="rsc"),
    path("<slug:slug>/renewal/ethics/", views.ethics, name="ethics"),
    path("<slug:slug>/renewal/evidence/", views.evidence, name="evidence"),
    path("<slug:slug>/renewal/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("<slug:slug>/renewal/<slug:kind>/<int:pk>/remove/", views.remove, name="remove"),
    path("<slug:slug>/renewal/submit/", views.submit, name="submit"),
    path("<slug:slug>/manage/renewals/", manage_views.overview, name="manage"),
    path("<slug:slug>/manage/renewals/settings/", manage_views.settings, name="settings"),
    path("<slug:slug>/manage/renewals/<int:pk>/", manage_views.detail, name="manage_renewal"),
    path("<slug:slug>/manage/renewals/<int:pk>/decide/", manage_views.decide, name="decide"),
    path(
        "<slug:slug>/manage/renewals/<int:pk>/evidence/<int:evidence_pk>/",
        manage_views.evidence_file,
        name="manage_evidence",
    ),
]
