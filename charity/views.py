"""Pages of the charity fund: the public report, "Kontribusi saya", and the
leader/treasurer pages to plan programs and pay disbursements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from community.errors import KongsiError
from community.figures import request_figures
from community.forms import form_error_text
from community.limits import MAX_TRANSFER
from community.money import format_rupiah
from community.roles import is_leader, is_staff_role
from community.selectors import member_for_user
from community.spreadsheet import safe_csv_writer
from ledger.fund import fund_balance
from ledger.policy import policy_in_force
from settlements.bank_accounts import qris_codes
from settlements.models import BankAccount

from . import selectors, services
from .chart import bar_chart, last_months
from .forms import (
    BeneficiaryForm,
    DisbursementForm,
    DonationForm,
    PayForm,
    PlanForm,
    PolicyForm,
    ProgramForm,
    RejectForm,
)
from .models import Beneficiary, Disbursement


def _staff_only(request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not is_staff_role(request.user):
        raise PermissionDenied


def _form_error(form, error: KongsiError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


# --- Public -----------------------------------------------------------------------


def public(request):
    """``/amal/``: the public transparency page. No login, no names."""
    summary = selectors.public_summary()
    months = last_months(timezone.localdate())
    donation = _donation_amount(request.GET.get("jumlah"))
    return render(
        request,
        "charity/public.html",
        {
            "summary": summary,
            "chart": bar_chart(summary["by_month"], months),
            "policy": policy_in_force(),
            "year": selectors.this_year(),
            # The charity account's own QRIS: with the donor's amount when given.
            "qris_codes": qris_codes(
                purpose=BankAccount.Purpose.CHARITY, amount=donation
            ),
            "donation_amount": donation,
        },
    )


def _donation_amount(value) -> int | None:
    """``?jumlah=50000`` → 50000; anything else → None (the static QR)."""
    text = str(value or "").replace(".", "").strip()
    if text.isdecimal() and 1 <= int(text) <= MAX_TRANSFER:
        return int(text)
    return None


def annual_report(request):
    """A printable report of one year (public, no names)."""
    year = selectors.parse_year(request.GET.get("year"))
    report = selectors.annual_report(year)
    months = [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    return render(
        request,
        "charity/annual_report.html",
        {
            "report": report,
            "rows": _disbursement_rows(report["disbursements"]),
            "years": selectors.report_years(),
            "chart": bar_chart(report["by_month"], months),
        },
    )


def _disbursement_rows(disbursements) -> list[dict]:
    """The year's payments as text, each month name and category label
    translated once: per row in the template, ``|date`` and
    ``get_category_display`` were most of the page's time."""
    categories = {key: str(label) for key, label in Beneficiary.Category.choices}
    month_names: dict[int, str] = {}
    rows = []
    for item in disbursements:
        day = timezone.localtime(item.paid_at).date()
        if day.month not in month_names:
            month_names[day.month] = formats.date_format(day, "M")
        beneficiary = item.beneficiary
        rows.append(
            {
                "paid_on": f"{day.day} {month_names[day.month]}",
                "program": item.program.name,
                "goods": item.in_kind_description,
                "category": (
                    categories.get(beneficiary.category, beneficiary.category)
                    if beneficiary
                    else None
                ),
                "total": item.total,
            }
        )
    return rows


def annual_report_csv(request, year: int):
    """The same report as a CSV file for a spreadsheet."""
    year = selectors.parse_year(year)
    report = selectors.annual_report(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-dana-amal-{year}.csv"'
    )
    writer = safe_csv_writer(response)
    totals = report["totals"]
    writer.writerow([_("Charity fund report"), year])
    writer.writerow([])
    writer.writerow([_("Month"), _("Collected (Rp)"), _("Disbursed (Rp)")])
    for row in report["by_month"]:
        writer.writerow([row["month"], row["collected"], row["disbursed"]])
    writer.writerow([_("Total"), totals["collected"], totals["disbursed"]])
    writer.writerow([])
    writer.writerow([_("Member contributions"), totals["contributions"]])
    writer.writerow([_("Transfer unique codes"), totals["unique_codes"]])
    writer.writerow([_("Donations"), totals["donations"]])
    writer.writerow([_("Adjustments"), totals["adjustments"]])
    writer.writerow([])
    writer.writerow([_("Program"), _("Disbursed (Rp)"), _("Beneficiaries")])
    for row in report["by_program"]:
        writer.writerow([row["program"], row["disbursed"], row["beneficiaries"]])
    writer.writerow([])
    writer.writerow(
        [
            _("Paid on"),
            _("Program"),
            pgettext("beneficiary", "Category"),
            _("Cash (Rp)"),
            _("Goods"),
            _("Value of the goods (Rp)"),
        ]
    )
    for item in report["disbursements"]:
        writer.writerow(
            [
                timezone.localtime(item.paid_at).date().isoformat(),
                item.program.name,
                item.beneficiary.get_category_display() if item.beneficiary else "",
                item.cash_amount,
                item.in_kind_description,
                item.in_kind_value,
            ]
        )
    return response


