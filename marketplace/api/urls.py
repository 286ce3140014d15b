from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("auth/signup/", views.SignUpApi.as_view(), name="api-signup"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("exchange-rates/", views.ExchangeRateListApi.as_view(), name="api-exchange-rates"),
    path("", include("sellers.api_urls")),
    path("", include("buyers.api_urls")),
    path("", include("orders.api_urls")),
    path("", include("listings.api_urls")),
    path("", include("messaging.api_urls")),
]
