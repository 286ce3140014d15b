"""Storefront URLs, included at the site root. The home and search pages keep
their global names `home` and `search` (storefront_urls, no namespace)."""

from django.urls import path

from . import views

app_name = "listings"

urlpatterns = [
    path("item/<int:pk>/", views.listing_detail, name="detail"),
    path("item/<int:pk>/price/", views.listing_price, name="price"),
    path("c/<slug:slug>/", views.category_page, name="category"),
    path("store/<slug:slug>/", views.store, name="store"),
]
