"""Return rules: what may be returned, who decides, credit exactly once."""

import pytest
from django.core.management import call_command

from catalog.models import StockMovement, Variant
from community.errors import (
    ConflictError,
    KongsiError,
    NotFoundError,
    PermissionDeniedError,
)
from ledger.credit import credit_balance
from ledger.models import CreditEntry
from returns.models import ReturnPhoto, ReturnRequest
from returns.services import credit_adjust, return_approve, return_reject
from tests.returns.factories import (
    cancelled_line,
    make_return,
    paid_line,
    photo_file,
    submitted_line,
)

pytestmark = pytest.mark.django_db


def nothing_written():
    return ReturnRequest.objects.count() == 0 and CreditEntry.objects.count() == 0


def test_a_return_on_a_paid_line_waits_for_the_leader(member):
    line = paid_line(member, quantity=3)
    request = make_return(line, quantity=2, photos=[photo_file()])
    assert request.status == ReturnRequest.Status.REQUESTED
    assert request.member == member and request.quantity == 2
    assert request.photos.count() == 1
    assert credit_balance(member) == 0


def test_over_return_is_refused_in_indonesian_and_writes_nothing(member, settings):
    settings.LANGUAGE_CODE = "id"
    from django.utils import translation

    line = paid_line(member, quantity=2)
    with translation.override("id"), pytest.raises(KongsiError) as error:
        make_return(line, quantity=3)
    assert error.value.field == "quantity"
    assert error.value.status_code == 400
    assert "paling banyak 2" in str(error.value.message)
    assert nothing_written()


def test_earlier_returns_count_but_refused_ones_do_not(member, leader):
    line = paid_line(member, quantity=3)
    first = make_return(line, quantity=2)
    with pytest.raises(KongsiError):
        make_return(line, quantity=2)
    return_reject(return_request=first, actor=leader, reason="Foto tidak jelas")
    second = make_return(line, quantity=3)
    assert second.quantity == 3
    with pytest.raises(KongsiError):
        make_return(line, quantity=1)
    assert ReturnRequest.objects.count() == 2


@pytest.mark.parametrize("make_line", [submitted_line, cancelled_line])
def test_unpaid_or_cancelled_lines_cannot_be_returned(member, make_line):
    line = make_line(member)
    with pytest.raises(KongsiError) as error:
        make_return(line, quantity=1)
    assert error.value.status_code == 400 and error.value.field == "order_line"
    assert nothing_written()


def test_another_members_line_is_not_found(member, other_member):
    line = paid_line(other_member)
    with pytest.raises(NotFoundError):
        make_return_as(member, line)
    assert nothing_written()


def make_return_as(member, line):
    from returns.services import return_request_create

    return return_request_create(
        member=member,
        actor=member.user,
        order_line_id=line.pk,
        quantity=1,
        reason="defective",
    )


def test_a_broken_photo_refuses_the_whole_return(member):
    line = paid_line(member)
    bad = photo_file()
    bad.file.write(b"not really")
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(KongsiError) as error:
        make_return(line, photos=[photo_file(), fake])
    assert error.value.field == "photos"
    assert nothing_written() and ReturnPhoto.objects.count() == 0


@pytest.mark.parametrize("reason", ["defective", "wrong_item", "damaged_in_transit"])
def test_leader_responsibility_is_credited_once(member, leader, reason):
    line = paid_line(member, quantity=3, base_price=25_000)
    request = make_return(line, quantity=2, reason=reason)
    decided = return_approve(return_request=request, actor=leader)
    assert decided.status == ReturnRequest.Status.CREDITED
    assert decided.credit_amount == 50_000
    assert decided.decided_by == leader and decided.decided_at is not None
    assert credit_balance(member) == 50_000
    entry = CreditEntry.objects.get(member=member)
    assert entry.kind == "return_credit" and entry.amount == 50_000
    assert entry.idempotency_key == f"return:{request.pk}:credit"
    assert decided.credit_entry == entry
    with pytest.raises(ConflictError):
        return_approve(return_request=request, actor=leader)
    assert CreditEntry.objects.count() == 1 and credit_balance(member) == 50_000


