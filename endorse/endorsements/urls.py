from django.urls import path

from endorse.endorsements import views

app_name = "endorsements"
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path("registry/", views.registry, name="registry_all"),
    path("me/registry/", views.my_listing, name="listing"),
    path(
        "me/endorsements/<int:pk>/certificate-<str:lang>.pdf",
        views.certificate,
        name="certificate",
    ),
    path("<slug:slug>/registry/", views.registry, name="registry"),
    path("<slug:slug>/manage/endorsements/<int:pk>/revoke/", views.revoke, name="revoke"),
]
