"""``POST orders/imports/`` (dry run or commit) and ``POST orders/imports/sku-map/``.

Written as a DRF viewset like the other apps' API, so the project's API
conventions (errors, Idempotency-Key handling) apply unchanged.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from community.api_base import IsMember
from community.errors import KongsiError, PermissionDeniedError
from community.models import Shop
from community.selectors import member_for_user
from imports import services
from imports.planning import Plan
from imports.serializers import (
    ImportResultSerializer,
    ImportUploadSerializer,
    SkuMapSerializer,
)


def plan_data(plan: Plan, batch=None) -> dict:
    """The dry run (or the executed import) as API.md's JSON."""
    orders = []
    for order in plan.orders:
        imported = order.imported
        created_or_known = order.existing
        orders.append(
            {
                "marketplace_order_no": order.number,
                "id": created_or_known.pk if created_or_known else None,
                "action": order.action,
                "reason": order.reason,
                "marketplace_status": imported.raw_status,
                "tracking_no": imported.tracking_no,
                "courier": imported.courier,
                "ship_by": imported.ship_by,
                "marketplace_fee": order.fee,
                "changes": order.changes,
                "problems": [
                    {"code": p.code, "message": str(p.message)} for p in order.problems
                ],
                "lines": [
                    {
                        "sku": line.sku,
                        "product_name": line.product_name,
                        "variation": line.variation,
                        "variant": line.variant.pk if line.variant else None,
                        "quantity": line.quantity,
                        "sale_price": line.sale_price,
                    }
                    for line in order.lines
                ],
            }
        )
    fees = [
        {
            "marketplace_order_no": fee.number,
            "id": fee.existing.pk if fee.existing else None,
            "marketplace_fee": fee.fee,
            "action": fee.action,
            "reason": fee.reason,
            "problems": [
                {"code": p.code, "message": str(p.message)} for p in fee.problems
            ],
        }
        for fee in plan.fees
    ]
    return ImportResultSerializer(
        {
            "id": batch.pk if batch else None,
            "layout": plan.layout,
            "orders": orders,
            "fees": fees,
            "create": plan.count("create"),
            "update": plan.count("update"),
            "skip": plan.count("skip"),
        }
    ).data


class OrderImportViewSet(viewsets.GenericViewSet):
    """Members import their marketplace exports into their own shops."""

    permission_classes = [IsMember]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = ImportUploadSerializer

    def _member(self):
        member = member_for_user(self.request.user)
        if member is None:
            raise PermissionDeniedError(_("Only members import orders."))
        return member

    @extend_schema(
        request=ImportUploadSerializer,
        responses={200: ImportResultSerializer, 201: ImportResultSerializer},
    )
    def create(self, request, *args, **kwargs):
        member = self._member()
        body = ImportUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        shop = Shop.objects.filter(pk=data["shop"], member=member).first()
        if shop is None:
            raise KongsiError(_("Choose one of your own shops."), field="shop")
        files = {"file": data.get("file"), "income_file": data.get("income_file")}
        if data["commit"]:
            plan, batch = services.import_confirm(
                member=member,
                shop=shop,
                as_draft=data["draft"],
                actor=request.user,
                **files,
            )
            return Response(plan_data(plan, batch), status=status.HTTP_201_CREATED)
        plan = services.import_dry_run(
            member=member, shop=shop, as_draft=data["draft"], **files
        )
        return Response(plan_data(plan))

    @extend_schema(request=SkuMapSerializer, responses={201: SkuMapSerializer})
    @action(detail=False, methods=["post"], url_path="sku-map")
    def sku_map(self, request):
        member = self._member()
        body = SkuMapSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        mapping = services.sku_map_set(member=member, **body.validated_data)
        return Response(
            {
                "id": mapping.pk,
                "sku": mapping.marketplace_sku,
                "product_name": mapping.product_name,
                "variation": mapping.variation,
                "variant": mapping.variant_id,
            },
            status=status.HTTP_201_CREATED,
        )
