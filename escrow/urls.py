from django.urls import include, path

from . import views

urlpatterns = [
    path("pay/<str:token>/", views.payment_pay, name="payment-pay"),
    # The sandbox gateway's hosted pages (a real gateway's live on its own site).
    path("", include("escrow.gateways.sandbox.urls")),
]
