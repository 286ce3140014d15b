from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import error_views, views
from .forms import EmailAuthenticationForm

admin.site.site_header = "Caravan staff"
admin.site.site_title = "Caravan admin"

urlpatterns = [
    path("", include("listings.storefront_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("sell/", views.sell, name="sell"),
    path("preferences/", views.preferences_set, name="preferences"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    # The reset email links to the configured site URL (CARAVAN_SITE_URL), as every email does.
    path(
        "accounts/password_reset/",
        views.SitePasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("sellers.urls")),
    path("", include("buyers.urls")),
    path("", include("orders.urls")),
    path("", include("escrow.urls")),
    path("", include("listings.urls")),
    path("seller/listings/", include("listings.dashboard_urls")),
    path("seller/shipping/", include("logistics.urls")),
    path("", include("messaging.urls")),
    path("", include("escrow.balance_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("marketplace.api.urls")),
    path("sandbox-carrier/", include("logistics.carriers.urls")),
]

# Public uploads (store logos; listing images later). Private documents live
# elsewhere and are served only by permission-checking views. A deployment may
# serve /media/ from the proxy instead; this keeps the embedded default whole.
urlpatterns += [re_path(r"^media/(?P<path>.*)$", views.public_media)]

# Errors raised outside a view's own handling (an unknown URL, a body over its cap, a bug):
# JSON under /api/, a translated page elsewhere.
handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error
