"""The seller centre's source-feed import pages, under /seller/listings/imports/:
the upload form with the seller's past imports, a job's page (a progress bar
that htmx refreshes until the job is done, then the summary and the report
of row errors), and that progress fragment.

Behind `approved_seller_required`; a job is looked up among the seller's own
only, so another seller's is a 404. The upload goes through
listings.imports.services.import_job_create; its DomainErrors become form errors.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.errors import DomainError
from marketplace.forms import add_domain_error
from sellers.access import approved_seller_required

from ..forms import ImportUploadForm
from ..models import ImportJob, ImportRowSeverity
from . import services as import_services

PAST_IMPORTS = 20


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"seller": request.seller, "active_nav": "listings", **context}
    return render(request, template, context, status=status)


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(import_services.import_jobs_for_seller(request.seller), pk=pk)


def _limits() -> dict:
    return {
        "rows": f"{settings.CARAVAN_IMPORT_MAX_ROWS:,}",
        "feed_mb": settings.CARAVAN_IMPORT_MAX_FEED_BYTES // 1048576,
        "zip_mb": settings.CARAVAN_IMPORT_MAX_ZIP_BYTES // 1048576,
        "images": settings.CARAVAN_IMPORT_MAX_IMAGES_PER_ROW,
    }


@never_cache
@approved_seller_required
def imports(request: HttpRequest) -> HttpResponse:
    """The upload form (GET, POST) and the seller's last imports."""
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        if form.is_valid():
            try:
                job = import_services.import_job_create(
                    actor=request.user,
                    seller_id=request.seller.pk,
                    feed=form.cleaned_data["feed"],
                    images=form.cleaned_data.get("images") or None,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return redirect("seller_listings:import_detail", pk=job.pk)
        status = 400
    jobs = list(import_services.import_jobs_for_seller(request.seller).defer("error_message")[:PAST_IMPORTS])
    context = {"form": form, "jobs": jobs, "limits": _limits(), "title": _("Import a feed")}
    return _render(request, "listings/dashboard/imports.html", context, status=status)


@never_cache
@require_GET
@approved_seller_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return _render(request, "listings/dashboard/import_detail.html", _job_context(job))


@never_cache
@require_GET
@approved_seller_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, for htmx polling: while the job runs it asks
    to be fetched again; once done it carries the summary and stops."""
    job = _own_job(request, pk)
    return _render(request, "listings/dashboard/_import_progress.html", _job_context(job))


def _job_context(job: ImportJob) -> dict:
    context = {"job": job, "poll_seconds": settings.CARAVAN_IMPORT_POLL_SECONDS}
    if job.is_finished:
        limit = settings.CARAVAN_IMPORT_REPORT_ROWS
        for name, severity in (("row_errors", ImportRowSeverity.ERROR), ("row_warnings", ImportRowSeverity.WARNING)):
            rows = list(job.row_errors.filter(severity=severity).order_by("row", "pk")[: limit + 1])
            context[name] = rows[:limit]
            context["more_errors"] = context.get("more_errors") or len(rows) > limit
    return context
