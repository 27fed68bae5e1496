"""Every write of the charity app: policy, programs, beneficiaries, donations and
the two-person disbursement flow.

Locks follow the project's lock plan (``community.lock_plan``): first the
disbursement row, then — inside ``fund_post`` — the single fund balance row.
Every change of a disbursement writes a ``DisbursementEvent``.
"""

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError, PermissionDeniedError
from community.limits import MAX_PRICE, MAX_UNITS
from community.roles import is_leader, is_staff_role
from community.uploads import image_content_file, reencode_image, validate_image_upload
from ledger.fund import fund_balance, fund_post
from ledger.models import CharityPolicy, FundEntry
from ledger.references import disbursement_ref, donation_ref

from .models import Beneficiary, Disbursement, DisbursementEvent, Program

MAX_AMOUNT = MAX_PRICE  # Rp 1 milyar: anything above is a typing mistake


def _require_staff(actor) -> None:
    if not is_staff_role(actor):
        raise PermissionDeniedError(
            _("Only the leader or the treasurer may manage the charity fund.")
        )


def _whole_rupiah(value, *, field: str, allow_zero: bool = True) -> int:
    """Return ``value`` as int rupiah or raise a clear 400 on ``field``."""
    if value is None or value == "":
        value = 0
    if isinstance(value, bool):
        raise KongsiError(_("Enter a whole rupiah amount."), field=field)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise KongsiError(_("Enter a whole rupiah amount."), field=field) from None
    if number != number.to_integral_value():
        raise KongsiError(_("Enter a whole rupiah amount, without cents."), field=field)
    amount = int(number)
    if amount < 0:
        raise KongsiError(_("The amount cannot be below zero."), field=field)
    if amount == 0 and not allow_zero:
        raise KongsiError(_("The amount must be more than zero."), field=field)
    if amount > MAX_AMOUNT:
        raise KongsiError(_("This amount is too large."), field=field)
    return amount


# --- Policy -------------------------------------------------------------------


@transaction.atomic
def policy_set(
    *,
    actor,
    rate_percent,
    minimum_per_order=0,
    effective_from: date | None = None,
) -> CharityPolicy:
    """Add a new policy (the old ones stay as history). Leader only.

    Orders keep the rate snapshotted when they were submitted, so a new policy
    only changes orders submitted on or after ``effective_from``.
    """
    if not is_leader(actor):
        raise PermissionDeniedError(_("Only the leader may change the charity rate."))
    try:
        rate = Decimal(str(rate_percent))
    except (InvalidOperation, ValueError):
        raise KongsiError(
            _("Enter the rate as a number."), field="rate_percent"
        ) from None
    if not rate.is_finite() or rate < 0 or rate > 100:
        raise KongsiError(
            _("The rate must be between 0 and 100 percent."), field="rate_percent"
        )
    if rate != rate.quantize(Decimal("0.01")):
        raise KongsiError(
            _("Use at most two digits after the decimal point."), field="rate_percent"
        )
    minimum = _whole_rupiah(minimum_per_order, field="minimum_per_order")
    return CharityPolicy.objects.create(
        rate_percent=rate,
        minimum_per_order=minimum,
        effective_from=effective_from or timezone.localdate(),
        created_by=actor,
    )


# --- Programs -----------------------------------------------------------------


def program_plan(*, units, amount_per_unit) -> dict:
    """The planning helper: ``units × amount_per_unit`` against the fund now."""
    units = _whole_rupiah(units, field="planned_units", allow_zero=False)
    if units > MAX_UNITS:
        raise KongsiError(_("This number is too large."), field="planned_units")
    each = _whole_rupiah(amount_per_unit, field="amount_per_unit", allow_zero=False)
    budget = units * each
    if budget > MAX_AMOUNT:
        raise KongsiError(_("This amount is too large."), field="amount_per_unit")
    balance = fund_balance()
    return {
        "units": units,
        "amount_per_unit": each,
        "budget": budget,
        "balance": balance,
        "covered": balance >= budget,
        "shortfall": max(budget - balance, 0),
    }


