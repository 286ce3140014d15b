from django.conf import settings
from django.db.models import QuerySet

from .models import DocumentKind, Seller, SellerStatus


def seller_for_user(user) -> Seller | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Seller.objects.filter(user=user).first()


def seller_required_documents(country: str) -> list[DocumentKind]:
    return [DocumentKind(kind) for kind in settings.CARAVAN_SELLER_REQUIRED_DOCUMENTS.get(country, [])]


def seller_missing_documents(seller: Seller) -> list[DocumentKind]:
    have = set(seller.documents.values_list("kind", flat=True))
    return [kind for kind in seller_required_documents(seller.country.code) if kind not in have]


def stores_public() -> QuerySet[Seller]:
    """Stores a buyer may see: approved (not suspended, rejected or pending)."""
    return Seller.objects.filter(status=SellerStatus.APPROVED)


def sellers_pending_review() -> QuerySet[Seller]:
    return Seller.objects.filter(status=SellerStatus.SUBMITTED).order_by("submitted_at", "pk")
