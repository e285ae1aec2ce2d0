from django.contrib import admin

from endorse.endorsements.models import Endorsement


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin[Endorsement]):
    list_display = ("number", "person", "category", "association", "issued_on", "status")
    list_filter = ("association", "status", "category")
    search_fields = ("number", "person__email", "person__full_name")
