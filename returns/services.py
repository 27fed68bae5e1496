"""Every write of the returns app: ask for a return, decide it, adjust credit.

Locks follow the project's lock plan (``community.lock_plan``): order line →
the return requests on that line (by pk) → the member's credit balance row
(inside ``credit_post``) → the variant (inside the catalog's
``stock_return_restock``). Every decision writes a ``ReturnEvent``.
"""

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.services import stock_return_restock
from community.errors import (
    ConflictError,
    KongsiError,
    NotFoundError,
    PermissionDeniedError,
)
from community.roles import is_leader
from community.uploads import image_content_file, reencode_image, validate_image_upload
from ledger.credit import credit_post
from ledger.models import CreditEntry
from orders.models import Order, OrderLine
from returns.models import ReturnEvent, ReturnPhoto, ReturnRequest

# Goods the leader has been paid for can come back; before payment the member
# simply cancels the order.
RETURNABLE_ORDER_STATUSES = Order.PAID_OR_LATER
MAX_PHOTOS = 5
PHOTO_MAX_SIDE = 1600


def returned_quantity(order_line_id: int, *, exclude_pk: int | None = None) -> int:
    """Return how many items of the line are already asked back (not refused)."""
    queryset = ReturnRequest.objects.filter(order_line_id=order_line_id).exclude(
        status=ReturnRequest.Status.REJECTED
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("quantity"))["total"] or 0


def _lock_line(order_line_id) -> OrderLine:
    try:
        order_line_id = int(order_line_id)
    except (TypeError, ValueError):
        raise KongsiError(_("Choose the item to return."), field="order_line") from None
    line = (
        OrderLine.objects.select_for_update(of=("self",))
        .select_related("order", "variant__product")
        .filter(pk=order_line_id)
        .first()
    )
    if line is None:
        raise NotFoundError(_("This order item was not found."))
    return line


def _lock_returns_of_line(order_line_id: int) -> list[ReturnRequest]:
    return list(
        ReturnRequest.objects.select_for_update()
        .filter(order_line_id=order_line_id)
        .order_by("pk")
    )


def _check_photos(photos: Sequence) -> list[tuple[bytes, str]]:
    """Validate and re-encode every photo before anything is written."""
    if len(photos) > MAX_PHOTOS:
        raise KongsiError(
            _("At most %(count)s photos.") % {"count": MAX_PHOTOS}, field="photos"
        )
    prepared = []
    for photo in photos:
        validate_image_upload(photo, field="photos")
        photo.seek(0)
        prepared.append(reencode_image(photo.read(), max_side=PHOTO_MAX_SIDE))
    return prepared


def return_request_create(
    *,
    member,
    actor,
    order_line_id: int,
    quantity,
    reason: str,
    note: str = "",
    photos: Sequence = (),
) -> ReturnRequest:
    """Ask to return ``quantity`` items of one of the member's own paid lines.

    Another member's line is "not found" (404); a line not paid yet, a
    cancelled one, or more than bought minus earlier returns is refused (400)
    with nothing written.
    """
    if reason not in ReturnRequest.Reason.values:
        raise KongsiError(_("Choose the reason for the return."), field="reason")
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise KongsiError(_("Enter how many items."), field="quantity") from None
    if quantity < 1:
        raise KongsiError(_("Return at least one item."), field="quantity")
    note = (note or "").strip()
    if len(note) > 1000:
        raise KongsiError(_("The note is too long."), field="note")
    prepared_photos = _check_photos(list(photos))

    with transaction.atomic():
        line = _lock_line(order_line_id)
        if line.order.member_id != member.pk:
            raise NotFoundError(_("This order item was not found."))
        if line.order.status not in RETURNABLE_ORDER_STATUSES:
            if line.order.status == Order.Status.CANCELLED:
                message = _("This order was cancelled: there is nothing to return.")
            else:
                message = _(
                    "This order is not paid yet. Returns are possible only after "
                    "the settlement is confirmed; before that you can cancel it."
                )
            raise KongsiError(message, field="order_line")
        earlier = sum(
            request.quantity
            for request in _lock_returns_of_line(line.pk)
            if request.status != ReturnRequest.Status.REJECTED
        )
        left = line.quantity - earlier
        if quantity > left:
            if left <= 0:
                message = _("All %(bought)s items of this line were already returned.")
            else:
                message = _(
                    "You can return at most %(left)s item(s): you bought %(bought)s "
                    "and %(earlier)s are already asked back."
                )
            raise KongsiError(
                message % {"left": left, "bought": line.quantity, "earlier": earlier},
                field="quantity",
            )
        request = ReturnRequest.objects.create(
            member=member,
            order_line=line,
            quantity=quantity,
            reason=reason,
            note=note,
        )
        for index, (data, extension) in enumerate(prepared_photos):
            photo = ReturnPhoto(return_request=request)
            photo.image.save(
                f"return-{request.pk}-{index}.{extension}",
                image_content_file(data, f"photo.{extension}"),
                save=False,
            )
            photo.save()
        _event(request, actor=actor, from_status="")
    return request


