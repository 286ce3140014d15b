"""Source-feed import, the writes: accepting an upload (import_job_create) and
working through it in batches of rows (import_batch_run, one Celery task per
batch, listings.tasks.import_batch_task).

Every row is checked by the dashboard's rules (listings.services), so a bad
row leaves nothing behind and a good one is a draft listing whose
translations are queued. New drafts without images are written in sets
(listings_create_drafts, one transaction per run of such rows); a re-imported
row or one with images goes through listing_create / listing_update in its
own transaction. The job row is the cursor: `processed_rows` is the next row
to import, checked under the job's lock before each write, so a batch
delivered twice (worker restart, acks_late) imports nothing twice. Images are
fetched before the rows' transaction, never while a lock is held. The feed is
a CSV or JSON in Caravan's columns (listings.imports.parse) or a Taobao
Assistant data packet (listings.imports.packet), detected at upload.
"""

import logging
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import DomainError
from marketplace.jobs import enqueue
from marketplace.money import MissingExchangeRate, convert
from sellers.models import Seller, SellerStatus
from translation.services import translate_text

from .. import services
from ..models import Category, ImportJob, ImportJobStatus, ImportRowError, ImportRowSeverity, Listing, StockReason
from . import packet as packet_format
from . import parse
from .images import ImageProblem, check_image, fetch_image

logger = logging.getLogger(__name__)


@dataclass
class RowOutcome:
    """A row made ready outside any transaction: its problems, or its input and image files."""

    source_id: str = ""
    row: parse.FeedRow | None = None
    listing_id: int | None = None  # the listing this source_id already is (re-import)
    images: list[tuple[str, bytes]] | None = None
    problems: list[parse.RowProblem] | None = None
    warnings: list[parse.RowProblem] = field(default_factory=list)


# --- the upload ------------------------------------------------------------------------------


