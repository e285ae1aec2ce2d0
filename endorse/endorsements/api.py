"""The registry as a read-only JSON API (/api/v1/registry/), documented by OpenAPI.

It answers exactly what the registry page shows, through the same search
(endorse.endorsements.registry), so the two can never disagree about who is listed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from endorse.core.rates import hits_now
from endorse.endorsements.models import Endorsement
from endorse.endorsements.registry import RegistryQuery, association_id_for, registry_search


class ClientRateThrottle(SimpleRateThrottle):
    """``ENDORSE_API_RATE`` requests per client address in each fixed window (a minute for
    "120/min"), counted in the database so that every app process behind the load balancer
    counts the same client together: one statement a request (``endorse.core.rates``)."""

    scope = "api"

    def get_rate(self) -> str:
        return str(settings.ENDORSE_API_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: Request, view: Any) -> bool:
        allowed, seconds = self.parse_rate(self.get_rate())
        if allowed is None or seconds is None:
            return True
        hits, self.left = hits_now(
            self.get_cache_key(request, view), seconds=seconds, now=self.timer()
        )
        return hits <= allowed

    def wait(self) -> float:
        """The seconds until the window ends and the client may ask again."""
        return max(1.0, self.left)


class RegistryPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return []  # RegistryQuerySerializer documents page and page_size, with their bounds


class RegistryQuerySerializer(serializers.Serializer[Any]):
    """The query parameters, checked: a bad one is a 400 that says which and why."""

    name = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Words that start words of the name; accents and case don't matter "
        '("pena" finds "Peña").',
    )  # fmt: skip
    category = serializers.CharField(
        required=False, allow_blank=True, max_length=16, help_text="A category code, e.g. IMHS."
    )
    locality = serializers.CharField(
        required=False, allow_blank=True, max_length=100,
        help_text="The start of a city or county.",
    )  # fmt: skip
    association = serializers.CharField(
        required=False, allow_blank=True, max_length=50,
        help_text="An association's slug, e.g. ct.",
    )  # fmt: skip
    page = serializers.IntegerField(required=False, min_value=1, help_text="Page number.")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=RegistryPagination.max_page_size,
        help_text="Results per page (25 unless asked).",
    )  # fmt: skip


class CategorySerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The category's code, e.g. IMHS.")
    name_en = serializers.CharField(help_text="The category's full name in English.")
    name_es = serializers.CharField(help_text="The category's full name in Spanish.")


class AssociationSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name = serializers.CharField()


class RegistryEntrySerializer(serializers.Serializer[Endorsement]):
    name = serializers.SerializerMethodField(help_text="The endorsee's name.")
    status = serializers.ChoiceField(
        choices=["active", "emeritus", "inactive"],
        help_text=(
            "active; emeritus (retired from practice, in good standing); or inactive "
            "(for a while, where the association lists inactive endorsements)."
        ),
    )
    category = CategorySerializer()
    association = AssociationSerializer()
    locality = serializers.SerializerMethodField(
        help_text="The city or county the endorsee shows; null when they hide it."
    )

    def get_name(self, endorsement: Endorsement) -> str:
        return endorsement.person.get_full_name()

    def get_locality(self, endorsement: Endorsement) -> str | None:
        return endorsement.locality if endorsement.locality_key else None


@extend_schema(
    summary="Search the Endorsement® Registry",
    description=(
        "People who hold an active or Emeritus Endorsement® (and inactive ones, where the "
        "association lists them), in name order. Every filter is optional. An Endorsement® "
        "is not a license to practice. A search by name counts and lists at most 1,000 "
        "people: type more of the name to find someone past them."
    ),
    parameters=[RegistryQuerySerializer],
    responses={
        200: RegistryEntrySerializer(many=True),
        400: OpenApiResponse(description="A query parameter is not valid; the body says which."),
        404: OpenApiResponse(description="No such page of results."),
        429: OpenApiResponse(description="Too many requests from this client; retry later."),
    },
)
class RegistryList(generics.ListAPIView[Endorsement]):
    serializer_class = RegistryEntrySerializer
    pagination_class = RegistryPagination
    throttle_classes = [ClientRateThrottle]

    def get_queryset(self) -> Any:
        params = RegistryQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        query = RegistryQuery(
            association_id=association_id_for(given.get("association", "")),
            name=given.get("name", ""),
            category=given.get("category", ""),
            locality=given.get("locality", ""),
        )
        return registry_search(query)
