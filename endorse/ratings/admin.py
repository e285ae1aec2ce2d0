from django.contrib import admin

from endorse.ratings.models import RatingItem, RatingRequest


@admin.register(RatingItem)
class RatingItemAdmin(admin.ModelAdmin[RatingItem]):
    list_display = ("association", "area", "position", "text_en", "retired")
    list_filter = ("association", "area", "retired")
    search_fields = ("text_en", "text_es")


@admin.register(RatingRequest)
class RatingRequestAdmin(admin.ModelAdmin[RatingRequest]):
    """Read-only: who was asked and when. The link itself is never shown anywhere."""

    list_display = ("reference", "association", "language", "sent_at", "opened_at", "closed_reason")
    list_filter = ("association", "closed_reason")
    fields = ("reference", "language", "sent_at", "opened_at", "reminders_sent", "closed_at",
              "closed_reason")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
