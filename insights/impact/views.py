"""Pages of the impact report: the phone page, the PDF, one download per
table and the leader's settings (UMK figures, days, tax threshold)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from community.errors import KongsiError
from community.roles import is_leader
from insights import exports
from insights.impact import access, charts, config, tables
from insights.impact.forms import ImpactSettingsForm, MinimumWageForm
from insights.impact.months import default_end_month
from insights.impact.pdf import impact_pdf
from insights.impact.report import impact_report
from insights.models import MinimumWage
from insights.periods import Month, jakarta_now


def _period(request) -> tuple[Month, int]:
    """The window's last month (``?month=``) and the year (``?year=``)."""
    try:
        value = request.GET.get("month")
        end = Month.parse(value) if value else default_end_month()
    except KongsiError as error:
        messages.error(request, str(error.message))
        end = default_end_month()
    this_year = jakarta_now().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    return end, year


def _require_report(user) -> None:
    if not access.may_open_report(user):
        raise Http404


@login_required
def report_page(request):
    """Dampak: one phone page with every figure the viewer may see."""
    _require_report(request.user)
    end, year = _period(request)
    report = impact_report(user=request.user, end=end, year=year)
    context = {
        "report": report,
        "end": end,
        "year": year,
        "tables": tables.tables_for(request.user),
        "query": f"month={end.key}&year={year}",
        "is_leader": is_leader(request.user),
        "income_chart": charts.month_bars(
            [
                {"key": row["key"], **{f"at_{k}": v for k, v in row["levels"].items()}}
                for row in report["income"]["months"]
            ],
            [("at_25", 1), ("at_50", 4), ("at_100", 0)],
        ),
    }
    if report["economy"]:
        context["economy_chart"] = charts.month_bars(
            report["economy"]["months"], [("goods_value", 4), ("member_profit", 0)]
        )
    return render(request, "insights/impact/report.html", context)


@login_required
def report_pdf(request):
    """The printable report (community figures only, no names)."""
    if not access.may_see_community(request.user):
        raise PermissionDenied
    end, year = _period(request)
    report = impact_report(user=request.user, end=end, year=year)
    response = HttpResponse(impact_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kongsi-dampak-{end.key}.pdf"'
    return response


@login_required
def table_download(request, table: str):
    """One table of the report as CSV (``?format=csv``) or XLSX (default)."""
    _require_report(request.user)
    if table not in tables.TABLES:
        raise Http404
    if not tables.may_download(request.user, table):
        raise PermissionDenied
    end, year = _period(request)
    dataset = tables.table_for(request.user, table, end=end, year=year)
    filename = f"kongsi_dampak_{table}_{end.key}"
    if request.GET.get("format") == "csv":
        return exports.csv_response(dataset, filename)
    return exports.xlsx_response(dataset, filename)


@login_required
def settings_page(request):
    """The leader enters the UMK and the report's settings."""
    if not is_leader(request.user):
        raise PermissionDenied
    current = config.impact_settings()
    wage_form = MinimumWageForm(
        initial={"kabupaten": current.kabupaten, "year": jakarta_now().year}
    )
    settings_form = ImpactSettingsForm(instance=current)
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "wage":
            wage_form = MinimumWageForm(request.POST)
            if wage_form.is_valid():
                try:
                    config.minimum_wage_set(
                        actor=request.user, **wage_form.cleaned_data
                    )
                except KongsiError as error:
                    wage_form.add_error(error.field, str(error.message))
                else:
                    messages.success(request, _("The minimum wage is saved."))
                    return redirect(reverse("insights:impact_settings"))
        else:
            settings_form = ImpactSettingsForm(request.POST, instance=current)
            if settings_form.is_valid():
                try:
                    config.impact_settings_update(
                        actor=request.user,
                        **{
                            name: settings_form.cleaned_data[name]
                            for name in config.SETTING_FIELDS
                        },
                    )
                except KongsiError as error:
                    settings_form.add_error(error.field, str(error.message))
                else:
                    messages.success(request, _("The settings are saved."))
                    return redirect(reverse("insights:impact_settings"))
        status = 400
    return render(
        request,
        "insights/impact/settings.html",
        {
            "wage_form": wage_form,
            "settings_form": settings_form,
            "wages": MinimumWage.objects.order_by("kabupaten", "-year"),
        },
        status=status,
    )
