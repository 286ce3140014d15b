from django.urls import path

from . import api

urlpatterns = [
    path("conversations/", api.ConversationsApi.as_view(), name="api-conversations"),
    path("conversations/<int:conversation_id>/", api.ConversationDetailApi.as_view(), name="api-conversation"),
    path(
        "conversations/<int:conversation_id>/messages/",
        api.ConversationMessagesApi.as_view(),
        name="api-conversation-messages",
    ),
    path("conversations/<int:conversation_id>/read/", api.ConversationReadApi.as_view(), name="api-conversation-read"),
]
