"""OpenAPI examples of the catalogue API: one Chinese seller's summer dress,
followed from the seller's input through the draft to the buyer's view, and
the errors the seller's operations answer with."""

from marketplace.api.examples import error_example, error_response

DRESS_DESCRIPTION = (
    "<p>轻薄雪纺面料，<strong>透气舒适</strong>，适合夏季度假。</p><ul><li>可机洗</li><li>有内衬</li></ul>"
)
DRESS_INPUT = {
    "category": 12,
    "title": "夏季碎花雪纺长裙 波西米亚度假风",
    "source_language": "zh-hans",
    "description": DRESS_DESCRIPTION,
    "attributes": {"面料": "雪纺", "季节": "夏季"},
    "price": "89.00",
    "declared_value": "89.00",
    "lot_size": 1,
    "weight_grams": 320,
    "length_cm": "30.0",
    "width_cm": "25.0",
    "height_cm": "4.0",
    "processing_days": 3,
    "hs_code": "620443",
    "variants": [
        {"sku": "DRESS-RED-M", "options": {"颜色": "红色", "尺码": "M"}, "stock": 120, "price_override": None},
        {"sku": "DRESS-BLUE-L", "options": {"颜色": "蓝色", "尺码": "L"}, "stock": 60, "price_override": "95.00"},
    ],
    "tiers": [
        {"min_lots": 1, "max_lots": 9, "unit_price": "89.00"},
        {"min_lots": 10, "max_lots": 49, "unit_price": "79.00"},
        {"min_lots": 50, "max_lots": None, "unit_price": "69.00"},
    ],
}
DRESS_IMAGE = {
    "id": 311,
    "url": "https://caravan.example/media/listings/5012/3f9c2a7e.jpg",
    "thumbnail_url": "https://caravan.example/media/listings/5012/3f9c2a7e-400.jpg",
    "width": 1200,
    "height": 1600,
    "position": 0,
}
DRESS_SELLER_OUTPUT = {
    "id": 5012,
    "status": "draft",
    "category": 12,
    "category_slug": "dresses",
    **{k: v for k, v in DRESS_INPUT.items() if k != "category"},
    "currency": "CNY",
    "variants": [{"id": 8801, **DRESS_INPUT["variants"][0]}, {"id": 8802, **DRESS_INPUT["variants"][1]}],
    "from_price": "69.00",
    "images": [],
    "category_check": False,
    "suggested_category": None,
    "publish_problems": ["Add at least one photo."],
    "orders_count": 0,
    "created_at": "2026-03-10T08:12:40Z",
    "updated_at": "2026-03-10T08:12:40Z",
    "published_at": None,
}
DRESS_SELLER_ACTIVE = {
    **DRESS_SELLER_OUTPUT,
    "status": "active",
    "images": [DRESS_IMAGE],
    "publish_problems": [],
    "updated_at": "2026-03-10T08:20:02Z",
    "published_at": "2026-03-10T08:20:02Z",
}

# An imported draft whose Taobao category id was unknown: the category was suggested from its title.
IMPORTED_FLAGGED = {
    **DRESS_SELLER_OUTPUT,
    "category": 41,
    "category_slug": "ceramics",
    "title": "北欧简约陶瓷花瓶客厅摆件",
    "category_check": True,
    "suggested_category": {"id": 41, "slug": "ceramics", "name": "Ceramics & vases"},
    "publish_problems": ["Add at least one photo.", "Check the category: an import suggested it."],
}


def _price(original: str, display: str, original_formatted: str, display_formatted: str) -> dict:
    return {
        "original": {"amount": original, "currency": "CNY", "formatted": original_formatted},
        "display": {"amount": display, "currency": "USD", "formatted": display_formatted},
    }


