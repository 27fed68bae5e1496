"""REST API of the orders app (API.md, "Orders").

Every write goes through ``orders.services``; visibility through
``orders.selectors`` (another member's order is 404, never 403).
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from community.errors import KongsiError, PermissionDeniedError
from community.models import Shop
from community.roles import Role, has_role, is_leader
from community.selectors import member_for_user
from orders import packing, services
from orders.labels import labels_pdf
from orders.models import Order
from orders.packing_selectors import orders_for_labels, pick_list
from orders.selectors import order_api_list_for, order_get_for, order_list_for
from orders.serializers import (
    OrderCancelSerializer,
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderIdsSerializer,
    OrderSerializer,
    OrderShipSerializer,
    OrderTrackingSerializer,
    PickRowSerializer,
    ScanResultSerializer,
    ScanSerializer,
)


def _require_leader(user) -> None:
    if not is_leader(user):
        raise PermissionDeniedError(_("Only the leader may do this."))


class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Orders: members log and follow their own; the leader fulfils them."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = OrderSerializer
    queryset = Order.objects.none()

    def get_queryset(self):
        status_filter = self.request.query_params.get("status") or None
        if status_filter and status_filter not in Order.Status.values:
            raise KongsiError(_("Unknown status."), field="status")
        if self.action == "list":
            return order_api_list_for(self.request.user, status=status_filter)
        return order_list_for(self.request.user, status=status_filter)

    def get_object(self):
        return order_get_for(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OrderDetailSerializer
        return OrderSerializer

    def _detail(self, order, *, code=status.HTTP_200_OK):
        order = order_get_for(self.request.user, order.pk)
        data = OrderDetailSerializer(order, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(
        request=OrderCreateSerializer, responses={201: OrderDetailSerializer}
    )
    def create(self, request, *args, **kwargs):
        member = member_for_user(request.user)
        if member is None or not has_role(request.user, Role.MEMBER, Role.MENTOR):
            raise PermissionDeniedError(_("Only members log orders."))
        serializer = OrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        shop = Shop.objects.filter(pk=data["shop"], member=member).first()
        if shop is None:
            raise KongsiError(_("Choose one of your own shops."), field="shop")
        order = services.order_create(
            member=member,
            shop=shop,
            marketplace_order_no=data["marketplace_order_no"],
            recipient_name=data["recipient_name"],
            recipient_phone=data["recipient_phone"],
            recipient_address=data["recipient_address"],
            courier=data["courier"],
            shipping_fee=data["shipping_fee"],
            marketplace_fee=data["marketplace_fee"],
            label=data["label"],
            lines=data["lines"],
            draft=data["draft"],
            actor=request.user,
        )
        return self._detail(order, code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        order = services.order_submit(order=self.get_object(), actor=request.user)
        return self._detail(order)

    @extend_schema(request=OrderCancelSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        body = OrderCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_cancel(
            order=order, actor=request.user, reason=body.validated_data["reason"]
        )
        return self._detail(order)

    @extend_schema(request=None, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def pack(self, request, pk=None):
        order = services.order_pack(order=self.get_object(), actor=request.user)
        return self._detail(order)

    @extend_schema(request=OrderShipSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request, pk=None):
        order = self.get_object()
        if not is_leader(request.user):  # the role first, then the body
            raise PermissionDeniedError(_("Only the leader may do this."))
        body = OrderShipSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_ship(
            order=order,
            actor=request.user,
            tracking_no=body.validated_data["tracking_no"],
            courier=body.validated_data["courier"] or None,
        )
        return self._detail(order)

    @extend_schema(request=None, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        order = services.order_complete(order=self.get_object(), actor=request.user)
        return self._detail(order)

    # -- packing day ---------------------------------------------------------

    @extend_schema(request=OrderTrackingSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def tracking(self, request, pk=None):
        """Write the resi and/or the ship-by time before shipping."""
        order = self.get_object()
        body = OrderTrackingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "ship_by" in data:
            order = packing.order_set_ship_by(
                order=order, ship_by=data["ship_by"], actor=request.user
            )
        if data.get("tracking_no") or "ship_by" not in data:
            order = packing.order_set_tracking_no(
                order=order,
                tracking_no=data.get("tracking_no", ""),
                actor=request.user,
            )
        return self._detail(order)

    @extend_schema(
        request=OrderIdsSerializer,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["post"])
    def labels(self, request):
        """One PDF of A6 labels for the orders, in the order given (leader)."""
        _require_leader(request.user)
        body = OrderIdsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        orders = orders_for_labels(body.validated_data["orders"])
        if not orders:
            raise KongsiError(_("Tick at least one order."), field="orders")
        batch = labels_pdf(orders)
        packing.orders_labels_printed(
            orders=orders, sources=batch.sources, actor=request.user
        )
        response = HttpResponse(batch.pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="label.pdf"'
        return response

    @extend_schema(
        parameters=[OpenApiParameter("order", int, many=True)],
        responses=PickRowSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="pick-list", pagination_class=None)
    def pick_list(self, request):
        """Quantities per SKU across ``?order=1&order=2``, in shelf order."""
        _require_leader(request.user)
        ids = [
            int(value)
            for value in request.query_params.getlist("order")[:500]
            if value.isdecimal() and len(value) <= 18
        ]
        rows = pick_list(ids)
        return Response(PickRowSerializer(rows, many=True).data)

    @extend_schema(request=ScanSerializer, responses=ScanResultSerializer)
    @action(detail=False, methods=["post"])
    def scan(self, request):
        """What a scanned resi or order number means for packing (leader)."""
        _require_leader(request.user)
        body = ScanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = packing.scan_lookup(
            code=body.validated_data["code"], actor=request.user
        )
        return Response(
            {
                "code": result.code,
                "tone": result.tone,
                "message": result.message,
                "order": result.order.pk if result.order else None,
                "can_pack": result.can_pack,
            }
        )
