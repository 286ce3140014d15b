"""Helpers of the source-feed import tests: feeds as CSV/JSON bytes, zips of
real images, a local image server, and running a job's batches in-process."""

import csv
import io
import json
import zipfile
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from listings.imports import services as import_services
from listings.models import ImportJob
from tests.conftest import LocalHTTPServer

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "feeds"
COLUMNS = ["source_id", "title", "description", "category", "attributes", "price_cny", "weight_g", "stock",
           "images", "variants", "lot_size", "tiers"]  # fmt: skip


def image_bytes(fmt: str = "JPEG", size=(320, 320), colour=(200, 60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def csv_feed(rows: list[dict], name: str = "feed.csv", columns=COLUMNS) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def json_feed(rows: list, name: str = "feed.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(rows, ensure_ascii=False).encode(), content_type="application/json")


def zip_upload(files: dict[str, bytes], name: str = "images.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, data in files.items():
            archive.writestr(filename, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def good_row(source_id: str = "TB-1", **overrides) -> dict:
    row = {
        "source_id": source_id,
        "title": "女士 夏季 碎花 连衣裙 雪纺 长裙",
        "description": "轻薄雪纺面料。",
        "category": "女装/连衣裙",
        "attributes": "材质:雪纺;季节:夏季",
        "price_cny": "89.00",
        "weight_g": "280",
        "stock": "120",
        "images": "",
        "variants": "",
        "lot_size": "",
        "tiers": "",
    }
    row.update(overrides)
    return row


def run_import(job: ImportJob) -> ImportJob:
    """Every batch of the job, in-process, as the chained Celery tasks would run them."""
    for _ in range(10_000):
        job.refresh_from_db()
        if job.is_finished:
            return job
        import_services.import_batch_run(job_id=job.pk, start=job.processed_rows)
    raise AssertionError("the import never finished")


class ImageServer(LocalHTTPServer):
    """Serves `files` by path (200 with the bytes); anything else is a 404."""

    def __init__(self, files: dict[str, tuple[str, bytes]]):
        self.files = files
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                content_type, body = server.files.get(self.path, ("text/html", b"<h1>Not found</h1>"))
                self.send_response(200 if self.path in server.files else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._serve(Handler)


# --- Taobao Assistant data packets (listings.imports.packet) -----------------------------------

PACKET_FIELDS = [
    ("title", "宝贝名称"), ("cid", "宝贝类目"), ("price", "宝贝价格"), ("num", "宝贝数量"), ("description", "宝贝描述"),
    ("cateProps", "宝贝属性"), ("picture", "新图片"), ("skuProps", "销售属性组合"), ("inputPids", "用户输入ID串"),
    ("inputValues", "用户输入名-值对"), ("outer_id", "商家编码"), ("propAlias", "销售属性别名"), ("num_id", "数字ID"),
    ("item_weight", "物流重量"), ("subtitle", "宝贝卖点"), ("input_custom_cpv", "自定义属性值"),
]  # fmt: skip


def packet_item(outer_id: str = "PK-1", **overrides) -> dict:
    """A packet row (English field names) for a dress in two colours and two sizes."""
    item = {
        "title": "2024夏季新款女装碎花雪纺连衣裙长裙",
        "cid": "50010850",
        "price": "89.00",
        "num": "200",
        "description": "<p>轻薄雪纺面料。</p>",
        "cateProps": "",
        "picture": f"{outer_id.lower()}main1:1:0:|;",
        "skuProps": (
            f"89.00:50:{outer_id}-RM:1627207:28326;20509:28315;95.00:30:{outer_id}-BL:1627207:28338;20509:28316;"
        ),
        "inputPids": "",
        "inputValues": "",
        "outer_id": outer_id,
        "propAlias": "",
        "num_id": "",
        "item_weight": "0.28",
        "subtitle": "",
        "input_custom_cpv": "",
    }
    item.update(overrides)
    return item


def packet_csv(items: list[dict], *, encoding: str = "utf-16le", delimiter: str = "\t") -> bytes:
    """A packet CSV as the tool (UTF-16LE with a BOM, tabs) or other tools (GBK, UTF-8) write it."""
    buffer = io.StringIO()
    buffer.write("version 1.00\r\n")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([name for name, _ in PACKET_FIELDS])
    writer.writerow([chinese for _, chinese in PACKET_FIELDS])
    for item in items:
        writer.writerow([item.get(name, "") for name, _ in PACKET_FIELDS])
    text = buffer.getvalue()
    if encoding == "utf-16le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def packet_pictures(names: list[str], ext: str = ".tbi", folder: str = "宝贝", red: int = 30) -> dict[str, bytes]:
    """Pictures in a folder, each with its own red value (red, red + 20, ...) to tell them apart."""
    return {f"{folder}/{name}{ext}": image_bytes(colour=(red + 20 * n, 90, 160)) for n, name in enumerate(names)}


def red_values(listing) -> list[int]:
    """The red value at the centre of each of a listing's photos, in gallery order."""
    values = []
    for image in listing.images.order_by("position"):
        with image.image.open("rb") as handle:
            picture = Image.open(handle).convert("RGB")
            values.append(picture.getpixel((picture.width // 2, picture.height // 2))[0])
    return values


def packet_zip(csv_bytes: bytes, pictures: dict[str, bytes], name: str = "宝贝.zip", csv_name="宝贝.csv"):
    """The packet as sellers upload it: the CSV and its picture folder in one zip."""
    return zip_upload({csv_name: csv_bytes, **pictures}, name=name)
