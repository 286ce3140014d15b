"""Conversations and messages in the admin: read-only, for staff holding
messaging.read_conversations."""

from django.contrib import admin

from .models import Conversation, Message, MessageTranslation


class _ReadOnlyForPermitted(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return (
            request.user.is_active and request.user.is_staff and request.user.has_perm("messaging.read_conversations")
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request) or super().has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MessageTranslationInline(admin.TabularInline):
    model = MessageTranslation
    extra = 0
    fields = ["language", "text", "engine", "kind", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("messaging.read_conversations")


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_at", "sender", "language", "body", "image_content_type", "read_at", "notified_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("messaging.read_conversations")


@admin.register(Conversation)
class ConversationAdmin(_ReadOnlyForPermitted):
    list_display = ["pk", "buyer", "seller", "listing", "order", "last_message_at"]
    list_select_related = ["buyer", "seller", "listing", "order"]
    search_fields = ["buyer__email", "seller__store_name", "order__number"]
    readonly_fields = ["buyer", "seller", "listing", "order", "created_at", "last_message_at"]
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(_ReadOnlyForPermitted):
    list_display = ["pk", "conversation", "sender", "language", "short_body", "created_at", "read_at"]
    list_select_related = ["sender", "conversation"]
    list_filter = ["language"]
    readonly_fields = [
        "conversation", "sender", "body", "language", "language_detected", "phrase_key", "attachment",
        "image_content_type", "created_at", "read_at", "notified_at",
    ]  # fmt: skip
    inlines = [MessageTranslationInline]

    @admin.display(description="body")
    def short_body(self, obj):
        return obj.body[:80]

    @admin.display(description="attachment")
    def attachment(self, obj):
        # Through the permission-checking view, never a storage URL (the file is private).
        from django.urls import reverse
        from django.utils.html import format_html

        if not obj.image:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("messaging:attachment", args=[obj.pk]), obj.image_content_type
        )
