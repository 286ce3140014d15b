from django.urls import path

from . import api

urlpatterns = [
    path("seller/balance/", api.SellerBalanceApi.as_view(), name="api-seller-balance"),
    path("seller/balance/history/", api.SellerBalanceHistoryApi.as_view(), name="api-seller-balance-history"),
]
