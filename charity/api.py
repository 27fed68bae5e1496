"""REST API of the charity fund (see API.md, section Charity)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api_base import IsLeader, IsLeaderOrTreasurer, KongsiPagination
from community.errors import PermissionDeniedError
from community.selectors import member_for_user
from ledger.policy import policy_in_force

from . import selectors, services
from .serializers import (
    BeneficiarySerializer,
    ContributionRowSerializer,
    DisbursementSerializer,
    DisbursementWriteSerializer,
    MyContributionsSerializer,
    PolicySerializer,
    PolicyWithHistorySerializer,
    PolicyWriteSerializer,
    ProgramSerializer,
    ProgramWriteSerializer,
    RejectSerializer,
    SummarySerializer,
)


class SummaryView(APIView):
    """``GET charity/summary/``: public figures, no login, never a name."""

    permission_classes = [AllowAny]
    serializer_class = SummarySerializer

    @extend_schema(responses=SummarySerializer)
    def get(self, request):
        summary = selectors.public_summary()
        return Response(
            {
                "balance": summary["balance"],
                "collected_total": summary["collected_total"],
                "disbursed_total": summary["disbursed_total"],
                "by_month": [
                    {
                        "month": row["month"],
                        "collected": row["collected"],
                        "disbursed": row["disbursed"],
                    }
                    for row in summary["by_month"]
                ],
                "by_program": [
                    {
                        "program": row["program"],
                        "disbursed": row["disbursed"],
                        "beneficiaries": row["beneficiaries"],
                    }
                    for row in summary["by_program"]
                ],
                "beneficiaries_count": summary["beneficiaries_count"],
            }
        )


class PolicyView(APIView):
    """``GET`` (signed-in) the policy in force; ``PUT`` (leader) a new one."""

    def get_permissions(self):
        if self.request.method == "PUT":
            return [IsLeader()]
        return [IsAuthenticated()]

    serializer_class = PolicyWriteSerializer

    @extend_schema(responses=PolicyWithHistorySerializer)
    def get(self, request):
        policy = policy_in_force()
        policy.history = selectors.policy_history()
        return Response(PolicyWithHistorySerializer(policy).data)

    @extend_schema(request=PolicyWriteSerializer, responses=PolicySerializer)
    def put(self, request):
        serializer = PolicyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.policy_set(actor=request.user, **serializer.validated_data)
        return Response(PolicySerializer(policy).data)


class ProgramViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsLeaderOrTreasurer]
    serializer_class = ProgramSerializer

    def get_queryset(self):
        return selectors.program_list()

    def create(self, request):
        serializer = ProgramWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        program = services.program_create(
            actor=request.user, **serializer.validated_data
        )
        program = selectors.program_list().get(pk=program.pk)
        return Response(ProgramSerializer(program).data, status=status.HTTP_201_CREATED)


class BeneficiaryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Private: leader and treasurer only."""

    permission_classes = [IsLeaderOrTreasurer]
    serializer_class = BeneficiarySerializer

    def get_queryset(self):
        return selectors.beneficiary_list()

    def create(self, request):
        serializer = BeneficiarySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        beneficiary = services.beneficiary_create(
            actor=request.user, **serializer.validated_data
        )
        return Response(
            BeneficiarySerializer(beneficiary).data, status=status.HTTP_201_CREATED
        )


class DisbursementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsLeaderOrTreasurer]
    serializer_class = DisbursementSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status", "program"]

    def get_queryset(self):
        return selectors.disbursement_list()

    def create(self, request):
        serializer = DisbursementWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disbursement = services.disbursement_propose(
            actor=request.user, **serializer.validated_data
        )
        return Response(
            DisbursementSerializer(disbursement).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        disbursement = services.disbursement_approve(
            disbursement=self.get_object(), actor=request.user
        )
        return Response(DisbursementSerializer(disbursement).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disbursement = services.disbursement_reject(
            disbursement=self.get_object(),
            actor=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(DisbursementSerializer(disbursement).data)

    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        disbursement = self.get_object()
        proof = request.FILES.get("proof")
        disbursement = services.disbursement_pay(
            disbursement=disbursement, actor=request.user, proof=proof
        )
        return Response(DisbursementSerializer(disbursement).data)


class MyContributionsView(APIView):
    """``GET charity/my-contributions/``: own contributions per settlement."""

    permission_classes = [IsAuthenticated]
    serializer_class = ContributionRowSerializer

    @extend_schema(responses=MyContributionsSerializer)
    def get(self, request):
        member = member_for_user(request.user)
        if member is None:
            raise PermissionDeniedError(_("Only members have contributions."))
        data = selectors.member_contributions(member)
        paginator = KongsiPagination()
        page = paginator.paginate_queryset(data["rows"], request, view=self)
        rows = [
            {
                "settlement": row["settlement"],
                "reference": row["reference"],
                "date": row["date"],
                "contribution": row["contribution"],
                "unique_code": row["unique_code"],
            }
            for row in page
        ]
        response = paginator.get_paginated_response(rows)
        response.data["total"] = data["total"]
        response.data["unique_code_total"] = data["unique_code_total"]
        return response
