"""The marketplace's rules as settings (DESIGN.md §2, each with its number): currencies
and money, escrow release and settlement, shipping and protection, translation, the
storefront, the source-feed import, checkout, completion and fulfilment.

marketplace/settings.py reads them in with a star import, so code asks for them as any
setting (`django.conf.settings.CARAVAN_…`) and tests override them the same way. What
is configuration of the machine rather than a rule of the marketplace (databases, the
broker, secrets, gateways' and carriers' endpoints, logging) stays in settings.py.
Variables read from the environment are listed in .env.example like the rest."""

from decimal import Decimal

import environ

env = environ.Env()  # settings.py has read .env into the environment before importing this

# --- money and currencies ------------------------------------------------------
# Currencies a buyer can display prices in. Each must have a rate (seeded from
# marketplace/data/ on migrate, refreshed from the ECB where the ECB publishes it).
CARAVAN_DISPLAY_CURRENCIES = [
    "USD",
    "EUR",
    "CNY",
    "RUB",
    "TRY",
    "GBP",
    "BRL",
    "MXN",
    "ARS",
    "CLP",
    "COP",
    "PEN",
    "INR",
    "IDR",
    "PHP",
    "THB",
    "VND",
    "MYR",
    "PKR",
    "BDT",
    "KZT",
    "UAH",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "EGP",
    "NGN",
    "KES",
    "ZAR",
    "MAD",
    "SAR",
    "AED",
    "KWD",
    "ILS",
    "JPY",
    "KRW",
    "AUD",
    "CAD",
    "CHF",
]
CARAVAN_DEFAULT_CURRENCY = "USD"
CARAVAN_DEFAULT_COUNTRY = "US"
CARAVAN_RATES_BASE_CURRENCY = "EUR"
CARAVAN_ECB_RATES_URL = env("ECB_RATES_URL", default="https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml")
CARAVAN_RATES_TIMEOUT_SECONDS = 15
# The Central Bank of Russia's daily rates (roubles per unit; converted to per-EUR through its EUR
# line) for the currencies the ECB does not publish: RUB and those of Russia's neighbours and
# partners. The ECB's own currencies keep coming from the ECB, so a currency has one source.
CARAVAN_CBR_RATES_URL = env("CBR_RATES_URL", default="https://www.cbr.ru/scripts/XML_daily.asp")
CARAVAN_CBR_CURRENCIES = ("RUB", "KZT", "UAH", "BYN", "UZS", "KGS", "TJS", "TMT", "AMD", "AZN", "GEL", "MDL",
                          "VND", "EGP", "AED")  # fmt: skip
