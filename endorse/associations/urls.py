from django.urls import path

from endorse.associations import views

app_name = "associations"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.detail, name="detail"),
]
