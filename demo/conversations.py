"""Demo conversations for `make run`: buyers and sellers who share no language,
talking through the translation chain (Apertium for the European pairs) and the
phrasebook. Idempotent: a pair that already talks is left alone."""

from dataclasses import dataclass

from django.db import transaction

from listings.selectors import listings_public
from marketplace.models import User
from messaging import services
from messaging.models import Conversation
from messaging.phrasebook import phrasebook
from sellers.selectors import stores_public


@dataclass(frozen=True)
class DemoConversation:
    buyer_email: str
    seller_email: str
    buyer_text: str
    reply_text: str = ""  # a free reply in the seller's language, or
    reply_phrase: str = ""  # a phrasebook answer (carries our human translations)


DEMO_CONVERSATIONS = [
    DemoConversation(
        "lucia@caravan.test",
        "seller-it@caravan.test",
        "Hola, ¿este artículo está disponible en talla M? Me gustaría comprar dos.",
        reply_text="Sì, la taglia M è disponibile. Possiamo spedire due pezzi questa settimana.",
    ),
    DemoConversation(
        "claire@caravan.test",
        "seller-es@caravan.test",
        "Bonjour, combien de temps faut-il pour recevoir la commande en France ?",
        reply_phrase="delivery_time",
    ),
    DemoConversation(
        "ana@caravan.test",
        "seller-cn@caravan.test",
        "Olá, vocês vendem no atacado? Preciso de cinquenta peças para a minha loja.",
        reply_phrase="wholesale_welcome",
    ),
    DemoConversation(
        "olga@caravan.test",
        "seller-tr@caravan.test",
        "Здравствуйте! Какой размер мне выбрать, если обычно я ношу M?",
        reply_phrase="sizes_run_small",
    ),
]


def seed_conversations() -> int:
    """Create the demo conversations that are missing (each in one transaction);
    return how many were created. A pair whose buyer or store is missing is skipped.
    Translations are queued for the worker, like any message's."""

    created = 0
    for demo in DEMO_CONVERSATIONS:
        buyer = User.objects.filter(email__iexact=demo.buyer_email).first()
        seller = stores_public().select_related("user").filter(user__email__iexact=demo.seller_email).first()
        if (
            buyer is None
            or seller is None
            or Conversation.objects.filter(buyer=buyer, seller=seller, order__isnull=True).exists()
        ):
            continue
        listing = listings_public().filter(seller=seller).order_by("pk").first()
        with transaction.atomic():
            first = services.conversation_start(
                buyer,
                body=demo.buyer_text,
                listing_id=listing.pk if listing else None,
                seller_id=None if listing else seller.pk,
            )
            if demo.reply_phrase:
                body, key = phrasebook()[demo.reply_phrase][seller.store_language], demo.reply_phrase
            else:
                body, key = demo.reply_text, ""
            services.message_send(seller.user, conversation_id=first.conversation_id, body=body, phrase_key=key)
        created += 1
    return created
