"""Pages of the returns app: ask for a return, the leader's queue, Saldo saya."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps

from community.errors import KongsiError, NotFoundError
from community.forms import form_error_text
from community.limits import id_or_none
from community.money import format_rupiah
from community.roles import is_leader
from community.selectors import member_for_user
from ledger.credit import DuplicatePost, credit_balance
from returns import selectors, services
from returns.forms import (
    CreditAdjustForm,
    ReturnApproveForm,
    ReturnRejectForm,
    ReturnRequestForm,
)
from returns.models import REASON_ICONS, ReturnRequest

THUMB_PIXELS = 240


def _own_member(request):
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    return member


def _form_error(form, error: KongsiError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _reason_options(form) -> list[dict]:
    """The reason radio buttons with their icon and whether the leader pays."""
    selected = form["reason"].value()
    return [
        {
            "value": value,
            "label": label,
            "icon": REASON_ICONS[value],
            "credited": value in ReturnRequest.LEADER_RESPONSIBILITY,
            "checked": selected == value,
        }
        for value, label in ReturnRequest.Reason.choices
    ]


@login_required
def return_create(request, order_pk: int):
    """ "Ajukan retur": pick an item of a paid order, how many, why, photos."""
    member = _own_member(request)
    try:
        order, lines = selectors.returnable_lines_for(member, order_pk)
    except NotFoundError:
        raise Http404 from None
    initial = {}
    line_pk = id_or_none(request.GET.get("line"))
    if line_pk is not None:
        initial["order_line"] = line_pk
    form = ReturnRequestForm(
        request.POST or None,
        request.FILES or None,
        lines=lines,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            return_request = services.return_request_create(
                member=member,
                actor=request.user,
                order_line_id=form.cleaned_data["order_line"],
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                photos=form.cleaned_data["photos"],
            )
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Your return is sent. The leader will check it soon."),
            )
            return redirect("returns:return_detail", pk=return_request.pk)
    return render(
        request,
        "returns/return_form.html",
        {
            "form": form,
            "order": order,
            "lines": lines,
            "returnable_lines": form.lines,
            "order_is_returnable": order.status in services.RETURNABLE_ORDER_STATUSES,
            "reasons": _reason_options(form),
        },
        status=400 if form.errors else 200,
    )


@login_required
def return_list(request):
    """The member's own returns (the leader's queue is a page of its own)."""
    member = _own_member(request)
    returns = list(selectors.return_list().filter(member=member)[:100])
    return render(
        request,
        "returns/return_list.html",
        {"returns": returns, "reason_icons": REASON_ICONS},
    )


@login_required
def return_detail(request, pk: int):
    try:
        return_request = selectors.return_get_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None
    leader = is_leader(request.user)
    return render(
        request,
        "returns/return_detail.html",
        {
            "item": return_request,
            "line": return_request.order_line,
            "reason_icon": REASON_ICONS[return_request.reason],
            "credit_preview": return_request.order_line.unit_base_price
            * return_request.quantity,
            "can_decide": leader
            and return_request.status == ReturnRequest.Status.REQUESTED,
            "approve_form": ReturnApproveForm(),
            "reject_form": ReturnRejectForm(),
        },
    )


def _leader_only(request) -> None:
    if not is_leader(request.user):
        raise PermissionDenied


@login_required
@require_POST
def return_approve(request, pk: int):
    _leader_only(request)
    try:
        return_request = selectors.return_get_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None
    form = ReturnApproveForm(request.POST)
    form.is_valid()
    try:
        decided = services.return_approve(
            return_request=return_request,
            actor=request.user,
            restock=form.cleaned_data.get("restock", False),
        )
    except KongsiError as error:
        messages.error(request, str(error.message))
        return redirect("returns:return_detail", pk=pk)
    if decided.status == ReturnRequest.Status.CREDITED:
        messages.success(
            request,
            _("Accepted. %(name)s got %(amount)s credit.")
            % {
                "name": decided.member.full_name,
                "amount": format_rupiah(decided.credit_amount),
            },
        )
    else:
        messages.success(request, _("Accepted without credit."))
    return redirect("returns:queue")


@login_required
@require_POST
def return_reject(request, pk: int):
    _leader_only(request)
    try:
        return_request = selectors.return_get_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None
    form = ReturnRejectForm(request.POST)
    if not form.is_valid():
        if form.data.get("reason", "").strip():  # given, but too long
            messages.error(request, form_error_text(form))
        else:
            messages.error(request, _("Write why the return is refused."))
        return redirect("returns:return_detail", pk=pk)
    try:
        services.return_reject(
            return_request=return_request,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except KongsiError as error:
        messages.error(request, str(error.message))
        return redirect("returns:return_detail", pk=pk)
    messages.success(request, _("The return is refused; the member sees your reason."))
    return redirect("returns:queue")


@login_required
def queue(request):
    """The leader's queue: returns waiting for a decision, oldest first."""
    _leader_only(request)
    return render(
        request,
        "returns/queue.html",
        {
            "returns": list(selectors.return_queue()),
            "recent": list(
                selectors.return_list()
                .exclude(status=ReturnRequest.Status.REQUESTED)
                .order_by("-decided_at", "-pk")[:20]
            ),
            "reason_icons": REASON_ICONS,
        },
    )


@login_required
def photo(request, pk: int):
    """Serve a private return photo to its member and to leader/treasurer."""
    try:
        return_photo = selectors.return_photo_get_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None
    if request.GET.get("size") == "thumb":
        # Lists show a small copy: a phone on village data loads kilobytes,
        # not the whole photo; the full one opens on a tap.
        response = HttpResponse(
            _thumbnail_jpeg(return_photo.image), content_type="image/jpeg"
        )
    else:
        response = FileResponse(return_photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _thumbnail_jpeg(image_field) -> bytes:
    """A JPEG of the photo at most ``THUMB_PIXELS`` wide and high."""
    with image_field.open("rb") as source, Image.open(source) as picture:
        picture = ImageOps.exif_transpose(picture).convert("RGB")
        picture.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()


@login_required
def credit(request):
    """ "Saldo saya": the member's credit balance and every entry behind it."""
    member = _own_member(request)
    return render(
        request,
        "returns/credit.html",
        {
            "balance": credit_balance(member),
            "entries": selectors.credit_entries_for(member, limit=200),
            "open_returns": selectors.open_return_count(member),
        },
    )


@login_required
def credit_adjust(request):
    """The leader corrects a member's credit, with a reason."""
    _leader_only(request)
    form = CreditAdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            services.credit_adjust(
                member=member,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                idempotency_key=form.cleaned_data["token"],
            )
        except DuplicatePost:
            messages.info(request, _("This correction was already saved."))
            return redirect("returns:credit_adjust")
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Saved. %(name)s now has %(amount)s credit.")
                % {
                    "name": member.full_name,
                    "amount": format_rupiah(credit_balance(member)),
                },
            )
            return redirect("returns:credit_adjust")
    return render(
        request,
        "returns/adjust_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
