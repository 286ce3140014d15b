from django.contrib import admin

from .models import Address


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "city", "country", "is_default", "updated_at"]
    list_filter = ["country"]
    search_fields = ["full_name", "user__email", "city", "postal_code"]
    raw_id_fields = ["user"]
