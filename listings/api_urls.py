from django.urls import path

from . import api

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
        "seller/variants/<int:variant_id>/stock/", api.SellerVariantStockApi.as_view(), name="api-seller-variant-stock"
    ),
]
