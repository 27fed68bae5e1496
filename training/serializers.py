"""DRF serializers of the training API (shapes fixed by API.md)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from training.models import ChecklistItem, ItemCheck, Stage
from training.selectors import progress_of


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "title", "explanation", "auto", "auto_code"]


class StageSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = ["id", "position", "title", "description", "items"]


class EnrollmentItemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    checked = serializers.BooleanField()
    checked_by = serializers.IntegerField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class EnrollmentSerializer(serializers.Serializer):
    """``{id, trainee, mentor, current_stage, progress_percent, items}``.

    Needs ``context["stages"]`` (``stage_list()``) so a list page runs a fixed
    number of queries whatever its length.
    """

    id = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee_id")
    trainee_name = serializers.CharField(source="trainee.full_name")
    mentor = serializers.IntegerField(source="mentor_id", allow_null=True)
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    last_activity_at = serializers.DateTimeField()
    current_stage = serializers.SerializerMethodField()
    progress_percent = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    def _progress(self, enrollment):
        cache = self.context.setdefault("_progress", {})
        if enrollment.pk not in cache:
            cache[enrollment.pk] = progress_of(enrollment, self.context["stages"])
        return cache[enrollment.pk]

    def get_current_stage(self, enrollment) -> int | None:
        stage = self._progress(enrollment).current_stage
        return stage.pk if stage else None

    def get_progress_percent(self, enrollment) -> int:
        return self._progress(enrollment).percent

    @extend_schema_field(EnrollmentItemSerializer(many=True))
    def get_items(self, enrollment) -> list[dict]:
        return [
            {
                "item": state.item.pk,
                "checked": state.done,
                "checked_by": state.check.checked_by_id if state.check else None,
                "checked_at": (
                    serializers.DateTimeField().to_representation(
                        state.check.checked_at
                    )
                    if state.check
                    else None
                ),
                "note": state.check.note if state.check else "",
            }
            for state in self._progress(enrollment).items
        ]


class CheckCreateSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistItem.objects.select_related("stage"),
        error_messages={
            "does_not_exist": _("This checklist item does not exist."),
            "required": _("Choose a checklist item."),
        },
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    evidence = serializers.FileField(required=False, allow_null=True)


class CheckUncheckSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ItemCheckSerializer(serializers.ModelSerializer):
    checked = serializers.SerializerMethodField()
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ItemCheck
        fields = [
            "id",
            "enrollment",
            "item",
            "checked",
            "source",
            "checked_by",
            "checked_at",
            "note",
            "has_evidence",
            "unchecked_at",
            "uncheck_reason",
        ]

    def get_checked(self, check) -> bool:
        return check.unchecked_at is None

    def get_has_evidence(self, check) -> bool:
        return bool(check.evidence)
