"""The buyer's address book pages (/account/addresses/): list, add, edit,
delete, make default. Only the owner's addresses exist here: another's is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.errors import DomainError, NotFound
from marketplace.forms import add_domain_error

from . import services
from .forms import AddressForm
from .selectors import address_lines, addresses_for


def _book(request: HttpRequest, form: AddressForm, *, status: int = 200, editing=None) -> HttpResponse:
    addresses = [(address, address_lines(address)) for address in addresses_for(request.user)]
    context = {"addresses": addresses, "form": form, "editing": editing}
    return render(request, "buyers/addresses.html", context, status=status)


@login_required
def address_book(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _book(request, AddressForm(initial={"country": request.user.country.code or "", "full_name":
                                                    request.user.full_name}))  # fmt: skip
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.address_create(actor=request.user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The address is in your address book."))
            return redirect("buyers:addresses")
    return _book(request, form, status=400)


@login_required
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    address = get_object_or_404(addresses_for(request.user), pk=pk)
    if request.method != "POST":
        return _book(request, AddressForm(initial=AddressForm.initial_of(address)), editing=address)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.address_update(actor=request.user, address_id=address.pk, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("buyers:addresses")
    return _book(request, form, status=400, editing=address)


@login_required
@require_POST
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.address_delete(actor=request.user, address_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The address is deleted."))
    return redirect("buyers:addresses")


@login_required
@require_POST
def address_default(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.address_set_default(actor=request.user, address_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Parcels go to this address unless you choose another."))
    return redirect("buyers:addresses")
