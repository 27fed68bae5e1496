"""Every write of the training app: enrolment, ticks, unticks, promo slots.

Lock order (``community.lock_plan``, steps 10-11, never inside a payment's
transaction): the enrollment row first, then the member row. Every
tick and untick of one trainee serialises on their enrollment row, so two
concurrent events cannot both tick the same automatic item; the partial unique
constraint on the active check is the backstop.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.errors import (
    ConflictError,
    KongsiError,
    NotFoundError,
    PermissionDeniedError,
)
from community.models import Marketplace, Member, Shop
from community.roles import is_leader
from community.selectors import member_for_user
from community.services import notification_send
from community.uploads import image_content_file, reencode_image, validate_image_upload
from training.models import (
    ChecklistItem,
    CompetitorPrice,
    Enrollment,
    ItemCheck,
    PromoSlot,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def enrollment_create(
    *, trainee: Member, mentor: Member | None, actor=None
) -> Enrollment:
    """Enrol the member for training with that mentor (idempotent).

    A second call keeps the existing enrolment and only sets a changed mentor.
    """
    if mentor is not None and mentor.pk == trainee.pk:
        raise KongsiError(_("A member cannot be their own mentor."), field="mentor")
    enrollment, created = Enrollment.objects.get_or_create(
        trainee=trainee, defaults={"mentor": mentor}
    )
    if not created and mentor is not None and enrollment.mentor_id != mentor.pk:
        enrollment = Enrollment.objects.select_for_update(of=("self",)).get(
            pk=enrollment.pk
        )
        enrollment.mentor = mentor
        enrollment.save(update_fields=["mentor"])
    return enrollment


def _lock_enrollment(enrollment: Enrollment) -> Enrollment:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("trainee", "mentor")
        .get(pk=enrollment.pk)
    )


def check_may_tick(*, enrollment: Enrollment, actor) -> Member | None:
    """Return the acting member; refuse anyone but the mentor or the leader.

    The trainee ticking their own item is a role that may never do it (403);
    anyone else does not even see this enrollment (404).
    """
    actor_member = member_for_user(actor)
    if is_leader(actor):
        return actor_member
    if actor_member is not None and actor_member.pk == enrollment.mentor_id:
        return actor_member
    if actor_member is not None and actor_member.pk == enrollment.trainee_id:
        raise PermissionDeniedError(
            _("Only your mentor can tick your checklist items.")
        )
    raise NotFoundError(_("Not found."))


def _stage_is_open(*, enrollment: Enrollment, item: ChecklistItem) -> bool:
    """True when every item of every earlier stage is ticked."""
    earlier = ChecklistItem.objects.filter(
        stage__position__lt=item.stage.position
    ).values_list("pk", flat=True)
    earlier = set(earlier)
    if not earlier:
        return True
    done = set(
        enrollment.checks.filter(
            unchecked_at__isnull=True, item_id__in=earlier
        ).values_list("item_id", flat=True)
    )
    return done == earlier


def _touch(enrollment: Enrollment, when: datetime.datetime) -> None:
    enrollment.last_activity_at = when
    enrollment.save(update_fields=["last_activity_at"])


@transaction.atomic
def item_check(
    *,
    enrollment: Enrollment,
    item: ChecklistItem,
    actor,
    note: str = "",
    evidence=None,
) -> ItemCheck:
    """Tick one checklist item for the trainee, with a note and optional photo.

    Refused: not the trainee's mentor or the leader (404; the trainee: 403),
    an automatic item (400), an item of a stage not yet open (409), an item
    already ticked (409).
    """
    enrollment = _lock_enrollment(enrollment)
    actor_member = check_may_tick(enrollment=enrollment, actor=actor)
    if item.auto:
        raise KongsiError(
            _("This item ticks itself when the data proves it; it cannot be ticked."),
            field="item",
        )
    if enrollment.completed_at is not None:
        raise ConflictError(_("This trainee has already finished every stage."))
    item = ChecklistItem.objects.select_related("stage").get(pk=item.pk)
    if not _stage_is_open(enrollment=enrollment, item=item):
        raise ConflictError(
            _("Finish the earlier stages first: '%(stage)s' is not open yet.")
            % {"stage": item.stage.title}
        )
    if enrollment.checks.filter(item=item, unchecked_at__isnull=True).exists():
        raise ConflictError(_("This item is already ticked."))
    stored_evidence = None
    if evidence:
        validate_image_upload(evidence, field="evidence")
        data, extension = reencode_image(evidence.read(), max_side=1600)
        stored_evidence = image_content_file(data, f"bukti.{extension}")
    now = timezone.now()
    check = ItemCheck(
        enrollment=enrollment,
        item=item,
        source=ItemCheck.Source.MENTOR,
        checked_by=actor_member,
        checked_by_user=actor,
        checked_at=now,
        note=(note or "").strip(),
    )
    if stored_evidence is not None:
        check.evidence.save(stored_evidence.name, stored_evidence, save=False)
    check.save()
    _touch(enrollment, now)
    _complete_if_done(enrollment=enrollment, actor=actor)
    return check


@transaction.atomic
def item_uncheck(
    *, enrollment: Enrollment, item: ChecklistItem, actor, reason: str
) -> ItemCheck:
    """Untick an item; the check stays in history with who, when and why."""
    enrollment = _lock_enrollment(enrollment)
    check_may_tick(enrollment=enrollment, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise KongsiError(_("Write why the tick is taken back."), field="reason")
    if item.auto:
        raise KongsiError(
            _("An automatic item follows the data; it cannot be unticked."),
            field="item",
        )
    if enrollment.completed_at is not None:
        raise ConflictError(
            _("This trainee already finished every stage; nothing can be unticked.")
        )
    check = (
        enrollment.checks.select_for_update()
        .filter(item=item, unchecked_at__isnull=True)
        .first()
    )
    if check is None:
        raise ConflictError(_("This item is not ticked."))
    now = timezone.now()
    check.unchecked_at = now
    check.unchecked_by = actor
    check.uncheck_reason = reason
    check.save(update_fields=["unchecked_at", "unchecked_by", "uncheck_reason"])
    _touch(enrollment, now)
    return check


def item_auto_check(*, auto_code: str, references: dict[int, str]) -> list[ItemCheck]:
    """Tick the automatic item ``auto_code`` once ever for each member of
    ``references`` ({member_id: reference}); return the new checks.

    Runs after the commit of what proves it (a receiver of another app's
    signal), never inside a payment. One query finds the enrolled members who
    never had the item; only those are locked and ticked, each in its own
    transaction (lock plan: the enrollment row, then the member row). A race
    that still slips through meets the unique constraint and ticks nothing.
    """
    if not references:
        return []
    item = ChecklistItem.objects.filter(auto=True, auto_code=auto_code).first()
    if item is None:
        return []
    waiting = set(
        Enrollment.objects.filter(trainee_id__in=list(references))
        .exclude(checks__item=item)
        .values_list("trainee_id", flat=True)
    )
    checks = []
    for member_id, reference in references.items():
        if member_id in waiting:
            check = _tick_automatically(member_id, item, reference)
            if check is not None:
                checks.append(check)
    return checks


def _tick_automatically(member_id: int, item, reference: str) -> ItemCheck | None:
    try:
        with transaction.atomic():
            enrollment = (
                Enrollment.objects.select_for_update(of=("self",))
                .select_related("trainee", "mentor")
                .filter(trainee_id=member_id)
                .first()
            )
            if enrollment is None:
                return None
            # Ticked once ever: an earlier tick (even an old one) ends it.
            if enrollment.checks.filter(item=item).exists():
                return None
            now = timezone.now()
            check = ItemCheck.objects.create(
                enrollment=enrollment,
                item=item,
                source=ItemCheck.Source.AUTOMATIC,
                checked_at=now,
                reference=reference[:80],
                note=_("Ticked automatically (%(reference)s).")
                % {"reference": reference},
            )
            _touch(enrollment, now)
            _complete_if_done(enrollment=enrollment, actor=None)
            return check
    except IntegrityError:
        return None


def _complete_if_done(*, enrollment: Enrollment, actor) -> bool:
    """When every item is ticked: finish, make the member active, congratulate."""
    if enrollment.completed_at is not None:
        return False
    all_items = set(ChecklistItem.objects.values_list("pk", flat=True))
    done = set(
        enrollment.checks.filter(unchecked_at__isnull=True).values_list(
            "item_id", flat=True
        )
    )
    if not all_items or not all_items <= done:
        return False
    now = timezone.now()
    enrollment.completed_at = now
    enrollment.save(update_fields=["completed_at"])
    trainee = Member.objects.select_for_update().get(pk=enrollment.trainee_id)
    trainee.status = Member.Status.ACTIVE
    trainee.became_active_on = timezone.localdate(now)
    trainee.save(update_fields=["status", "became_active_on"])
    key = f"training-complete:{enrollment.pk}"
    with translation.override("id"):
        notification_send(
            member=trainee,
            kind="training_complete",
            message=_(
                "Congratulations, %(name)s! You finished every training stage "
                "and now sell independently."
            )
            % {"name": trainee.full_name},
            key=key,
            link="/belajar/",
        )
        if enrollment.mentor_id:
            notification_send(
                member=enrollment.mentor,
                kind="training_complete",
                message=_(
                    "Congratulations! Your trainee %(name)s finished every stage "
                    "and now sells independently."
                )
                % {"name": trainee.full_name},
                key=key,
                link="/belajar/murid/",
            )
    return True


# Promo planner ----------------------------------------------------------------


def _check_promo(
    *,
    member: Member,
    shop: Shop,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    products: str,
    discount_percent: int,
    kind: str,
) -> None:
    if shop is None or shop.member_id != member.pk:
        raise KongsiError(_("Choose one of your own shops."), field="shop")
    if kind not in PromoSlot.Kind.values:
        raise KongsiError(_("Choose promo or flash sale."), field="kind")
    if starts_at is None or ends_at is None:
        raise KongsiError(_("Fill in the start and end time."), field="starts_at")
    if ends_at <= starts_at:
        raise KongsiError(_("The end must be after the start."), field="ends_at")
    if not (products or "").strip():
        raise KongsiError(_("Write which products are in the promo."), field="products")
    if discount_percent is None or not 1 <= int(discount_percent) <= 99:
        raise KongsiError(
            _("The discount must be between 1 and 99 percent."),
            field="discount_percent",
        )


@transaction.atomic
def promo_slot_create(
    *,
    member: Member,
    shop: Shop,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    products: str,
    discount_percent: int,
    note: str = "",
) -> PromoSlot:
    """Record a promo or flash-sale slot the member set up in their shop."""
    _check_promo(
        member=member,
        shop=shop,
        starts_at=starts_at,
        ends_at=ends_at,
        products=products,
        discount_percent=discount_percent,
        kind=kind,
    )
    return PromoSlot.objects.create(
        member=member,
        shop=shop,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        products=products.strip(),
        discount_percent=int(discount_percent),
        note=(note or "").strip(),
    )


@transaction.atomic
def promo_slot_delete(*, slot: PromoSlot, member: Member) -> None:
    """Remove one of the member's own promo slots."""
    if slot.member_id != member.pk:
        raise NotFoundError(_("Not found."))
    slot.delete()


