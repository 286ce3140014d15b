"""The messaging API: my conversations (list, start), one conversation, its
messages (list, send) and marking it read. Thin: writes are
messaging.services calls whose DomainErrors the API exception handler turns
into JSON error bodies (429 when a sender goes past the rate limit). Someone
else's conversation is simply not found (404); anonymous callers get 401/403."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import ApiErrorSerializer, error_body
from marketplace.api.pagination import PagePagination
from orders.models import OrderStatus
from translation.models import TranslationKind

from . import services
from .models import Conversation
from .selectors import conversation_for_reader, conversations_for_user, messages_for_reader

ERROR_400 = OpenApiResponse(ApiErrorSerializer, description="Bad input; `error.fields` names each bad field.")
ERROR_401 = OpenApiResponse(ApiErrorSerializer, description="Not logged in.")
ERROR_403 = OpenApiResponse(ApiErrorSerializer, description="My store is not approved at the moment: it cannot write.")
ERROR_404 = OpenApiResponse(ApiErrorSerializer, description="No such conversation (or not one of yours).")
ERROR_429 = OpenApiResponse(
    ApiErrorSerializer,
    description="Too many messages: at most CARAVAN_MESSAGE_RATE_PER_MINUTE (20) a minute per sender.",
)
RATE_LIMITED = OpenApiExample(
    "Too many messages",
    value=error_body(
        429,
        "rate_limited",
        "You are sending messages too fast: at most 20 a minute. Please wait a moment and try again.",
        {"body": ["You are sending messages too fast: at most 20 a minute. Please wait a moment and try again."]},
    ),
    response_only=True,
    status_codes=["429"],
)


def _language(request) -> str:
    """The reader's language: their saved interface language."""
    return request.user.language or settings.LANGUAGE_CODE


def _reader_conversation(request, conversation_id: int) -> Conversation:
    conversation = conversation_for_reader(request.user, conversation_id, language=_language(request))
    if conversation is None:
        raise NotFound("There is no such conversation.")
    return conversation


class ConversationOrderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.values, help_text="The order's status.")


class ConversationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=["buyer", "seller", "staff"], help_text="The caller's side.")
    seller_slug = serializers.CharField(source="seller.slug")
    store_name = serializers.CharField(source="seller.store_name")
    buyer_name = serializers.SerializerMethodField()
    listing_id = serializers.IntegerField(allow_null=True)
    listing_title = serializers.SerializerMethodField()
    order = ConversationOrderOutputSerializer(allow_null=True, help_text="The order it is about, if any.")
    unread = serializers.IntegerField(help_text="Messages to the caller not read yet.")
    last_message_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()

    def get_buyer_name(self, obj) -> str:
        return obj.buyer.full_name

    def get_listing_title(self, obj) -> str | None:
        if obj.listing is None:
            return None
        return getattr(obj, "listing_title_translated", None) or obj.listing.title


def _conversation_data(conversation: Conversation, user) -> dict:
    role = services.conversation_party_role(conversation, user) or "staff"
    if not hasattr(conversation, "unread"):
        conversation.unread = (
            conversation.messages.filter(read_at__isnull=True).exclude(sender_id=user.pk).count()
            if role != "staff"
            else 0
        )
    conversation.role = role
    return ConversationOutputSerializer(conversation).data


class MessageTranslationOutputSerializer(serializers.Serializer):
    language = serializers.CharField()
    text = serializers.CharField()
    engine = serializers.CharField(help_text='"phrasebook" for our human translations of quick replies.')
    kind = serializers.ChoiceField(choices=TranslationKind.values)
    note = serializers.CharField(help_text='e.g. "not translated yet" when no engine covers the pair.')


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sender_id = serializers.IntegerField()
    from_me = serializers.BooleanField()
    body = serializers.CharField(help_text="The original text, as written (plain text: escape it when showing it).")
    language = serializers.CharField(help_text="The original's language (detected, else the sender's).")
    translation_status = serializers.ChoiceField(
        choices=["original", "translated", "pending", "untranslated"],
        help_text="For the caller: no translation needed, translated, a job is on its way, or no engine covers it.",
    )
    translation = MessageTranslationOutputSerializer(allow_null=True, help_text="In the caller's language.")
    attachment_url = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


def _message_data(request, message, language: str) -> dict:
    from django.urls import reverse

    translation = getattr(message, "reader_translation", None)
    if message.sender_id == request.user.pk or not message.body or message.language == language:
        status_ = "original"
    elif translation is None:
        status_ = "pending"
    elif translation.kind == TranslationKind.ORIGINAL:
        status_ = "untranslated"
    else:
        status_ = "translated"
    return MessageOutputSerializer(
        {
            "id": message.pk,
            "sender_id": message.sender_id,
            "from_me": message.sender_id == request.user.pk,
            "body": message.body,
            "language": message.language,
            "translation_status": status_,
            "translation": translation,
            "attachment_url": request.build_absolute_uri(reverse("messaging:attachment", args=[message.pk]))
            if message.image
            else None,
            "created_at": message.created_at,
            "read_at": message.read_at,
        }
    ).data


