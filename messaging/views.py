"""Messaging pages: a buyer's conversations, the conversation page (and the
thread fragment htmx polls), "Contact seller", "Message the seller/buyer"
about an order (the conversation shows an order card), the seller-centre inbox with
the phrasebook, and image attachments. Thin: reads through
messaging.selectors, writes through messaging.services.

Anyone who is not a party (and not staff with messaging.read_conversations)
is told the conversation does not exist (404); anonymous visitors log in first."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.errors import DomainError
from sellers.access import approved_seller_required
from translation.models import TranslationKind

from . import services
from .forms import MessageForm
from .models import Conversation
from .phrasebook import phrases_in
from .selectors import (
    conversation_existing,
    conversation_for_order,
    conversation_for_reader,
    conversations_for_seller,
    conversations_for_user,
    message_for_reader,
    messages_for_reader,
    order_for_conversation,
)


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@dataclass
class ShownMessage:
    """One message as this reader sees it."""

    message: object
    mine: bool
    sender_name: str
    text: str  # what is shown first
    status: str  # "mine", "same", "translated", "pending", "untranslated"
    source_name: str  # the original's language, by name
    human: bool = False

    @property
    def original(self) -> str:
        return self.message.body


def _sender_name(conversation: Conversation, message) -> str:
    if message.sender_id == conversation.buyer_id:
        return conversation.buyer.full_name or _("Buyer")
    return conversation.seller.store_name


def shown_messages(request: HttpRequest, conversation: Conversation, language: str) -> tuple[list[ShownMessage], str]:
    """The thread for this reader, and a short state string that changes when
    anything shown changes (the poll answers 204 while it stays the same). Asks
    for the translations this reader lacks."""
    thread = messages_for_reader(conversation, language=language)
    shown = []
    for message in thread:
        mine = message.sender_id == request.user.pk
        source = language_name(message.language)
        name = _sender_name(conversation, message)
        translation = message.reader_translation
        if mine:
            item = ShownMessage(message, True, name, message.body, "mine", source)
        elif not message.body or message.language == language:
            item = ShownMessage(message, False, name, message.body, "same", source)
        elif translation is None:
            item = ShownMessage(message, False, name, message.body, "pending", source)
        elif translation.kind == TranslationKind.ORIGINAL:
            item = ShownMessage(message, False, name, message.body, "untranslated", source)
        else:
            human = translation.kind == TranslationKind.HUMAN
            item = ShownMessage(message, False, name, translation.text, "translated", source, human=human)
        shown.append(item)
    services.message_translations_request([m for m in thread if m.sender_id != request.user.pk], language)
    state = f"{len(shown)}-{thread[-1].pk if thread else 0}-{sum(s.status == 'pending' for s in shown)}"
    return shown, state


def _thread_context(request: HttpRequest, conversation: Conversation) -> dict:
    language = _language()
    if services.conversation_party_role(conversation, request.user) is not None:
        services.conversation_mark_read(request.user, conversation_id=conversation.pk)
    shown, state = shown_messages(request, conversation, language)
    return {
        "conversation": conversation,
        "thread": shown,
        "state": state,
        "poll_seconds": settings.CARAVAN_MESSAGE_POLL_SECONDS,
        "thread_url": reverse("messaging:thread", kwargs={"pk": conversation.pk}),
    }


def _translation_context(reader_language: str, other_language: str) -> dict:
    """What the conversation page says about translation, truthfully for this
    pair on this server: covered (both ways, directly or through English) or
    not, and then the phrasebook is offered first."""
    covered = services.conversation_translation_covered(reader_language, other_language)
    return {
        "translation_covered": covered,
        "my_language_name": language_name(reader_language),
        "other_language_name": language_name(other_language),
    }


def _listing_context(conversation: Conversation) -> dict | None:
    listing = conversation.listing
    if listing is None:
        return None
    from listings.models import ListingImage

    thumbnail = getattr(conversation, "listing_thumbnail", None)
    storage = ListingImage._meta.get_field("thumbnail").storage
    return {
        "title": getattr(conversation, "listing_title_translated", None) or listing.title,
        "url": reverse("listings:detail", kwargs={"pk": listing.pk}),
        "thumbnail": storage.url(thumbnail) if thumbnail else "",
    }


def _order_context(order, *, role: str | None) -> dict | None:
    """The order card of a conversation about an order, for this reader: the
    buyer sees the titles and total as they bought them (their language and
    currency), the store its own (the seller's language, the settlement total
    beside the buyer's); the status in the page's language; a link back to the
    reader's order page (staff, who only read, get none)."""
    if order is None:
        return None
    seller_view = role == "seller"
    lines = order.lines.all()
    url = None
    if role == "buyer":
        url = reverse("orders:detail", kwargs={"pk": order.pk})
    elif seller_view:
        url = reverse("orders:seller_detail", kwargs={"pk": order.pk})
    return {
        "number": order.number,
        "status": order.status,
        "status_label": order.get_status_display(),
        "items": [{"title": line.title if seller_view else line.title_buyer, "lots": line.lots} for line in lines],
        "total": order.settlement_total if seller_view else order.total,
        "buyer_total": order.total if seller_view else None,
        "url": url,
    }


def _send(request: HttpRequest, conversation: Conversation):
    """Handle a POSTed message; returns (form, error status) — status 0 on success."""
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, 400
    try:
        services.message_send(
            request.user,
            conversation_id=conversation.pk,
            body=form.cleaned_data["body"],
            image=form.cleaned_data.get("image"),
            phrase_key=form.cleaned_data.get("phrase_key") or "",
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return form, exc.status_code
    return form, 0


# --- buyer side ----------------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Every conversation of mine (as a buyer, or as a store's user), newest first."""
    conversations = list(
        conversations_for_user(request.user, language=_language())[: settings.CARAVAN_CONVERSATIONS_PER_PAGE]
    )
    rows = [
        {
            "conversation": c,
            "with": c.seller.store_name if c.buyer_id == request.user.pk else (c.buyer.full_name or _("Buyer")),
            "url": reverse(
                "messaging:conversation" if c.buyer_id == request.user.pk else "messaging:seller_conversation",
                kwargs={"pk": c.pk},
            ),
            "listing": _listing_context(c),
            "order_number": c.order.number if c.order_id else "",
        }
        for c in conversations
    ]
    return render(request, "messaging/inbox.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_start_view(request: HttpRequest) -> HttpResponse:
    """ "Contact seller": the first message to a store, from a listing (?listing=)
    or a store page (?store=). A buyer who already talks to the store goes to
    that conversation."""
    from listings.selectors import listings_public
    from sellers.selectors import stores_public

    source = request.POST if request.method == "POST" else request.GET
    listing_id, store_slug = source.get("listing", ""), source.get("store", "")
    listing = None
    if listing_id.isdigit():
        listing = get_object_or_404(listings_public().select_related("seller"), pk=int(listing_id))
        seller = listing.seller
    elif store_slug:
        seller = get_object_or_404(stores_public(), slug=store_slug)
    else:
        raise Http404
    own_store = seller.user_id == request.user.pk
    existing = None if own_store else conversation_existing(request.user, seller.pk)
    status = 200
    form = MessageForm()
    if request.method == "POST" and not own_store:
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = services.conversation_start(
                    request.user,
                    body=form.cleaned_data["body"],
                    listing_id=listing.pk if listing else None,
                    seller_id=None if listing else seller.pk,
                    image=form.cleaned_data.get("image"),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                return redirect("messaging:conversation", pk=message.conversation_id)
        else:
            status = 400
    context = {
        "form": form,
        "seller": seller,
        "store": seller,
        "listing": listing,
        "own_store": own_store,
        "existing": existing,
    }
    return render(request, "messaging/start.html", context, status=status)


def _order_conversation(request: HttpRequest, order, *, role: str) -> HttpResponse:
    """ "Message the seller" / "Message the buyer" from an order page: the
    order's conversation when there is one; else a page with the order card and
    a first message, which starts it (services.conversation_start with the order)."""
    target = "messaging:seller_conversation" if role == "seller" else "messaging:conversation"
    existing = conversation_for_order(order.pk)
    if request.method == "GET" and existing is not None:
        return redirect(target, pk=existing.pk)
    form, status = MessageForm(), 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                message = services.conversation_start(
                    request.user,
                    body=form.cleaned_data["body"],
                    order_id=order.pk,
                    image=form.cleaned_data.get("image"),
                    phrase_key=form.cleaned_data.get("phrase_key") or "",
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                return redirect(target, pk=message.conversation_id)
    context = {
        "form": form,
        "order": order,
        "role": role,
        "order_card": _order_context(order, role=role),
        "base_template": "dashboard/base.html" if role == "seller" else "base.html",
        "with_name": order.seller.store_name if role == "buyer" else (order.buyer.full_name or _("Buyer")),
    }
    if role == "seller":
        context |= {"seller": request.seller, "active_nav": "messages"}
    return render(request, "messaging/order_start.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def order_conversation_view(request: HttpRequest, order_id: int) -> HttpResponse:
    """The buyer's side: only the order's buyer (anyone else: 404)."""
    order = order_for_conversation(request.user, order_id)
    if order is None or order.buyer_id != request.user.pk:
        raise Http404
    return _order_conversation(request, order, role="buyer")


@login_required
@require_http_methods(["GET", "POST"])
def conversation_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for_reader(request.user, pk, language=_language())
    if conversation is None:
        raise Http404
    role = services.conversation_party_role(conversation, request.user)
    if role == "seller":
        return redirect("messaging:seller_conversation", pk=pk)
    form, status = MessageForm(), 200
    if request.method == "POST":
        if role is None:
            raise Http404  # staff may read, not write
        form, status = _send(request, conversation)
        if status == 0:
            return redirect("messaging:conversation", pk=pk)
    context = {
        **_thread_context(request, conversation),
        "form": form,
        "role": role,
        "with_name": conversation.seller.store_name,
        "listing_card": _listing_context(conversation),
        "order_card": _order_context(conversation.order, role=role),
        "store_url": reverse("listings:store", kwargs={"slug": conversation.seller.slug}),
        "phrases": phrases_in(_language(), role="buyer"),
        **_translation_context(_language(), conversation.seller.store_language),
    }
    return render(request, "messaging/conversation.html", context, status=status)


@login_required
@require_GET
def thread_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The message list, for htmx polling: 204 while nothing shown has changed."""
    conversation = conversation_for_reader(request.user, pk, language=_language())
    if conversation is None:
        raise Http404
    context = _thread_context(request, conversation)
    if request.GET.get("state") == context["state"]:
        return HttpResponse(status=204)
    return render(request, "messaging/_thread.html", context)


@login_required
@require_GET
def attachment(request: HttpRequest, message_id: int) -> FileResponse:
    """A message's image, for the two parties and permitted staff only."""
    message = message_for_reader(request.user, message_id)
    if message is None or not message.image:
        raise Http404
    response = FileResponse(message.image.open("rb"), content_type=message.image_content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


# --- seller centre -----------------------------------------------------------------------------------


@approved_seller_required
@require_GET
def seller_inbox(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    conversations = list(
        conversations_for_seller(seller, language=_language())[: settings.CARAVAN_CONVERSATIONS_PER_PAGE]
    )
    rows = [
        {
            "conversation": c,
            "with": c.buyer.full_name or _("Buyer"),
            "url": reverse("messaging:seller_conversation", kwargs={"pk": c.pk}),
            "listing": _listing_context(c),
            "order_number": c.order.number if c.order_id else "",
        }
        for c in conversations
    ]
    return render(request, "messaging/seller_inbox.html", {"seller": seller, "active_nav": "messages", "rows": rows})


@approved_seller_required
@require_http_methods(["GET", "POST"])
def seller_order_conversation_view(request: HttpRequest, order_id: int) -> HttpResponse:
    """The store's side: only the order's store (anyone else: 404)."""
    order = order_for_conversation(request.user, order_id)
    if order is None or order.seller_id != request.seller.pk:
        raise Http404
    return _order_conversation(request, order, role="seller")


@approved_seller_required
@require_http_methods(["GET", "POST"])
def seller_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    seller = request.seller
    conversation = conversation_for_reader(request.user, pk, language=_language())
    if conversation is None or conversation.seller_id != seller.pk:
        raise Http404
    form, status = MessageForm(), 200
    if request.method == "POST":
        form, status = _send(request, conversation)
        if status == 0:
            return redirect("messaging:seller_conversation", pk=pk)
    context = {
        **_thread_context(request, conversation),
        "seller": seller,
        "active_nav": "messages",
        "form": form,
        "role": "seller",
        "with_name": conversation.buyer.full_name or _("Buyer"),
        "listing_card": _listing_context(conversation),
        "order_card": _order_context(conversation.order, role="seller"),
        "phrases": phrases_in(_language()),
        **_translation_context(_language(), conversation.buyer.language or settings.LANGUAGE_CODE),
    }
    return render(request, "messaging/seller_conversation.html", context, status=status)
