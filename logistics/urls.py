"""The seller centre's shipping pages, included at /seller/shipping/."""

from django.urls import path

from . import views

app_name = "seller_shipping"

urlpatterns = [
    path("", views.index, name="index"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("warehouses/new/", views.warehouse_edit, name="warehouse_create"),
    path("warehouses/<int:pk>/", views.warehouse_edit, name="warehouse_edit"),
    path("warehouses/<int:pk>/delete/", views.warehouse_delete, name="warehouse_delete"),
]
