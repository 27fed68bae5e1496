"""Pages of the orders app: Catat pesanan, list, detail, leader's fulfilment."""

import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.errors import KongsiError, NotFoundError
from community.forms import form_error_text
from community.money import format_rupiah, payment_sum_of
from community.roles import Role, has_role, is_leader
from community.selectors import member_for_user
from ledger.policy import policy_in_force
from orders import packing, services
from orders.couriers import any_courier_tracking_url
from orders.forms import (
    CancelForm,
    OrderForm,
    OrderLineFormSet,
    ShipForm,
    variant_choices,
)
from orders.models import Order
from orders.packing_selectors import (
    decorate_for_packing,
    label_inbox,
    ship_by_figures,
)
from orders.packing_views import report_outcomes
from orders.recipient import parse_recipient_block
from orders.selectors import (
    MEMBER_STATUS_COUNTS,
    fulfilment_queue,
    order_get_for,
    order_line_texts,
    order_rows_for,
    order_status_counts,
    orders_for_ids,
)


def _visible_order(request, pk) -> Order:
    try:
        return order_get_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None


def _own_member(request):
    member = member_for_user(request.user)
    if member is None or not has_role(request.user, Role.MEMBER, Role.MENTOR):
        raise Http404
    return member


def _require_leader(request) -> None:
    if not is_leader(request.user):
        raise PermissionDenied


def _form_error(form, error: KongsiError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def order_list(request):
    status = request.GET.get("status") or ""
    if status not in Order.Status.values:
        status = ""
    counts = order_status_counts(request.user)
    total = sum(counts.values())
    # The status counts already tell how many rows there are: no COUNT query.
    paginator = Paginator(order_rows_for(request.user, status=status or None), 20)
    paginator.count = counts.get(status, 0) if status else total
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    line_texts = order_line_texts(page.object_list)
    for order in page.object_list:
        order.lines_text = line_texts.get(order.pk, "")
    query = request.GET.copy()
    query.pop("page", None)
    filters = [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "active": value == status,
        }
        for value, label in Order.Status.choices
    ]
    return render(
        request,
        "orders/order_list.html",
        {
            "orders": page,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "status": status,
            "total": total,
            # One reverse() for the page, not one per row.
            "detail_prefix": reverse("orders:order_detail", args=[0]).removesuffix(
                "0/"
            ),
            "can_log": member_for_user(request.user) is not None
            and has_role(request.user, Role.MEMBER, Role.MENTOR),
        },
    )


def _silence(form_or_formset) -> None:
    """Clean a bound form (or formset) but keep its errors from showing."""
    if hasattr(form_or_formset, "forms"):
        form_or_formset.full_clean()
        form_or_formset._errors = [ErrorDict() for _form in form_or_formset.forms]
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in form_or_formset.forms:
            _silence(form)
        return
    form_or_formset.full_clean()
    form_or_formset._errors = ErrorDict()


def _line_rows_with_extra(data, prefix: str = "lines"):
    """Return a copy of POST data with one more empty line row."""
    data = data.copy()
    raw = (data.get(f"{prefix}-TOTAL_FORMS") or "").strip()
    # A tampered count is read as none; the formset's own limits still apply.
    limit = OrderLineFormSet.absolute_max
    total = min(int(raw), limit) if raw.isdecimal() and len(raw) < 6 else 0
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-quantity"] = "1"
    return data


@login_required
def order_create(request):
    """Catat pesanan: one phone screen to log a marketplace order."""
    response = _order_form_page(request, member=_own_member(request))
    if request.method == "POST" and response.status_code == 302:
        # A label shared from the marketplace app waits for this new order.
        from orders import share

        if request.POST.get("shared_label") and not request.FILES.get("label"):
            order_pk = resolve(response.url).kwargs.get("pk")
            if order_pk is not None:
                share.attach_pending(request, order_get_for(request.user, order_pk))
    return response


@login_required
def order_edit(request, pk: int):
    """Change a saved draft, then save it again or send it to the leader."""
    member = _own_member(request)
    order = _visible_order(request, pk)
    if order.member_id != member.pk:
        raise Http404
    if order.status != Order.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("orders:order_detail", pk=order.pk)
    return _order_form_page(request, member=member, draft=order)


