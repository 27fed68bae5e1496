"""REST API of settlements and reconciliation (API.md, "Settlements")."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api_base import IsLeaderOrTreasurer, IsMember
from community.errors import ConflictError, KongsiError, NotFoundError
from community.selectors import member_for_user
from settlements import reconciliation, services
from settlements.bank_accounts import qris_codes
from settlements.models import (
    BankAccount,
    BankStatement,
    BankStatementLine,
    Settlement,
)
from settlements.selectors import settlement_list_for, statement_lines_for
from settlements.serializers import (
    BankStatementLineSerializer,
    BankStatementSerializer,
    LineMatchSerializer,
    ProofSerializer,
    QrisSerializer,
    RejectSerializer,
    SettlementCreateSerializer,
    SettlementSerializer,
    StatementUploadSerializer,
)


class SettlementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Members see and pay their own settlements; leader/treasurer see all."""

    serializer_class = SettlementSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Settlement.objects.none()
    filterset_fields = ["status", "member"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return settlement_list_for(self.request.user).order_by("-created_at", "-pk")

    def get_permissions(self):
        if self.action == "create":
            return [IsMember()]
        if self.action in ("confirm", "reject"):
            return [IsLeaderOrTreasurer()]
        return super().get_permissions()

    def _detail(self, settlement, *, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=settlement.pk)
        return Response(SettlementSerializer(fresh).data, status=code)

    @extend_schema(
        request=SettlementCreateSerializer, responses={201: SettlementSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = SettlementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = member_for_user(request.user)
        if member is None:
            raise NotFoundError(_("You have no member account."))
        settlement = services.settlement_create(
            member=member, orders=data.validated_data["orders"], actor=request.user
        )
        return self._detail(settlement, code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=QrisSerializer)
    @action(detail=True, methods=["get"])
    def qris(self, request, pk=None):
        """The dynamic QRIS code with the exact amount of an open settlement."""
        settlement = self.get_object()
        if not settlement.is_open:
            raise ConflictError(
                _("This settlement is not open: there is nothing to pay.")
            )
        codes = qris_codes(
            purpose=BankAccount.Purpose.SETTLEMENTS, amount=settlement.amount_due
        )
        if not codes:
            raise NotFoundError(_("No bank account has a QRIS code yet."))
        code = codes[0]
        return Response(
            QrisSerializer(
                {
                    "payload": code["payload"],
                    "amount": code["amount"],
                    "merchant_name": code["merchant_name"],
                    "svg": code["svg"],
                    "bank_account": code["account"].pk,
                }
            ).data
        )

    @extend_schema(request=ProofSerializer, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def proof(self, request, pk=None):
        settlement = self.get_object()
        services.check_may_send_proof(settlement, request.user)  # role, then body
        data = ProofSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.settlement_upload_proof(
            settlement=settlement, actor=request.user, **data.validated_data
        )
        return self._detail(settlement)

    @extend_schema(request=None, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        settlement = self.get_object()
        services.settlement_confirm(
            settlement=settlement, actor=request.user, source="manual"
        )
        return self._detail(settlement)

    @extend_schema(request=RejectSerializer, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        settlement = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # a reason of at most 2 000 characters
        services.settlement_reject(
            settlement=settlement,
            actor=request.user,
            reason=data.validated_data["reason"],
        )
        return self._detail(settlement)

    @extend_schema(request=None, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        settlement = self.get_object()
        services.settlement_cancel(settlement=settlement, actor=request.user)
        return self._detail(settlement)


class BankStatementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Leader and treasurer import statements and see their lines."""

    serializer_class = BankStatementSerializer
    permission_classes = [IsLeaderOrTreasurer]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    queryset = BankStatement.objects.all().order_by("-created_at", "-pk")
    lookup_value_regex = r"\d+"

    @extend_schema(
        request=StatementUploadSerializer, responses={201: BankStatementSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = StatementUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        statement = reconciliation.statement_import(
            file=data.validated_data["file"],
            format=data.validated_data["format"],
            actor=request.user,
            bank_account=data.validated_data.get("bank_account"),
        )
        return Response(
            BankStatementSerializer(statement).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=BankStatementLineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def lines(self, request, pk=None):
        statement = self.get_object()
        queryset = statement_lines_for(statement.pk)
        match_status = request.query_params.get("match_status")
        if match_status:
            queryset = queryset.filter(match_status=match_status)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            BankStatementLineSerializer(page, many=True).data
        )


class StatementLineMatchView(APIView):
    """``POST bank-statements/lines/{id}/match/ {settlement}``: a manual match."""

    permission_classes = [IsLeaderOrTreasurer]

    @extend_schema(request=LineMatchSerializer, responses=BankStatementLineSerializer)
    def post(self, request, pk: int):
        line = get_object_or_404(BankStatementLine, pk=pk)
        data = LineMatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        settlement = Settlement.objects.filter(
            pk=data.validated_data["settlement"]
        ).first()
        if settlement is None:
            raise KongsiError(_("Settlement not found."), field="settlement")
        line = reconciliation.statement_line_match(
            line=line, settlement=settlement, actor=request.user
        )
        return Response(BankStatementLineSerializer(line).data)
