"""The sandbox carrier's API, mounted at /sandbox-carrier/ (marketplace/urls.py)."""

from django.urls import path

from . import sandbox_views as views

urlpatterns = [
    path("api/v1/shipments/", views.shipments_create, name="sandbox-carrier-shipments"),
    path("api/v1/tracking/", views.tracking, name="sandbox-carrier-tracking"),
    path("api/v1/shipments/<slug:carrier>/<str:number>/", views.shipment_detail, name="sandbox-carrier-shipment"),
    path(
        "api/v1/shipments/<slug:carrier>/<str:number>/simulate/",
        views.shipment_simulate,
        name="sandbox-carrier-simulate",
    ),
]
