"""Who may use the seller API: the caller's own approved store, and only that
store's listings. The HTML seller centre has its own guard (sellers.access);
this is the API's, answering with the API's 403 and 404 bodies."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from marketplace.errors import NotPermitted
from sellers.models import Seller
from sellers.selectors import seller_for_user

from ..selectors import listing_of_seller_exists
from ..services import seller_may_manage_listings


def approved_seller(user) -> Seller:
    """The caller's own store, if it may manage listings (403 otherwise)."""
    seller = seller_for_user(user)
    if seller is None:
        raise NotPermitted(_("Only sellers can manage listings: apply to sell on Caravan first."))
    return seller_may_manage_listings(seller, user)


def own_listing_id(seller: Seller, listing_id: int) -> int:
    """`listing_id` if it is one of the seller's listings; someone else's is simply not found."""
    if not listing_of_seller_exists(seller, listing_id):
        raise NotFound(_("There is no such listing."))
    return listing_id
