"""Share target: a marketplace label (PDF or screenshot) shared from the
marketplace app or WhatsApp into the installed Kongsi app.

Android posts the file to ``/pesanan/bagikan/`` (the manifest's
``share_target``). It is kept in private storage for this member (one at a
time, its path in the session) until the member chooses the order it belongs
to: an existing one (``order_attach_label``) or a new one (the new-order form
then attaches it when the order is logged).

The receiving POST comes from the phone's share sheet, which cannot carry a
CSRF token, so it is CSRF-exempt; it only keeps a file for the signed-in
member (the session cookie is SameSite=Lax, so another site's form arrives
signed out). Attaching it to an order is an ordinary CSRF-checked form.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import File
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.errors import KongsiError, NotFoundError
from community.roles import Role, has_role
from community.selectors import member_for_user
from community.uploads import validate_document_upload
from orders import services
from orders.models import Order
from orders.selectors import order_get_for, order_list_for

SESSION_KEY = "kongsi_shared_label"
OPEN_STATUSES = (
    Order.Status.DRAFT,
    Order.Status.SUBMITTED,
    Order.Status.PAID,
    Order.Status.PACKED,
)


def _member(request):
    member = member_for_user(request.user)
    if member is None or not has_role(request.user, Role.MEMBER, Role.MENTOR):
        raise Http404
    return member


def pending_label(request) -> dict | None:
    """Return ``{"path", "name"}`` of the label waiting for an order, if any."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not storages["private"].exists(kept["path"]):
        return None
    return kept


def _forget(request) -> None:
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        storages["private"].delete(kept["path"])


def attach_pending(request, order: Order) -> bool:
    """Attach the waiting shared label to ``order``; True when it was."""
    kept = pending_label(request)
    if kept is None:
        return False
    storage = storages["private"]
    with storage.open(kept["path"], "rb") as handle:
        services.order_attach_label(
            order=order, label=File(handle, name=kept["name"]), actor=request.user
        )
    _forget(request)
    return True


@csrf_exempt
@login_required
def share_receive(request):
    """Keep a shared label (POST from the share sheet); show where it can go."""
    member = _member(request)
    if request.method == "POST":
        upload = request.FILES.get("label")
        try:
            extension = validate_document_upload(upload, field="label")
        except KongsiError as error:
            messages.error(request, str(error.message))
        else:
            _forget(request)
            path = f"shared/{request.user.pk}/{uuid.uuid4().hex}.{extension}"
            upload.seek(0)
            path = storages["private"].save(path, upload)
            name = (upload.name or f"label.{extension}")[-100:]
            request.session[SESSION_KEY] = {"path": path, "name": name}
        return redirect("orders:share_target")
    orders = (
        order_list_for(request.user)
        .filter(member=member, status__in=OPEN_STATUSES)
        .order_by("-created_at", "-pk")[:20]
    )
    return render(
        request,
        "orders/share_target.html",
        {"kept": pending_label(request), "orders": orders},
    )


@login_required
@require_POST
def share_attach(request):
    """Attach the waiting label to the chosen order of the member."""
    _member(request)
    if pending_label(request) is None:
        messages.error(request, _("No shared label is waiting. Share it again."))
        return redirect("orders:share_target")
    try:
        order = order_get_for(request.user, request.POST.get("order"))
    except NotFoundError:
        raise Http404 from None
    try:
        attach_pending(request, order)
    except KongsiError as error:
        messages.error(request, str(error.message))
        return redirect("orders:share_target")
    messages.success(request, _("The label is attached to this order."))
    return redirect("orders:order_detail", pk=order.pk)
