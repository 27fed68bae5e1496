"""Demo charity fund: a year of member contributions and a few donations, the
post-Ramadan family aid (50 families × Rp 100.000), school support for
orphans, and a mosque renovation purchase.

Everything goes through the ledger and the services (proposed by the
treasurer, approved and paid by the leader), so ``audit_money`` stays clean.
Only the dates are moved back afterwards so the public chart shows a year.
Running it twice changes nothing: every post has a fixed idempotency key and
programs/beneficiaries are found by name.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from charity.models import Beneficiary, Disbursement, Program
from charity.services import (
    beneficiary_create,
    disbursement_approve,
    disbursement_pay,
    disbursement_propose,
    program_create,
)
from ledger.fund import DuplicatePost, fund_post
from ledger.models import FundEntry

FAMILY_PROGRAM = "Santunan keluarga kurang mampu setelah Ramadan"
ORPHAN_PROGRAM = "Bantuan sekolah anak yatim"
MOSQUE_PROGRAM = "Renovasi Masjid Al-Ikhlas"
DONATIONS = [
    ("demo:donation:hamba-allah", 11, 2_000_000, "Hamba Allah"),
    ("demo:donation:toko-berkah", 6, 1_500_000, "Toko Berkah Sumenep"),
    ("demo:donation:arisan-ibu", 3, 2_500_000, "Arisan ibu-ibu Juruan Laok"),
]
FAMILY_HEADS = [
    "Bapak Sahur",
    "Ibu Marni",
    "Bapak Jumali",
    "Ibu Satiya",
    "Bapak Marsuki",
    "Ibu Rukmini",
    "Bapak Sudarso",
    "Ibu Hosniyah",
    "Bapak Madrawi",
    "Ibu Sumiati",
    "Bapak Asmuni",
    "Ibu Halimah",
    "Bapak Rasidi",
    "Ibu Munawaroh",
    "Bapak Sahlan",
    "Ibu Zaitun",
    "Bapak Masduki",
    "Ibu Salamah",
    "Bapak Hasyim",
    "Ibu Qomariyah",
    "Bapak Sunarto",
    "Ibu Asiyah",
    "Bapak Mukri",
    "Ibu Rohmah",
    "Bapak Sadik",
    "Ibu Fatimah",
    "Bapak Busiri",
    "Ibu Sulastri",
    "Bapak Mattali",
    "Ibu Jamilah",
    "Bapak Ruslan",
    "Ibu Maimunah",
    "Bapak Tohari",
    "Ibu Nafisah",
    "Bapak Sukri",
    "Ibu Latifah",
    "Bapak Marzuki",
    "Ibu Saudah",
    "Bapak Juhari",
    "Ibu Khotijah",
    "Bapak Samsuri",
    "Ibu Mariyam",
    "Bapak Arifin",
    "Ibu Sutini",
    "Bapak Ismail",
    "Ibu Rumlah",
    "Bapak Hanafi",
    "Ibu Sholehah",
    "Bapak Matrawi",
    "Ibu Zubaidah",
]
ORPHANS = [
    "Ananda Faiz",
    "Ananda Nabila",
    "Ananda Rizki",
    "Ananda Aisyah",
    "Ananda Hafiz",
    "Ananda Zahra",
    "Ananda Ilham",
    "Ananda Salsabila",
]
MOSQUE = "Masjid Al-Ikhlas Juruan Laok"


def _at(months_back: int, day: int, hour: int = 10):
    """An aware datetime ``months_back`` months before today, on ``day``."""
    today = timezone.localdate()
    year, month = today.year, today.month - months_back
    while month <= 0:
        year, month = year - 1, month + 12
    moment = datetime.combine(
        today.replace(year=year, month=month, day=min(day, 28)), time(hour, 0)
    )
    moment = timezone.make_aware(moment)
    return min(moment, timezone.now() - timedelta(minutes=5))


def _post_once(*, key, when, **fields) -> None:
    try:
        entry = fund_post(idempotency_key=key, **fields)
    except DuplicatePost:
        return
    FundEntry.objects.filter(pk=entry.pk).update(created_at=when)


def _beneficiary(name, category, *, address, household_size, actor) -> Beneficiary:
    found = Beneficiary.objects.filter(name=name).first()
    return found or beneficiary_create(
        actor=actor,
        name=name,
        category=category,
        address=address,
        household_size=household_size,
    )


def _program(name, *, actor, **fields) -> Program:
    return Program.objects.filter(name=name).first() or program_create(
        actor=actor, name=name, **fields
    )


def _pay_once(*, program, beneficiary, when, proposer, approver, **amounts) -> None:
    if Disbursement.objects.filter(program=program, beneficiary=beneficiary).exists():
        return
    proposal = disbursement_propose(
        actor=proposer, program=program, beneficiary=beneficiary, **amounts
    )
    disbursement_approve(disbursement=proposal, actor=approver)
    paid = disbursement_pay(disbursement=proposal, actor=approver)
    Disbursement.objects.filter(pk=paid.pk).update(
        proposed_at=when - timedelta(days=2),
        approved_at=when - timedelta(days=1),
        paid_at=when,
    )
    FundEntry.objects.filter(pk=paid.fund_entry_id).update(created_at=when)


def seed(context: dict) -> dict:
    members = context.get("community") or {}
    leader = members["ketua"].user
    treasurer = members["bendahara"].user

    # A year of contributions from every member (as their settlements would).
    for index, (username, member) in enumerate(sorted(members.items())):
        for months_back in range(11, -1, -1):
            amount = 15_000 + ((index * 7_919 + months_back * 10_477) % 45_000)
            amount -= amount % 100
            when = _at(months_back, 3 + index)
            _post_once(
                key=f"demo:contribution:{username}:{months_back}",
                when=when,
                amount=amount,
                kind=FundEntry.Kind.CONTRIBUTION,
                reference=f"demo-setoran:{username}:{when:%Y-%m}",
                member=member,
                actor=treasurer,
                memo="(demo)",
            )
    for key, months_back, amount, donor in DONATIONS:
        _post_once(
            key=key,
            when=_at(months_back, 15),
            amount=amount,
            kind=FundEntry.Kind.DONATION,
            reference=key,
            actor=treasurer,
            memo=donor,
        )

    family = _program(
        FAMILY_PROGRAM,
        actor=treasurer,
        kind=Program.Kind.FAMILY_AID,
        description="Sembako dan uang tunai untuk keluarga kurang mampu di dusun-dusun "
        "Juruan Laok, dibagikan setelah Hari Raya.",
        schedule_note="setelah Ramadan",
        planned_units=50,
        amount_per_unit=100_000,
        status=Program.Status.DONE,
    )
    orphans = _program(
        ORPHAN_PROGRAM,
        actor=treasurer,
        kind=Program.Kind.ORPHAN_AID,
        description="Seragam, buku dan uang sekolah untuk anak yatim di awal tahun "
        "ajaran.",
        schedule_note="awal tahun ajaran",
        planned_units=len(ORPHANS),
        amount_per_unit=150_000,
        status=Program.Status.RUNNING,
    )
    mosque = _program(
        MOSQUE_PROGRAM,
        actor=treasurer,
        kind=Program.Kind.PLACE_OF_WORSHIP,
        description="Semen, pasir dan cat untuk memperbaiki serambi masjid.",
        budget=2_500_000,
        status=Program.Status.DONE,
    )
    _program(
        "Santunan Ramadan tahun depan",
        actor=treasurer,
        kind=Program.Kind.FAMILY_AID,
        description="Rencana: sembako untuk 60 keluarga.",
        schedule_note="setelah Ramadan tahun depan",
        planned_units=60,
        amount_per_unit=100_000,
    )

    dusun = ["Dusun Laok", "Dusun Daya", "Dusun Tengah", "Dusun Barat"]
    for number, name in enumerate(FAMILY_HEADS):
        beneficiary = _beneficiary(
            f"Keluarga {name}",
            Beneficiary.Category.POOR_FAMILY,
            address=dusun[number % len(dusun)],
            household_size=2 + number % 5,
            actor=treasurer,
        )
        _pay_once(
            program=family,
            beneficiary=beneficiary,
            when=_at(7, 2, 9 + number % 6),
            proposer=treasurer,
            approver=leader,
            cash_amount=40_000,
            in_kind_description="Sembako: beras 5 kg, minyak 1 L, gula 1 kg",
            in_kind_value=60_000,
        )
    for number, name in enumerate(ORPHANS):
        beneficiary = _beneficiary(
            name,
            Beneficiary.Category.ORPHAN,
            address=dusun[number % len(dusun)],
            household_size=3,
            actor=treasurer,
        )
        _pay_once(
            program=orphans,
            beneficiary=beneficiary,
            when=_at(4, 14),
            proposer=treasurer,
            approver=leader,
            cash_amount=50_000,
            in_kind_description="Seragam dan buku tulis",
            in_kind_value=100_000,
        )
    masjid = _beneficiary(
        MOSQUE,
        Beneficiary.Category.PLACE_OF_WORSHIP,
        address="Dusun Tengah",
        household_size=1,
        actor=treasurer,
    )
    _pay_once(
        program=mosque,
        beneficiary=masjid,
        when=_at(2, 20),
        proposer=treasurer,
        approver=leader,
        in_kind_description="20 sak semen, 2 truk pasir, 10 kaleng cat",
        in_kind_value=2_350_000,
    )
    return {"programs": [family, orphans, mosque]}
