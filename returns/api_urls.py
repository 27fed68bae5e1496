from django.urls import path
from rest_framework.routers import SimpleRouter

from returns import api

router = SimpleRouter()
router.register("returns", api.ReturnViewSet, basename="return")

urlpatterns = [
    path("credit/", api.CreditView.as_view(), name="credit"),
    path(
        "credit/adjustments/",
        api.CreditAdjustmentView.as_view(),
        name="credit-adjustments",
    ),
    *router.urls,
]