def _clean_program_fields(
    *, name, kind, budget, planned_units, amount_per_unit
) -> tuple[str, int, int | None, int | None]:
    name = (name or "").strip()
    if not name:
        raise KongsiError(_("Give the program a name."), field="name")
    if kind not in Program.Kind.values:
        raise KongsiError(_("Choose a kind of program."), field="kind")
    if planned_units not in (None, "") or amount_per_unit not in (None, ""):
        plan = program_plan(units=planned_units, amount_per_unit=amount_per_unit)
        return name, plan["budget"], plan["units"], plan["amount_per_unit"]
    return name, _whole_rupiah(budget, field="budget"), None, None


@transaction.atomic
def program_create(
    *,
    actor,
    name: str,
    kind: str,
    description: str = "",
    scheduled_for: date | None = None,
    schedule_note: str = "",
    budget=0,
    planned_units=None,
    amount_per_unit=None,
    status: str = Program.Status.PLANNED,
) -> Program:
    """Create a program; ``planned_units × amount_per_unit`` sets the budget."""
    _require_staff(actor)
    name, budget, planned_units, amount_per_unit = _clean_program_fields(
        name=name,
        kind=kind,
        budget=budget,
        planned_units=planned_units,
        amount_per_unit=amount_per_unit,
    )
    if status not in Program.Status.values:
        raise KongsiError(_("Choose a status."), field="status")
    return Program.objects.create(
        name=name,
        kind=kind,
        description=description or "",
        scheduled_for=scheduled_for,
        schedule_note=schedule_note or "",
        budget=budget,
        planned_units=planned_units,
        amount_per_unit=amount_per_unit,
        status=status,
        created_by=actor,
    )


@transaction.atomic
def program_update(*, program: Program, actor, **fields) -> Program:
    """Change a program's plan or status."""
    _require_staff(actor)
    program = Program.objects.select_for_update().get(pk=program.pk)
    merged = {
        "name": program.name,
        "kind": program.kind,
        "description": program.description,
        "scheduled_for": program.scheduled_for,
        "schedule_note": program.schedule_note,
        "budget": program.budget,
        "planned_units": program.planned_units,
        "amount_per_unit": program.amount_per_unit,
        "status": program.status,
    }
    unknown = set(fields) - set(merged)
    if unknown:
        raise KongsiError(_("Unknown field."), field=sorted(unknown)[0])
    if "budget" in fields and "planned_units" not in fields:
        merged["planned_units"] = merged["amount_per_unit"] = None
    merged.update(fields)
    name, budget, units, each = _clean_program_fields(
        name=merged["name"],
        kind=merged["kind"],
        budget=merged["budget"],
        planned_units=merged["planned_units"],
        amount_per_unit=merged["amount_per_unit"],
    )
    if merged["status"] not in Program.Status.values:
        raise KongsiError(_("Choose a status."), field="status")
    program.name, program.kind, program.budget = name, merged["kind"], budget
    program.planned_units, program.amount_per_unit = units, each
    program.description = merged["description"] or ""
    program.scheduled_for = merged["scheduled_for"]
    program.schedule_note = merged["schedule_note"] or ""
    program.status = merged["status"]
    program.save()
    return program


# --- Beneficiaries --------------------------------------------------------------


def _clean_beneficiary(*, name, category, household_size) -> tuple[str, int]:
    name = (name or "").strip()
    if not name:
        raise KongsiError(_("Enter the name."), field="name")
    if category not in Beneficiary.Category.values:
        raise KongsiError(_("Choose a category."), field="category")
    try:
        size = int(household_size if household_size not in (None, "") else 1)
    except (TypeError, ValueError):
        raise KongsiError(
            _("Enter the number of people."), field="household_size"
        ) from None
    if size < 1 or size > 50:
        raise KongsiError(
            _("The household has between 1 and 50 people."), field="household_size"
        )
    return name, size


