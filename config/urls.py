from django.contrib import admin
from django.urls import include, path

from endorse.accounts.views import set_language
from endorse.applications.views.public import my_endorsement
from endorse.associations.views import favicon, staff_homes
from endorse.notifications.views import notifications

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("me/", my_endorsement, name="me"),
    path("me/notifications/", notifications, name="notifications"),
    path("me/staff/", staff_homes, name="staff_homes"),
    path("favicon.ico", favicon),
    path("api/v1/", include("endorse.endorsements.api_urls")),
    path("", include("endorse.endorsements.urls")),
    path("", include("endorse.ratings.urls")),
    path("", include("endorse.reviews.urls")),
    path("", include("endorse.exams.urls")),
    path("", include("endorse.renewals.urls")),
    path("", include("endorse.payments.urls")),
    path("", include("endorse.applications.urls")),
    path("", include("endorse.associations.urls")),
]
