"""Demo sellers for seed_demo: an approved store in each of the five seller
countries, two applications waiting for review and one rejected.

Everything goes through the real services (application, documents, submit,
decision by the demo admin), so the demo rows look exactly like real ones:
events, timestamps, private documents, queued status emails. Idempotent: each
demo seller is keyed on its user's email and created only when missing; an
existing one is left as it is (someone may be trying the demo with it).
"""

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from marketplace.models import User
from marketplace.services import user_sign_up
from sellers import services
from sellers.models import DocumentKind, Seller, SellerStatus
from sellers.selectors import seller_required_documents

from .users import DEMO_PASSWORD

ADMIN_EMAIL = "admin@caravan.test"
DATA_FILE = Path(__file__).resolve().parent / "data" / "sellers.json"


@dataclass(frozen=True)
class DemoSeller:
    email: str
    full_name: str
    language: str
    currency: str
    outcome: str  # the status the demo leaves the application in
    application: dict = field(default_factory=dict)
    reason: str = ""


DEMO_SELLERS = [
    DemoSeller(**{**row, "outcome": SellerStatus(row["outcome"])})
    for row in json.loads(DATA_FILE.read_text(encoding="utf-8"))["sellers"]
]

DOCUMENT_FILES = {  # kind: (file name, format)
    DocumentKind.BUSINESS_LICENCE: ("business-licence.pdf", "PDF"),
    DocumentKind.REPRESENTATIVE_ID: ("representative-id.png", "PNG"),
    DocumentKind.TAX_CERTIFICATE: ("tax-certificate.pdf", "PDF"),
    DocumentKind.BANK_PROOF: ("bank-proof.pdf", "PDF"),
}


def seed_sellers() -> int:
    """Create the demo sellers that are missing; return how many were created.

    Needs the demo admin (seed_demo creates it first): it is the vetting
    officer of every decision. Each seller is one transaction, so a failure
    leaves no half-made seller behind and the next run tries it again."""
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    if admin is None:
        raise RuntimeError(f"The demo admin {ADMIN_EMAIL} is missing: run `manage.py seed_demo`.")
    created = 0
    for demo in DEMO_SELLERS:
        if Seller.objects.filter(user__email__iexact=demo.email).exists():
            continue
        with transaction.atomic():
            _seed_one(demo, admin)
        created += 1
    return created


def _seed_one(demo: DemoSeller, admin) -> Seller:
    user = User.objects.filter(email__iexact=demo.email).first() or user_sign_up(
        email=demo.email,
        password=DEMO_PASSWORD,
        full_name=demo.full_name,
        language=demo.language,
        currency=demo.currency,
        country=demo.application["country"],
    )
    seller = services.seller_application_save(user=user, **demo.application)
    for kind in seller_required_documents(demo.application["country"]):
        name, fmt = DOCUMENT_FILES[kind]
        content = _pdf(_document_lines(demo, kind)) if fmt == "PDF" else _png(_document_lines(demo, kind))
        services.seller_document_upload(
            seller_id=seller.pk, actor=user, kind=kind, upload=SimpleUploadedFile(name, content)
        )
    seller = services.seller_application_submit(seller_id=seller.pk, actor=user)
    if demo.outcome == SellerStatus.APPROVED:
        seller = services.seller_approve(seller_id=seller.pk, actor=admin)
    elif demo.outcome == SellerStatus.REJECTED:
        seller = services.seller_reject(seller_id=seller.pk, actor=admin, reason=demo.reason)
    return seller


# --- small generated documents ----------------------------------------------------


def _document_lines(demo: DemoSeller, kind: DocumentKind) -> list[str]:
    # The standard PDF fonts only know Latin-1: the ASCII facts are enough for a demo.
    return [
        f"{kind.label} - Caravan demo document",
        f"Country: {demo.application['country']}",
        f"Registration number: {demo.application['registration_number']}",
        "Generated demo data, not a real document.",
    ]


def _pdf(lines: list[str]) -> bytes:
    """A minimal but well-formed one-page PDF (with a correct xref table)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 14 Tf 72 770 Td " + " 0 -22 Td ".join(f"({escape(line)}) Tj" for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _png(lines: list[str]) -> bytes:
    """A small identity-card-like PNG made with Pillow."""
    image = Image.new("RGB", (640, 300), (236, 241, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 60, 140, 210), fill=(190, 200, 214))  # the photo
    for index, line in enumerate(lines):
        draw.text((160, 70 + index * 28), line, fill=(30, 40, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
