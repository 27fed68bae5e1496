"""Pages of the leader's packing day: label PDF, pick list, scan-to-pack."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.errors import KongsiError
from community.roles import is_leader
from orders import packing
from orders.labels import labels_pdf
from orders.packing_selectors import orders_for_labels, pick_list
from orders.selectors import order_get_for

MAX_BATCH = 500  # orders in one label PDF or pick list


def _require_leader(request) -> None:
    if not is_leader(request.user):
        raise PermissionDenied


def order_ids(values) -> list[int]:
    """The order ids among posted values, first MAX_BATCH; junk is ignored."""
    ids = []
    for value in values:
        if value.isdecimal() and len(value) <= 18 and str(int(value)) == value:
            ids.append(int(value))
    return list(dict.fromkeys(ids))[:MAX_BATCH]


def report_outcomes(request, outcomes, done_text: str) -> None:
    """One success line for what was done, one error line per refused order."""
    done = sum(1 for outcome in outcomes if outcome.done)
    if done:
        messages.success(request, done_text % {"count": done})
    for outcome in outcomes:
        if not outcome.done:
            messages.error(request, f"{outcome.number}: {outcome.message}")


@login_required
@require_POST
def fulfilment_labels(request):
    """One A6 PDF with the labels of the ticked orders (a download)."""
    _require_leader(request)
    orders = orders_for_labels(order_ids(request.POST.getlist("order")))
    if not orders:
        messages.error(request, _("Tick at least one order."))
        return redirect("orders:fulfilment")
    batch = labels_pdf(orders)
    packing.orders_labels_printed(
        orders=orders, sources=batch.sources, actor=request.user
    )
    for note in batch.notes:
        messages.warning(request, note)
    stamp = timezone.localtime()
    response = HttpResponse(batch.pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="label-{stamp:%Y%m%d-%H%M}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def fulfilment_pick_list(request):
    """What to take from the shelves for the ticked orders, in shelf order."""
    _require_leader(request)
    ids = order_ids(request.GET.getlist("order"))
    return render(
        request,
        "orders/pick_list.html",
        {
            "rows": pick_list(ids),
            "order_count": len(orders_for_labels(ids)),
            "printed_at": timezone.now(),
        },
    )


@login_required
def scan_to_pack(request):
    """The leader's phone: scan (or type) a resi or order number, then pack."""
    _require_leader(request)
    result = None
    code = ""
    if request.method == "POST":
        code = request.POST.get("code", "")[:200]
        if code.strip():
            result = packing.scan_lookup(code=code, actor=request.user)
        else:
            messages.error(request, _("Scan or type a resi or order number."))
    order = None
    if result is not None and result.order is not None:
        order = order_get_for(request.user, result.order.pk)
    return render(
        request,
        "orders/scan_to_pack.html",
        {
            "result": result,
            "order": order,
            "lines": list(order.lines.all()) if order else [],
            "code": code,
        },
    )


@login_required
@require_POST
def scan_pack(request):
    """Mark the scanned order packed and go back to scanning the next one."""
    _require_leader(request)
    raw = request.POST.get("order", "")
    if not (raw.isdecimal() and len(raw) <= 18):
        raise Http404
    try:
        order = order_get_for(request.user, int(raw))
    except KongsiError:
        raise Http404 from None
    code = request.POST.get("code", "")[:200]
    try:
        packing.order_pack_scanned(order=order, code=code, actor=request.user)
    except KongsiError as error:
        messages.error(request, f"{order.marketplace_order_no}: {error.message}")
    else:
        messages.success(
            request,
            _("Packed: %(number)s (%(shop)s). Scan the next one.")
            % {"number": order.marketplace_order_no, "shop": order.shop.name},
        )
    return redirect("orders:scan_to_pack")


def _ship_by_from(text: str):
    """Parse the phone's datetime-local value ("2026-12-05T14:00"); "" → None."""
    from datetime import datetime

    text = (text or "").strip()[:32]
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or not packing.ship_by_within_reach(value):
        raise KongsiError(
            _("Write the ship-by time as a date and an hour."), field="ship_by"
        ) from None
    return value


@login_required
@require_POST
def order_tracking(request, pk: int):
    """Write the resi and/or the ship-by time before shipping."""
    try:
        order = order_get_for(request.user, pk)
    except KongsiError:
        raise Http404 from None
    try:
        if "ship_by" in request.POST:
            order = packing.order_set_ship_by(
                order=order,
                ship_by=_ship_by_from(request.POST.get("ship_by", "")),
                actor=request.user,
            )
        if request.POST.get("tracking_no", "").strip() or "ship_by" not in request.POST:
            order = packing.order_set_tracking_no(
                order=order,
                tracking_no=request.POST.get("tracking_no", "")[:200],
                actor=request.user,
            )
    except KongsiError as error:
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Saved."))
        warning = packing.courier_mismatch(order)
        if warning:
            messages.warning(request, warning)
    if request.POST.get("next") == "queue" and is_leader(request.user):
        return redirect("orders:fulfilment")
    return redirect("orders:order_detail", pk=pk)
