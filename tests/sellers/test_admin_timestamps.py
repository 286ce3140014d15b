"""The vetting admin shows timestamps as people read them (issue 15, item 8), never the
raw value (2026-12-02 05:02:36.058395+00:00)."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from sellers.models import SellerStatus

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00")


def test_the_change_page_formats_every_timestamp(client, vetting_officer, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED)
    client.force_login(vetting_officer)
    html = client.get(reverse("admin:sellers_seller_change", args=[seller.pk])).content.decode()
    assert not RAW.search(html), RAW.search(html).group(0)
    shown = formats.localize(timezone.template_localtime(seller.approved_at))
    assert shown in html
