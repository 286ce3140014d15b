from django.urls import path

from . import views

urlpatterns = [
    path("sandbox-pay/<str:token>/", views.pay, name="sandbox-pay"),
    path("sandbox-pay/<str:token>/card/", views.card, name="sandbox-pay-card"),
    path("sandbox-pay/<str:token>/method/", views.method, name="sandbox-pay-method"),
    path("sandbox-pay/<str:token>/authenticate/", views.action, name="sandbox-pay-action"),
    path("sandbox-pay/<str:token>/wait/", views.wait, name="sandbox-pay-wait"),
    path("sandbox-pay/<str:token>/wait/status/", views.wait_status, name="sandbox-pay-wait-status"),
    path("sandbox-pay/<str:token>/simulate/", views.simulate, name="sandbox-pay-simulate"),
]
