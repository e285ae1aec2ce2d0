from django.contrib import admin

from endorse.associations.models import Association, StaffRole
from endorse.standards.admin import OfferingInline


class StaffRoleInline(admin.TabularInline[StaffRole, Association]):
    model = StaffRole
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin[Association]):
    list_display = ("name", "slug", "time_zone", "spanish_enabled", "renewal_model")
    search_fields = ("name", "slug")
    inlines = (OfferingInline, StaffRoleInline)
