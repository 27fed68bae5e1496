from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.models import Marketplace, Member, Shop
from community.roles import ALL_ROLES, role_names


class MemberCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=128)
    full_name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=32)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ALL_ROLES), required=False
    )
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), allow_null=True, required=False
    )
    village = serializers.CharField(max_length=120, required=False, allow_blank=True)
    occupation = serializers.CharField(max_length=120, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "username",
            "full_name",
            "phone",
            "village",
            "occupation",
            "roles",
            "status",
            "mentor",
            "joined_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_roles(self, member) -> list[str]:
        return sorted(role_names(member.user))


class MemberMeSerializer(MemberSerializer):
    credit_balance = serializers.IntegerField(read_only=True)
    charity_contributed = serializers.IntegerField(read_only=True)
    outstanding = serializers.IntegerField(read_only=True)

    class Meta(MemberSerializer.Meta):
        fields = MemberSerializer.Meta.fields + [
            "credit_balance",
            "charity_contributed",
            "outstanding",
        ]
        read_only_fields = fields


class ShopSerializer(serializers.ModelSerializer):
    marketplace = serializers.ChoiceField(choices=Marketplace.choices)

    class Meta:
        model = Shop
        fields = ["id", "member", "marketplace", "name", "url", "created_at"]
        read_only_fields = ["id", "member", "created_at"]
        extra_kwargs = {"name": {"help_text": _("The shop's name on the marketplace")}}
