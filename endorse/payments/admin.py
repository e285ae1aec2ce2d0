from django.contrib import admin

from endorse.payments.models import Charge, Fee, Payment


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin[Fee]):
    list_display = ("association", "kind", "category", "amount_cents", "effective_from")
    list_filter = ("association", "kind")


class PaymentInline(admin.TabularInline[Payment, Charge]):
    model = Payment
    extra = 0
    can_delete = False
    readonly_fields = ("method", "amount_cents", "reference", "received_on", "recorded_by")


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin[Charge]):
    list_display = ("person", "association", "kind", "category", "amount_cents", "status")
    list_filter = ("association", "kind", "status")
    search_fields = ("person__email", "person__full_name")
    readonly_fields = ("amount_cents", "currency", "created_at", "settled_at", "settled_by")
    inlines = (PaymentInline,)