def _event(request: ReturnRequest, *, actor, from_status: str, **params) -> None:
    ReturnEvent.objects.create(
        return_request=request,
        actor=getattr(actor, "user", actor),
        from_status=from_status,
        to_status=request.status,
        params=params,
    )


def _require_leader(actor) -> None:
    if not is_leader(actor):
        raise PermissionDeniedError(_("Only the leader decides returns."))


def _lock_request(request_pk: int) -> tuple[OrderLine, ReturnRequest]:
    """Lock the return's order line, then the return itself (the fixed order)."""
    line_id = (
        ReturnRequest.objects.filter(pk=request_pk)
        .values_list("order_line_id", flat=True)
        .first()
    )
    if line_id is None:
        raise NotFoundError(_("This return was not found."))
    line = _lock_line(line_id)
    request = (
        ReturnRequest.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=request_pk)
    )
    return line, request


def _refuse_unless_requested(request: ReturnRequest) -> None:
    if request.status != ReturnRequest.Status.REQUESTED:
        raise ConflictError(
            _("This return was already decided: %(status)s.")
            % {"status": request.get_status_display()}
        )


def return_approve(
    *, return_request: ReturnRequest, actor, restock: bool = False
) -> ReturnRequest:
    """Accept a return; credit the member when the leader is responsible.

    A leader-responsibility reason (defective, wrong item, damaged in transit)
    credits ``unit_base_price × quantity`` once and ends ``credited``; other
    reasons end ``approved`` without credit. ``restock`` puts the items back.
    """
    _require_leader(actor)
    with transaction.atomic():
        line, request = _lock_request(return_request.pk)
        _refuse_unless_requested(request)
        request.decided_by = actor
        request.decided_at = timezone.now()
        fields = ["status", "decided_by", "decided_at", "restocked"]
        if request.is_leader_responsibility:
            amount = line.unit_base_price * request.quantity
            entry = credit_post(
                member=request.member,
                amount=amount,
                kind=CreditEntry.Kind.RETURN_CREDIT,
                reference=request.reference,
                idempotency_key=request.credit_key,
                actor=actor,
                memo=_("Return of %(quantity)s × %(item)s")
                % {"quantity": request.quantity, "item": line.variant.display_name},
            )
            request.status = ReturnRequest.Status.CREDITED
            request.credit_amount = amount
            request.credit_entry = entry
            fields += ["credit_amount", "credit_entry"]
        else:
            request.status = ReturnRequest.Status.APPROVED
        if restock:
            stock_return_restock(
                variant=line.variant,
                quantity=request.quantity,
                actor=actor,
                reference=request.reference,
            )
        request.restocked = bool(restock)
        request.save(update_fields=fields)
        _event(
            request,
            actor=actor,
            from_status=ReturnRequest.Status.REQUESTED,
            credit=request.credit_amount,
            restocked=request.restocked,
        )
    return request


def return_reject(
    *, return_request: ReturnRequest, actor, reason: str
) -> ReturnRequest:
    """Refuse a return; the leader must say why (the member reads it)."""
    _require_leader(actor)
    reason = (reason or "").strip()
    if not reason:
        raise KongsiError(_("Write why the return is refused."), field="reason")
    if len(reason) > 255:
        raise KongsiError(_("The reason is too long."), field="reason")
    with transaction.atomic():
        _line, request = _lock_request(return_request.pk)
        _refuse_unless_requested(request)
        request.status = ReturnRequest.Status.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_reason = reason
        request.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason"]
        )
        _event(
            request,
            actor=actor,
            from_status=ReturnRequest.Status.REQUESTED,
            reason=reason,
        )
    return request


def credit_adjust(
    *,
    member,
    amount,
    reason: str,
    actor,
    idempotency_key: str | None = None,
) -> CreditEntry:
    """Post a leader's correction to a member's credit (plus or minus).

    ``idempotency_key`` lets a page refuse a form sent twice; without it every
    call is a new adjustment.
    """
    _require_leader_for_adjustment(actor)
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        raise KongsiError(_("Enter a whole rupiah amount."), field="amount") from None
    if amount == 0:
        raise KongsiError(_("The amount must not be zero."), field="amount")
    reason = (reason or "").strip()
    if not reason:
        raise KongsiError(_("Write the reason for the correction."), field="reason")
    key = idempotency_key or uuid.uuid4().hex
    return credit_post(
        member=member,
        amount=amount,
        kind=CreditEntry.Kind.ADJUSTMENT,
        reference=f"adjustment:{key[:40]}",
        idempotency_key=f"adjustment:{key}",
        actor=actor,
        memo=reason,
    )


def _require_leader_for_adjustment(actor) -> None:
    if not is_leader(actor):
        raise PermissionDeniedError(_("Only the leader corrects credit."))