DRESS_STORE = {"store_name": "杭州丝语服饰", "slug": "hangzhou-siyu-fushi", "country": "CN"}
DRESS_CARD = {
    "id": 5012,
    "title": DRESS_INPUT["title"],
    "source_language": "zh-hans",
    "from_price": _price("69.00", "9.70", "CN¥69.00", "$9.70"),
    "lot_size": 1,
    "seller": DRESS_STORE,
    "thumbnail_url": DRESS_IMAGE["thumbnail_url"],
    "orders_count": 37,
}
DRESS_DETAIL = {
    **{k: v for k, v in DRESS_CARD.items() if k != "thumbnail_url"},
    "description": DRESS_DESCRIPTION,
    "attributes": DRESS_INPUT["attributes"],
    "category": {"id": 12, "slug": "dresses", "name": "Dresses"},
    "parent_category": {"id": 1, "slug": "womens-fashion", "name": "Women's fashion"},
    "price": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
    "display_currency": "USD",
    "variants": [
        {
            "id": 8801,
            "sku": "DRESS-RED-M",
            "options": {"颜色": "红色", "尺码": "M"},
            "label": "红色 / M",
            "stock": 120,
            "in_stock": True,
            "price": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
        },
        {
            "id": 8802,
            "sku": "DRESS-BLUE-L",
            "options": {"颜色": "蓝色", "尺码": "L"},
            "label": "蓝色 / L",
            "stock": 60,
            "in_stock": True,
            "price": _price("95.00", "13.36", "CN¥95.00", "$13.36"),
        },
    ],
    "tiers": [
        {"min_lots": 1, "max_lots": 9, "unit_price": _price("89.00", "12.51", "CN¥89.00", "$12.51")},
        {"min_lots": 10, "max_lots": 49, "unit_price": _price("79.00", "11.11", "CN¥79.00", "$11.11")},
        {"min_lots": 50, "max_lots": None, "unit_price": _price("69.00", "9.70", "CN¥69.00", "$9.70")},
    ],
    "images": [DRESS_IMAGE],
    "shipping": {
        "ships_from": "CN",
        "weight_grams": 320,
        "length_cm": "30.0",
        "width_cm": "25.0",
        "height_cm": "4.0",
        "declared_value": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
        "processing_days": 3,
        "hs_code": "620443",
    },
    "published_at": "2026-03-10T08:20:02Z",
}


DRESS_DETAIL = {
    **DRESS_DETAIL,
    "language": "zh-hans",
    "translated_from": None,
    "translation_kind": None,
    "description_translated": False,
}
DRESS_DETAIL_EN = {
    **DRESS_DETAIL,
    "title": "Summer floral chiffon maxi dress, bohemian holiday style",
    "language": "en",
    "translated_from": "zh-hans",
    "translation_kind": "human",
    "description": "<p>Light chiffon, <strong>breathable and comfortable</strong>, made for summer holidays.</p>"
    "<ul><li>Machine washable</li><li>Lined</li></ul>",
    "description_translated": True,
    "attributes": {"面料": "chiffon", "季节": "summer"},
}


NOT_A_SELLER = error_example(
    "Store not approved",
    403,
    "permission_denied",
    "Only approved stores can manage listings; yours is submitted, waiting for review.",
)
NO_SUCH_LISTING = error_example("Not one of yours", 404, "not_found", "There is no such listing.")
TIER_GAP = error_example(
    "Tiers leave a gap",
    400,
    "invalid",
    "Price tiers leave a gap between 9 and 12 lots.",
    {"tiers.1.min_lots": ["Price tiers leave a gap between 9 and 12 lots."]},
)
SKU_TWICE = error_example(
    "SKU used twice",
    400,
    "invalid",
    "SKU DRESS-RED-M is used twice.",
    {"variants.1.sku": ["SKU DRESS-RED-M is used twice."]},
)

ERROR_403 = error_response("Not logged in, or no approved store.")
ERROR_404 = error_response("No such listing among the caller's own.")
ERROR_409 = error_response("The status cannot move that way (e.g. draft → paused).")


