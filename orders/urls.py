from django.urls import path

from . import fulfilment_views, views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_line_update, name="cart_line_update"),
    path("cart/lines/<int:line_id>/remove/", views.cart_line_remove, name="cart_line_remove"),
    path("checkout/", views.checkout_page, name="checkout"),
    path("checkout/address/", views.checkout_address_add, name="checkout_address"),
    path("checkout/<uuid:token>/done/", views.checkout_done, name="checkout_done"),
    path("orders/", views.orders_page, name="list"),
    path("orders/<int:pk>/", views.order_page, name="detail"),
    path("orders/<int:pk>/pay/", views.order_pay, name="pay"),
    path("orders/<int:pk>/cancel/", views.order_cancel_view, name="cancel"),
    path("seller/orders/", views.seller_orders_page, name="seller_list"),
    path("seller/orders/<int:pk>/", views.seller_order_page, name="seller_detail"),
    # fulfilment
    path("seller/orders/<int:pk>/ship/", fulfilment_views.seller_order_ship, name="seller_ship"),
    path("seller/orders/<int:pk>/packing-slip/", fulfilment_views.seller_packing_slip, name="packing_slip"),
]