class ConversationsApi(APIView):
    """My conversations; start one (or write again to a store I already talk to),
    about a listing, a store, or one of my orders (as its buyer or its store)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = PagePagination  # the schema documents the paged envelope it answers

    class InputSerializer(serializers.Serializer):
        listing_id = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647)
        order_id = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=9_223_372_036_854_775_807,
            help_text="One of my orders (I am its buyer or its store): the conversation about that order.",
        )
        seller_slug = serializers.SlugField(required=False, max_length=90)
        body = serializers.CharField(
            required=False, allow_blank=True, trim_whitespace=True, max_length=settings.CARAVAN_MESSAGE_MAX_CHARS
        )
        image = serializers.FileField(required=False)

        def validate(self, attrs):
            if not attrs.get("listing_id") and not attrs.get("seller_slug") and not attrs.get("order_id"):
                raise serializers.ValidationError({"seller_slug": ["Give an order_id, a listing_id or a seller_slug."]})
            if attrs.get("order_id") and (attrs.get("listing_id") or attrs.get("seller_slug")):
                raise serializers.ValidationError(
                    {"order_id": ["Give an order_id alone: the order says who the conversation is between."]}
                )
            return attrs

    @extend_schema(
        operation_id="conversations_list",
        tags=["messages"],
        responses={200: ConversationOutputSerializer(many=True), 401: ERROR_401},
    )
    def get(self, request):
        paginator = self.pagination_class()
        queryset = conversations_for_user(request.user, language=_language(request))
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response([_conversation_data(c, request.user) for c in page])

    @extend_schema(
        operation_id="conversation_start",
        tags=["messages"],
        request={"application/json": InputSerializer, "multipart/form-data": InputSerializer},
        responses={
            201: ConversationOutputSerializer,
            400: ERROR_400,
            401: ERROR_401,
            403: ERROR_403,
            404: OpenApiResponse(
                ApiErrorSerializer,
                description="No such listing, store or order (or an order that is not mine); `error.fields` names it.",
            ),
            429: ERROR_429,
        },
        examples=[
            OpenApiExample(
                "Ask about a listing", value={"listing_id": 42, "body": "¿Tienen la talla M?"}, request_only=True
            ),
            OpenApiExample(
                "Write about an order", value={"order_id": 7, "body": "¿Cuándo lo envían?"}, request_only=True
            ),
            RATE_LIMITED,
        ],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        message = services.conversation_start(
            request.user,
            body=data.get("body", ""),
            listing_id=data.get("listing_id"),
            order_id=data.get("order_id"),
            seller_slug=None if data.get("listing_id") else data.get("seller_slug"),
            image=data.get("image"),
        )
        conversation = _reader_conversation(request, message.conversation_id)
        return Response(_conversation_data(conversation, request.user), status=status.HTTP_201_CREATED)


class ConversationDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="conversation_retrieve",
        tags=["messages"],
        responses={200: ConversationOutputSerializer, 401: ERROR_401, 404: ERROR_404},
    )
    def get(self, request, conversation_id: int):
        conversation = _reader_conversation(request, conversation_id)
        return Response(_conversation_data(conversation, request.user))


class ConversationMessagesApi(APIView):
    """A conversation's latest messages, each with its translation for the caller; send one."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(
            required=False, allow_blank=True, trim_whitespace=True, max_length=settings.CARAVAN_MESSAGE_MAX_CHARS
        )
        image = serializers.FileField(required=False)
        phrase_key = serializers.CharField(required=False, allow_blank=True, max_length=40)

    @extend_schema(
        operation_id="conversation_messages_list",
        tags=["messages"],
        responses={200: MessageOutputSerializer(many=True), 401: ERROR_401, 404: ERROR_404},
    )
    def get(self, request, conversation_id: int):
        conversation = _reader_conversation(request, conversation_id)
        language = _language(request)
        thread = messages_for_reader(conversation, language=language)
        services.message_translations_request([m for m in thread if m.sender_id != request.user.pk], language)
        return Response([_message_data(request, m, language) for m in thread])

    @extend_schema(
        operation_id="conversation_message_send",
        tags=["messages"],
        request={"application/json": InputSerializer, "multipart/form-data": InputSerializer},
        responses={201: MessageOutputSerializer, 400: ERROR_400, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
        examples=[
            OpenApiExample("A reply", value={"body": "Sì, la taglia M è disponibile."}, request_only=True),
            OpenApiExample(
                "A phrasebook answer",
                value={"body": "Spediamo entro 2 giorni dal pagamento.", "phrase_key": "ships_two_days"},
                request_only=True,
            ),
            RATE_LIMITED,
        ],
    )
    def post(self, request, conversation_id: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        message = services.message_send(
            request.user,
            conversation_id=conversation_id,
            body=data.get("body", ""),
            image=data.get("image"),
            phrase_key=data.get("phrase_key", ""),
        )
        message.reader_translation = None
        return Response(_message_data(request, message, _language(request)), status=status.HTTP_201_CREATED)


class ConversationReadApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="Messages newly marked read.")

    @extend_schema(
        operation_id="conversation_mark_read",
        tags=["messages"],
        request=None,
        responses={200: OutputSerializer, 401: ERROR_401, 404: ERROR_404},
    )
    def post(self, request, conversation_id: int):
        _reader_conversation(request, conversation_id)
        marked = services.conversation_mark_read(request.user, conversation_id=conversation_id)
        return Response(self.OutputSerializer({"marked": marked}).data)