CARAVAN_RATES_CACHE_SECONDS = 300
# Seller countries and their settlement currencies (DESIGN.md §2).
CARAVAN_SELLER_COUNTRIES = {"CN": "CNY", "RU": "RUB", "IT": "EUR", "ES": "EUR", "TR": "TRY"}
# Documents every applicant uploads, per country of establishment.
CARAVAN_SELLER_REQUIRED_DOCUMENTS = {
    "CN": ["business_licence", "representative_id"],
    "RU": ["business_licence", "representative_id"],
    "IT": ["business_licence", "representative_id"],
    "ES": ["business_licence", "representative_id"],
    "TR": ["business_licence", "representative_id", "tax_certificate"],
}
CARAVAN_SELLER_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
CARAVAN_SELLER_DOCUMENT_MAX_PIXELS = 40_000_000  # a scanned page at 600 dpi is about 35 MP
CARAVAN_SELLER_DOCUMENTS_PER_KIND = 3
CARAVAN_STORE_LOGO_MAX_BYTES = 2 * 1024 * 1024
CARAVAN_STORE_LOGO_MAX_PIXELS = 40_000_000
# Catalogue rules (DESIGN.md §2: what can be listed, wholesale, commission).
CARAVAN_COMMISSION_RATE_MIN = Decimal("0.05")
CARAVAN_COMMISSION_RATE_MAX = Decimal("0.08")
CARAVAN_DEFAULT_COMMISSION_RATE = Decimal("0.08")
# --- escrow release and settlement (issue 13; DESIGN.md §2 Commission, Payouts) ---
# Released money stays pending this long (the claim window), then becomes available.
CARAVAN_CLAIM_WINDOW_DAYS = 15
# Orders per set-based release / pending → available batch (one database transaction each).
CARAVAN_RELEASE_BATCH_SIZE = env.int("RELEASE_BATCH_SIZE", default=2000)
# Released orders listed on the seller centre's Balance page (the CSV has them all).
CARAVAN_BALANCE_HISTORY_ROWS = 50
# Until the logistics issue lands, "what a small parcel may be": the small-packet limits.
CARAVAN_PARCEL_MAX_WEIGHT_GRAMS = 2000
CARAVAN_PARCEL_MAX_SIDE_CM = Decimal("60")
CARAVAN_PARCEL_MAX_DIMENSIONS_SUM_CM = Decimal("90")
CARAVAN_PARCEL_MAX_DECLARED_VALUE_EUR = Decimal("150")
# --- shipping: templates, warehouses, protection (logistics; DESIGN.md §2 Logistics, Escrow) ---
# The buyer-protection period is the method's promised delivery time, capped per destination.
CARAVAN_PROTECTION_MAX_DAYS = 60
CARAVAN_PROTECTION_MAX_DAYS_BY_COUNTRY = {"RU": 90, "BR": 120}
# Countries a store may hold stock in besides its home: only origins the shipping methods
# serve (logistics/data/methods.json); a new one needs methods with zones from it first.
CARAVAN_WAREHOUSE_COUNTRIES = ["CN", "ES", "IT", "RU", "TR"]
CARAVAN_WAREHOUSES_PER_STORE = 5
CARAVAN_SHIPPING_TEMPLATES_PER_STORE = 20
CARAVAN_SHIPPING_FREE_RULES_PER_TEMPLATE = 10
CARAVAN_SHIPPING_HANDLING_DAYS_MAX = 10
CARAVAN_LISTING_MAX_IMAGES = 10
CARAVAN_LISTING_IMAGE_MAX_BYTES = 8 * 1024 * 1024
CARAVAN_LISTING_IMAGE_MAX_PIXELS = 40_000_000
CARAVAN_LISTING_MAX_VARIANTS = 100
CARAVAN_LISTING_MAX_TIERS = 6
# Attributes (name: value pairs): the listing service refuses more, or longer, for forms, API and imports alike.
CARAVAN_LISTING_MAX_ATTRIBUTES = 30
CARAVAN_LISTING_ATTRIBUTE_KEY_MAX_CHARS = 40
CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS = 120
# How long a rendered storefront page may be reused (any visible change retires it at once).
CARAVAN_STOREFRONT_CACHE_SECONDS = env.int("STOREFRONT_CACHE_SECONDS", default=300)
CARAVAN_LISTING_DESCRIPTION_MAX_CHARS = 20_000
CURRENCIES = tuple(sorted(set(CARAVAN_DISPLAY_CURRENCIES) | set(CARAVAN_SELLER_COUNTRIES.values())))

# --- translation ---------------------------------------------------------------------
# The engine chain, in order (translation/services.py walks it after the translation memory).
# Engines not configured (no URL, no key, no binary) say they support nothing and are skipped.
CARAVAN_TRANSLATION_ENGINES = [
    # Keyword titles in zh-hans/ru/tr, offline; full sentences fall through to the next engines.
    "translation.glossary.GlossaryEngine",
    "translation.engines.apertium.ApertiumEngine",
    "translation.engines.libretranslate.LibreTranslateEngine",
    "translation.engines.deepl.DeepLEngine",
]
CARAVAN_APERTIUM_TIMEOUT = env.float("APERTIUM_TIMEOUT", default=30.0)
# Warm Apertium pipelines kept per process (translation/engines/apertium.py; 0: a process per call),
# each ~30-100 MB of private memory; one idle this long is closed.
CARAVAN_APERTIUM_WARM_PIPELINES = env.int("APERTIUM_WARM_PIPELINES", default=4)
# Run by each web worker as it starts (marketplace/wsgi.py): the message language detector
# (lingua, ~2 s and ~200 MB) is built in the background instead of on the first message sent.
# WEB_WARM_UP=false (an empty list) saves the memory on a worker that takes no messages.
CARAVAN_WEB_WARM_UP = (
    ["translation.detect.detector_warm_in_background"] if env.bool("WEB_WARM_UP", default=True) else []
)
CARAVAN_APERTIUM_IDLE_SECONDS = 300
LIBRETRANSLATE_URL = env("LIBRETRANSLATE_URL", default="")
LIBRETRANSLATE_API_KEY = env("LIBRETRANSLATE_API_KEY", default="")
LIBRETRANSLATE_TIMEOUT = env.float("LIBRETRANSLATE_TIMEOUT", default=20.0)
DEEPL_API_KEY = env("DEEPL_API_KEY", default="")
DEEPL_TIMEOUT = env.float("DEEPL_TIMEOUT", default=20.0)
# A LibreTranslate started with --char-limit refuses longer texts: the client sends a long
# description in pieces of at most this many characters, cut at paragraphs (0: no limit).
CARAVAN_LIBRETRANSLATE_CHAR_LIMIT = env.int("LIBRETRANSLATE_CHAR_LIMIT", default=5000)

