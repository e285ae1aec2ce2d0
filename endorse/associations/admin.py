from django.contrib import admin

from endorse.associations.models import Association
from endorse.standards.admin import OfferingInline


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin[Association]):
    list_display = ("name", "slug", "time_zone", "spanish_enabled", "renewal_model")
    search_fields = ("name", "slug")
    inlines = (OfferingInline,)
