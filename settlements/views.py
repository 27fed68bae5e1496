"""The member's Setor pages: create, breakdown, proof upload, list and detail."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.errors import KongsiError, PermissionDeniedError
from community.figures import request_figures
from community.money import payment_sum, payment_sum_of
from community.roles import is_staff_role
from community.selectors import member_for_user
from ledger.credit import credit_balance
from settlements import services
from settlements.bank_accounts import qris_codes, settlement_share_text
from settlements.forms import ProofForm, SettlementCreateForm
from settlements.models import STATUS_BADGES, BankAccount, Settlement, TransferProof
from settlements.selectors import (
    bank_accounts,
    settlement_get_for,
    settlement_open_for,
    settlement_rows_for,
    unsettled_first_submitted,
    unsettled_orders_for,
    unsettled_totals,
)
from settlements.steps import (
    current_step,
    deadline_after,
    settlement_steps,
    unsettled_steps,
)


def _form_error(form, error: KongsiError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _visible(request, pk) -> Settlement:
    settlement = settlement_get_for(request.user, pk)
    if settlement is None:
        raise Http404
    return settlement


def _tone(settlements):
    for settlement in settlements:
        settlement.status_tone = STATUS_BADGES.get(settlement.status, "")
    return settlements


@login_required
def settlement_list(request):
    member = member_for_user(request.user)
    settlements = _tone(list(settlement_rows_for(request.user)[:100]))
    unsettled = unsettled_totals(member) if member else {"count": 0}
    total = 0
    if unsettled["count"]:
        total = _money_before_settlement(
            member, goods=unsettled["goods"], charity=unsettled["charity"]
        ).total
    return render(
        request,
        "settlements/settlement_list.html",
        {
            "settlements": settlements,
            "unsettled_count": unsettled["count"],
            "unsettled_total": total,
            "is_staff_view": is_staff_role(request.user),
        },
    )


def _unsettled_money(member, orders):
    """The grand total of a settlement of these orders before it exists: the
    member's credit comes off; the unique code is chosen when it is made, so
    the pages say "+ a unique code"."""
    goods = sum(order.goods_total for order in orders)
    charity = sum(order.charity_share for order in orders)
    if not orders:
        return payment_sum(goods_total=0, charity_share=0, credit_applied=0)
    return _money_before_settlement(member, goods=goods, charity=charity)


def _money_before_settlement(member, *, goods: int, charity: int):
    credit = min(credit_balance(member), goods + charity)
    return payment_sum(goods_total=goods, charity_share=charity, credit_applied=credit)


@login_required
def settlement_create(request):
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    orders = list(unsettled_orders_for(member))
    form = SettlementCreateForm(request.POST or None, orders=orders)
    if request.method == "POST" and form.is_valid():
        try:
            settlement = services.settlement_create(
                member=member,
                orders=[int(pk) for pk in form.cleaned_data["orders"]],
                actor=request.user,
            )
        except KongsiError as error:
            _form_error(form, error)
        else:
            if settlement.status == Settlement.Status.CONFIRMED:
                messages.success(request, _("Your credit paid for everything."))
            return redirect("settlements:settlement_detail", pk=settlement.pk)
    money = _unsettled_money(member, orders)
    return render(
        request,
        "settlements/settlement_create.html",
        {
            "form": form,
            "orders": orders,
            "money": money,
            "steps": unsettled_steps(orders, total=money.total, on_create_page=True),
        },
    )


@login_required
def settlement_detail(request, pk: int):
    settlement = _visible(request, pk)
    _tone([settlement])
    is_owner = settlement.member.user_id == request.user.pk
    proof_form = ProofForm(
        initial={
            "amount": settlement.amount_due,
            "sender_name": settlement.member.full_name,
        }
    )
    accounts = bank_accounts()
    qris = _qris_context(request, settlement, accounts)
    return render(
        request,
        "settlements/settlement_detail.html",
        {
            "settlement": settlement,
            "links": list(settlement.links.all()),
            "proofs": list(settlement.proofs.all()),
            "accounts": accounts,
            "is_owner": is_owner,
            "proof_form": proof_form,
            **qris,
            "money": payment_sum_of(settlement),
            "pay_for": f"settlement:{settlement.pk}",
            "steps": settlement_steps(settlement, is_owner=is_owner),
        },
    )


def _qris_context(request, settlement, accounts) -> dict:
    """QRIS codes with the exact amount and the WhatsApp text (_qris.html)."""
    if not settlement.is_open:
        return {"qris_codes": [], "whatsapp_url": ""}
    codes = qris_codes(
        purpose=BankAccount.Purpose.SETTLEMENTS, amount=settlement.amount_due
    )
    url = request.build_absolute_uri(
        reverse("settlements:settlement_detail", args=[settlement.pk])
    )
    text = settlement_share_text(settlement, accounts, codes, url)
    return {"qris_codes": codes, "whatsapp_url": "https://wa.me/?text=" + quote(text)}


def _forbid_unless(check, settlement, user) -> None:
    """Run a service's role check before any form: its refusal is a 403 page."""
    try:
        check(settlement, user)
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error.message)) from None


