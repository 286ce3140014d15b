"""The storefront's home and search pages, included at the site root without a
namespace (marketplace.urls): templates and redirects across the site name them
plainly, `{% url 'home' %}` and `{% url 'search' %}` (the header's search box)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
]
