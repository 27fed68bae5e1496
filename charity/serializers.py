"""DRF serializers of the charity API (shapes from API.md)."""

from rest_framework import serializers

from community.limits import MAX_HOUSEHOLD, MAX_LONG_TEXT, MAX_PRICE, MAX_UNITS
from ledger.models import CharityPolicy

from .models import Beneficiary, Disbursement, Program


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = CharityPolicy
        fields = [
            "id",
            "rate_percent",
            "minimum_per_order",
            "effective_from",
            "created_at",
        ]
        read_only_fields = fields


class PolicyWriteSerializer(serializers.Serializer):
    rate_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    minimum_per_order = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False, default=0
    )
    effective_from = serializers.DateField(required=False, allow_null=True)


class ProgramSerializer(serializers.ModelSerializer):
    disbursed = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "scheduled_for",
            "schedule_note",
            "budget",
            "planned_units",
            "amount_per_unit",
            "status",
            "disbursed",
            "created_at",
        ]
        read_only_fields = fields

    def get_disbursed(self, program) -> int:
        return int(getattr(program, "paid_total", 0) or 0) + int(
            getattr(program, "paid_goods", 0) or 0
        )


class ProgramWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Program.Kind.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_LONG_TEXT
    )
    scheduled_for = serializers.DateField(required=False, allow_null=True, default=None)
    schedule_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=120
    )
    budget = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_PRICE, default=0
    )
    planned_units = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_UNITS, default=None
    )
    amount_per_unit = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_PRICE, default=None
    )
    status = serializers.ChoiceField(
        choices=Program.Status.choices, required=False, default=Program.Status.PLANNED
    )


class BeneficiarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Beneficiary
        fields = [
            "id",
            "name",
            "category",
            "address",
            "household_size",
            "notes",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "address": {"required": False},
            "notes": {"required": False, "max_length": MAX_LONG_TEXT},
            "household_size": {"required": False, "max_value": MAX_HOUSEHOLD},
        }


class DisbursementSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)
    has_proof = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "program",
            "beneficiary",
            "cash_amount",
            "in_kind_description",
            "in_kind_value",
            "total",
            "memo",
            "status",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "approved_at",
            "paid_by",
            "paid_at",
            "has_proof",
            "fund_entry",
        ]
        read_only_fields = fields

    def get_has_proof(self, disbursement) -> bool:
        return bool(disbursement.proof)


class DisbursementWriteSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all())
    beneficiary = serializers.PrimaryKeyRelatedField(
        queryset=Beneficiary.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    cash_amount = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_PRICE, default=0
    )
    in_kind_description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255
    )
    in_kind_value = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_PRICE, default=0
    )
    memo = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class SummaryMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    collected = serializers.IntegerField()
    disbursed = serializers.IntegerField()


class SummaryProgramSerializer(serializers.Serializer):
    program = serializers.CharField()
    disbursed = serializers.IntegerField()
    beneficiaries = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    """``charity/summary/``: public figures, never a name."""

    balance = serializers.IntegerField()
    collected_total = serializers.IntegerField()
    disbursed_total = serializers.IntegerField()
    by_month = SummaryMonthSerializer(many=True)
    by_program = SummaryProgramSerializer(many=True)
    beneficiaries_count = serializers.IntegerField()


class PolicyWithHistorySerializer(PolicySerializer):
    history = PolicySerializer(many=True, read_only=True)

    class Meta(PolicySerializer.Meta):
        fields = [*PolicySerializer.Meta.fields, "history"]
        read_only_fields = fields


class ContributionRowSerializer(serializers.Serializer):
    settlement = serializers.IntegerField(allow_null=True)
    reference = serializers.CharField()
    date = serializers.DateTimeField()
    contribution = serializers.IntegerField()
    unique_code = serializers.IntegerField()


class MyContributionsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ContributionRowSerializer(many=True)
    total = serializers.IntegerField()
    unique_code_total = serializers.IntegerField()
