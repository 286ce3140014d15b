from django.urls import path

from .api import catalogue, seller, shipping, translations, warehouse_stock
from .imports import api as import_api

urlpatterns = [
    path("categories/", catalogue.CategoryListApi.as_view(), name="api-categories"),
    path("listings/", catalogue.ListingListApi.as_view(), name="api-listings"),
    path("listings/<int:listing_id>/", catalogue.ListingDetailApi.as_view(), name="api-listing-detail"),
    path(
        "listings/<int:listing_id>/shipping/",
        shipping.ListingShippingQuoteApi.as_view(),
        name="api-listing-shipping",
    ),
    path("seller/listings/", seller.SellerListingsApi.as_view(), name="api-seller-listings"),
    path(
        "seller/listings/bulk-status/",
        seller.SellerListingBulkStatusApi.as_view(),
        name="api-seller-listings-bulk-status",
    ),
    path("seller/listings/<int:listing_id>/", seller.SellerListingApi.as_view(), name="api-seller-listing"),
    path(
        "seller/listings/<int:listing_id>/status/",
        seller.SellerListingStatusApi.as_view(),
        name="api-seller-listing-status",
    ),
    path(
        "seller/listings/<int:listing_id>/images/",
        seller.SellerListingImageCreateApi.as_view(),
        name="api-seller-listing-images",
    ),
    path(
        "seller/listings/<int:listing_id>/images/<int:image_id>/",
        seller.SellerListingImageDeleteApi.as_view(),
        name="api-seller-listing-image",
    ),
    path(
        "seller/listings/<int:listing_id>/translations/",
        translations.SellerListingTranslationsApi.as_view(),
        name="api-seller-listing-translations",
    ),
    path(
        "seller/listings/<int:listing_id>/translations/<str:language>/",
        translations.SellerListingTranslationApi.as_view(),
        name="api-seller-listing-translation",
    ),
    path(
        "seller/variants/<int:variant_id>/stock/",
        seller.SellerVariantStockApi.as_view(),
        name="api-seller-variant-stock",
    ),
    path(
        "seller/listings/<int:listing_id>/shipping-template/",
        shipping.SellerListingShippingTemplateApi.as_view(),
        name="api-seller-listing-shipping-template",
    ),
    path(
        "seller/variants/<int:variant_id>/warehouse-stock/",
        warehouse_stock.SellerVariantWarehouseStockApi.as_view(),
        name="api-seller-variant-warehouse-stock",
    ),
    path("seller/imports/", import_api.SellerImportsApi.as_view(), name="api-seller-imports"),
    path("seller/imports/<int:import_id>/", import_api.SellerImportApi.as_view(), name="api-seller-import"),
    path(
        "seller/imports/<int:import_id>/report/",
        import_api.SellerImportReportApi.as_view(),
        name="api-seller-import-report",
    ),
]
