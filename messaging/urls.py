"""Messaging pages, included at the site root."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.conversation_start_view, name="start"),
    path("messages/order/<int:order_id>/", views.order_conversation_view, name="order_conversation"),
    path("messages/<int:pk>/", views.conversation_view, name="conversation"),
    path("messages/<int:pk>/thread/", views.thread_fragment, name="thread"),
    path("messages/attachments/<int:message_id>/", views.attachment, name="attachment"),
    path("seller/messages/", views.seller_inbox, name="seller_inbox"),
    path(
        "seller/messages/order/<int:order_id>/",
        views.seller_order_conversation_view,
        name="seller_order_conversation",
    ),
    path("seller/messages/<int:pk>/", views.seller_conversation, name="seller_conversation"),
]
