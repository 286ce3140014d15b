from django.urls import path

from . import api

urlpatterns = [
    path("me/addresses/", api.AddressesApi.as_view(), name="api-addresses"),
    path("me/addresses/<int:address_id>/", api.AddressApi.as_view(), name="api-address"),
    path("me/addresses/<int:address_id>/default/", api.AddressDefaultApi.as_view(), name="api-address-default"),
    path("address-rules/<str:country>/", api.AddressRulesApi.as_view(), name="api-address-rules"),
]
