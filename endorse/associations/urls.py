from django.urls import path

from endorse.associations import staff, views

app_name = "associations"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/manage/settings/", views.settings_page, name="settings"),
    path("<slug:slug>/manage/staff/", staff.staff, name="staff"),
    path("<slug:slug>/manage/staff/<int:pk>/remove/", staff.staff_remove, name="staff_remove"),
    path(
        "<slug:slug>/manage/staff/<int:user_pk>/categories/",
        staff.staff_categories,
        name="staff_categories",
    ),
]
