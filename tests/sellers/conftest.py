"""Shared fixtures of the sellers tests: sellers in any state, made through
the real services, and small real PDF / JPEG / PNG files."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# Real registered numbers (valid checksums), per country.
VALID_NUMBERS = {
    "CN": ["91110000600037341L", "914403001922038216"],
    "RU": ["7707083893", "1027700132195"],
    "IT": ["00743110157", "01114601006"],
    "ES": ["B58378431", "A28017895"],
    "TR": ["4540536920", "9876543217"],
}


def generated_number(country: str, n: int) -> str:
    """The n-th made-up company number with a valid checksum (n < 10,000)."""
    from stdnum import luhn
    from stdnum.cn import uscc
    from stdnum.es import cif
    from stdnum.ru import inn
    from stdnum.tr import vkn

    if country == "CN":
        base = f"9111000060003{n:04d}"
        return base + uscc.calc_check_digit(base)
    if country == "RU":
        base = f"77070{n:04d}"
        return base + inn.calc_company_check_digit(base)
    if country == "IT":
        base = f"{n:07d}001"
        return base + luhn.calc_check_digit(base)
    if country == "ES":
        base = f"B{n:07d}"
        return base + cif.calc_check_digits(base)[0]
    base = f"1{n:08d}"
    return base + vkn.calc_check_digit(base)


PHONES = {"CN": "+86 10 6552 9988", "RU": "+7 495 123-45-67", "IT": "+39 06 6982 1234",
          "ES": "+34 912 34 56 78", "TR": "+90 212 555 12 34"}  # fmt: skip

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_upload(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def application_data(country: str = "TR", n: int = 0, **overrides) -> dict:
    data = {
        "store_name": f"Demo Store {country} {n}",
        "country": country,
        "legal_entity_type": "company",
        "legal_name": f"Demo Trading {country} {n} Ltd",
        "registration_number": generated_number(country, n),
        "business_address": "1 Market Street",
        "contact_phone": PHONES[country],
        "store_language": {"CN": "zh-hans", "RU": "ru", "IT": "it", "ES": "es", "TR": "tr"}[country],
        "description": "Hand-picked goods.",
    }
    data.update(overrides)
    return data


def email_callbacks(callbacks) -> list:
    """The on-commit callbacks that send a seller's status email."""
    name = "sellers.tasks.seller_event_notify_task"
    return [c for c in callbacks if getattr(getattr(getattr(c, "func", None), "__self__", None), "name", "") == name]
