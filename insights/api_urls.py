from django.urls import path

from insights import api

urlpatterns = [
    path("insights/summary/", api.SummaryView.as_view(), name="insights-summary"),
]
