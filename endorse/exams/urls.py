from django.urls import path

from endorse.exams import bank_views, manage_views, scoring_views, views

app_name = "exams"
urlpatterns = [
    path("<slug:slug>/exam/", views.candidate, name="candidate"),
    path("<slug:slug>/exam/sittings/<int:pk>/book/", views.book, name="book"),
    path("<slug:slug>/exam/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/exam/part/<int:part>/start/", views.start, name="start"),
    path("<slug:slug>/exam/part/<int:part>/", views.part_page, name="part"),
    path("<slug:slug>/exam/part/<int:part>/answers/<int:position>/", views.answer, name="answer"),
    path("<slug:slug>/exam/part/<int:part>/hand-in/", views.hand_in, name="hand_in"),
    path("<slug:slug>/manage/exam/", manage_views.manage, name="manage"),
    path("<slug:slug>/manage/exam/sittings/", manage_views.sitting_new, name="sitting_new"),
    path("<slug:slug>/manage/exam/settings/", manage_views.policy, name="policy"),
    path(
        "<slug:slug>/manage/exam/bookings/<int:pk>/accommodation/",
        manage_views.accommodation,
        name="accommodation",
    ),
    path(
        "<slug:slug>/manage/exam/attempts/<int:pk>/scorers/<int:tier>/",
        manage_views.assign,
        name="assign",
    ),
    path(
        "<slug:slug>/manage/exam/bookings/<int:pk>/release/", manage_views.release, name="release"
    ),
    path("<slug:slug>/manage/exam/items/", bank_views.bank, name="bank"),
    path("<slug:slug>/manage/exam/items/new/<slug:kind>/", bank_views.item_new, name="item_new"),
    path(
        "<slug:slug>/manage/exam/items/<int:pk>/retire/",
        bank_views.item_retire,
        name="item_retire",
    ),
    path("<slug:slug>/scoring/", scoring_views.scorings, name="scorings"),
    path("<slug:slug>/scoring/<int:pk>/", scoring_views.scoring, name="scoring"),
]
