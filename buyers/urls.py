from django.urls import path

from . import views

app_name = "buyers"

urlpatterns = [
    path("account/addresses/", views.address_book, name="addresses"),
    path("account/addresses/<int:pk>/", views.address_edit, name="address_edit"),
    path("account/addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("account/addresses/<int:pk>/default/", views.address_default, name="address_default"),
]
