"""The seller centre's listing pages, included at /seller/listings/."""

from django.urls import path

from . import dashboard, warehouse_stock_views
from .imports import views as import_views

app_name = "seller_listings"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("summary/", dashboard.summary, name="summary"),
    path("new/", dashboard.create, name="create"),
    path("bulk/", dashboard.bulk, name="bulk"),
    path("<int:pk>/edit/", dashboard.edit, name="edit"),
    path("<int:pk>/translations/", dashboard.translations, name="translations"),
    path("<int:pk>/status/", dashboard.status, name="status"),
    path("<int:pk>/category/", dashboard.category_confirm, name="category_confirm"),
    path("<int:pk>/photos/", dashboard.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:image_pk>/delete/", dashboard.photo_delete, name="photo_delete"),
    path("variants/<int:variant_pk>/stock/", dashboard.stock_update, name="stock"),
    path("warehouses/<int:warehouse_pk>/stock/", warehouse_stock_views.warehouse_stock, name="warehouse_stock"),
    path("imports/", import_views.imports, name="imports"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
]