@pytest.mark.parametrize("reason", ["changed_mind", "other"])
def test_other_reasons_are_approved_without_credit(member, leader, reason):
    line = paid_line(member)
    request = make_return(line, reason=reason)
    decided = return_approve(return_request=request, actor=leader)
    assert decided.status == ReturnRequest.Status.APPROVED
    assert decided.credit_amount == 0 and decided.credit_entry is None
    assert CreditEntry.objects.count() == 0


def test_restock_puts_the_items_back_through_the_catalog(member, leader):
    line = paid_line(member, quantity=3)
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    request = make_return(line, quantity=2)
    decided = return_approve(return_request=request, actor=leader, restock=True)
    assert decided.restocked is True
    assert Variant.objects.get(pk=line.variant_id).stock == stock_before + 2
    movement = StockMovement.objects.get(kind="return_restock")
    assert movement.quantity == 2 and movement.reference == f"return:{request.pk}"


def test_without_restock_the_stock_stays(member, leader):
    line = paid_line(member)
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    return_approve(return_request=make_return(line), actor=leader, restock=False)
    assert Variant.objects.get(pk=line.variant_id).stock == stock_before
    assert not StockMovement.objects.filter(kind="return_restock").exists()


def test_only_the_leader_decides(member, other_member, treasurer):
    request = make_return(paid_line(member))
    for actor in (member.user, other_member.user, treasurer):
        with pytest.raises(PermissionDeniedError):
            return_approve(return_request=request, actor=actor)
        with pytest.raises(PermissionDeniedError):
            return_reject(return_request=request, actor=actor, reason="tidak")
    request.refresh_from_db()
    assert request.status == "requested" and CreditEntry.objects.count() == 0


def test_reject_needs_a_reason_and_gives_no_credit(member, leader):
    request = make_return(paid_line(member))
    with pytest.raises(KongsiError) as error:
        return_reject(return_request=request, actor=leader, reason="   ")
    assert error.value.field == "reason"
    request.refresh_from_db()
    assert request.status == "requested"
    decided = return_reject(
        return_request=request, actor=leader, reason="Barang dipakai"
    )
    assert decided.status == "rejected" and decided.decision_reason == "Barang dipakai"
    with pytest.raises(ConflictError):
        return_approve(return_request=request, actor=leader)
    assert CreditEntry.objects.count() == 0


def test_adjustment_moves_credit_with_a_reason(member, leader):
    credit_adjust(member=member, amount=15_000, reason="Ongkir retur", actor=leader)
    entry = credit_adjust(
        member=member, amount=-5_000, reason="Salah catat", actor=leader
    )
    assert entry.kind == "adjustment" and entry.memo == "Salah catat"
    assert credit_balance(member) == 10_000
    with pytest.raises(ConflictError):
        credit_adjust(member=member, amount=-10_001, reason="x", actor=leader)
    with pytest.raises(KongsiError) as error:
        credit_adjust(member=member, amount=1_000, reason="", actor=leader)
    assert error.value.field == "reason"
    with pytest.raises(PermissionDeniedError):
        credit_adjust(member=member, amount=1_000, reason="x", actor=member.user)
    assert credit_balance(member) == 10_000


def test_the_same_adjustment_form_twice_posts_once(member, leader):
    from ledger.credit import DuplicatePost

    credit_adjust(
        member=member, amount=1_000, reason="x", actor=leader, idempotency_key="t1"
    )
    with pytest.raises(DuplicatePost):
        credit_adjust(
            member=member, amount=1_000, reason="x", actor=leader, idempotency_key="t1"
        )
    assert credit_balance(member) == 1_000


def test_audit_is_clean_after_returns_and_catches_tampering(member, leader, capsys):
    line = paid_line(member, quantity=4)
    return_approve(return_request=make_return(line, quantity=2), actor=leader)
    return_approve(
        return_request=make_return(line, quantity=1, reason="changed_mind"),
        actor=leader,
        restock=True,
    )
    return_reject(
        return_request=make_return(line, quantity=1), actor=leader, reason="x"
    )
    credit_adjust(member=member, amount=-1_000, reason="koreksi", actor=leader)
    call_command("audit_money")
    from returns.audit import run_checks

    assert all(problems == [] for _name, problems in run_checks())
    # A credited return whose entry is of the wrong value is caught.
    ReturnRequest.objects.filter(status="credited").update(credit_amount=1)
    problems = dict(run_checks())
    assert problems["each credited return has exactly one credit entry of its value"]
