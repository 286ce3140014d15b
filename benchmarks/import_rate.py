"""Source-feed import throughput: `python benchmarks/import_rate.py ROWS` (run
by `make bench` against its database) imports ROWS generated rows of the
sample feed's shape for a demo Chinese store, batch after batch in this
process, exactly as the Celery task runs them (no images), prints rows per
second of wall time and per second of CPU time, then deletes the rows again and purges the jobs the import queued
(next batches, translations)."""

import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from settlement import backend_cpu_seconds  # noqa: E402 (benchmarks/settlement.py)

from listings.imports.services import import_batch_run, import_job_create  # noqa: E402
from listings.models import Listing  # noqa: E402
from marketplace.celery import app  # noqa: E402
from sellers.models import Seller, SellerStatus  # noqa: E402

COLUMNS = ["source_id", "title", "description", "category", "attributes", "price_cny", "weight_g", "stock"]
CATEGORIES = ["女装/连衣裙", "男装/T恤", "饰品/项链", "厨房/茶具", "运动/瑜伽垫"]


def feed(rows: int) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n in range(rows):
        writer.writerow([
            f"BENCH-{n:06d}", f"女士 夏季 碎花 雪纺 连衣裙 {n}", "<p>轻薄雪纺面料，夏季出游必备。</p>",
            CATEGORIES[n % 5], "材质:雪纺;颜色:蓝色", f"{20 + n % 80}.50", str(100 + n % 800), str(5 + n % 50),
        ])  # fmt: skip
    return SimpleUploadedFile("bench.csv", out.getvalue().encode(), content_type="text/csv")


def main(rows: int) -> None:
    seller = Seller.objects.filter(status=SellerStatus.APPROVED, country="CN").order_by("pk").first()
    Listing.objects.filter(seller=seller, source_id__startswith="BENCH-").delete()
    job = import_job_create(actor=seller.user, seller_id=seller.pk, feed=feed(rows))
    cpu = backend_cpu_seconds()
    started = time.perf_counter()
    while not job.is_finished:
        job = import_batch_run(job_id=job.pk, start=job.processed_rows)
    elapsed = time.perf_counter() - started
    cpu = backend_cpu_seconds() - cpu
    if job.created_rows != job.total_rows:
        sys.exit(f"the import failed {job.failed_rows} rows: {list(job.row_errors.values_list('message'))[:3]}")
    Listing.objects.filter(seller=seller, source_id__startswith="BENCH-").delete()
    app.control.purge()
    # Rows per second of wall time, then per second of CPU (this process and its PostgreSQL
    # backend): the second is what the wall rate would be on an idle machine, whatever the load.
    print(f"{job.total_rows / elapsed:.1f} {job.total_rows / cpu:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