def _draft_initial(order: Order) -> tuple[dict, list[dict]]:
    form_initial = {
        "shop": order.shop_id,
        "marketplace_order_no": order.marketplace_order_no,
        "recipient_name": order.recipient_name,
        "recipient_phone": order.recipient_phone,
        "recipient_address": order.recipient_address,
        "courier": order.courier,
        "shipping_fee": order.shipping_fee,
        "marketplace_fee": order.marketplace_fee,
    }
    lines = [
        {
            "variant": str(line.variant_id),
            "quantity": line.quantity,
            "sale_price": line.sale_price,
        }
        for line in order.lines.all()
    ] or [{"quantity": 1}]
    return form_initial, lines


def _order_form_page(request, *, member, draft: Order | None = None):
    choices, variants = variant_choices()
    policy = policy_in_force()
    preview = None
    preview_error = None
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "submit")
        if action == "add_line":
            data = _line_rows_with_extra(data)
        if action == "parse":
            parsed = parse_recipient_block(data.get("recipient_block", ""))
            data = data.copy()
            data["recipient_name"] = parsed.name or data.get("recipient_name", "")
            data["recipient_phone"] = parsed.phone or data.get("recipient_phone", "")
            data["recipient_address"] = parsed.address or data.get(
                "recipient_address", ""
            )
        form = OrderForm(data, request.FILES, member=member)
        formset = OrderLineFormSet(
            data,
            prefix="lines",
            form_kwargs={"choices": choices, "variants": variants},
        )
        validating = action in ("submit", "draft")
        if not validating:
            # Splitting the address, adding a row or counting the money is
            # not saving: show no "required" errors yet.
            _silence(form)
            _silence(formset)
        elif form.is_valid() & formset.is_valid():
            lines = [line for f in formset.forms if (line := f.as_line())]
            cleaned = form.cleaned_data
            try:
                if draft is not None:
                    order = services.order_update_draft(
                        order=draft,
                        shop=cleaned["shop"],
                        marketplace_order_no=cleaned["marketplace_order_no"],
                        recipient_name=cleaned["recipient_name"],
                        recipient_phone=cleaned["recipient_phone"],
                        recipient_address=cleaned["recipient_address"],
                        courier=cleaned["courier"],
                        shipping_fee=cleaned.get("shipping_fee") or 0,
                        marketplace_fee=cleaned.get("marketplace_fee") or 0,
                        label=cleaned.get("label") or None,
                        lines=lines,
                        submit=action == "submit",
                        actor=request.user,
                    )
                else:
                    order = services.order_create(
                        member=member,
                        shop=cleaned["shop"],
                        marketplace_order_no=cleaned["marketplace_order_no"],
                        recipient_name=cleaned["recipient_name"],
                        recipient_phone=cleaned["recipient_phone"],
                        recipient_address=cleaned["recipient_address"],
                        courier=cleaned["courier"],
                        shipping_fee=cleaned.get("shipping_fee") or 0,
                        marketplace_fee=cleaned.get("marketplace_fee") or 0,
                        label=cleaned.get("label") or None,
                        lines=lines,
                        draft=action == "draft",
                        actor=request.user,
                    )
            except KongsiError as error:
                _form_error(form, error)
            else:
                if order.status == Order.Status.DRAFT:
                    messages.success(request, _("Saved as a draft."))
                else:
                    messages.success(
                        request,
                        _(
                            "Order logged. Pay %(amount)s in your next "
                            "payment (setoran)."
                        )
                        % {"amount": payment_sum_of(order).total_text},
                    )
                return redirect("orders:order_detail", pk=order.pk)
    else:
        form_initial, line_initial = (
            _draft_initial(draft) if draft is not None else (None, [{"quantity": 1}])
        )
        form = OrderForm(member=member, initial=form_initial)
        formset = OrderLineFormSet(
            prefix="lines",
            initial=line_initial,
            form_kwargs={"choices": choices, "variants": variants},
        )
    if formset.is_bound and formset.is_valid():
        lines = [line for f in formset.forms if (line := f.as_line())]
        if lines:
            try:
                preview, _rows = services.order_money_preview(
                    lines=lines,
                    shipping_fee=form.data.get("shipping_fee") or 0,
                    marketplace_fee=form.data.get("marketplace_fee") or 0,
                )
            except KongsiError as error:
                preview_error = str(error.message)
    return render(
        request,
        "orders/order_form.html",
        {
            "form": form,
            "formset": formset,
            "preview": preview,
            "preview_error": preview_error,
            "policy": policy,
            "rate_basis_points": int(policy.rate_percent * 100),
            "rate_display": f"{policy.rate_percent:f}".rstrip("0")
            .rstrip(".")
            .replace(".", ","),
            "has_shops": member.shops.exists(),
            "draft": draft,
        },
    )


