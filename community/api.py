"""REST API of the community app: token, members, shops."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community import services
from community.api_base import IsLeader, IsLeaderOrTreasurer
from community.errors import NotFoundError, PermissionDeniedError
from community.figures import member_figures
from community.models import Member
from community.roles import Role, has_role
from community.selectors import member_for_user, member_list, shop_list_for
from community.serializers import (
    MemberCreateSerializer,
    MemberMeSerializer,
    MemberSerializer,
    ShopSerializer,
)


class TokenView(ObtainAuthToken):
    """``POST {username, password}`` → ``{"token": ...}``."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()})
        },
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Leader registers members; leader and treasurer list them."""

    serializer_class = MemberSerializer
    queryset = Member.objects.none()
    filterset_fields = ["status", "mentor"]

    def get_permissions(self):
        if self.action == "create":
            return [IsLeader()]
        return [IsLeaderOrTreasurer()]

    def get_queryset(self):
        return member_list().order_by("id")

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request, *args, **kwargs):
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.member_register(actor=request.user, **data.validated_data)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberMeView(APIView):
    """The signed-in person's own member record with their money figures."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MemberMeSerializer)
    def get(self, request):
        member = member_for_user(request.user)
        if member is None:
            raise NotFoundError(_("This account is not registered as a member."))
        for name, value in member_figures(member).items():
            setattr(member, name, value)
        return Response(MemberMeSerializer(member).data)


class ShopViewSet(viewsets.ModelViewSet):
    """A member's own marketplace shops (leader and treasurer read all)."""

    serializer_class = ShopSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = ["marketplace"]

    def get_queryset(self):
        return shop_list_for(self.request.user).order_by("id")

    def _own_member(self):
        member = member_for_user(self.request.user)
        if member is None or not has_role(self.request.user, Role.MEMBER, Role.MENTOR):
            raise PermissionDeniedError(_("Only members have shops."))
        return member

    def perform_create(self, serializer):
        member = self._own_member()
        serializer.instance = services.shop_create(
            member=member,
            marketplace=serializer.validated_data["marketplace"],
            name=serializer.validated_data["name"],
            url=serializer.validated_data.get("url", ""),
        )

    def perform_update(self, serializer):
        shop = serializer.instance
        if shop.member != member_for_user(self.request.user):
            raise NotFoundError(_("Not found."))
        data = {**ShopSerializer(shop).data, **serializer.validated_data}
        with transaction.atomic():
            serializer.instance = services.shop_update(
                shop=shop,
                marketplace=data["marketplace"],
                name=data["name"],
                url=data.get("url", ""),
            )
