from django.urls import path

from . import api, import_api

urlpatterns = [
    path("categories/", api.CategoryListApi.as_view(), name="api-categories"),
    path("listings/", api.ListingListApi.as_view(), name="api-listings"),
    path("listings/<int:listing_id>/", api.ListingDetailApi.as_view(), name="api-listing-detail"),
    path("seller/listings/", api.SellerListingsApi.as_view(), name="api-seller-listings"),
    path(
        "seller/listings/bulk-status/", api.SellerListingBulkStatusApi.as_view(), name="api-seller-listings-bulk-status"
    ),
    path("seller/listings/<int:listing_id>/", api.SellerListingApi.as_view(), name="api-seller-listing"),
    path(
        "seller/listings/<int:listing_id>/status/",
        api.SellerListingStatusApi.as_view(),
        name="api-seller-listing-status",
    ),
    path(
        "seller/listings/<int:listing_id>/images/",
        api.SellerListingImageCreateApi.as_view(),
        name="api-seller-listing-images",
    ),
    path(
        "seller/listings/<int:listing_id>/images/<int:image_id>/",
        api.SellerListingImageDeleteApi.as_view(),
        name="api-seller-listing-image",
    ),
    path(
        "seller/listings/<int:listing_id>/translations/",
        api.SellerListingTranslationsApi.as_view(),
        name="api-seller-listing-translations",
    ),
    path(
        "seller/listings/<int:listing_id>/translations/<str:language>/",
        api.SellerListingTranslationApi.as_view(),
        name="api-seller-listing-translation",
    ),
    path(
        "seller/variants/<int:variant_id>/stock/", api.SellerVariantStockApi.as_view(), name="api-seller-variant-stock"
    ),
    path("seller/imports/", import_api.SellerImportsApi.as_view(), name="api-seller-imports"),
    path("seller/imports/<int:import_id>/", import_api.SellerImportApi.as_view(), name="api-seller-import"),
    path(
        "seller/imports/<int:import_id>/report/",
        import_api.SellerImportReportApi.as_view(),
        name="api-seller-import-report",
    ),
]