@login_required
@require_POST
def recipient_parse(request):
    """Split a pasted recipient block (used by the page script while typing)."""
    _own_member(request)
    text = request.POST.get("text", "")[:2000]
    return JsonResponse(parse_recipient_block(text).as_dict())


def _whatsapp_text(order: Order) -> str:
    lines = [
        _("Order %(number)s (%(shop)s)")
        % {"number": order.marketplace_order_no, "shop": order.shop.name},
        _("Status: %(status)s") % {"status": order.get_status_display()},
    ]
    for line in order.lines.all():
        lines.append(
            f"- {line.variant.display_name} × {line.quantity} "
            f"@ {format_rupiah(line.sale_price)}"
        )
    lines.append(_("To: %(name)s") % {"name": order.recipient_name})
    if order.tracking_no:
        lines.append(
            _("Resi %(courier)s: %(resi)s")
            % {"courier": order.get_courier_display(), "resi": order.tracking_no}
        )
        if order.tracking_url:
            lines.append(_("Track: %(url)s") % {"url": order.tracking_url})
    return "\n".join(lines)


def _timeline(order: Order) -> list[dict]:
    rows = []
    for event in order.events.all():
        params = event.params or {}
        details = []
        if params.get("tracking_no"):
            details.append(_("Resi: %(resi)s") % {"resi": params["tracking_no"]})
        if params.get("reason"):
            details.append(params["reason"])
        if params.get("label_printed"):
            details.append(_("Label printed"))
        if params.get("scanned"):
            details.append(_("Scanned: %(code)s") % {"code": params["scanned"]})
        if params.get("settlement"):
            details.append(
                _("Payment (setoran) #%(id)s") % {"id": params["settlement"]}
            )
        if event.from_status == "":
            title = _("Logged")
        else:
            title = Order.Status(event.to_status).label
        rows.append(
            {
                "title": title,
                "tone": Order(status=event.to_status).status_tone,
                "at": event.created_at,
                "actor": event.actor.username if event.actor else _("system"),
                "details": details,
            }
        )
    return rows


@login_required
def order_detail(request, pk: int):
    order = _visible_order(request, pk)
    user = request.user
    actions = {
        name: services.may_act(order, user, name)
        for name in ("submit", "cancel", "pack", "ship", "complete")
    }
    in_settlement = None
    if order.status == Order.Status.SUBMITTED:
        # The open setoran that holds it, if any: the member pays it there.
        in_settlement = (
            order.settlement_links.filter(is_active=True)
            .values_list("settlement_id", flat=True)
            .first()
        )
        if actions["cancel"]:
            actions["cancel"] = in_settlement is None
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "timeline": _timeline(order),
            "actions": actions,
            "ship_form": ShipForm(
                initial={"courier": order.courier, "tracking_no": order.tracking_no}
            ),
            "may_set_resi": order.status
            in (Order.Status.SUBMITTED, Order.Status.PAID, Order.Status.PACKED)
            and (is_leader(user) or order.member.user_id == user.pk),
            "cancel_form": CancelForm(),
            "whatsapp_url": "https://wa.me/?text=" + quote(_whatsapp_text(order)),
            "any_courier_url": any_courier_tracking_url(order.tracking_no),
            "is_leader": is_leader(user),
            "is_owner": order.member.user_id == user.pk,
            "money": payment_sum_of(order),
            "pay_for": f"order:{order.pk}",
            "in_settlement": in_settlement,
        },
    )


def _run_action(request, pk: int, run) -> Order | None:
    order = _visible_order(request, pk)
    try:
        run(order)
    except KongsiError as error:
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, str(error.message))
    return order


def _back(request, order: Order):
    target = request.POST.get("next", "")
    if target == "queue" and is_leader(request.user):
        return redirect("orders:fulfilment")
    return redirect("orders:order_detail", pk=order.pk)


@login_required
@require_POST
def order_submit_view(request, pk: int):
    def run(order):
        services.order_submit(order=order, actor=request.user)
        messages.success(request, _("Order sent. The stock is kept for you."))

    return _back(request, _run_action(request, pk, run))


