from django.urls import path

from . import api, carrier_webhooks, order_api, webhooks

urlpatterns = [
    path("cart/", api.CartApi.as_view(), name="api-cart"),
    path("cart/lines/", api.CartLinesApi.as_view(), name="api-cart-lines"),
    path("cart/lines/<int:line_id>/", api.CartLineApi.as_view(), name="api-cart-line"),
    path("checkout/", order_api.CheckoutApi.as_view(), name="api-checkout"),
    path("orders/", order_api.OrdersApi.as_view(), name="api-orders"),
    path("orders/<int:order_id>/", order_api.OrderApi.as_view(), name="api-order"),
    path("orders/<int:order_id>/cancel/", order_api.OrderCancelApi.as_view(), name="api-order-cancel"),
    path("seller/orders/", order_api.SellerOrdersApi.as_view(), name="api-seller-orders"),
    path("seller/orders/<int:order_id>/", order_api.SellerOrderApi.as_view(), name="api-seller-order"),
    path("payments/webhooks/<str:gateway>/", webhooks.PaymentWebhookApi.as_view(), name="payment-webhook"),
    # fulfilment (orders.fulfilment)
    path("seller/orders/<int:order_id>/ship/", order_api.SellerOrderShipApi.as_view(), name="api-seller-order-ship"),
    path(
        "carriers/webhooks/<slug:carrier_code>/", carrier_webhooks.CarrierWebhookApi.as_view(), name="carrier-webhook"
    ),
]