# --- storefront language & layout (issue 15) ---------------------------------------------
# The longest URL (path and query) the app answers; a longer one gets the 414 page in the site's
# layout. gunicorn runs with --limit-request-line 0 (Dockerfile, Procfile: its own cap, 8190 at most,
# would answer first in plain text), so this is the one limit on a URL's length.
CARAVAN_MAX_URL_CHARS = 16_384

# --- source-feed import (listings.imports; README "Source-feed import") -----------------
CARAVAN_IMPORT_MAX_ROWS = 10_000
CARAVAN_IMPORT_MAX_FEED_BYTES = 20 * 1024 * 1024
CARAVAN_IMPORT_MAX_ZIP_BYTES = 200 * 1024 * 1024
CARAVAN_IMPORT_MAX_ZIP_ENTRIES = 20_000
CARAVAN_IMPORT_MAX_JSON_DEPTH = 20  # a listing needs about 5 (items, row, variants, their attributes)
CARAVAN_IMPORT_MAX_IMAGES_PER_ROW = 10  # never more than CARAVAN_LISTING_MAX_IMAGES
CARAVAN_IMPORT_BATCH_ROWS = env.int("IMPORT_BATCH_ROWS", default=200)
CARAVAN_IMPORT_BATCH_SECONDS = 300  # a batch stops early and queues the rest (below CELERY_TASK_SOFT_TIME_LIMIT)
# An unfinished job that has not written a row for this long lost its batch task: the watchdog
# (listings.tasks.import_jobs_resume_task, every five minutes) queues it again.
CARAVAN_IMPORT_STALL_SECONDS = 900
CARAVAN_IMPORT_IMAGE_TIMEOUT = 10.0  # seconds per image URL
CARAVAN_IMPORT_IMAGE_URL_ALLOW_PRIVATE = env.bool("IMPORT_IMAGE_URL_ALLOW_PRIVATE", default=False)
CARAVAN_IMPORT_SOURCE_LANGUAGE = "zh-hans"  # a row without a `language` column is Chinese
CARAVAN_IMPORT_SOURCE_CURRENCY = "CNY"  # price_cny; converted at the stored rate for non-CNY stores
CARAVAN_IMPORT_DEFAULT_DIMENSIONS_CM = (30, 20, 5)  # a row without length/width/height
CARAVAN_IMPORT_POLL_SECONDS = 1  # the job page's progress refresh
CARAVAN_IMPORT_REPORT_ROWS = 500  # row errors shown on the job page (the API pages through all)
# Taobao Assistant data packets (listings.imports.packet): an item without item_weight gets this
# weight (and a warning); an unknown cid whose title suggests nothing lands here, flagged.
CARAVAN_IMPORT_PACKET_DEFAULT_WEIGHT_GRAMS = 500
CARAVAN_IMPORT_PACKET_FALLBACK_CATEGORY = "home-decor"
# A batch's new drafts without images are written in sets (listings_create_drafts) and their
# translations queued as one job per this many listings.
CARAVAN_LISTING_TRANSLATION_BATCH = 50
# Buyer–seller messaging.
CARAVAN_MESSAGE_MAX_CHARS = 2000
CARAVAN_MESSAGE_RATE_PER_MINUTE = 20
CARAVAN_MESSAGE_IMAGE_MAX_BYTES = 5 * 1024 * 1024
CARAVAN_MESSAGE_IMAGE_MAX_PIXELS = 40_000_000
CARAVAN_MESSAGE_POLL_SECONDS = env.int("MESSAGE_POLL_SECONDS", default=5)
# Unread messages older than this are mailed (one email per person per run of the batch).
CARAVAN_MESSAGE_EMAIL_DELAY_MINUTES = 10
CARAVAN_MESSAGE_EMAIL_BATCH = 500
CARAVAN_MESSAGES_PER_PAGE = 100
# The buyer's address book.
CARAVAN_BUYER_MAX_ADDRESSES = 20
# The cart: products (lines) in one cart, lots of one product in one order.
CARAVAN_CART_MAX_LINES = 50
CARAVAN_CART_MAX_LOTS = 10_000
# --- checkout and orders (orders/) ---
# An order not paid within this window is cancelled and its stock returns (orders.tasks.orders_expire_task).
CARAVAN_PAYMENT_WINDOW_HOURS = 24
# The buyer's order page, while the order awaits payment, asks the order API this often whether it is
# paid (a payment made on another device, e.g. by QR code) and reloads once it is; it stops asking
# while the page is hidden and for good after CARAVAN_ORDER_POLL_MAX_SECONDS.
CARAVAN_ORDER_POLL_SECONDS = env.int("ORDER_POLL_SECONDS", default=4)
CARAVAN_ORDER_POLL_MAX_SECONDS = 1800
CARAVAN_ORDERS_EXPIRE_BATCH = 500
CARAVAN_ORDERS_PER_PAGE = 20
# --- order completion, buyer protection extension, cancellation requests (issue 13, orders/completion.py) ---
# A delivered order completes this many days after the carrier reported delivery (unless in dispute).
CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY = 5
# The buyer may extend buyer protection once, by this many days, before it ends.
CARAVAN_PROTECTION_EXTENSION_DAYS = 15
# A buyer's cancellation request on a paid, unshipped order: the seller's time to answer; silence accepts.
CARAVAN_CANCEL_REQUEST_ANSWER_HOURS = 48
# Orders per run of the completion and cancellation-silence jobs (one transaction per batch).
CARAVAN_COMPLETION_BATCH = 200
# A country's clock for deadlines shown to a reader (the first of several zones is not always the main one).
CARAVAN_COUNTRY_TIMEZONES = {
    "BR": "America/Sao_Paulo", "RU": "Europe/Moscow", "US": "America/New_York", "CA": "America/Toronto",
    "MX": "America/Mexico_City", "KZ": "Asia/Almaty", "AU": "Australia/Sydney", "ID": "Asia/Jakarta",
    "CN": "Asia/Shanghai", "ES": "Europe/Madrid", "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago",
    "PT": "Europe/Lisbon", "DE": "Europe/Berlin", "UA": "Europe/Kyiv", "NZ": "Pacific/Auckland",
}  # fmt: skip
CARAVAN_CONVERSATIONS_PER_PAGE = 50

# --- fulfilment: shipping, tracking, ship-by (orders.fulfilment; README "Shipping an order") ---
# Buyer protection after shipping: the method's promised delivery time capped per destination with
# CARAVAN_PROTECTION_MAX_DAYS* (the shipping block above; logistics.quote.protection_cap).
# Customs declaration: CN22 for items of a declared value up to 300 SDR (UPU Convention, Letter Post
# Regulations art. RL 241), else CN23. The SDR in EUR (IMF SDR valuation, about 1 SDR = 1.23 EUR in
# 2025) turns the limit into the EUR figure compared with the declared value converted at stored rates.
CARAVAN_CN22_MAX_VALUE_SDR = Decimal("300")
CARAVAN_SDR_IN_EUR = Decimal("1.23")
# Paid orders past their ship-by date are cancelled and refunded in batches of this many (every 5 min).
CARAVAN_SHIP_BY_EXPIRE_BATCH = 200
# Open shipments polled per run of the periodic poll (webhooks are the main channel).
CARAVAN_TRACKING_POLL_LIMIT = 2000
