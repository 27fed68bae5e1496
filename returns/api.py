"""REST API of the returns app (API.md, "Returns and credit").

Writes go through ``returns.services``; visibility through
``returns.selectors`` (another member's return or line is 404, never 403).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api_base import IsLeader
from community.errors import KongsiError, NotFoundError, PermissionDeniedError
from community.limits import id_or_none
from community.models import Member
from community.roles import Role, has_role, is_staff_role
from community.selectors import member_for_user
from ledger.credit import credit_balance
from returns import selectors, services
from returns.models import ReturnRequest
from returns.serializers import (
    CreditAdjustmentSerializer,
    CreditEntrySerializer,
    CreditSerializer,
    ReturnApproveSerializer,
    ReturnCreateSerializer,
    ReturnRejectSerializer,
    ReturnSerializer,
)


class ReturnViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Members ask for returns of their own paid lines; the leader decides."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ReturnSerializer
    queryset = ReturnRequest.objects.none()

    def get_permissions(self):
        if self.action in {"approve", "reject"}:
            return [IsLeader()]
        return super().get_permissions()

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ReturnRequest.Status.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.return_list_for(self.request.user)
        status_filter = self.request.query_params.get("status") or None
        if status_filter:
            if status_filter not in ReturnRequest.Status.values:
                raise KongsiError(_("Unknown status."), field="status")
            queryset = queryset.filter(status=status_filter)
        return queryset.order_by("-created_at", "-pk")

    def get_object(self):
        return selectors.return_get_for(self.request.user, self.kwargs["pk"])

    def _respond(self, return_request, *, code=status.HTTP_200_OK):
        fresh = selectors.return_get_for(self.request.user, return_request.pk)
        data = ReturnSerializer(fresh, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(request=ReturnCreateSerializer, responses={201: ReturnSerializer})
    def create(self, request, *args, **kwargs):
        member = member_for_user(request.user)
        if member is None or not has_role(request.user, Role.MEMBER, Role.MENTOR):
            raise PermissionDeniedError(_("Only members ask for returns."))
        data = request.data
        if hasattr(data, "getlist"):
            # Multipart: several files under one name; keep them all.
            data = {key: data.get(key) for key in data}
            data["photos"] = request.FILES.getlist("photos")
        body = ReturnCreateSerializer(data=data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        return_request = services.return_request_create(
            member=member,
            actor=request.user,
            order_line_id=values["order_line"],
            quantity=values["quantity"],
            reason=values["reason"],
            note=values["note"],
            photos=values["photos"],
        )
        return self._respond(return_request, code=status.HTTP_201_CREATED)

    @extend_schema(request=ReturnApproveSerializer, responses=ReturnSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return_request = self.get_object()
        body = ReturnApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = services.return_approve(
            return_request=return_request,
            actor=request.user,
            restock=body.validated_data["restock"],
        )
        return self._respond(decided)

    @extend_schema(request=ReturnRejectSerializer, responses=ReturnSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return_request = self.get_object()
        body = ReturnRejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = services.return_reject(
            return_request=return_request,
            actor=request.user,
            reason=body.validated_data["reason"],
        )
        return self._respond(decided)


class CreditView(APIView):
    """The signed-in member's own credit: balance and every entry."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "member", int, description="Leader or treasurer: another member"
            )
        ],
        responses=CreditSerializer,
    )
    def get(self, request):
        member = self._member(request)
        entries = selectors.credit_entries_for(member)
        return Response(
            {
                "balance": credit_balance(member),
                "entries": CreditEntrySerializer(entries, many=True).data,
            }
        )

    @staticmethod
    def _member(request) -> Member:
        wanted = request.query_params.get("member")
        if wanted and is_staff_role(request.user):
            member_pk = id_or_none(wanted)
            member = (
                Member.objects.filter(pk=member_pk).first()
                if member_pk is not None
                else None
            )
        else:
            member = member_for_user(request.user)
        if member is None:
            raise NotFoundError(_("This account has no credit."))
        return member


class CreditAdjustmentView(APIView):
    """The leader corrects a member's credit, with a reason."""

    permission_classes = [IsLeader]

    @extend_schema(
        request=CreditAdjustmentSerializer, responses={201: CreditEntrySerializer}
    )
    def post(self, request):
        body = CreditAdjustmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        member = Member.objects.filter(pk=values["member"]).first()
        if member is None:
            raise KongsiError(_("This member was not found."), field="member")
        entry = services.credit_adjust(
            member=member,
            amount=values["amount"],
            reason=values["reason"],
            actor=request.user,
            idempotency_key=values.get("idempotency_key") or None,
        )
        return Response(
            CreditEntrySerializer(entry).data, status=status.HTTP_201_CREATED
        )
