"""Storefront URLs, included at the site root. The search page keeps its
global name `search` (marketplace.urls), used by the header's search box."""

from django.urls import path

from . import views

app_name = "listings"

urlpatterns = [
    path("item/<int:pk>/", views.listing_detail, name="detail"),
    path("item/<int:pk>/price/", views.listing_price, name="price"),
    path("c/<slug:slug>/", views.category_page, name="category"),
]
