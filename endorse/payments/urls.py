from django.urls import path

from endorse.payments import card_views, manage_views, views

app_name = "payments"
urlpatterns = [
    path("me/payments/", card_views.mine, name="mine"),
    path("me/payments/<int:pk>/receipt-<str:lang>.pdf", views.receipt, name="receipt"),
    path("<slug:slug>/pay/", card_views.pay, name="pay"),
    path("<slug:slug>/pay/done/", card_views.checkout_done, name="checkout_done"),
    path("<slug:slug>/payments/stripe/webhook/", card_views.stripe_webhook, name="stripe_webhook"),
    path("<slug:slug>/manage/ledger/", views.ledger_page, name="ledger"),
    path("<slug:slug>/manage/ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("<slug:slug>/manage/payments/card/", manage_views.card_settings, name="card_settings"),
    path("<slug:slug>/manage/payments/employer/", manage_views.employer, name="employer"),
    path("<slug:slug>/manage/fees/", manage_views.fee_schedule, name="fees"),
    path(
        "<slug:slug>/manage/payments/employer/<int:pk>/receipt-<str:lang>.pdf",
        manage_views.employer_receipt,
        name="employer_receipt",
    ),
]
