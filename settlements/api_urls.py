from django.urls import path
from rest_framework.routers import SimpleRouter

from settlements import api

router = SimpleRouter()
router.register("settlements", api.SettlementViewSet, basename="settlement")
router.register("bank-statements", api.BankStatementViewSet, basename="bank-statement")

urlpatterns = [
    path(
        "bank-statements/lines/<int:pk>/match/",
        api.StatementLineMatchView.as_view(),
        name="bank-statement-line-match",
    ),
    *router.urls,
]
