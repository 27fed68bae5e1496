"""The charity fund's programs, beneficiaries and disbursements.

The fund ledger and the charity policy live in ``ledger`` (``ledger.models``);
a paid disbursement points at its ``ledger.FundEntry``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.events import StatusEvent
from community.storage import private_storage


class Program(models.Model):
    """What the fund pays for, e.g. the post-Ramadan family aid."""

    class Kind(models.TextChoices):
        FAMILY_AID = "family_aid", _("Aid for poor families")
        ORPHAN_AID = "orphan_aid", _("Aid for orphans")
        PLACE_OF_WORSHIP = "place_of_worship", _("Place of worship")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    schedule_note = models.CharField(
        _("when (in words)"),
        max_length=120,
        blank=True,
        help_text=_("For example: after Ramadan."),
    )
    budget = models.PositiveBigIntegerField(_("budget (Rp)"), default=0)
    planned_units = models.PositiveIntegerField(
        _("number of families/people"), null=True, blank=True
    )
    amount_per_unit = models.PositiveBigIntegerField(
        _("amount each (Rp)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Beneficiary(models.Model):
    """A person, family or place helped. PRIVATE: leader and treasurer only."""

    class Category(models.TextChoices):
        POOR_FAMILY = "poor_family", _("Poor family")
        ORPHAN = "orphan", _("Orphan")
        ELDERLY = "elderly", _("Elderly person")
        PLACE_OF_WORSHIP = "place_of_worship", _("Place of worship")
        STUDENT = "student", _("Student")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(
        pgettext_lazy("beneficiary", "category"), max_length=20, choices=Category
    )
    address = models.CharField(_("dusun / address"), max_length=255, blank=True)
    household_size = models.PositiveSmallIntegerField(
        _("people in household"), default=1
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


def disbursement_proof_path(instance, filename: str) -> str:
    return f"charity/proofs/{instance.pk or 'new'}/{filename}"


class Disbursement(models.Model):
    """Money (and/or goods bought with it) going out of the fund.

    Proposed by one person, approved by a different leader/treasurer, then paid:
    paying posts exactly one negative ``FundEntry`` of ``cash + in-kind value``.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        APPROVED = "approved", _("Approved, not paid yet")
        PAID = "paid", pgettext_lazy("disbursement", "Paid")
        REJECTED = "rejected", _("Rejected")

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    cash_amount = models.PositiveBigIntegerField(_("cash (Rp)"), default=0)
    in_kind_description = models.CharField(
        _("goods given"),
        max_length=255,
        blank=True,
        help_text=_("For example: sembako (rice 5 kg, oil 2 L, sugar 1 kg)."),
    )
    in_kind_value = models.PositiveBigIntegerField(
        _("value of the goods (Rp)"), default=0
    )
    memo = models.CharField(_("note"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    proof = models.ImageField(
        _("proof photo"),
        upload_to=disbursement_proof_path,
        storage=private_storage,
        blank=True,
    )
    fund_entry = models.OneToOneField(
        "ledger.FundEntry",
        verbose_name=_("fund entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursement",
    )

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cash_amount__gt=0) | Q(in_kind_value__gt=0),
                name="disbursement_has_value",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | ~Q(approved_by=models.F("proposed_by")),
                name="disbursement_two_people",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | (Q(approved_by__isnull=False) & Q(fund_entry__isnull=False)),
                name="disbursement_paid_is_approved_and_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.program} {self.total}"

    @property
    def total(self) -> int:
        """What leaves the fund: cash plus the value of goods bought."""
        return int(self.cash_amount) + int(self.in_kind_value)


class DisbursementEvent(StatusEvent):
    """One change of a disbursement (proposed, approved, rejected, paid)."""

    disbursement = StatusEvent.subject(Disbursement, _("disbursement"))

    class Meta(StatusEvent.Meta):
        verbose_name = _("disbursement event")
        verbose_name_plural = _("disbursement events")