LISTING_TRANSLATION_EN = {
    "language": "en",
    "title": DRESS_DETAIL_EN["title"],
    "attributes": DRESS_DETAIL_EN["attributes"],
    "description": DRESS_DETAIL_EN["description"],
    "engine": "seller",
    "kind": "human",
    "status": "current",
}
LISTING_TRANSLATION_IT = {
    "language": "it",
    "title": "estate floreale chiffon abito lungo bohémien vacanza",
    "attributes": {"面料": "chiffon", "季节": "estate"},
    "description": "",
    "engine": "glossary",
    "kind": "keywords",
    "status": "current",
}
NO_SUCH_LANGUAGE = error_example(
    "Not another interface language",
    400,
    "invalid",
    "Choose one of Caravan's languages other than the listing's own.",
    {"language": ["Choose one of Caravan's languages other than the listing's own."]},
)


def _money(amount: str, currency: str, formatted: str) -> dict:
    return {"amount": amount, "currency": currency, "formatted": formatted}


SHIPPING_QUOTE = {
    "listing": 4812,
    "variant": 9120,
    "lots": 2,
    "destination": "DE",
    "ships_from": "CN",
    "ships_from_options": [{"country": "CN", "warehouse": None, "stock": 120},
                           {"country": "ES", "warehouse": 3, "stock": 40}],
    "template": "Default",
    "display_currency": "EUR",
    "methods": [
        {
            "code": "cn-post-unregistered", "name": "China Post Small Packet (unregistered)", "carrier": "China Post",
            "service_level": "economy", "kind": "postal", "tracked": False, "available": True,
            "cost": _money("56.00", "CNY", "CN¥56.00"), "display_cost": _money("7.14", "EUR", "€7.14"),
            "delivery_from": "2027-01-01", "delivery_to": "2027-01-29", "protection_days": 60, "reasons": [],
            "free": False,
        },
        {
            "code": "dhl-express", "name": "DHL Express Worldwide", "carrier": "DHL Express",
            "service_level": "express", "kind": "courier", "tracked": True, "available": True,
            "cost": _money("279.50", "CNY", "CN¥279.50"), "display_cost": _money("35.63", "EUR", "€35.63"),
            "delivery_from": "2026-12-15", "delivery_to": "2026-12-18", "protection_days": 20, "reasons": [],
            "free": False,
        },
        {
            "code": "caravan-saver", "name": "Caravan Saver", "carrier": "Caravan Line (consolidated)",
            "service_level": "economy", "kind": "postal", "tracked": False, "available": False, "cost": None,
            "display_cost": None, "delivery_from": None, "delivery_to": None, "protection_days": 60, "free": False,
            "reasons": [{"code": "too_valuable", "message": "Too valuable: the declared value is 22.69 EUR, this "
                         "method carries at most 5 EUR."}],
        },
    ],
    "landed_cost": {
        "goods": {"original": _money("178.00", "CNY", "CN¥178.00"), "display": _money("22.69", "EUR", "€22.69")},
        "shipping": {"original": _money("56.00", "CNY", "CN¥56.00"), "display": _money("7.14", "EUR", "€7.14")},
        "taxes_at_checkout": {"original": _money("44.46", "CNY", "CN¥44.46"),
                              "display": _money("5.67", "EUR", "€5.67")},
        "total_at_checkout": {"original": _money("278.46", "CNY", "CN¥278.46"),
                              "display": _money("35.50", "EUR", "€35.50")},
        "may_be_due_on_delivery": None,
        "tax_rate": "0.1900",
        "rule": {"code": "eu_ioss", "name": "EU import of a low-value consignment (IOSS)",
                 "source": "European Commission, 'VAT e-commerce: Import One-Stop Shop (IOSS)' ...",
                 "effective": "2021-07-01"},
        "note": "Includes 19% import VAT/GST, collected at checkout: nothing more to pay on delivery.",
    },
}  # fmt: skip