@login_required
@require_POST
def order_cancel_view(request, pk: int):
    form = CancelForm(request.POST)

    def run(order):
        services.check_may_cancel(order, request.user)  # the role before the body
        if not form.is_valid():  # e.g. a reason too long: cancel nothing
            raise KongsiError(form_error_text(form), field="reason")
        services.order_cancel(
            order=order, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Order cancelled."))

    return _back(request, _run_action(request, pk, run))


@login_required
@require_POST
def order_pack_view(request, pk: int):
    def run(order):
        services.order_pack(order=order, actor=request.user)
        messages.success(request, _("Marked as packed."))

    return _back(request, _run_action(request, pk, run))


@login_required
@require_POST
def order_ship_view(request, pk: int):
    form = ShipForm(request.POST)

    def run(order):
        _require_leader(request)  # the role before the body
        if not form.is_valid() and form.data.get("tracking_no", "").strip():
            # Too long: say so (an empty resi gets the service's message).
            raise KongsiError(form_error_text(form), field="tracking_no")
        shipped = services.order_ship(
            order=order,
            actor=request.user,
            tracking_no=request.POST.get("tracking_no", ""),
            courier=(form.data.get("courier") or None),
        )
        messages.success(request, _("Marked as shipped."))
        if warning := packing.courier_mismatch(shipped):
            messages.warning(request, warning)

    return _back(request, _run_action(request, pk, run))


@login_required
@require_POST
def order_complete_view(request, pk: int):
    def run(order):
        services.order_complete(order=order, actor=request.user)
        messages.success(request, _("Order completed. Thank you!"))

    return _back(request, _run_action(request, pk, run))


@login_required
def order_label(request, pk: int):
    """Serve the private shipping label to the owner and staff only."""
    order = _visible_order(request, pk)
    if not order.label:
        raise Http404
    content_type = mimetypes.guess_type(order.label.name)[0] or "application/pdf"
    response = FileResponse(order.label.open("rb"), content_type=content_type)
    extension = order.label.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f'inline; filename="label-{order.marketplace_order_no}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def packing_slip(request, pk: int):
    """Printable slip: the member's shop as sender, the buyer, items, label."""
    _require_leader(request)
    order = _visible_order(request, pk)
    label_is_image = bool(order.label) and order.label.name.rsplit(".", 1)[
        -1
    ].lower() in {"jpg", "jpeg", "png", "webp"}
    return render(
        request,
        "orders/packing_slip.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "label_is_image": label_is_image,
        },
    )


@login_required
def fulfilment(request):
    """The leader's queue: paid orders to pack, packed to ship, shipped."""
    _require_leader(request)
    groups = fulfilment_queue()
    decorate_for_packing(groups["packed"])
    return render(
        request,
        "orders/fulfilment.html",
        {"groups": groups, "inbox": label_inbox(), "figures": ship_by_figures()},
    )


def _ids(values) -> list[int]:
    """The order ids among posted values; anything else is ignored, not a 500."""
    return [
        int(v) for v in values if v.isdecimal() and len(v) <= 18 and str(int(v)) == v
    ]


@login_required
@require_POST
def fulfilment_bulk(request):
    """Pack the ticked orders, or ship every packed order that got a resi."""
    _require_leader(request)
    action = request.POST.get("action")
    try:
        if action == "pack":
            orders = orders_for_ids(request.user, _ids(request.POST.getlist("order")))
            outcomes = packing.orders_pack_batch(
                order_ids=[order.pk for order in orders], actor=request.user
            )
            report_outcomes(request, outcomes, _("%(count)s orders marked packed."))
        elif action == "ship":
            wanted = {}
            for key, value in request.POST.items():
                if key.startswith("resi-") and value.strip():
                    wanted[key.removeprefix("resi-")] = value
            orders = orders_for_ids(request.user, _ids(wanted.keys()))
            outcomes = packing.orders_ship_batch(
                shipments={order.pk: wanted[str(order.pk)] for order in orders},
                actor=request.user,
            )
            report_outcomes(request, outcomes, _("%(count)s orders marked shipped."))
            shipped = [outcome.order_id for outcome in outcomes if outcome.done]
            for order in Order.objects.filter(pk__in=shipped).order_by("pk"):
                if warning := packing.courier_mismatch(order):
                    messages.warning(request, warning)
        else:
            raise KongsiError(_("Choose what to do."))
    except KongsiError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("orders:fulfilment"))


def home_panel_context(request, member) -> dict | None:
    """Beranda panel: the member's orders by status and a button to log one."""
    if not has_role(request.user, Role.MEMBER, Role.MENTOR):
        return None
    mine = {
        row["status"]: row["count"]
        for row in MEMBER_STATUS_COUNTS.rows(member_id=member.pk)
    }
    return {
        "waiting_payment": mine.get(Order.Status.SUBMITTED, 0),
        "on_the_way": mine.get(Order.Status.PACKED, 0)
        + mine.get(Order.Status.PAID, 0)
        + mine.get(Order.Status.SHIPPED, 0),
        "drafts": mine.get(Order.Status.DRAFT, 0),
    }
