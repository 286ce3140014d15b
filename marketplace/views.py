from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.static import serve

from . import services
from .api.throttling import AUTH_SCOPE, form_throttle_wait
from .error_views import error_response
from .errors import DomainError
from .forms import PreferencesForm, ProfileForm, SignUpForm, add_domain_error
from .preferences import SESSION_COUNTRY, SESSION_CURRENCY


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers; also the benchmark's bare-Django baseline."""
    return HttpResponse("ok", content_type="text/plain")


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Public uploads under MEDIA_ROOT (store logos, listing images)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def sell(request: HttpRequest) -> HttpResponse:
    return render(request, "marketplace/sell.html")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and (wait := form_throttle_wait(request, AUTH_SCOPE)) is not None:
        return error_response(request, 429, retry_after=wait)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                language=request.LANGUAGE_CODE,
                currency=request.currency,
                country=request.ship_to,
            )
        except DomainError as exc:
            add_domain_error(form, exc, {"password": "password1"})
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Caravan! Your account is ready."))
            return redirect(_safe_next(request, request.POST.get("next")) or "home")
    return render(
        request, "registration/signup.html", {"form": form, "next": _safe_next(request, request.GET.get("next"))}
    )


def _safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` if it points into this site, else ''."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm.for_user(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            response = redirect("profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            messages.success(request, _("Your preferences are saved."))
            return response
    return render(request, "marketplace/profile.html", {"form": form})


@require_POST
def preferences_set(request: HttpRequest) -> HttpResponse:
    """Switch language, currency and ship-to country from the header.

    Kept in the session (language also in Django's language cookie) and, for a
    logged-in person, saved to the profile.
    """
    next_url = _safe_next(request, request.POST.get("next") or request.headers.get("referer")) or reverse("home")
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("That choice is not available: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return HttpResponseRedirect(next_url)
    data = form.cleaned_data
    request.session[SESSION_CURRENCY] = data["currency"]
    request.session[SESSION_COUNTRY] = data["country"]
    if request.user.is_authenticated:
        services.user_profile_update(
            user=request.user, language=data["language"], currency=data["currency"], country=data["country"]
        )
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        data["language"],
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


class SitePasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, its email linking to settings.CARAVAN_SITE_URL (read
    per request) like every other email, not to whatever host the request named."""

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.CARAVAN_SITE_URL.rstrip("/")}
        return super().form_valid(form)
