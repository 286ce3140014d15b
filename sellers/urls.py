from django.urls import path

from . import views

app_name = "sellers"

urlpatterns = [
    path("seller/", views.dashboard, name="dashboard"),
    path("seller/apply/", views.apply, name="apply"),
    path("seller/apply/documents/", views.documents, name="documents"),
    path("seller/apply/submit/", views.submit, name="submit"),
    path("seller/settings/", views.store_settings, name="settings"),
    path("seller/documents/<int:pk>/", views.document_file, name="document_file"),
]
