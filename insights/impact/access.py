"""Who sees which part of the impact report.

- community figures (counts, cohorts, funnel, economy, charity reach): the
  leader, the treasurer and mentors;
- per-member figures (income, turnover): the member themself, their mentor
  and the leader; nobody else (a treasurer sees only their own);
- learners at risk: the leader (all) and a mentor (their own trainees).
"""

from django.db.models import Q, QuerySet

from community.models import Member
from community.roles import Role, has_role, is_leader
from community.selectors import member_for_user


def may_see_community(user) -> bool:
    return has_role(user, Role.LEADER, Role.TREASURER, Role.MENTOR)


def may_open_report(user) -> bool:
    return may_see_community(user) or member_for_user(user) is not None


def visible_members(user) -> QuerySet[Member] | None:
    """The members whose own figures ``user`` may see, or None for nobody."""
    if is_leader(user):
        return Member.objects.all()
    me = member_for_user(user)
    if me is None:
        return None
    if has_role(user, Role.MENTOR):
        return Member.objects.filter(Q(pk=me.pk) | Q(mentor=me))
    return Member.objects.filter(pk=me.pk)


def at_risk_scope(user) -> tuple[bool, Member | None]:
    """(may see, mentor to filter by): the leader sees all, a mentor their own."""
    if is_leader(user):
        return True, None
    if has_role(user, Role.MENTOR):
        me = member_for_user(user)
        if me is not None:
            return True, me
    return False, None
