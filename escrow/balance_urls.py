from django.urls import path

from . import balance_views as views

app_name = "escrow"

urlpatterns = [
    path("seller/balance/", views.seller_balance, name="seller_balance"),
    path("seller/balance/history.csv", views.seller_balance_csv, name="seller_balance_csv"),
]