@transaction.atomic
def beneficiary_create(
    *,
    actor,
    name: str,
    category: str,
    address: str = "",
    household_size=1,
    notes: str = "",
) -> Beneficiary:
    """Record a beneficiary (private data: leader and treasurer only)."""
    _require_staff(actor)
    name, size = _clean_beneficiary(
        name=name, category=category, household_size=household_size
    )
    return Beneficiary.objects.create(
        name=name,
        category=category,
        address=address or "",
        household_size=size,
        notes=notes or "",
        created_by=actor,
    )


@transaction.atomic
def beneficiary_update(
    *,
    beneficiary: Beneficiary,
    actor,
    name: str,
    category: str,
    address: str = "",
    household_size=1,
    notes: str = "",
) -> Beneficiary:
    _require_staff(actor)
    name, size = _clean_beneficiary(
        name=name, category=category, household_size=household_size
    )
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    beneficiary.name, beneficiary.category = name, category
    beneficiary.address, beneficiary.household_size = address or "", size
    beneficiary.notes = notes or ""
    beneficiary.save()
    return beneficiary


# --- Donations -------------------------------------------------------------------


@transaction.atomic
def donation_record(
    *,
    actor,
    amount,
    donor: str = "",
    memo: str = "",
    idempotency_key: str = "",
) -> FundEntry:
    """Record an outside donation received by the treasurer (or leader).

    A page passes a per-form ``idempotency_key`` so a double tap records once.
    """
    _require_staff(actor)
    amount = _whole_rupiah(amount, field="amount", allow_zero=False)
    key = idempotency_key or uuid.uuid4().hex
    donor = (donor or "").strip()
    return fund_post(
        amount=amount,
        kind=FundEntry.Kind.DONATION,
        reference=str(donation_ref(key))[:120],
        idempotency_key=donation_ref(key).key()[:120],
        actor=actor,
        memo=(f"{donor} — {memo}" if donor and memo else donor or memo)[:255],
    )


# --- Disbursements -----------------------------------------------------------------


@transaction.atomic
def disbursement_propose(
    *,
    actor,
    program: Program,
    beneficiary: Beneficiary | None = None,
    cash_amount=0,
    in_kind_description: str = "",
    in_kind_value=0,
    memo: str = "",
) -> Disbursement:
    """Propose paying out money and/or goods; someone else must approve it."""
    _require_staff(actor)
    if program is None:
        raise KongsiError(_("Choose a program."), field="program")
    if program.status == Program.Status.CANCELLED:
        raise ConflictError(_("This program was cancelled."))
    cash = _whole_rupiah(cash_amount, field="cash_amount")
    goods_value = _whole_rupiah(in_kind_value, field="in_kind_value")
    in_kind_description = (in_kind_description or "").strip()
    if goods_value and not in_kind_description:
        raise KongsiError(
            _("Describe the goods given (for example: sembako)."),
            field="in_kind_description",
        )
    if in_kind_description and not goods_value:
        raise KongsiError(
            _("Enter the value of the goods in rupiah."), field="in_kind_value"
        )
    if cash + goods_value <= 0:
        raise KongsiError(
            _("Enter cash and/or the value of goods."), field="cash_amount"
        )
    disbursement = Disbursement.objects.create(
        program=program,
        beneficiary=beneficiary,
        cash_amount=cash,
        in_kind_description=in_kind_description,
        in_kind_value=goods_value,
        memo=memo or "",
        proposed_by=actor,
    )
    _event(disbursement, actor=actor, from_status="", total=disbursement.total)
    return disbursement


def _event(disbursement: Disbursement, *, actor, from_status: str, **params):
    DisbursementEvent.objects.create(
        disbursement=disbursement,
        actor=actor,
        from_status=from_status,
        to_status=disbursement.status,
        params=params,
    )


def _lock_disbursement(disbursement: Disbursement) -> Disbursement:
    return (
        Disbursement.objects.select_for_update()
        .select_related("program")
        .get(pk=disbursement.pk)
    )


