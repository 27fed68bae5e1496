"""Return requests and their photos.

Credit is money the leader owes a member, for example for a defective item; it
lives in the member credit ledger, ``ledger.models.CreditEntry``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.events import StatusEvent
from community.storage import private_storage
from ledger.references import Purpose, return_ref


def return_photo_upload_to(photo: "ReturnPhoto", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    stamp = timezone.now()
    name = f"return-{photo.return_request_id}-{stamp:%H%M%S%f}.{extension}"
    return f"returns/{stamp:%Y/%m}/{name}"


class ReturnRequest(models.Model):
    """A member asks to send back items of one paid order line.

    ``requested`` → ``credited`` (a leader-responsibility reason: the member gets
    ``unit_base_price × quantity`` as credit, exactly once) or ``approved``
    (accepted without credit) or ``rejected`` (with the leader's reason).
    """

    class Reason(models.TextChoices):
        DEFECTIVE = "defective", _("Broken or faulty")
        WRONG_ITEM = "wrong_item", _("Wrong item sent")
        DAMAGED_IN_TRANSIT = "damaged_in_transit", _("Damaged on the way")
        CHANGED_MIND = "changed_mind", _("Buyer changed their mind")
        OTHER = "other", _("Other reason")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the leader")
        CREDITED = "credited", _("Accepted, credit given")
        APPROVED = "approved", _("Accepted, no credit")
        REJECTED = "rejected", _("Refused")

    # The leader is responsible for these: the member is credited the item's price.
    LEADER_RESPONSIBILITY = frozenset(
        {Reason.DEFECTIVE, Reason.WRONG_ITEM, Reason.DAMAGED_IN_TRANSIT}
    )

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="return_requests",
    )
    order_line = models.ForeignKey(
        "orders.OrderLine",
        verbose_name=_("order item"),
        on_delete=models.PROTECT,
        related_name="return_requests",
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED
    )
    restocked = models.BooleanField(_("put back in stock"), default=False)
    credit_amount = models.PositiveBigIntegerField(_("credit (Rp)"), default=0)
    # One return, at most one credit: the OneToOne makes a second one impossible
    # (and the entry's idempotency key ``return:<id>:credit`` is unique too).
    credit_entry = models.OneToOneField(
        "ledger.CreditEntry",
        verbose_name=_("credit entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_request",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("leader's reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="return_status_created"),
            models.Index(fields=["member", "created_at"], name="return_member_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="return_quantity_at_least_1"
            ),
            # credited ⇔ a credit entry and a positive amount; else no credit.
            models.CheckConstraint(
                condition=Q(
                    status="credited",
                    credit_entry__isnull=False,
                    credit_amount__gt=0,
                )
                | (
                    ~Q(status="credited")
                    & Q(credit_entry__isnull=True, credit_amount=0)
                ),
                name="return_credit_only_when_credited",
            ),
            models.CheckConstraint(
                condition=Q(status="requested", decided_at__isnull=True)
                | (~Q(status="requested") & Q(decided_at__isnull=False)),
                name="return_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="return_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.quantity} × line {self.order_line_id}"

    @property
    def is_leader_responsibility(self) -> bool:
        return self.reason in self.LEADER_RESPONSIBILITY

    @property
    def status_tone(self) -> str:
        return RETURN_STATUS_TONES.get(self.status, "")

    @property
    def reason_icon(self) -> str:
        return REASON_ICONS.get(self.reason, "dots")

    @property
    def reference(self) -> str:
        """The reference written on credit entries and stock movements."""
        return str(return_ref(self.pk))

    @property
    def credit_key(self) -> str:
        return return_ref(self.pk).key(Purpose.CREDIT)


RETURN_STATUS_TONES = {
    ReturnRequest.Status.REQUESTED: "warn",
    ReturnRequest.Status.CREDITED: "ok",
    ReturnRequest.Status.APPROVED: "info",
    ReturnRequest.Status.REJECTED: "bad",
}

# Icon (in returns/static/returns/reasons.svg) for each reason.
REASON_ICONS = {
    ReturnRequest.Reason.DEFECTIVE: "broken",
    ReturnRequest.Reason.WRONG_ITEM: "swap",
    ReturnRequest.Reason.DAMAGED_IN_TRANSIT: "truck",
    ReturnRequest.Reason.CHANGED_MIND: "undo",
    ReturnRequest.Reason.OTHER: "dots",
}


class ReturnPhoto(models.Model):
    """A photo of the returned item (private: served only to its member and staff)."""

    return_request = models.ForeignKey(
        ReturnRequest,
        verbose_name=_("return"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("photo"),
        storage=private_storage,
        upload_to=return_photo_upload_to,
        max_length=200,
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["return_request_id", "pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of return {self.return_request_id}"


class ReturnEvent(StatusEvent):
    """One change of a return request (asked, credited, approved, refused)."""

    return_request = StatusEvent.subject(ReturnRequest, _("return request"))

    class Meta(StatusEvent.Meta):
        verbose_name, verbose_name_plural = _("return event"), _("return events")
