"""Every write of the community app: registering members, profiles, shops."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import KongsiError
from community.models import Marketplace, Member, Notification, Shop
from community.phone import normalize_phone
from community.roles import ALL_ROLES, Role
from community.signals import member_registered

User = get_user_model()


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@transaction.atomic
def member_register(
    *,
    username: str,
    password: str,
    full_name: str,
    phone: str,
    roles: list[str] | None = None,
    mentor: Member | None = None,
    village: str = "",
    occupation: str = "",
    email: str = "",
    actor=None,
) -> Member:
    """Create the user, the member and their roles; enrol them for training.

    A new member starts as a trainee. Every problem raises KongsiError naming
    the field, and nothing is saved.
    """
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    roles = list(dict.fromkeys(roles or [Role.MEMBER]))
    if not username:
        raise KongsiError(_("Username is required."), field="username")
    if not full_name:
        raise KongsiError(_("Full name is required."), field="full_name")
    unknown = [role for role in roles if role not in ALL_ROLES]
    if unknown:
        raise KongsiError(
            _("Unknown roles: %(roles)s.") % {"roles": ", ".join(unknown)},
            field="roles",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise KongsiError(
            _("The username '%(username)s' is already taken. Choose another.")
            % {"username": username},
            field="username",
        )
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        raise KongsiError(_validation_message(error), field="phone") from None
    if Member.objects.filter(phone=phone).exists():
        raise KongsiError(
            _("This phone number is already registered for another member."),
            field="phone",
        )
    candidate = User(username=username, email=email or "")
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as error:
        raise KongsiError(_validation_message(error), field="password") from None

    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username,
                password=password,
                email=email or "",
                first_name=full_name[:150],
            )
            user.is_staff = Role.LEADER in roles or Role.TREASURER in roles
            user.save(update_fields=["is_staff"])
            groups = Group.objects.filter(name__in=roles)
            user.groups.set(groups)
            member = Member.objects.create(
                user=user,
                full_name=full_name,
                phone=phone,
                village=(village or "").strip(),
                occupation=(occupation or "").strip(),
                mentor=mentor,
                status=Member.Status.TRAINEE,
            )
    except IntegrityError:
        raise KongsiError(
            _("The username or phone number is already registered."), field="username"
        ) from None
    member_registered.send(sender=Member, member=member, mentor=mentor, actor=actor)

    from community.tasks import member_welcome_task

    member_welcome_task.delay_on_commit(member.pk)
    return member


@transaction.atomic
def member_update_profile(
    *,
    member: Member,
    full_name: str,
    phone: str,
    village: str = "",
    occupation: str = "",
) -> Member:
    """Change a member's own profile; the phone is normalised and kept unique."""
    full_name = (full_name or "").strip()
    if not full_name:
        raise KongsiError(_("Full name is required."), field="full_name")
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        raise KongsiError(_validation_message(error), field="phone") from None
    if Member.objects.filter(phone=phone).exclude(pk=member.pk).exists():
        raise KongsiError(
            _("This phone number is already registered for another member."),
            field="phone",
        )
    # lock_plan.MEMBER: alone (community.lock_plan).
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.full_name = full_name
    member.phone = phone
    member.village = (village or "").strip()
    member.occupation = (occupation or "").strip()
    member.save(update_fields=["full_name", "phone", "village", "occupation"])
    return member


def _check_shop(*, member: Member, marketplace: str, name: str, exclude_pk=None):
    name = (name or "").strip()
    if marketplace not in Marketplace.values:
        raise KongsiError(_("Choose a marketplace from the list."), field="marketplace")
    if not name:
        raise KongsiError(_("Shop name is required."), field="name")
    duplicate = Shop.objects.filter(
        member=member, marketplace=marketplace, name__iexact=name
    ).exclude(pk=exclude_pk)
    if duplicate.exists():
        raise KongsiError(
            _("You already have a shop with this name on that marketplace."),
            field="name",
        )
    return name


@transaction.atomic
def shop_create(*, member: Member, marketplace: str, name: str, url: str = "") -> Shop:
    """Add a marketplace shop to the member."""
    name = _check_shop(member=member, marketplace=marketplace, name=name)
    try:
        with transaction.atomic():
            return Shop.objects.create(
                member=member, marketplace=marketplace, name=name, url=url or ""
            )
    except IntegrityError:
        raise KongsiError(
            _("You already have a shop with this name on that marketplace."),
            field="name",
        ) from None


@transaction.atomic
def shop_update(*, shop: Shop, marketplace: str, name: str, url: str = "") -> Shop:
    """Change one of the member's shops."""
    name = _check_shop(
        member=shop.member, marketplace=marketplace, name=name, exclude_pk=shop.pk
    )
    shop.marketplace = marketplace
    shop.name = name
    shop.url = url or ""
    shop.save(update_fields=["marketplace", "name", "url"])
    return shop


def notification_send(
    *, member: Member, kind: str, message: str, key: str, link: str = ""
) -> Notification:
    """Put a message on the member's Beranda once per key (idempotent)."""
    notification, _created = Notification.objects.get_or_create(
        member=member,
        key=key,
        defaults={"kind": kind, "message": message, "link": link},
    )
    return notification


def notification_mark_read(*, member: Member) -> int:
    """Mark all of the member's notifications read; return how many changed."""
    return Notification.objects.filter(member=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
