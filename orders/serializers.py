"""DRF serializers of the orders API (API.md, "Orders")."""

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.api_base import FieldsBuiltOnce
from community.limits import MAX_ADDRESS, MAX_ID, MAX_PRICE
from orders.couriers import Courier
from orders.models import Order, OrderEvent, OrderLine
from orders.packing import ship_by_within_reach


class OrderLineSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    variant_name = serializers.CharField(source="variant.display_name", read_only=True)
    sku = serializers.CharField(source="variant.sku", read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "variant",
            "variant_name",
            "sku",
            "quantity",
            "unit_base_price",
            "sale_price",
        ]
        read_only_fields = fields


STATUS_HELP = "draft | submitted | paid | packed | shipped | completed | cancelled"


class OrderEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    # Plain strings in the schema: the status enum has one name, on Order.
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = OrderEvent
        fields = ["id", "from_status", "to_status", "actor", "params", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event) -> str | None:
        return event.actor.username if event.actor else None


class OrderSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    shop_name = serializers.CharField(source="shop.name", read_only=True)
    marketplace = serializers.CharField(source="shop.marketplace", read_only=True)
    tracking_url = serializers.CharField(read_only=True)
    label = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    # Optional when the order is logged: the schema must allow "".
    courier = serializers.ChoiceField(
        choices=Courier.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Order
        fields = [
            "id",
            "member",
            "shop",
            "shop_name",
            "marketplace",
            "marketplace_order_no",
            "recipient_name",
            "recipient_phone",
            "recipient_address",
            "courier",
            "shipping_fee",
            "marketplace_fee",
            "label",
            "tracking_no",
            "tracking_url",
            "ship_by",
            "status",
            "charity_rate",
            "charity_minimum",
            "goods_total",
            "profit",
            "charity_share",
            "lines",
            "created_at",
            "submitted_at",
            "paid_at",
            "packed_at",
            "shipped_at",
            "completed_at",
            "cancelled_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_label(self, order) -> str | None:
        """The label's checked download address (never a public media URL)."""
        if not order.label:
            return None
        path = reverse("orders:order_label", args=[order.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class OrderDetailSerializer(OrderSerializer):
    events = OrderEventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = OrderSerializer.Meta.fields + ["events"]
        read_only_fields = fields


class LinesField(serializers.Field):
    """A list of ``{variant, quantity, sale_price}``; in multipart a JSON string.

    Values are checked by the service, which gives the Indonesian messages.
    """

    default_error_messages = {
        "invalid": _("Lines must be a list of {{variant, quantity, sale_price}}."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "variant": {"type": "integer"},
                "quantity": {"type": "integer"},
                "sale_price": {"type": "integer"},
            },
            "required": ["variant", "quantity"],
        },
    }
)
class DocumentedLinesField(LinesField):
    pass


class OrderCreateSerializer(serializers.Serializer):
    shop = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    marketplace_order_no = serializers.CharField(max_length=200, allow_blank=True)
    recipient_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    recipient_phone = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    recipient_address = serializers.CharField(
        max_length=MAX_ADDRESS, required=False, allow_blank=True, default=""
    )
    courier = serializers.ChoiceField(
        choices=Courier.choices, required=False, allow_blank=True, default=""
    )
    shipping_fee = serializers.IntegerField(
        required=False, default=0, min_value=-MAX_PRICE, max_value=MAX_PRICE
    )
    marketplace_fee = serializers.IntegerField(
        required=False, default=0, min_value=-MAX_PRICE, max_value=MAX_PRICE
    )
    label = serializers.FileField(required=False, allow_null=True, default=None)
    lines = DocumentedLinesField(required=False, default=list)
    draft = serializers.BooleanField(required=False, default=False)


class OrderCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500
    )


class OrderShipSerializer(serializers.Serializer):
    tracking_no = serializers.CharField(allow_blank=True, max_length=100)
    courier = serializers.ChoiceField(
        choices=Courier.choices, required=False, allow_blank=True, default=""
    )


SHIP_BY_REFUSED = _("Write the ship-by time as a date and an hour.")


class ShipByField(serializers.DateTimeField):
    """A ship-by time; anything not a plausible date is refused in words."""

    def __init__(self, **kwargs):
        kwargs["error_messages"] = dict.fromkeys(
            ("invalid", "date", "make_aware", "overflow"), SHIP_BY_REFUSED
        )
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        # DRF's own UTC check of a naive year 1 overflows
        # (rest_framework.utils.timezone.datetime_exists): a 400, not a 500.
        try:
            return super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")


class OrderTrackingSerializer(serializers.Serializer):
    """The resi and/or ship-by time written before shipping."""

    tracking_no = serializers.CharField(
        required=False, allow_blank=True, max_length=100
    )
    ship_by = ShipByField(required=False, allow_null=True)

    def validate_ship_by(self, value):
        # The page's rule (orders.packing_views): years away is a slip.
        if value is not None and not ship_by_within_reach(value):
            raise serializers.ValidationError(SHIP_BY_REFUSED)
        return value


class OrderIdsSerializer(serializers.Serializer):
    orders = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=500,
    )


class PickRowSerializer(serializers.Serializer):
    sku = serializers.CharField()
    name = serializers.CharField()
    bin_location = serializers.CharField()
    quantity = serializers.IntegerField()
    orders = serializers.IntegerField()


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)


class ScanResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    tone = serializers.CharField(help_text="ok | warn | bad")
    message = serializers.CharField()
    order = serializers.IntegerField(allow_null=True)
    can_pack = serializers.BooleanField()
