"""/api/v1/: the public JSON API and its OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from endorse.endorsements.api import ClientRateThrottle, RegistryList

app_name = "api"
urlpatterns = [
    path("registry/", RegistryList.as_view(), name="registry"),
    path(
        "schema/",
        SpectacularAPIView.as_view(throttle_classes=[ClientRateThrottle]),
        name="schema",
    ),
]
