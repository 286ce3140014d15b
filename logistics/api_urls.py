from django.urls import path

from . import api

urlpatterns = [
    path("shipping/methods/", api.ShippingMethodListApi.as_view(), name="api-shipping-methods"),
    path("shipping/methods/<slug:code>/", api.ShippingMethodDetailApi.as_view(), name="api-shipping-method"),
    path("seller/shipping-templates/", api.SellerShippingTemplatesApi.as_view(), name="api-seller-shipping-templates"),
    path(
        "seller/shipping-templates/<int:template_id>/",
        api.SellerShippingTemplateApi.as_view(),
        name="api-seller-shipping-template",
    ),
    path("seller/warehouses/", api.SellerWarehousesApi.as_view(), name="api-seller-warehouses"),
    path("seller/warehouses/<int:warehouse_id>/", api.SellerWarehouseApi.as_view(), name="api-seller-warehouse"),
]
