"""Members of the community, their marketplace shops, and notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Marketplace(models.TextChoices):
    SHOPEE = "shopee", "Shopee"
    TOKOPEDIA = "tokopedia", "Tokopedia"
    LAZADA = "lazada", "Lazada"
    TIKTOK = "tiktok", "TikTok Shop"
    BUKALAPAK = "bukalapak", "Bukalapak"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", _("Other")


class Member(models.Model):
    class Status(models.TextChoices):
        TRAINEE = "trainee", _("Learning")
        ACTIVE = "active", _("Independent")
        INACTIVE = "inactive", _("Inactive")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=16, unique=True)
    village = models.CharField(_("village/hamlet"), max_length=120, blank=True)
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.TRAINEE
    )
    mentor = models.ForeignKey(
        "self",
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainees",
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    became_active_on = models.DateField(_("independent since"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("member")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("pk")), name="member_not_own_mentor"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Shop(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="shops", verbose_name=_("member")
    )
    marketplace = models.CharField(_("marketplace"), max_length=12, choices=Marketplace)
    name = models.CharField(_("shop name"), max_length=120)
    url = models.URLField(_("shop address (link)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shop")
        ordering = ["member_id", "marketplace", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "marketplace", "name"], name="shop_unique_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_marketplace_display()})"


class Notification(models.Model):
    """A short message on a member's Beranda (welcome, reminders, news)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    message = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    key = models.CharField(
        max_length=120,
        help_text="Idempotency key: the same notification is never sent twice.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notification")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "key"], name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.message[:60]


class TaskOutbox(models.Model):
    """Celery work recorded in the same transaction as the write that needs it.

    ``community.outbox`` sends it after the commit; the sweep sends it again
    while ``done_at`` is empty, so a broker that is down loses nothing.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    key = models.CharField(
        max_length=255,
        unique=True,
        help_text="The task and its arguments: the same work is recorded once.",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("times sent"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Raised by every enqueue and carried to the run (a message header): only
    # a run of the latest generation marks the row done, so work recorded
    # again while an older run was busy is never lost when that run ends.
    generation = models.PositiveIntegerField(_("times recorded"), default=1)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(done_at__isnull=True),
                name="outbox_not_done",
            )
        ]

    def __str__(self) -> str:
        return self.key


class RequestOnce(models.Model):
    """A write that was done once: an API ``Idempotency-Key`` or a page form token.

    The row is inserted before the view runs and saved with its response in the
    same transaction as the view's writes, so either both exist or neither: a
    retry after a crash between commit and reply finds the stored response. The
    unique (user, key) index makes a concurrent twin wait for the first.
    """

    class Kind(models.TextChoices):
        API = "api", "API"
        FORM = "form", _("page form")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    key = models.CharField(max_length=255)
    # sha256 of method, path and (for the API) the canonical body.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(default=b"", blank=True)
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("repeated request guard")
        verbose_name_plural = _("repeated request guards")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="request_once_per_user_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
