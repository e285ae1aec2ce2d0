from django.urls import path

from endorse.endorsements import credential_views, lifecycle_views, rsc_views, views

app_name = "endorsements"
urlpatterns = [
    path("verify/", credential_views.check, name="check"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("registry/", views.registry, name="registry_all"),
    path("me/registry/", views.my_listing, name="listing"),
    path(
        "me/endorsements/<int:pk>/certificate-<str:lang>.pdf",
        views.certificate,
        name="certificate",
    ),
    path(
        "me/endorsements/<int:pk>/credential.json", credential_views.credential, name="credential"
    ),
    path("me/endorsements/<int:pk>/", lifecycle_views.page, name="endorsement"),
    path("me/endorsements/<int:pk>/ask/<slug:kind>/", lifecycle_views.ask, name="ask"),
    path(
        "me/endorsements/<int:pk>/requests/<int:request_pk>/withdraw/",
        lifecycle_views.withdraw,
        name="withdraw",
    ),
    path("me/endorsements/<int:pk>/start/<slug:what>/", lifecycle_views.start, name="start"),
    path("<slug:slug>/manage/requests/<int:pk>/", lifecycle_views.decide, name="decide"),
    path("<slug:slug>/registry/", views.registry, name="registry"),
    path("<slug:slug>/rsc-providers/", rsc_views.providers, name="rsc_providers"),
    path("<slug:slug>/rsc-offer/", rsc_views.my_offer, name="rsc_offer"),
    path("<slug:slug>/credentials/issuer/", credential_views.issuer, name="issuer"),
    path("<slug:slug>/credentials/keys/<int:pk>/", credential_views.issuer_key, name="issuer_key"),
    path("<slug:slug>/credentials/status/", credential_views.status_list, name="status_list"),
    path(
        "<slug:slug>/credentials/status/suspension/",
        credential_views.status_list,
        {"purpose": "suspension"},
        name="suspension_list",
    ),
    path("<slug:slug>/manage/endorsements/<int:pk>/revoke/", views.revoke, name="revoke"),
]
