"""``GET /api/v1/insights/impact/``: the impact report as JSON, with the same
rules as the page (sections the caller may not see are null; per-member rows
only for the member, their mentor and the leader)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.errors import KongsiError, PermissionDeniedError
from insights.impact import access
from insights.impact.months import default_end_month
from insights.impact.report import impact_report
from insights.periods import Month, jakarta_now


def _year(value) -> int:
    this_year = jakarta_now().year
    if value in (None, ""):
        return this_year
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= this_year + 1:
        raise KongsiError(
            _("Write a year between 2000 and %(last)s.") % {"last": this_year + 1},
            field="year",
        )
    return year


def _months(rows: list[dict]) -> list[dict]:
    return [{**row, "month": row["key"]} for row in rows]


def _members(rows: list[dict]) -> list[dict]:
    return [
        {key: value for key, value in row.items() if key != "member"} for row in rows
    ]


def report_data(report: dict) -> dict:
    """The report's figures as plain JSON values (months as ``YYYY-MM``)."""
    income = report["income"]
    data = {
        "month": report["end"].key,
        "year": report["year"],
        "income": {
            "kabupaten": income["kabupaten"],
            "minimum_wage": income["minimum_wage"],
            "start": income["start"].key,
            "months": [
                {
                    "month": row["key"],
                    "minimum_wage": row["minimum_wage"],
                    "selling": row["selling"],
                    "income_total": row["income_total"],
                    "levels": {str(k): v for k, v in row["levels"].items()},
                }
                for row in income["months"]
            ]
            if report["community"]
            else None,
            "window": {str(k): v for k, v in income["window"].items()}
            if report["community"]
            else None,
            "members": _members(income["members"]),
        },
        "turnover": {
            **{k: v for k, v in report["turnover"].items() if k != "members"},
            "rate_percent": str(report["turnover"]["rate_percent"]),
            "members": _members(report["turnover"]["members"]),
        },
        "at_risk": None,
        "cohorts": None,
        "funnel": report["funnel"],
        "economy": None,
        "categories": report["categories"],
        "marketplaces": report["marketplaces"],
        "reach": report["reach"],
        "plan": report["plan"],
    }
    if not report["community"]:
        data["turnover"].pop("near")
        data["turnover"].pop("over")
    if report["at_risk"] is not None:
        data["at_risk"] = {
            "days": report["at_risk"]["days"],
            "rows": [
                {
                    "member": row["trainee"].pk,
                    "name": row["trainee"].full_name,
                    "mentor": row["mentor"].pk if row["mentor"] else None,
                    "stage": row["stage"].title if row["stage"] else None,
                    "days_without_sale": row["days_without_sale"],
                    "days_without_progress": row["days_without_progress"],
                    "no_sale": row["no_sale"],
                    "no_progress": row["no_progress"],
                    "suggestion": row["suggestion"],
                    "message": row["message"],
                    "whatsapp_url": row["whatsapp_url"],
                }
                for row in report["at_risk"]["rows"]
            ],
        }
    if report["cohorts"] is not None:
        data["cohorts"] = [
            {
                "cohort": row["key"],
                "size": row["size"],
                "after": {str(k): v for k, v in row["after"].items()},
            }
            for row in report["cohorts"]
        ]
    if report["economy"] is not None:
        data["economy"] = {
            "months": [
                {k: v for k, v in row.items() if k != "month"} | {"month": row["key"]}
                for row in report["economy"]["months"]
            ],
            "totals": report["economy"]["totals"],
        }
    return data


class ImpactView(APIView):
    """The impact report for the caller (see ``insights.impact.access``)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, description="last month, YYYY-MM"),
            OpenApiParameter("year", int, description="turnover and plan year"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        if not access.may_open_report(request.user):
            raise PermissionDeniedError(_("Your role may not do this."))
        value = request.query_params.get("month")
        end = Month.parse(value) if value else default_end_month()
        year = _year(request.query_params.get("year"))
        report = impact_report(user=request.user, end=end, year=year)
        return Response(report_data(report))
