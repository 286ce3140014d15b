import importlib
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation
from rest_framework.test import APIClient

from sellers import services
from sellers.models import SellerStatus
from sellers.selectors import seller_required_documents
from tests.factories import UserFactory
from tests.sellers.conftest import application_data, pdf_upload

DATA = Path(__file__).parent / "data"
VETTING_GROUP = importlib.import_module("sellers.migrations.0002_vetting_officers_group")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _generous_request_throttles(settings):
    # Every test client is 127.0.0.1 and the counts live in the shared cache, so the
    # production rates would throttle unrelated tests; tests/marketplace/test_throttles.py
    # puts them back and proves them.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "100000/min"}}


@pytest.fixture(autouse=True)
def _fresh_storefront_cache():
    # Rendered pages live in the shared cache: no test sees another's.
    from marketplace.pagecache import _bump

    _bump()


@pytest.fixture(autouse=True)
def _fresh_category_tree():
    # The tree is memoised per process; tests build and flush categories.
    from listings.selectors import category_tree_forget

    category_tree_forget()


@pytest.fixture(autouse=True)
def _fresh_shipping_methods():
    # The methods are cached in the shared cache; a rolled-back test's edits must not linger.
    from logistics.selectors import shipping_methods_forget

    shipping_methods_forget()


@pytest.fixture(autouse=True)
def _fresh_exchange_rates():
    # The current rates are cached in the shared cache; a rolled-back test's rates must not
    # price the next test's orders.
    from django.core.cache import cache

    from marketplace.selectors import RATES_CACHE_KEY

    cache.delete(RATES_CACHE_KEY)


@pytest.fixture(autouse=True)
def _english_between_tests():
    # The locale middleware activates a request's language and leaves it active.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    # Uploaded files (public and private) go to a per-test folder, not var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


class LocalHTTPServer:
    """A threaded HTTP server on a free loopback port, for a test's fake of an
    outside service; subclasses call `_serve(Handler)` and are context managers."""

    def _serve(self, handler) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class FeedServer(LocalHTTPServer):
    """A local HTTP server that serves whatever body/status a test sets,
    speaking plain HTTP like the real feed does."""

    def __init__(self):
        self.body = b""
        self.status = 200
        self.content_type = "text/xml"
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                self.send_response(server.status)
                self.send_header("Content-Type", server.content_type)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self._serve(Handler)


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def ecb_xml() -> bytes:
    return (DATA / "eurofxref-daily.xml").read_bytes()


# --- sellers in any state, through the real services (tests/sellers/conftest.py has the helpers) ---


@pytest.fixture
def vetting_officer(db):
    group = Group.objects.get(name="Vetting officers")
    officer = UserFactory(is_staff=True)
    officer.groups.add(group)
    return officer


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test ends by flushing every table, which takes with it the
    rows the migrations made (content types and permissions, category tree, seed
    exchange rates, the "Vetting officers" group); the next transactional test
    gets them made again (the tests in a plain transaction see the migrated rows)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    from listings.models import Category
    from listings.services import categories_sync
    from logistics.models import ShippingMethod
    from logistics.seed import seed_methods
    from marketplace.models import ExchangeRate
    from marketplace.services import exchange_rates_seed

    if not Permission.objects.exists():  # what post_migrate makes, when the flush did not run it
        ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
    if not Category.objects.exists():
        categories_sync()
    if not ExchangeRate.objects.exists():
        exchange_rates_seed()
    if not ShippingMethod.objects.exists():  # as logistics/migrations/0002 seeds them
        seed_methods(lambda name: apps.get_model("logistics", name))
    group, created = Group.objects.get_or_create(name=VETTING_GROUP.GROUP)
    if created:  # as sellers/migrations/0002 makes it
        ContentType.objects.clear_cache()
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="sellers", codename__in=VETTING_GROUP.CODENAMES)
        )


@pytest.fixture
def make_seller(db, vetting_officer):
    """make_seller(status="approved", country="IT") -> Seller, through the services."""
    counter = {"n": 0}

    def make(status: str = SellerStatus.DRAFT, country: str = "TR", user=None, **overrides):
        counter["n"] += 1
        n = counter["n"]
        user = user or UserFactory()
        data = application_data(country, n, **overrides)
        seller = services.seller_application_save(user=user, **data)
        if status == SellerStatus.DRAFT:
            return seller
        for kind in seller_required_documents(country):
            services.seller_document_upload(seller_id=seller.pk, actor=user, kind=kind, upload=pdf_upload())
        seller = services.seller_application_submit(seller_id=seller.pk, actor=user)
        if status == SellerStatus.SUBMITTED:
            return seller
        if status in (SellerStatus.APPROVED, SellerStatus.SUSPENDED):
            seller = services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
            if status == SellerStatus.SUSPENDED:
                seller = services.seller_suspend(seller_id=seller.pk, actor=vetting_officer, reason="Counterfeits")
            return seller
        if status == SellerStatus.REJECTED:
            return services.seller_reject(seller_id=seller.pk, actor=vetting_officer, reason="Documents unreadable")
        if status == SellerStatus.CHANGES_REQUESTED:
            return services.seller_request_changes(seller_id=seller.pk, actor=vetting_officer, reason="Blurry ID")
        raise ValueError(status)

    return make


# --- a real Celery worker on the real broker, for tests about jobs ------------------------------


@pytest.fixture
def celery_worker_process(transactional_db):
    """A Celery worker subprocess consuming the app's queues (celery, translation)
    on REDIS_URL and the test database, as `make run` starts one. The queues
    are purged first so a job left by another test cannot leak in. Use with
    transactional tests (the worker sees only committed rows)."""
    from django.db import connection

    from marketplace.celery import app

    if not settings.REDIS_URL:
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    queues = ["celery", "translation"]
    with app.connection_for_write() as conn:
        for queue in queues:
            conn.default_channel.queue_purge(queue)  # Redis: a queue never declared purges as 0
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "STATIC_NO_MANIFEST": "true",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # this test's tmp dirs (see _uploads_in_tmp)
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool", "solo", "-Q", ",".join(queues),
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