# --- Member -----------------------------------------------------------------------


@login_required
def my_contributions(request):
    """ "Kontribusi saya": the member's contributions per settlement and in total."""
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    data = selectors.member_contributions(member)
    for row in data["rows"]:
        row["url"] = _settlement_url(row["settlement"])
    return render(request, "charity/my_contributions.html", {"data": data})


def _settlement_url(settlement_id: int | None) -> str | None:
    if settlement_id is None:
        return None
    try:
        return reverse("settlements:settlement_detail", args=[settlement_id])
    except Exception:  # noqa: BLE001 - the settlements page may not exist yet
        return None


def home_panel_context(request, member) -> dict | None:
    """The small Beranda panel: what this member gave to the fund."""
    user = getattr(request, "user", None)
    figures = request_figures(request, member)
    return {
        "contributed": figures["charity_contributed"],
        "balance": figures["fund_balance"],
        "can_manage": bool(user is not None and is_staff_role(user)),
    }


# --- Leader / treasurer -----------------------------------------------------------


@login_required
def manage(request):
    _staff_only(request)
    return render(
        request,
        "charity/manage.html",
        {
            "balance": fund_balance(),
            "waiting": list(selectors.disbursements_waiting()[:50]),
            "programs": list(selectors.program_list()[:50]),
            "recent_paid": list(
                selectors.disbursement_list().filter(status="paid")[:10]
            ),
        },
    )


