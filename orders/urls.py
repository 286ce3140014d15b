from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_line_update, name="cart_line_update"),
    path("cart/lines/<int:line_id>/remove/", views.cart_line_remove, name="cart_line_remove"),
]