def promo_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind members of slots starting within the hour, once each.

    Return how many reminders were sent. A slot already started is not
    reminded (the reminder would come too late to help).
    """
    now = now or timezone.now()
    due = list(
        PromoSlot.objects.filter(
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=1),
        ).values_list("pk", flat=True)
    )
    sent = 0
    for slot_id in due:
        if _promo_remind_one(slot_id=slot_id, now=now):
            sent += 1
    return sent


def _send_reminder_email(email: str, subject: str, message: str) -> None:
    """Email a reminder; a mail server problem never undoes the Beranda one."""
    from django.core.mail import send_mail

    try:
        send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [email])
    except Exception:  # noqa: BLE001 - email is a courtesy, Beranda has it
        logger.warning("promo reminder email to member failed", exc_info=True)


@transaction.atomic
def _promo_remind_one(*, slot_id: int, now: datetime.datetime) -> bool:
    slot = (
        PromoSlot.objects.select_for_update(of=("self",))
        .select_related("member__user", "shop")
        .filter(pk=slot_id, reminded_at__isnull=True)
        .first()
    )
    if slot is None:
        return False
    start = timezone.localtime(slot.starts_at)
    with translation.override("id"):
        message = _(
            "Reminder: your %(kind)s in %(shop)s starts at %(time)s "
            "(%(discount)s%% off: %(products)s). Check your stock and prices."
        ) % {
            "kind": slot.get_kind_display(),
            "shop": slot.shop.name,
            "time": start.strftime("%H:%M"),
            "discount": slot.discount_percent,
            "products": slot.products[:80],
        }
        subject = _("Your promo starts soon")
    notification_send(
        member=slot.member,
        kind="promo_reminder",
        message=message,
        key=f"promo:{slot.pk}",
        link="/belajar/promo/",
    )
    slot.reminded_at = now
    slot.save(update_fields=["reminded_at"])
    email = slot.member.user.email
    if email:
        transaction.on_commit(lambda: _send_reminder_email(email, subject, message))
    return True


# Segmentation worksheet -----------------------------------------------------------


@transaction.atomic
def competitor_price_record(
    *,
    member: Member,
    category,
    marketplace: str,
    product_name: str,
    price: int,
    shop_name: str = "",
    sold_count: int | None = None,
    note: str = "",
) -> CompetitorPrice:
    """Record a competitor's price the member found for a category."""
    if category is None:
        raise KongsiError(_("Choose a category first."), field="category")
    if marketplace not in Marketplace.values:
        raise KongsiError(_("Choose a marketplace from the list."), field="marketplace")
    product_name = (product_name or "").strip()
    if not product_name:
        raise KongsiError(_("Write the product name."), field="product_name")
    if price is None or int(price) < 1:
        raise KongsiError(_("The price must be at least Rp 1."), field="price")
    return CompetitorPrice.objects.create(
        member=member,
        category=category,
        marketplace=marketplace,
        product_name=product_name,
        shop_name=(shop_name or "").strip(),
        price=int(price),
        sold_count=sold_count,
        note=(note or "").strip(),
    )
