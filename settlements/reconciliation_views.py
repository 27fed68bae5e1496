"""The treasurer's reconciliation page on a phone (leader too), not admin.

Upload a bank statement, check transfer photos, and decide each incoming line
nobody matched: match it to a settlement or set it aside. Every action calls
the same services admin and the API use (``reconciliation.statement_import``,
``statement_line_match``, ``statement_line_ignore``, ``services.
settlement_confirm`` / ``settlement_reject``), which record who did it and
when; this module holds no money logic of its own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from community.errors import KongsiError
from community.limits import MAX_LONG_TEXT, id_or_none
from community.roles import is_staff_role
from settlements import reconciliation, services

# The admin's upload form, so both pages offer the same banks.
from settlements.admin import StatementUploadForm
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.selectors import (
    proofs_to_check,
    reconciliation_lines,
    statement_recent,
)


def _staff_only(request) -> None:
    if not is_staff_role(request.user):
        raise PermissionDenied


def import_summary(statement: BankStatement) -> tuple[str, str]:
    """(message level, plain words) saying what an import added.

    A file whose every line was imported before adds nothing: say so plainly
    instead of a green "done". Computed from the statement's new-line count.
    """
    if statement.new_lines == 0:
        return (
            "warning",
            _("This file was already put in before: nothing new was added."),
        )
    parts = [
        ngettext("%(count)s new line", "%(count)s new lines", statement.new_lines)
        % {"count": statement.new_lines}
    ]
    if statement.duplicate_lines:
        parts.append(
            ngettext(
                "%(count)s line was already put in before and was skipped",
                "%(count)s lines were already put in before and were skipped",
                statement.duplicate_lines,
            )
            % {"count": statement.duplicate_lines}
        )
    if statement.status == BankStatement.Status.DONE:
        parts.append(
            ngettext(
                "%(count)s payment matched by itself",
                "%(count)s payments matched by themselves",
                statement.matched_lines,
            )
            % {"count": statement.matched_lines}
        )
        waiting = (
            statement.unmatched_lines
            + statement.ambiguous_lines
            + statement.possible_double_lines
        )
        if waiting:
            parts.append(
                ngettext(
                    "%(count)s transfer to check below",
                    "%(count)s transfers to check below",
                    waiting,
                )
                % {"count": waiting}
            )
    else:
        parts.append(_("the lines are being matched; open this page again soon"))
    return "success", _("Statement put in: %(parts)s.") % {"parts": "; ".join(parts)}


@login_required
def reconciliation_page(request):
    _staff_only(request)
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The account the file came from, where the upload form asks for it
        # (the same form as admin, so it follows that form's fields).
        account = (
            {"bank_account": form.cleaned_data["bank_account"]}
            if "bank_account" in form.cleaned_data
            else {}
        )
        try:
            statement = reconciliation.statement_import(
                file=form.cleaned_data["file"],
                format=form.cleaned_data["format"],
                actor=request.user,
                **account,
            )
        except KongsiError as error:
            field = error.field if error.field in form.fields else "file"
            form.add_error(field, str(error.message))
        else:
            level, text = import_summary(statement)
            getattr(messages, level)(request, text)
            return redirect("settlements:reconciliation")
    return render(
        request,
        "settlements/reconciliation.html",
        {
            "form": form,
            "proofs": proofs_to_check(),
            "lines": reconciliation_lines(),
            "statements": statement_recent(),
        },
    )


def _line(pk: int) -> BankStatementLine:
    return get_object_or_404(BankStatementLine, pk=pk)


def _back():
    return redirect("settlements:reconciliation")


@login_required
@require_POST
def line_match(request, pk: int):
    """Match one incoming line to the settlement the treasurer chose."""
    _staff_only(request)
    line = _line(pk)
    chosen = id_or_none(request.POST.get("settlement"))
    settlement = None
    if chosen is not None:
        settlement = (
            Settlement.objects.select_related("member").filter(pk=chosen).first()
        )
    if settlement is None:
        messages.error(request, _("Choose the payment this transfer belongs to."))
        return _back()
    try:
        reconciliation.statement_line_match(
            line=line, settlement=settlement, actor=request.user
        )
    except KongsiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Transfer matched to payment #%(number)s of %(name)s.")
            % {"number": settlement.pk, "name": settlement.member.full_name},
        )
    return _back()


@login_required
@require_POST
def line_ignore(request, pk: int):
    """Set a line aside: checked, nothing to match (e.g. money from elsewhere)."""
    _staff_only(request)
    try:
        reconciliation.statement_line_ignore(line=_line(pk), actor=request.user)
    except KongsiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Transfer set aside as checked."))
    return _back()


def _settlement(pk: int) -> Settlement:
    return get_object_or_404(Settlement.objects.select_related("member"), pk=pk)


@login_required
@require_POST
def settlement_confirm(request, pk: int):
    """The transfer of a photo is in the bank: confirm the payment."""
    _staff_only(request)
    settlement = _settlement(pk)
    try:
        services.settlement_confirm(settlement=settlement, actor=request.user)
    except KongsiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Payment #%(number)s of %(name)s confirmed; its orders are paid.")
            % {"number": settlement.pk, "name": settlement.member.full_name},
        )
    return _back()


@login_required
@require_POST
def settlement_reject(request, pk: int):
    """The transfer never arrived: refuse the payment, with a reason."""
    _staff_only(request)
    settlement = _settlement(pk)
    reason = request.POST.get("reason", "")
    try:
        if len(reason) > MAX_LONG_TEXT:
            raise KongsiError(
                _("Write the reason in at most %(limit)s characters.")
                % {"limit": MAX_LONG_TEXT}
            )
        services.settlement_reject(
            settlement=settlement, actor=request.user, reason=reason
        )
    except KongsiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Payment #%(number)s refused; its orders can be paid again.")
            % {"number": settlement.pk},
        )
    return _back()
