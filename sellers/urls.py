from django.urls import path

from . import views

app_name = "sellers"

urlpatterns = [
    path("seller/", views.dashboard, name="dashboard"),
]