@login_required
def settlement_proof(request, pk: int):
    settlement = _visible(request, pk)
    # Staff see the settlement but never send its proof (403, as in the API).
    _forbid_unless(services.check_may_send_proof, settlement, request.user)
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.settlement_upload_proof(
                settlement=settlement, actor=request.user, **form.cleaned_data
            )
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Proof sent. The leader will check your transfer.")
            )
            return redirect("settlements:settlement_detail", pk=settlement.pk)
    return render(
        request,
        "settlements/proof_form.html",
        {
            "settlement": settlement,
            "form": form,
            "money": payment_sum_of(settlement),
            "pay_for": f"settlement:{settlement.pk}",
        },
    )


@login_required
@require_POST
def settlement_cancel(request, pk: int):
    settlement = _visible(request, pk)
    # Leader and treasurer see every settlement, but only its member may
    # cancel it: their role may never do this (403, as in the API).
    _forbid_unless(services.check_may_cancel, settlement, request.user)
    try:
        services.settlement_cancel(settlement=settlement, actor=request.user)
    except KongsiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Settlement cancelled. Your orders can be paid again.")
        )
    return redirect("settlements:settlement_detail", pk=settlement.pk)


@login_required
def proof_image(request, pk: int):
    """Serve a transfer photo to its member and to leader/treasurer only."""
    proof = get_object_or_404(
        TransferProof.objects.select_related("settlement__member"), pk=pk
    )
    if not (
        is_staff_role(request.user)
        or proof.settlement.member.user_id == request.user.pk
    ):
        raise Http404
    response = FileResponse(proof.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def home_panel_context(request, member) -> dict | None:
    """Beranda: what the member pays now, and the one step they are at."""
    open_ones = list(settlement_open_for(member))
    figures = request_figures(request, member)
    unsettled_count = figures["unsettled_orders"]
    if not open_ones and not unsettled_count:
        return None
    # ``outstanding`` counts unsettled orders at goods + charity; the next
    # settlement takes the member's credit off them, so Beranda shows that.
    open_due = sum(settlement.amount_due for settlement in open_ones)
    unsettled_owed = max(figures["outstanding"] - open_due, 0)
    credit = min(figures["credit_balance"], unsettled_owed)
    step = None
    awaiting = [s for s in open_ones if s.status == Settlement.Status.AWAITING_TRANSFER]
    if awaiting:
        settlement = awaiting[0]
        step = current_step(settlement_steps(settlement, is_owner=True))
        step["button_url"] = reverse(
            "settlements:settlement_detail", args=[settlement.pk]
        )
        step["button_label"] = _("How to pay")
        step["button_id"] = "home-pay-step"
    elif unsettled_count:
        step = current_step(
            unsettled_steps(
                [],
                total=unsettled_owed - credit,
                on_create_page=False,
                deadline=deadline_after(unsettled_first_submitted(member)),
            )
        )
    elif open_ones:
        step = current_step(settlement_steps(open_ones[0], is_owner=True))
    return {
        "outstanding": open_due + unsettled_owed - credit,
        "waiting": _tone(open_ones[-3:]),
        "unsettled_count": unsettled_count,
        "show_create": bool(awaiting and unsettled_count),
        "steps": [step] if step else [],
    }
