from django.contrib import admin

from endorse.endorsements.models import Endorsement, EndorsementEvent, StatusRequest


class EventInline(admin.TabularInline[EndorsementEvent, Endorsement]):
    """The timeline, read only: changes go through the services that record them."""

    model = EndorsementEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "actor", "from_status", "to_status", "association", "reason")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin[Endorsement]):
    list_display = ("number", "person", "category", "association", "issued_on", "status")
    list_filter = ("association", "status", "category")
    search_fields = ("number", "person__email", "person__full_name")
    inlines = (EventInline,)


@admin.register(StatusRequest)
class StatusRequestAdmin(admin.ModelAdmin[StatusRequest]):
    list_display = ("endorsement", "kind", "association", "status", "requested_at")
    list_filter = ("association", "kind", "status")
