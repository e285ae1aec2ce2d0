from django.urls import path

from endorse.endorsements import views

app_name = "endorsements"
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
]
