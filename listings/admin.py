"""Admin for the catalogue's import jobs (read-only: imports run through the seller centre and the API)."""

from django.contrib import admin

from .models import ImportJob, ImportRowError


class ImportRowErrorInline(admin.TabularInline):
    model = ImportRowError
    fields = ["row", "source_id", "field", "message", "severity"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "seller", "feed_name", "status", "feed_format", "total_rows", "processed_rows",
                    "created_rows", "updated_rows", "failed_rows", "created_at"]  # fmt: skip
    list_filter = ["status", "feed_format"]
    search_fields = ["feed_name", "seller__store_name"]
    list_select_related = ["seller"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    inlines = [ImportRowErrorInline]

    def has_add_permission(self, request) -> bool:
        return False
