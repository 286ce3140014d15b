from django.urls import path

from . import api

urlpatterns = [
    path("seller/application/", api.SellerApplicationApi.as_view(), name="api-seller-application"),
    path("seller/application/documents/", api.SellerDocumentCreateApi.as_view(), name="api-seller-document-create"),
    path(
        "seller/application/documents/<int:document_id>/",
        api.SellerDocumentDeleteApi.as_view(),
        name="api-seller-document-delete",
    ),
    path("seller/application/submit/", api.SellerApplicationSubmitApi.as_view(), name="api-seller-application-submit"),
    path("stores/<slug:slug>/", api.StoreDetailApi.as_view(), name="api-store-detail"),
]