def _read_upload(upload, *, max_bytes: int, field: str, too_large: str) -> bytes:
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise DomainError(too_large % {"size": round(size / 1048576, 1), "limit": max_bytes // 1048576}, field=field)
    upload.seek(0)
    return upload.read()


def _check_zip(upload, *, field: str = "images", packet: bool = False) -> tuple[str, bytes] | None:
    """Size, readability and entry count of a zip (the images, or a data packet
    uploaded as the feed). For a packet, returns its CSV: (name, bytes)."""
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("The file is empty."), field=field)
    if size > settings.CARAVAN_IMPORT_MAX_ZIP_BYTES:
        raise DomainError(
            _("The images zip is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": settings.CARAVAN_IMPORT_MAX_ZIP_BYTES // 1048576},
            field=field,
        )
    upload.seek(0)
    found = None
    try:
        with zipfile.ZipFile(upload) as archive:
            count = len(archive.infolist())
            if count <= settings.CARAVAN_IMPORT_MAX_ZIP_ENTRIES and packet:
                found = packet_format.csv_from_zip(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError(_("The images file is not a zip archive we can read."), field=field) from None
    finally:
        upload.seek(0)
    if count > settings.CARAVAN_IMPORT_MAX_ZIP_ENTRIES:
        raise DomainError(
            _("The zip holds %(n)s files; at most %(max)s.")
            % {"n": count, "max": settings.CARAVAN_IMPORT_MAX_ZIP_ENTRIES},
            field=field,
        )
    return found


@transaction.atomic
def import_job_create(*, actor, seller_id: int, feed, images=None) -> ImportJob:
    """Accept a feed (and optionally a zip of its images) and queue its first batch.

    The format is detected, never asked: a .json, a .csv in Caravan's columns,
    a Taobao Assistant data packet's .csv (its first line is `version …`, in
    UTF-16, GBK or UTF-8) with its pictures zipped as `images`, or the packet
    as one .zip (the CSV and its picture folder). The whole file is read and
    checked now (type, encoding, header or JSON shape, row count, zip), so a
    file that cannot be imported is refused with a message naming the field
    (`feed` or `images`) and nothing is stored. The rows themselves are checked
    by the batches. Side effect: the first batch task, on commit."""
    seller = services.seller_may_manage_listings(Seller.objects.get(pk=seller_id), actor)
    if feed is None:
        raise DomainError(_("Choose the feed file (CSV or JSON)."), field="feed")
    fmt = parse.feed_format(feed.name)
    if fmt == "zip":
        if images is not None:
            raise DomainError(
                _("The data packet's zip already holds its pictures: upload it alone, without another zip."),
                field="images",
            )
        _name, data = _check_zip(feed, field="feed", packet=True)
        fmt, images = packet_format.FORMAT, feed
    else:
        data = _read_upload(
            feed,
            max_bytes=settings.CARAVAN_IMPORT_MAX_FEED_BYTES,
            field="feed",
            too_large=_("The feed is too large (%(size)s MB); the limit is %(limit)s MB."),
        )
        if fmt == "csv" and packet_format.looks_like_packet(data):
            fmt = packet_format.FORMAT
    parsed = parse.parse_feed(data, format=fmt)
    if images is not None and images is not feed:
        _check_zip(images)
    job = ImportJob(
        seller=seller,
        created_by=actor,
        feed_name=feed.name[:255],
        feed_format=fmt,
        total_rows=len(parsed.rows),
        images_name=images.name[:255] if images is not None else "",
    )
    token = uuid.uuid4().hex
    job.feed.save(f"{token}.{'csv' if fmt == packet_format.FORMAT else fmt}", ContentFile(data), save=False)
    if images is not None:
        images.seek(0)
        job.images.save(f"{token}.zip", images, save=False)
    job.save()
    enqueue(BATCH_TASK, job_id=job.pk, start=0)
    return job


BATCH_TASK = "listings.tasks.import_batch_task"  # by name: listings.tasks imports this module


# --- the batches --------------------------------------------------------------------------------


def import_batch_run(*, job_id: int, start: int) -> ImportJob | None:
    """Import rows [start, start + CARAVAN_IMPORT_BATCH_ROWS) of a job (each run of
    new drafts without images in one transaction, written in sets; any other row
    in its own), then queue the next batch (or finish the job). A batch
    that runs past CARAVAN_IMPORT_BATCH_SECONDS (slow image URLs) stops early
    and queues the rest, so no task meets Celery's time limit.

    Idempotent: rows are imported only from the job's next row (checked
    under the job's lock), so a batch delivered twice, or after a crash halfway,
    continues where the job stands and never imports a row twice. A store that
    is no longer approved stops the job, saying why."""
    job = ImportJob.objects.select_related("seller").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    if job.seller.status != SellerStatus.APPROVED:
        return import_job_fail(job_id=job.pk, message=_("The import stopped: your store is not approved any more."))
    end = min(start + settings.CARAVAN_IMPORT_BATCH_ROWS, job.total_rows)
    out_of_time = False
    if job.processed_rows < end:
        try:
            feed = _feed_of(job)
        except (DomainError, OSError) as exc:
            return import_job_fail(job_id=job.pk, message=getattr(exc, "message", str(exc)))
        deadline = time.monotonic() + settings.CARAVAN_IMPORT_BATCH_SECONDS
        context = _BatchContext(job, feed, end)
        try:
            first = max(start, job.processed_rows)
            run: list[tuple[int, int, RowOutcome]] = []  # prepared rows written together (no image, not re-imported)
            for index in range(first, end):
                if index > first and time.monotonic() > deadline:  # at least one row a batch: always progress
                    out_of_time = True
                    break
                outcome = context.prepare(index)
                row = (index, feed.row_number(index), outcome)
                if _in_sets(outcome):
                    run.append(row)
                    continue
                if run and not _rows_write(job_id=job.pk, rows=run, bulk=True):
                    run = []
                    break  # another delivery of this batch is ahead of us
                run = []
                if not _rows_write(job_id=job.pk, rows=[row], bulk=False):
                    break
            if run:
                _rows_write(job_id=job.pk, rows=run, bulk=True)
        finally:
            context.close()
    job.refresh_from_db()
    if not job.is_finished and (job.processed_rows >= end or out_of_time):
        # Twice is harmless: the next batch checks the cursor.
        enqueue(BATCH_TASK, job_id=job.pk, start=job.processed_rows)
    return job


@transaction.atomic
def import_jobs_resume() -> list[int]:
    """Queue the next batch of every unfinished job that has not moved for
    CARAVAN_IMPORT_STALL_SECONDS (its batch task was lost: a broker restart, a
    worker killed before Redis redelivers after the visibility timeout). A
    healthy batch writes a row far more often than that; a batch sent twice
    imports nothing twice (the job's cursor). Returns the ids of the jobs resumed."""
    from django.db.models.functions import Coalesce

    cutoff = timezone.now() - timedelta(seconds=settings.CARAVAN_IMPORT_STALL_SECONDS)
    stalled = list(
        ImportJob.objects.filter(status__in=[ImportJobStatus.QUEUED, ImportJobStatus.RUNNING])
        .annotate(last_moved=Coalesce("progressed_at", "created_at"))
        .filter(last_moved__lt=cutoff)
        .values_list("pk", "processed_rows")
    )
    for job_id, processed_rows in stalled:
        logger.warning("import job %s has not moved since before %s: queueing its next batch again", job_id, cutoff)
        enqueue(BATCH_TASK, job_id=job_id, start=processed_rows)
    return [job_id for job_id, _rows in stalled]


def import_job_fail(*, job_id: int, message: str) -> ImportJob:
    """Stop a job that cannot go on (its file is gone or unreadable), saying why. Idempotent."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if not job.is_finished:
            job.status = ImportJobStatus.FAILED
            job.error_message = message[:2000]
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error_message", "finished_at"])
    return job


# The parsed feed of the job this worker process imported last, and its duplicate
# source_ids: the next batch of the same job (usually the same process) reads
# neither the file nor every row again. Keyed by the stored file, which never changes.
_last_feed: dict[tuple[int, str], tuple[parse.Feed, dict[int, int]]] = {}


def _feed_of(job: ImportJob) -> parse.Feed:
    key = (job.pk, job.feed.name)
    if key not in _last_feed:
        _last_feed.clear()
        feed = parse.parse_feed(_read_file(job.feed), format=job.feed_format)
        _last_feed[key] = (feed, parse.duplicate_source_ids(feed, len(feed.rows)))
    return _last_feed[key][0]


def _duplicates_of(job: ImportJob, feed: parse.Feed) -> dict[int, int]:
    """{row index: the row number of the first row with its source_id} (a later row
    repeats an earlier one: the rows before it decide, so the whole file is read once)."""
    cached = _last_feed.get((job.pk, job.feed.name))
    if cached is not None and cached[0] is feed:
        return cached[1]
    return parse.duplicate_source_ids(feed, len(feed.rows))


def _read_file(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


class _BatchContext:
    """What a batch looks up once: categories, the seller's existing source ids,
    duplicates earlier in the file, the exchange rate, the zip."""

    def __init__(self, job: ImportJob, feed: parse.Feed, end: int):
        self.job, self.feed = job, feed
        self.seller = job.seller
        self.duplicates = _duplicates_of(job, feed)
        self.categories = _category_index()
        self.languages = {code for code, _name in settings.LANGUAGES}
        ids = [parse._text(r.get("source_id")) for r in feed.rows[job.processed_rows : end] if isinstance(r, dict)]
        found = Listing.objects.filter(seller=self.seller, source_id__in=[i for i in ids if i]).values_list(
            "source_id", "pk", "category_id"
        )
        self.existing = {source_id: pk for source_id, pk, _category in found}
        self.existing_category = {source_id: category for source_id, _pk, category in found}
        self.with_images = set(
            Listing.objects.filter(pk__in=self.existing.values(), images__isnull=False).values_list("pk", flat=True)
        )
        self.currency = self.seller.settlement_currency
        self._archive = None
        self._names: dict[str, zipfile.ZipInfo] | None = None
        self._stems: dict[str, zipfile.ZipInfo] = {}
        self.is_packet = feed.format == packet_format.FORMAT
        if self.is_packet:
            leaves = dict(Category.objects.filter(parent__isnull=False).values_list("slug", "pk"))
            self.cids = {cid: leaves[slug] for cid, slug in packet_format.cid_slugs().items() if slug in leaves}
            self._leaves = leaves
            self._leaf_names: dict[int, str] | None = None

    def to_seller(self, amount: Decimal) -> Decimal:
        source = settings.CARAVAN_IMPORT_SOURCE_CURRENCY
        if self.currency == source:
            return amount
        return convert(Money(amount, source), self.currency).amount

    def prepare(self, index: int) -> RowOutcome:
        raw = self.feed.rows[index]
        source_id = parse._text(raw.get("source_id"))[: parse.SOURCE_ID_MAX] if isinstance(raw, dict) else ""
        try:
            if self.is_packet:
                row = packet_format.map_row(
                    raw,
                    categories=self.cids,
                    to_seller=self.to_seller,
                    suggest=self.suggest_category,
                    current_category=self.existing_category.get(source_id),
                )
            else:
                row = parse.map_row(raw, categories=self.categories, to_seller=self.to_seller, languages=self.languages)
        except parse.RowInvalid as exc:
            return RowOutcome(source_id=source_id, problems=exc.problems)
        except MissingExchangeRate as exc:
            field_name = "price" if self.is_packet else "price_cny"
            return RowOutcome(source_id=source_id, problems=[parse.RowProblem(field_name, exc.message)])
        if index in self.duplicates:
            message = _("source_id %(id)s is already used by row %(row)s of this file.") % {
                "id": row.source_id,
                "row": self.duplicates[index],
            }
            return RowOutcome(source_id=source_id, problems=[parse.RowProblem("source_id", message)])
        listing_id = self.existing.get(row.source_id)
        files: list[tuple[str, bytes]] = []
        warnings = list(row.warnings)
        if listing_id is None or listing_id not in self.with_images:
            problems = []
            for reference in row.images:
                try:
                    files.append(self._image(reference))
                except ImageProblem as exc:
                    problems.append(parse.RowProblem("picture" if row.lenient else "images", str(exc)))
            if problems and not row.lenient:
                return RowOutcome(source_id=source_id, problems=problems)
            warnings += problems  # a packet's missing picture: the draft is made without it
        return RowOutcome(source_id=row.source_id, row=row, listing_id=listing_id, images=files, warnings=warnings)

    def suggest_category(self, title: str) -> tuple[int, str]:
        """(category id, its name) for a packet row whose Taobao category is
        unknown: from the title's English translation (the offline engines;
        translation memory makes a repeat free), else its Chinese keywords, else
        CARAVAN_IMPORT_PACKET_FALLBACK_CATEGORY."""
        english = translate_text(text=title, source=settings.CARAVAN_IMPORT_SOURCE_LANGUAGE, target="en")
        slug = packet_format.suggest_slug(english.text if english.kind != "original" else "", title)
        category_id = self._leaves.get(slug) or self._leaves.get(settings.CARAVAN_IMPORT_PACKET_FALLBACK_CATEGORY)
        if category_id is None:  # no such leaf at all: any leaf, the seller checks it anyway
            category_id = next(iter(sorted(self._leaves.values())))
        if self._leaf_names is None:
            self._leaf_names = {c.pk: c.localized_name("en") for c in Category.objects.filter(parent__isnull=False)}
        return category_id, self._leaf_names.get(category_id, "")

    def _image(self, reference) -> tuple[str, bytes]:
        if isinstance(reference, packet_format.Picture):
            return self._packet_picture(reference)
        if reference.lower().startswith(("http://", "https://")):
            data = fetch_image(reference)
            name = PurePosixPath(urlsplit(reference).path).name or "image"
        else:
            data, name = self._zip_image(reference), PurePosixPath(reference).name
        check_image(data, reference)
        return name, data

    def _packet_picture(self, picture: "packet_format.Picture") -> tuple[str, bytes]:
        """A packet's picture from its folder (`<name>.tbi`, or .jpg and friends),
        else from the URL the tool noted, else an ImageProblem."""
        info = None
        if self.job.images:
            self._open_zip()
            info = self._stems.get(picture.name.lower())
        if info is not None:
            data = self._read_entry(info, picture.name)
        elif picture.url.lower().startswith(("http://", "https://")):
            data = fetch_image(picture.url)
        elif not self.job.images:
            raise ImageProblem(
                _("Picture %(name)s: the picture folder was not uploaded (zip it with the CSV).") % {"name": picture}
            )
        else:
            raise ImageProblem(_("Picture %(name)s is not in the picture folder.") % {"name": picture})
        check_image(data, f"{picture.name}.tbi")
        return f"{picture.name}.jpg", data

    def _open_zip(self) -> None:
        if self._names is None:
            self._archive = zipfile.ZipFile(self.job.images.open("rb"))
            self._names = {}
            for info in self._archive.infolist():
                if not info.is_dir():
                    self._names.setdefault(info.filename, info)
                    self._names.setdefault(PurePosixPath(info.filename).name, info)
            if self.is_packet:
                self._stems = packet_format.picture_index(self._archive)

    def _zip_image(self, name: str) -> bytes:
        if not self.job.images:
            raise ImageProblem(_("%(name)s: no images zip was uploaded with this feed.") % {"name": name[:100]})
        self._open_zip()
        info = self._names.get(name.lstrip("/")) or self._names.get(PurePosixPath(name).name)
        if info is None:
            raise ImageProblem(_("%(name)s is not in the images zip.") % {"name": name[:100]})
        return self._read_entry(info, name)

    def _read_entry(self, info: zipfile.ZipInfo, name: str) -> bytes:
        limit = settings.CARAVAN_LISTING_IMAGE_MAX_BYTES
        if info.file_size > limit or info.flag_bits & 0x1:
            raise ImageProblem(_("%(name)s is too large or encrypted.") % {"name": name[:100]})
        try:
            with self._archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            raise ImageProblem(_("%(name)s cannot be read from the zip.") % {"name": name[:100]}) from None
        if len(data) > limit:
            raise ImageProblem(_("%(name)s is too large.") % {"name": name[:100]})
        return data

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


def _category_index() -> dict[str, int]:
    """Category keys (source paths from the mapping, and Caravan sub-category slugs) -> category id."""
    leaves = dict(Category.objects.filter(parent__isnull=False).values_list("slug", "pk"))
    index = dict(leaves)
    for path, slug in parse.source_categories().items():
        if slug in leaves:
            index[path] = leaves[slug]
    return index


def _in_sets(outcome: RowOutcome) -> bool:
    """Whether a prepared row can be written with others in one go: it is refused
    already, or it is a new draft without images (listings_create_drafts)."""
    return bool(outcome.problems) or (outcome.listing_id is None and not outcome.images)


def _rows_write(*, job_id: int, rows: list[tuple[int, int, RowOutcome]], bulk: bool) -> bool:
    """Write consecutive prepared rows (index, row number, outcome) and advance the
    job's cursor past them, in one transaction. False (and nothing written) if the
    first is not the job's next row.

    `bulk`: the new drafts are written together by listings_create_drafts (each
    row still checked on its own, its problems its own); if the database refuses
    the set (a source_id another import wrote meanwhile), they are written one by
    one. Otherwise each row goes through listing_create/update in its own savepoint."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("seller", "created_by").get(pk=job_id)
        if job.is_finished or job.processed_rows != rows[0][0]:
            return False
        fields_of = packet_format.packet_field if job.feed_format == packet_format.FORMAT else parse.feed_field
        done: dict[int, tuple[list, bool, bool]] = _rows_in_sets(job, rows, fields_of) if bulk else {}
        for position, (_index, row_number, outcome) in enumerate(rows):
            if position not in done:
                done[position] = _row_one(job, row_number, outcome, fields_of)
        reported, created, updated, failed = [], 0, 0, 0
        for position, (_index, row_number, outcome) in enumerate(rows):
            problems, was_created, was_updated = done[position]
            created, updated, failed = created + was_created, updated + was_updated, failed + bool(problems)
            reported += [(row_number, outcome, p, ImportRowSeverity.ERROR) for p in problems]
            reported += [(row_number, outcome, p, ImportRowSeverity.WARNING) for p in outcome.warnings]
        if reported:
            ImportRowError.objects.bulk_create(
                ImportRowError(job=job, row=number, source_id=outcome.source_id[:100], field=p.field[:60],
                               message=p.message[:500], severity=severity)
                for number, outcome, p, severity in reported
            )  # fmt: skip
        job.processed_rows += len(rows)
        job.created_rows += created
        job.updated_rows += updated
        job.failed_rows += failed
        job.progressed_at = timezone.now()
        fields = ["processed_rows", "created_rows", "updated_rows", "failed_rows", "progressed_at"]
        if job.status == ImportJobStatus.QUEUED:
            job.status, job.started_at = ImportJobStatus.RUNNING, timezone.now()
            fields += ["status", "started_at"]
        if job.processed_rows >= job.total_rows:
            job.status, job.finished_at = ImportJobStatus.DONE, timezone.now()
            fields += ["status", "finished_at"]
        job.save(update_fields=list(dict.fromkeys(fields)))
    return True


def _rows_in_sets(job: ImportJob, rows, fields_of) -> dict[int, tuple[list, bool, bool]]:
    """{position: (problems, created, updated)} for the rows written (or refused) as a
    set; {} for the new drafts when the database refused the set (written one by one)."""
    done = {position: (outcome.problems, False, False) for position, (_i, _n, outcome) in enumerate(rows)
            if outcome.problems}  # fmt: skip
    writable = [(position, outcome) for position, (_i, _n, outcome) in enumerate(rows) if not outcome.problems]
    if not writable:
        return done
    items = [
        (outcome.row.data, {"source_id": outcome.row.source_id, "category_check": bool(outcome.row.category_check)})
        for _position, outcome in writable
    ]
    try:
        with transaction.atomic():  # a savepoint: a refused set leaves nothing
            made = services.listings_create_drafts(
                actor=job.created_by,
                seller_id=job.seller_id,
                items=items,
                stock_reason=StockReason.IMPORT,
                stock_reference=f"import:{job.pk}",
            )
    except IntegrityError:
        return done
    except DomainError as exc:  # the store may no longer manage listings: every row says why
        made = [exc] * len(writable)
    for (position, _outcome), result in zip(writable, made, strict=True):
        if isinstance(result, DomainError):
            done[position] = ([parse.RowProblem(fields_of(result.field), result.message)], False, False)
        else:
            done[position] = ([], True, False)
    return done


def _row_one(job: ImportJob, row_number: int, outcome: RowOutcome, fields_of) -> tuple[list, bool, bool]:
    """One row through listing_create/update in a savepoint: (problems, created, updated)."""
    problems = outcome.problems or []
    created = updated = False
    if not problems:
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing
                created, updated = _row_listing(job, outcome)
        except DomainError as exc:
            problems = [parse.RowProblem(fields_of(exc.field), exc.message)]
        except IntegrityError:
            problems = [parse.RowProblem("source_id", _("Another import wrote this source_id at the same time."))]
        except Exception:  # a bug must not stop the other rows; it is logged with its traceback
            logger.exception("import job %s: row %s failed", job.pk, row_number)
            problems = [parse.RowProblem("", _("This row could not be imported because of an error on our side."))]
    return problems, created, updated


def _row_listing(job: ImportJob, outcome: RowOutcome) -> tuple[bool, bool]:
    """Create or update the row's draft listing through the dashboard's services."""
    actor, row = job.created_by, outcome.row
    listing_id = outcome.listing_id
    if listing_id is not None and not Listing.objects.filter(pk=listing_id, seller=job.seller).exists():
        listing_id = None  # deleted since the batch looked
    stock = {"stock_reason": StockReason.IMPORT, "stock_reference": f"import:{job.pk}"}
    if listing_id is None:
        listing = services.listing_create(actor=actor, seller_id=job.seller_id, data=row.data, **stock)
        Listing.objects.filter(pk=listing.pk).update(source_id=row.source_id, category_check=bool(row.category_check))
    else:
        listing = services.listing_update(actor=actor, listing_id=listing_id, data=row.data, **stock)
        if row.category_check is not None:
            Listing.objects.filter(pk=listing.pk).update(category_check=row.category_check)
    for name, data in outcome.images or []:
        services.listing_image_add(actor=actor, listing_id=listing.pk, upload=SimpleUploadedFile(name or "image", data))
    return listing_id is None, listing_id is not None


# --- reads ----------------------------------------------------------------------------------------


def import_jobs_for_seller(seller: Seller) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(seller=seller).order_by("-created_at", "-pk")
