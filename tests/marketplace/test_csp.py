"""The Content-Security-Policy and Permissions-Policy headers: enforced (not
report-only) on the storefront, the seller centre, the admin and the API docs,
and every nonce a page carries is the one its header allows."""

import re

import pytest
from django.urls import reverse

from sellers.models import SellerStatus

pytestmark = pytest.mark.django_db

NONCE_ATTR = re.compile(r'nonce="([^"]*)"')


def directives(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy-Report-Only" not in response
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def header_nonce(policy: dict[str, list[str]]) -> str:
    (source,) = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    assert source in policy["style-src"]
    return source.removeprefix("'nonce-").removesuffix("'")


def assert_strict(response) -> dict[str, list[str]]:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name]
        assert "'unsafe-eval'" not in policy[name]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in permissions
    return policy


def assert_nonces_match(response) -> str:
    """Every nonce in the body is the header's (a cached fragment replaying an old one would not be)."""
    nonce = header_nonce(directives(response))
    found = NONCE_ATTR.findall(response.content.decode())
    assert found, "the page carries no nonce at all"
    assert set(found) == {nonce}
    return nonce


def assert_no_inline_code(html: str) -> None:
    """No inline event handler, javascript: URL or style="" attribute: the policy would block them."""
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html
    assert not re.search(r"\sstyle\s*=", html), 'inline style="" attribute'
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert "src=" in tag or "nonce=" in tag or 'type="application/json"' in tag, tag


def test_the_storefront_home_is_under_the_policy(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_strict(response)
    assert_nonces_match(response)
    assert_no_inline_code(response.content.decode())


def test_the_seller_centre_is_under_the_policy(client, make_seller):
    seller = make_seller(SellerStatus.APPROVED)
    client.force_login(seller.user)
    for name in ("sellers:dashboard", "seller_listings:index", "seller_listings:create"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_strict(response)
        assert_nonces_match(response)
        assert_no_inline_code(response.content.decode())


def test_the_application_form_keeps_its_data_block_and_no_inline_script(client, user):
    client.force_login(user)
    response = client.get(reverse("sellers:apply"))
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert '<script id="seller-countries" type="application/json">' in html
    assert_no_inline_code(html)


def test_the_admin_is_under_the_policy(client, vetting_officer, make_seller):
    make_seller(SellerStatus.SUBMITTED)
    assert_strict(client.get(reverse("admin:login")))
    client.force_login(vetting_officer)
    response = client.get(reverse("admin:sellers_seller_changelist"))
    assert response.status_code == 200
    assert_strict(response)
    assert not re.search(r"\sstyle\s*=", response.content.decode())  # the status pills are classes


def test_the_swagger_ui_is_under_the_policy_with_its_script_from_a_url(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert_strict(response)
    assert_nonces_match(response)  # its one <style>
    html = response.content.decode()
    assert "<script>" not in html
    assert 'src="/api/v1/docs/?script="' in html
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_each_response_has_a_fresh_nonce(client):
    first = header_nonce(directives(client.get(reverse("home"))))
    second = header_nonce(directives(client.get(reverse("home"))))
    assert first != second
    assert len(first) >= 22  # 128 random bits, base64


def test_a_seller_document_has_a_policy_the_pdf_viewer_can_work_under(client, make_seller, vetting_officer):
    """The admin previews it in an <iframe>: framing by our own pages only, and no
    object-src 'none' (Chrome's PDF viewer loads the file as plugin data)."""
    document = make_seller(SellerStatus.SUBMITTED).documents.get(kind="business_licence")
    client.force_login(vetting_officer)
    response = client.get(reverse("sellers:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert "object-src" not in policy and "default-src" not in policy
