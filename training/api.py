"""REST API of the training app: stages, enrolments, ticks (see API.md)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from training import selectors, services
from training.models import ChecklistItem, Enrollment, Stage
from training.serializers import (
    CheckCreateSerializer,
    CheckUncheckSerializer,
    EnrollmentSerializer,
    ItemCheckSerializer,
    StageSerializer,
)


class StageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The training stages in order, each with its checklist items."""

    serializer_class = StageSerializer
    queryset = Stage.objects.none()

    def get_queryset(self):
        return Stage.objects.order_by("position").prefetch_related("items")


class EnrollmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Member: own; mentor: own trainees; leader: all. Others' are 404."""

    serializer_class = EnrollmentSerializer
    queryset = Enrollment.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.enrollment_list_for(self.request.user).order_by("pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["stages"] = selectors.stage_list()
        return context

    @extend_schema(request=CheckCreateSerializer, responses={201: ItemCheckSerializer})
    @action(detail=True, methods=["post"], url_path="checks")
    def checks(self, request, pk=None):
        """Tick an item: ``{item, note}`` (+ optional ``evidence`` photo)."""
        enrollment = selectors.enrollment_get_for(request.user, pk)
        # The role before the body: a trainee never ticks their own items.
        services.check_may_tick(enrollment=enrollment, actor=request.user)
        data = CheckCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        check = services.item_check(
            enrollment=enrollment,
            item=data.validated_data["item"],
            actor=request.user,
            note=data.validated_data.get("note", ""),
            evidence=data.validated_data.get("evidence"),
        )
        return Response(ItemCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CheckUncheckSerializer,
        responses={200: ItemCheckSerializer},
        parameters=[OpenApiParameter("reason", str, required=False)],
    )
    @action(detail=True, methods=["delete"], url_path=r"checks/(?P<item_id>\d+)")
    def uncheck(self, request, pk=None, item_id=None):
        """Untick an item with a ``reason`` (body or query); kept in history."""
        enrollment = selectors.enrollment_get_for(request.user, pk)
        item = get_object_or_404(ChecklistItem, pk=item_id)
        reason = request.data.get("reason") or request.query_params.get("reason", "")
        check = services.item_uncheck(
            enrollment=enrollment, item=item, actor=request.user, reason=reason
        )
        return Response(ItemCheckSerializer(check).data)
