"""DRF serializers of the settlements API (API.md, "Settlements")."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.limits import MAX_ID, MAX_LONG_TEXT, MAX_TRANSFER
from settlements.models import (
    BankStatement,
    BankStatementLine,
    Settlement,
    TransferProof,
)


class TransferProofSerializer(serializers.ModelSerializer):
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = TransferProof
        fields = ["id", "bank", "sender_name", "amount", "transferred_at", "image_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_image_url(self, proof) -> str:
        return reverse("settlements:proof_image", args=[proof.pk])


class SettlementSerializer(serializers.ModelSerializer):
    orders = serializers.SerializerMethodField()
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    proofs = TransferProofSerializer(many=True, read_only=True)
    # Blank until the settlement is confirmed: the schema must allow "".
    confirmed_via = serializers.ChoiceField(
        choices=Settlement.Via.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Settlement
        fields = [
            "id",
            "member",
            "member_name",
            "orders",
            "goods_total",
            "charity_share",
            "credit_applied",
            "unique_code",
            "amount_due",
            "status",
            "created_at",
            "proof_uploaded_at",
            "confirmed_at",
            "confirmed_via",
            "closed_at",
            "reject_reason",
            "proofs",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_orders(self, settlement) -> list[int]:
        return [link.order_id for link in settlement.links.all()]


class SettlementCreateSerializer(serializers.Serializer):
    orders = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=500,
    )


class ProofSerializer(serializers.Serializer):
    image = serializers.FileField()
    bank = serializers.CharField(max_length=60)
    sender_name = serializers.CharField(max_length=120)
    amount = serializers.IntegerField(min_value=1, max_value=MAX_TRANSFER)
    transferred_at = serializers.DateTimeField()


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_LONG_TEXT)


class StatementUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.ChoiceField(
        choices=["auto", *BankStatement.Format.values], default="auto"
    )
    # The account the file was downloaded from (optional when the file names
    # it or the community has one account).
    bank_account = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )


class BankStatementSerializer(serializers.ModelSerializer):
    lines = serializers.IntegerField(source="total_lines", read_only=True)
    credits = serializers.IntegerField(source="credit_lines", read_only=True)
    matched = serializers.IntegerField(source="matched_lines", read_only=True)
    ambiguous = serializers.IntegerField(source="ambiguous_lines", read_only=True)
    unmatched = serializers.IntegerField(source="unmatched_lines", read_only=True)
    duplicates = serializers.IntegerField(source="duplicate_lines", read_only=True)
    possible_doubles = serializers.IntegerField(
        source="possible_double_lines", read_only=True
    )
    progress_percent = serializers.IntegerField(read_only=True)
    already_imported = serializers.BooleanField(read_only=True)
    unmatchable = serializers.SerializerMethodField()

    class Meta:
        model = BankStatement
        fields = [
            "id",
            "format",
            "lines",
            "credits",
            "matched",
            "ambiguous",
            "unmatched",
            "duplicates",
            "possible_doubles",
            "new_lines",
            "already_imported",
            "unmatchable",
            "status",
            "progress_percent",
            "bank_account",
            "account",
            "original_name",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_unmatchable(self, statement) -> int:
        """Lines stored as unable to match (amounts with sen)."""
        return statement.lines.filter(
            match_status=BankStatementLine.Match.UNMATCHABLE
        ).count()


class BankStatementLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BankStatementLine
        fields = [
            "id",
            "statement",
            "line_no",
            "date",
            "description",
            "amount",
            "cents",
            "direction",
            "match_status",
            "note",
            "settlement",
            "similar_settlement",
            "matched_at",
        ]
        read_only_fields = fields


class QrisSerializer(serializers.Serializer):
    payload = serializers.CharField()
    amount = serializers.IntegerField()
    merchant_name = serializers.CharField()
    svg = serializers.CharField()
    bank_account = serializers.IntegerField()


class LineMatchSerializer(serializers.Serializer):
    settlement = serializers.IntegerField(min_value=1, max_value=MAX_ID)
