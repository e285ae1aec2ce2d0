from django.contrib import admin

from endorse.payments.models import (
    CardSettings,
    Charge,
    CheckoutSession,
    EmployerPayment,
    Fee,
    Payment,
    WebhookEvent,
)


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin[Fee]):
    list_display = (
        "association", "kind", "category", "amount_cents", "refundable", "effective_from"
    )  # fmt: skip
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


@admin.register(CardSettings)
class CardSettingsAdmin(admin.ModelAdmin[CardSettings]):
    """Only the ends of the keys are shown; they are typed on the association's card payments
    page (or set in the environment), never here."""

    list_display = ("association", "secret_key_hint", "webhook_secret_hint", "updated_at")
    fields = ("association", "secret_key_hint", "webhook_secret_hint", "updated_at", "updated_by")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(CheckoutSession)
class CheckoutSessionAdmin(admin.ModelAdmin[CheckoutSession]):
    list_display = ("stripe_id", "association", "person", "amount_cents", "status", "created_at")
    list_filter = ("association", "status")
    readonly_fields = (
        "association", "person", "charges", "stripe_id", "url", "amount_cents", "currency",
        "status", "payment_intent", "return_to", "expires_at", "completed_at",
    )  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False  # made by the site (checkout, webhook, the employer payments page)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin[WebhookEvent]):
    list_display = ("received_at", "association", "type", "event_id", "outcome", "reason")
    list_filter = ("association", "outcome", "type")
    readonly_fields = ("association", "event_id", "type", "outcome", "reason", "detail")

    def has_add_permission(self, request: object) -> bool:
        return False  # made by the site (checkout, webhook, the employer payments page)


@admin.register(EmployerPayment)
class EmployerPaymentAdmin(admin.ModelAdmin[EmployerPayment]):
    list_display = ("employer", "association", "amount_cents", "received_on", "method")
    list_filter = ("association",)
    readonly_fields = (
        "association", "employer", "method", "reference", "amount_cents", "received_on",
        "recorded_by",
    )  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False  # made by the site (checkout, webhook, the employer payments page)
