"""``GET /api/v1/insights/summary/``: the same figures as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.errors import KongsiError, NotFoundError, PermissionDeniedError
from community.models import Member
from community.roles import is_staff_role
from community.selectors import member_for_user
from insights import selectors
from insights.periods import Month
from insights.serializers import InsightsSummarySerializer


def _parse_member_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise KongsiError(
            _("Choose a member by their number."), field="member"
        ) from None


class SummaryView(APIView):
    """Leader and treasurer: the whole community (or ``?member=<id>``).
    A member: only their own figures (``?member`` is refused with 403)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, description="YYYY-MM (Jakarta time)"),
            OpenApiParameter("member", int, description="leader/treasurer only"),
        ],
        responses=InsightsSummarySerializer,
    )
    def get(self, request):
        month = Month.parse(request.query_params.get("month"))
        member_param = request.query_params.get("member")
        if is_staff_role(request.user):
            scope = "community"
            member = None
            if member_param not in (None, ""):
                member = Member.objects.filter(
                    pk=_parse_member_id(member_param)
                ).first()
                if member is None:
                    raise NotFoundError(_("Member not found."))
                scope = "member"
        else:
            member = member_for_user(request.user)
            if member is None:
                raise PermissionDeniedError(_("Your role may not do this."))
            if member_param not in (None, "") and str(member_param) != str(member.pk):
                raise PermissionDeniedError(_("You can only see your own figures."))
            scope = "member"
        data = selectors.summary(month=month, member=member)
        return Response(
            {
                "month": month.key,
                "scope": scope,
                "member": member.pk if member else None,
                **data,
            }
        )
