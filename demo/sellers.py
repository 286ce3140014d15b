"""Demo sellers for seed_demo: an approved store in each of the five seller
countries, two applications waiting for review and one rejected.

Everything goes through the real services (application, documents, submit,
decision by the demo admin), so the demo rows look exactly like real ones:
events, timestamps, private documents, queued status emails. Idempotent: each
demo seller is keyed on its user's email and created only when missing; an
existing one is left as it is (someone may be trying the demo with it).
"""

import io
from dataclasses import dataclass, field

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
    DemoSeller(
        email="seller-cn@caravan.test",
        full_name="王丽 (Wang Li)",
        language="zh-hans",
        currency="CNY",
        outcome=SellerStatus.APPROVED,
        application={
            "store_name": "Hangzhou Silk Whisper Apparel",
            "country": "CN",
            "legal_entity_type": "company",
            "legal_name": "杭州丝语服饰有限公司",
            "registration_number": "91330106MA2GL3XK1L",
            "business_address": "浙江省杭州市西湖区文三路 398 号 5 楼",
            "contact_phone": "+86 571 8765 4321",
            "store_language": "zh-hans",
            "description": "杭州丝语服饰：本地设计的真丝围巾、睡衣和旗袍，小批量生产，支持混批，每周上新。",
        },
    ),
    DemoSeller(
        email="seller-ru@caravan.test",
        full_name="Анна Смирнова",
        language="ru",
        currency="RUB",
        outcome=SellerStatus.APPROVED,
        application={
            "store_name": "Уральские самоцветы",
            "country": "RU",
            "legal_entity_type": "company",
            "legal_name": "ООО «Уральские самоцветы»",
            "registration_number": "6671045120",
            "business_address": "620014, Екатеринбург, ул. Малышева, д. 36, офис 12",
            "contact_phone": "+7 343 310-25-60",
            "store_language": "ru",
            "description": "Украшения и сувениры ручной работы из уральского малахита, яшмы и чароита. "
            "Оптовые партии от 10 штук.",
        },
    ),
    DemoSeller(
        email="seller-it@caravan.test",
        full_name="Giulia Bianchi",
        language="it",
        currency="EUR",
        outcome=SellerStatus.APPROVED,
        application={
            "store_name": "Pelletteria Fiorentina",
            "country": "IT",
            "legal_entity_type": "company",
            "legal_name": "Pelletteria Fiorentina S.r.l.",
            "registration_number": "06312540484",
            "business_address": "Via dei Calzaiuoli 27, 50122 Firenze FI",
            "contact_phone": "+39 055 239 8812",
            "store_language": "it",
            "description": "Borse, portafogli e cinture in vera pelle conciata al vegetale, cuciti a mano nel "
            "nostro laboratorio di Firenze.",
        },
    ),
    DemoSeller(
        email="seller-es@caravan.test",
        full_name="Javier Martínez",
        language="es",
        currency="EUR",
        outcome=SellerStatus.APPROVED,
        application={
            "store_name": "Alpargatas del Mediterráneo",
            "country": "ES",
            "legal_entity_type": "company",
            "legal_name": "Alpargatas del Mediterráneo S.L.",
            "registration_number": "B53412763",
            "business_address": "Calle Mayor 14, 03300 Orihuela (Alicante)",
            "contact_phone": "+34 965 30 12 45",
            "store_language": "es",
            "description": "Alpargatas de yute y lona cosidas a mano en la Vega Baja, de la talla 35 a la 46, "
            "también en lotes para tiendas.",
        },
    ),
    DemoSeller(
        email="seller-tr@caravan.test",
        full_name="Ayşe Demir",
        language="tr",
        currency="TRY",
        outcome=SellerStatus.APPROVED,
        application={
            "store_name": "Kapadokya Tekstil",
            "country": "TR",
            "legal_entity_type": "company",
            "legal_name": "Kapadokya Tekstil Sanayi ve Ticaret Ltd. Şti.",
            "registration_number": "4810523674",
            "business_address": "Organize Sanayi Bölgesi 2. Cadde No: 8, 50100 Nevşehir",
            "contact_phone": "+90 384 213 45 67",
            "store_language": "tr",
            "description": "Kapadokya'da dokunan pamuklu peştemaller, kilim desenli yastık kılıfları ve el "
            "yapımı çantalar.",
        },
    ),
    DemoSeller(
        email="seller-cn-pending@caravan.test",
        full_name="陈明 (Chen Ming)",
        language="zh-hans",
        currency="CNY",
        outcome=SellerStatus.SUBMITTED,
        application={
            "store_name": "Yiwu Bright Star Toys",
            "country": "CN",
            "legal_entity_type": "company",
            "legal_name": "义乌明星玩具有限公司",
            "registration_number": "91330782MA2E8C1R7E",
            "business_address": "浙江省义乌市稠城街道工人北路 1058 号",
            "contact_phone": "+86 579 8552 1234",
            "store_language": "zh-hans",
            "description": "义乌工厂直供益智玩具、毛绒玩具和派对用品，起订量低，支持小批量混批。",
        },
    ),
    DemoSeller(
        email="seller-tr-pending@caravan.test",
        full_name="Mehmet Kaya",
        language="tr",
        currency="TRY",
        outcome=SellerStatus.SUBMITTED,
        application={
            "store_name": "Bursa İpek Evi",
            "country": "TR",
            "legal_entity_type": "company",
            "legal_name": "Bursa İpek Evi Tekstil Ltd. Şti.",
            "registration_number": "3320748190",
            "business_address": "Koza Han, Orhangazi Caddesi No: 7, 16010 Osmangazi/Bursa",
            "contact_phone": "+90 224 221 33 44",
            "store_language": "tr",
            "description": "Bursa Koza Han'dan ipek eşarplar, el dokuması ipek şallar ve ipek kozasından hediyelikler.",
        },
    ),
    DemoSeller(
        email="seller-it-rejected@caravan.test",
        full_name="Marco Rossi",
        language="it",
        currency="EUR",
        outcome=SellerStatus.REJECTED,
        reason="The Chamber of Commerce extract you uploaded names a different business than this Partita IVA, "
        "and the branded sunglasses you plan to sell are not covered by an authorisation from the brand owners.",
        application={
            "store_name": "Occhiali Lusso Outlet",
            "country": "IT",
            "legal_entity_type": "individual",
            "legal_name": "Lusso Outlet di Marco Rossi",
            "registration_number": "05983120584",
            "business_address": "Via del Corso 112, 00186 Roma RM",
            "contact_phone": "+39 06 4521 8890",
            "store_language": "it",
            "description": "Occhiali da sole firmati a prezzi da outlet.",
        },
    ),
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
