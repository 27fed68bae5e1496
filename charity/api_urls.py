from django.urls import path
from rest_framework.routers import SimpleRouter

from charity import api

router = SimpleRouter()
router.register("charity/programs", api.ProgramViewSet, basename="charity-program")
router.register(
    "charity/beneficiaries", api.BeneficiaryViewSet, basename="charity-beneficiary"
)
router.register(
    "charity/disbursements", api.DisbursementViewSet, basename="charity-disbursement"
)

urlpatterns = [
    path("charity/summary/", api.SummaryView.as_view(), name="charity-summary"),
    path("charity/policy/", api.PolicyView.as_view(), name="charity-policy"),
    path(
        "charity/my-contributions/",
        api.MyContributionsView.as_view(),
        name="charity-my-contributions",
    ),
    *router.urls,
]
