"""Helpers to build trainees and tick them along (training tests)."""

from types import SimpleNamespace

from community.models import Member
from tests.factories import MemberFactory
from training.models import ChecklistItem, Enrollment, ItemCheck, Stage
from training.services import enrollment_create


def make_mentor(**kwargs) -> Member:
    return MemberFactory(roles=["member", "mentor"], **kwargs)


def make_trainee(mentor: Member | None = None, **kwargs) -> Enrollment:
    """A trainee member (status trainee) enrolled with ``mentor``."""
    mentor = mentor or make_mentor()
    trainee = MemberFactory(status=Member.Status.TRAINEE, mentor=mentor, **kwargs)
    return enrollment_create(trainee=trainee, mentor=mentor)


def items_of(position: int) -> list[ChecklistItem]:
    return list(Stage.objects.get(position=position).items.order_by("position"))


def manual_items(position: int) -> list[ChecklistItem]:
    return [item for item in items_of(position) if not item.auto]


def auto_item(code: str) -> ChecklistItem:
    return ChecklistItem.objects.get(auto_code=code)


def tick_directly(enrollment: Enrollment, items) -> None:
    """Mark items done without the service (setting the scene for a test)."""
    for item in items:
        ItemCheck.objects.create(enrollment=enrollment, item=item, note="setup")


def fake_order(member: Member, pk: int, status: str = "submitted"):
    """Something that quacks like an order for the signal receivers."""
    return SimpleNamespace(pk=pk, member_id=member.pk, member=member, status=status)


def fake_settlement(member: Member, pk: int):
    return SimpleNamespace(pk=pk, member_id=member.pk, member=member)
