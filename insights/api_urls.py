from django.urls import path

from insights import api
from insights.impact.api import ImpactView

urlpatterns = [
    path("insights/summary/", api.SummaryView.as_view(), name="insights-summary"),
    path("insights/impact/", ImpactView.as_view(), name="insights-impact"),
]
