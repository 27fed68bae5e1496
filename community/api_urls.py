from django.urls import path
from rest_framework.routers import SimpleRouter

from community import api

router = SimpleRouter()
router.register("members", api.MemberViewSet, basename="member")
router.register("shops", api.ShopViewSet, basename="shop")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("members/me/", api.MemberMeView.as_view(), name="member-me"),
    *router.urls,
]
