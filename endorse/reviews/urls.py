from django.urls import path

from endorse.reviews import views

app_name = "reviews"
urlpatterns = [
    path("<slug:slug>/review/", views.assignments, name="assignments"),
    path("<slug:slug>/review/<int:pk>/", views.assignment, name="assignment"),
]
