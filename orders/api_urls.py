from django.urls import path

from . import api, carrier_webhooks, completion_api, order_api, webhooks

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
    # --- completion and cancellation requests (issue 13) ---
    path("orders/<int:order_id>/confirm/", completion_api.OrderConfirmReceiptApi.as_view(), name="api-order-confirm"),
    path(
        "orders/<int:order_id>/extend-protection/",
        completion_api.OrderProtectionExtendApi.as_view(),
        name="api-order-extend-protection",
    ),
    path(
        "orders/<int:order_id>/cancel-request/",
        completion_api.OrderCancelRequestApi.as_view(),
        name="api-order-cancel-request",
    ),
    path(
        "seller/orders/<int:order_id>/cancel-request/",
        completion_api.SellerCancelAnswerApi.as_view(),
        name="api-seller-order-cancel-answer",
    ),
    # --- end of completion block ---
    path("payments/webhooks/<str:gateway>/", webhooks.PaymentWebhookApi.as_view(), name="payment-webhook"),
    # fulfilment (orders.fulfilment)
    path("seller/orders/<int:order_id>/ship/", order_api.SellerOrderShipApi.as_view(), name="api-seller-order-ship"),
    path(
        "carriers/webhooks/<slug:carrier_code>/", carrier_webhooks.CarrierWebhookApi.as_view(), name="carrier-webhook"
    ),
]
