from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

REDOC_CSP = {
    "style-src": [SELF, UNSAFE_INLINE],
    "worker-src": [SELF, "blob:"],
    "img-src": [SELF, "data:", "https://cdn.redoc.ly"],
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its init script from a URL of its own: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Redoc (styled-components) injects its styles as <style> elements with no way to give them
    # the nonce, runs its search in a blob: worker and shows Redocly's logo from their CDN: this
    # page alone allows those; its scripts stay as strict as everywhere.
    path("redoc/", csp_replace(REDOC_CSP)(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("auth/signup/", views.SignUpApi.as_view(), name="api-signup"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("exchange-rates/", views.ExchangeRateListApi.as_view(), name="api-exchange-rates"),
    path("", include("sellers.api_urls")),
    path("", include("buyers.api_urls")),
    path("", include("orders.api_urls")),
    path("", include("escrow.api_urls")),
    path("", include("listings.api_urls")),
    path("", include("logistics.api_urls")),
    path("", include("messaging.api_urls")),
]
