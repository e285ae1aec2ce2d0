from django.contrib import admin

from endorse.reviews.models import Assignment, Decision, ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin[ReviewerProfile]):
    list_display = ("user", "association", "categories")
    list_filter = ("association",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("application", "reviewer", "tier", "round", "status", "assigned_at")
    list_filter = ("association", "status", "tier")
    readonly_fields = ("responded_at",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    list_display = ("application", "outcome", "round", "decided_by", "decided_at")
    list_filter = ("association", "outcome")
