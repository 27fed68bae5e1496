"""Factories and helpers for charity tests."""

import itertools

import factory

from charity.models import Beneficiary, Program
from ledger.fund import fund_post

_keys = itertools.count(1)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    kind = Program.Kind.FAMILY_AID
    budget = 1_000_000


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    name = factory.Sequence(lambda n: f"Ibu Rahasia {n}")
    category = Beneficiary.Category.POOR_FAMILY
    address = "Dusun Laok"
    household_size = 4


def fund_with(amount: int, *, kind: str = "donation", member=None, reference=None):
    """Put money into the fund through the ledger."""
    key = f"test-fund:{next(_keys)}"
    return fund_post(
        amount=amount,
        kind=kind,
        reference=reference or key,
        idempotency_key=key if reference is None else f"{reference}:{kind}",
        member=member,
    )
