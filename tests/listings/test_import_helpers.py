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
