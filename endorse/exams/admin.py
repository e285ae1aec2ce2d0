from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from endorse.exams.models import Answer, ExamPolicy, Item, Sitting


@admin.register(ExamPolicy)
class ExamPolicyAdmin(admin.ModelAdmin[ExamPolicy]):
    list_display = ("association", "part1_items", "part1_minutes", "pass_percent", "part2_minutes")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ("pk", "association", "family", "kind", "area", "retired_at")
    list_filter = ("association", "family", "kind", "retired_at")
    search_fields = ("stem", "stem_es", "area")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """An item someone answered is retired, never deleted: the answer needs it."""
        if obj is not None and Answer.objects.filter(item=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin[Sitting]):
    list_display = ("pk", "association", "opens_at", "closes_at", "capacity")
    list_filter = ("association",)