@login_required
def policy(request):
    """The rate in force and its history; the leader adds a new one."""
    can_edit = is_leader(request.user)
    current = policy_in_force()
    form = None
    if can_edit:
        form = PolicyForm(
            request.POST or None,
            initial={
                "rate_percent": current.rate_percent,
                "minimum_per_order": current.minimum_per_order,
                "effective_from": timezone.localdate(),
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.policy_set(actor=request.user, **form.cleaned_data)
            except KongsiError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The new charity share is saved."))
                return redirect("charity:policy")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "charity/policy.html",
        {
            "current": current,
            "history": selectors.policy_history(),
            "form": form,
            "today": timezone.localdate(),
        },
    )


@login_required
def program_list(request):
    _staff_only(request)
    plan = None
    plan_form = PlanForm(request.GET or None)
    if request.GET and plan_form.is_valid():
        plan = services.program_plan(
            units=plan_form.cleaned_data["units"],
            amount_per_unit=plan_form.cleaned_data["amount_per_unit"],
        )
    return render(
        request,
        "charity/program_list.html",
        {
            "programs": selectors.program_list(),
            "plan_form": plan_form,
            "plan": plan,
            "balance": fund_balance(),
        },
    )


def _program_form_save(request, form, program=None):
    data = dict(form.cleaned_data)
    if not data.get("planned_units"):
        data["planned_units"] = data["amount_per_unit"] = None
    data["budget"] = data.get("budget") or 0
    if program is None:
        return services.program_create(actor=request.user, **data)
    return services.program_update(program=program, actor=request.user, **data)


@login_required
def program_create(request):
    _staff_only(request)
    initial = {
        key: request.GET[key]
        for key in ("planned_units", "amount_per_unit")
        if key in request.GET
    }
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = _program_form_save(request, form)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Program saved."))
            return redirect("charity:program_detail", pk=program.pk)
    return render(
        request,
        "charity/form_page.html",
        {"form": form, "title": _("New program"), "balance": fund_balance()},
    )


@login_required
def program_edit(request, pk: int):
    _staff_only(request)
    program = get_object_or_404(selectors.program_list(), pk=pk)
    initial = {
        field: getattr(program, field)
        for field in ProgramForm.base_fields
        if hasattr(program, field)
    }
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _program_form_save(request, form, program)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Program saved."))
            return redirect("charity:program_detail", pk=program.pk)
    return render(
        request,
        "charity/form_page.html",
        {"form": form, "title": program.name, "balance": fund_balance()},
    )


@login_required
def program_detail(request, pk: int):
    _staff_only(request)
    program = get_object_or_404(selectors.program_list(), pk=pk)
    balance = fund_balance()
    disbursed = int(program.paid_total or 0) + int(program.paid_goods or 0)
    remaining = max(program.budget - disbursed, 0)
    return render(
        request,
        "charity/program_detail.html",
        {
            "program": program,
            "disbursed": disbursed,
            "remaining": remaining,
            "balance": balance,
            "covered": balance >= remaining,
            "disbursements": selectors.disbursement_list().filter(program=program),
        },
    )


@login_required
def beneficiary_list(request):
    _staff_only(request)
    return render(
        request,
        "charity/beneficiary_list.html",
        {"beneficiaries": selectors.beneficiary_list()},
    )


@login_required
def beneficiary_form(request, pk: int | None = None):
    _staff_only(request)
    beneficiary = get_object_or_404(selectors.beneficiary_list(), pk=pk) if pk else None
    form = BeneficiaryForm(request.POST or None, instance=beneficiary)
    if request.method == "POST" and form.is_valid():
        try:
            if beneficiary is None:
                services.beneficiary_create(actor=request.user, **form.cleaned_data)
            else:
                services.beneficiary_update(
                    beneficiary=beneficiary, actor=request.user, **form.cleaned_data
                )
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("charity:beneficiary_list")
    title = beneficiary.name if beneficiary else _("New beneficiary")
    return render(request, "charity/form_page.html", {"form": form, "title": title})


@login_required
def disbursement_create(request):
    _staff_only(request)
    initial = {}
    if request.GET.get("program"):
        initial["program"] = request.GET["program"]
    form = DisbursementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["cash_amount"] = data.get("cash_amount") or 0
        data["in_kind_value"] = data.get("in_kind_value") or 0
        try:
            disbursement = services.disbursement_propose(actor=request.user, **data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Proposed. Another leader or treasurer must approve it."),
            )
            return redirect("charity:disbursement_detail", pk=disbursement.pk)
    return render(
        request,
        "charity/form_page.html",
        {
            "form": form,
            "title": _("Propose a disbursement"),
            "balance": fund_balance(),
        },
    )


@login_required
def disbursement_detail(request, pk: int):
    _staff_only(request)
    disbursement = get_object_or_404(selectors.disbursement_list(), pk=pk)
    return render(
        request,
        "charity/disbursement_detail.html",
        {
            "disbursement": disbursement,
            "balance": fund_balance(),
            "pay_form": PayForm(),
            "reject_form": RejectForm(),
            "is_proposer": disbursement.proposed_by_id == request.user.pk,
        },
    )


def _disbursement_action(request, pk: int, run) -> HttpResponse:
    _staff_only(request)
    disbursement = get_object_or_404(selectors.disbursement_list(), pk=pk)
    try:
        run(disbursement)
    except KongsiError as error:
        messages.error(request, str(error.message))
        status = error.status_code
        return render(
            request,
            "charity/disbursement_detail.html",
            {
                "disbursement": get_object_or_404(selectors.disbursement_list(), pk=pk),
                "balance": fund_balance(),
                "pay_form": PayForm(),
                "reject_form": RejectForm(),
                "is_proposer": disbursement.proposed_by_id == request.user.pk,
            },
            status=status,
        )
    return redirect("charity:disbursement_detail", pk=pk)


@login_required
@require_POST
def disbursement_approve(request, pk: int):
    def run(disbursement):
        services.disbursement_approve(disbursement=disbursement, actor=request.user)
        messages.success(request, _("Approved. It can be paid now."))

    return _disbursement_action(request, pk, run)


@login_required
@require_POST
def disbursement_reject(request, pk: int):
    def run(disbursement):
        form = RejectForm(request.POST)
        if not form.is_valid():  # a reason too long: reject nothing
            raise KongsiError(form_error_text(form), field="reason")
        services.disbursement_reject(
            disbursement=disbursement,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Rejected."))

    return _disbursement_action(request, pk, run)


@login_required
@require_POST
def disbursement_pay(request, pk: int):
    def run(disbursement):
        proof = request.FILES.get("proof")
        if disbursement.status == Disbursement.Status.PAID and proof:
            services.disbursement_attach_proof(
                disbursement=disbursement, actor=request.user, proof=proof
            )
            messages.success(request, _("Proof photo saved."))
            return
        paid = services.disbursement_pay(
            disbursement=disbursement, actor=request.user, proof=proof
        )
        messages.success(
            request,
            _("Paid %(amount)s from the fund.") % {"amount": format_rupiah(paid.total)},
        )

    return _disbursement_action(request, pk, run)


@login_required
def disbursement_proof(request, pk: int):
    """Serve the private proof photo to the leader and treasurer only."""
    _staff_only(request)
    disbursement = get_object_or_404(selectors.disbursement_list(), pk=pk)
    if not disbursement.proof:
        raise Http404
    return FileResponse(disbursement.proof.open("rb"))


@login_required
def donation_create(request):
    _staff_only(request)
    form = DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.donation_record(actor=request.user, **form.cleaned_data)
        except KongsiError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Donation of %(amount)s recorded.")
                % {"amount": format_rupiah(entry.amount)},
            )
            return redirect("charity:manage")
    return render(
        request,
        "charity/form_page.html",
        {"form": form, "title": _("Record a donation"), "balance": fund_balance()},
    )
