from django.urls import path

from . import api, webhooks

urlpatterns = [
    path("cart/", api.CartApi.as_view(), name="api-cart"),
    path("cart/lines/", api.CartLinesApi.as_view(), name="api-cart-lines"),
    path("cart/lines/<int:line_id>/", api.CartLineApi.as_view(), name="api-cart-line"),
    path("payments/webhooks/<str:gateway>/", webhooks.PaymentWebhookApi.as_view(), name="payment-webhook"),
]
