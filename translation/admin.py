from django.contrib import admin

from translation.models import TranslationMemory


@admin.register(TranslationMemory)
class TranslationMemoryAdmin(admin.ModelAdmin):
    list_display = ["source_language", "target_language", "engine", "kind", "short_text", "created_at"]
    list_filter = ["engine", "kind", "source_language", "target_language"]
    search_fields = ["text", "source_hash"]
    readonly_fields = [f.name for f in TranslationMemory._meta.fields]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:80]

    def has_add_permission(self, request):
        return False
