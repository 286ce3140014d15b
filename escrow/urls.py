from django.urls import path

from . import views

urlpatterns = [
    path("pay/<str:token>/", views.payment_pay, name="payment-pay"),
]
