from django.urls import path

from endorse.payments import views

app_name = "payments"
urlpatterns = [
    path("me/payments/<int:pk>/receipt-<str:lang>.pdf", views.receipt, name="receipt"),
    path("<slug:slug>/manage/ledger/", views.ledger_page, name="ledger"),
    path("<slug:slug>/manage/ledger.csv", views.ledger_csv, name="ledger_csv"),
]
