"""Serializers of the returns API (API.md, "Returns and credit")."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.limits import MAX_CREDIT_ADJUSTMENT, MAX_ID, MAX_QUANTITY
from ledger.models import CreditEntry
from returns.models import ReturnRequest


class ReturnCreateSerializer(serializers.Serializer):
    """Shape only; the service checks ownership, state and quantities."""

    order_line = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(max_value=MAX_QUANTITY)
    reason = serializers.ChoiceField(choices=ReturnRequest.Reason.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, default=""
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list
    )


class ReturnApproveSerializer(serializers.Serializer):
    restock = serializers.BooleanField(required=False, default=False)


class ReturnRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class ReturnSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(source="order_line.order_id", read_only=True)
    variant = serializers.IntegerField(source="order_line.variant_id", read_only=True)
    item = serializers.CharField(
        source="order_line.variant.display_name", read_only=True
    )
    unit_base_price = serializers.IntegerField(
        source="order_line.unit_base_price", read_only=True
    )
    photos = serializers.SerializerMethodField()

    class Meta:
        model = ReturnRequest
        fields = [
            "id",
            "member",
            "order",
            "order_line",
            "variant",
            "item",
            "quantity",
            "unit_base_price",
            "reason",
            "note",
            "status",
            "restocked",
            "credit_amount",
            "credit_entry",
            "decided_by",
            "decided_at",
            "decision_reason",
            "photos",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_photos(self, obj) -> list[str]:
        request = self.context.get("request")
        urls = []
        for photo in obj.photos.all():
            url = reverse("returns:photo", args=[photo.pk])
            urls.append(request.build_absolute_uri(url) if request else url)
        return urls


class CreditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditEntry
        fields = ["id", "amount", "kind", "reference", "created_at", "memo"]
        read_only_fields = fields


class CreditSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    entries = CreditEntrySerializer(many=True)


class CreditAdjustmentSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    amount = serializers.IntegerField(
        min_value=-MAX_CREDIT_ADJUSTMENT, max_value=MAX_CREDIT_ADJUSTMENT
    )
    reason = serializers.CharField(max_length=255)
    idempotency_key = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