@transaction.atomic
def disbursement_approve(*, disbursement: Disbursement, actor) -> Disbursement:
    """Approve a proposal. The proposer may never approve their own (403)."""
    _require_staff(actor)
    disbursement = _lock_disbursement(disbursement)
    if disbursement.proposed_by_id == actor.pk:
        raise PermissionDeniedError(
            _(
                "You proposed this disbursement; another leader or treasurer "
                "must approve it."
            )
        )
    if disbursement.status != Disbursement.Status.PROPOSED:
        raise ConflictError(
            _("Only a disbursement waiting for approval can be approved.")
        )
    disbursement.status = Disbursement.Status.APPROVED
    disbursement.approved_by = actor
    disbursement.approved_at = timezone.now()
    disbursement.save(update_fields=["status", "approved_by", "approved_at"])
    _event(disbursement, actor=actor, from_status=Disbursement.Status.PROPOSED)
    return disbursement


@transaction.atomic
def disbursement_reject(
    *, disbursement: Disbursement, actor, reason: str = ""
) -> Disbursement:
    """Turn down a proposal or an approved, unpaid disbursement."""
    _require_staff(actor)
    disbursement = _lock_disbursement(disbursement)
    if disbursement.status not in (
        Disbursement.Status.PROPOSED,
        Disbursement.Status.APPROVED,
    ):
        raise ConflictError(_("A paid or rejected disbursement cannot be rejected."))
    from_status = disbursement.status
    disbursement.status = Disbursement.Status.REJECTED
    if reason:
        disbursement.memo = (f"{disbursement.memo} — " if disbursement.memo else "") + (
            _("Rejected: %(reason)s") % {"reason": reason}
        )
        disbursement.memo = disbursement.memo[:255]
    disbursement.save(update_fields=["status", "memo"])
    _event(disbursement, actor=actor, from_status=from_status, reason=reason)
    return disbursement


@transaction.atomic
def disbursement_pay(*, disbursement: Disbursement, actor, proof=None) -> Disbursement:
    """Pay an approved disbursement: one negative fund entry, under the fund lock.

    More than the balance raises ``ConflictError`` (409) and writes nothing.
    """
    _require_staff(actor)
    checked = validate_image_upload(proof, field="proof") if proof else None
    disbursement = _lock_disbursement(disbursement)
    if disbursement.status != Disbursement.Status.APPROVED:
        if disbursement.status == Disbursement.Status.PAID:
            raise ConflictError(_("This disbursement was already paid."))
        raise ConflictError(_("Only an approved disbursement can be paid."))
    entry = fund_post(
        amount=-disbursement.total,
        kind=FundEntry.Kind.DISBURSEMENT,
        reference=str(disbursement_ref(disbursement.pk)),
        idempotency_key=disbursement_ref(disbursement.pk).key(),
        actor=actor,
        memo=str(disbursement.program)[:255],
    )
    disbursement.status = Disbursement.Status.PAID
    disbursement.paid_by = actor
    disbursement.paid_at = timezone.now()
    disbursement.fund_entry = entry
    fields = ["status", "paid_by", "paid_at", "fund_entry"]
    if checked is not None:
        proof.seek(0)
        data, extension = reencode_image(proof.read(), max_side=2000)
        disbursement.proof.save(
            f"proof-{disbursement.pk}.{extension}",
            image_content_file(data, f"proof-{disbursement.pk}.{extension}"),
            save=False,
        )
        fields.append("proof")
    disbursement.save(update_fields=fields)
    _event(
        disbursement,
        actor=actor,
        from_status=Disbursement.Status.APPROVED,
        fund_entry=entry.pk,
    )
    return disbursement


@transaction.atomic
def disbursement_attach_proof(
    *, disbursement: Disbursement, actor, proof
) -> Disbursement:
    """Add (or replace) the proof photo of a paid disbursement later."""
    _require_staff(actor)
    validate_image_upload(proof, field="proof")
    disbursement = _lock_disbursement(disbursement)
    if disbursement.status != Disbursement.Status.PAID:
        raise ConflictError(_("Add the proof after paying."))
    proof.seek(0)
    data, extension = reencode_image(proof.read(), max_side=2000)
    name = f"proof-{disbursement.pk}.{extension}"
    disbursement.proof.save(name, image_content_file(data, name), save=False)
    disbursement.save(update_fields=["proof"])
    return disbursement
