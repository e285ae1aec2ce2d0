from django.urls import path

from endorse.ratings import views

app_name = "ratings"
urlpatterns = [
    path("rate/<str:token>/", views.rate, name="rate"),
    path("rate/<str:token>/decline/", views.decline, name="decline"),
    path(
        "<slug:slug>/application/references/<int:pk>/request/",
        views.request_send,
        name="request_send",
    ),
    path(
        "<slug:slug>/application/references/<int:pk>/withdraw/",
        views.request_withdraw,
        name="request_withdraw",
    ),
]
