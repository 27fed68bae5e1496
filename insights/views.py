"""Pages of the insights app: the leader's Ringkasan, the order list behind each
figure, exports, and the member's Beranda panel. They only read."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from community.errors import KongsiError
from community.figures import request_figures
from community.models import Marketplace, Member
from community.roles import is_staff_role
from community.selectors import member_for_user
from insights import charts, exports, selectors, watchlist
from insights.forms import ExportForm
from insights.periods import Month, date_bounds
from settlements.models import Settlement
from settlements.selectors import community_outstanding

ORDERS_PER_PAGE = 50


def admin_url(name: str, **query) -> str | None:
    """The admin changelist URL with filters, or None when it is not registered."""
    try:
        url = reverse(f"admin:{name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def orders_url(**query) -> str:
    query = {key: value for key, value in query.items() if value not in (None, "")}
    url = reverse("insights:order_list")
    return f"{url}?{urlencode(query)}" if query else url


def _month_from(request) -> Month:
    try:
        return Month.parse(request.GET.get("month"))
    except KongsiError as error:
        messages.error(request, str(error.message))
        return Month.current()


def _change(current: int, previous: int) -> dict:
    """The difference against last month, for an up/down word."""
    difference = current - previous
    return {
        "difference": difference,
        "tone": "ok" if difference > 0 else ("bad" if difference < 0 else ""),
        "percent": round(difference * 100 / previous) if previous else None,
    }


@login_required
def dashboard(request):
    """Ringkasan: the whole community on one phone screen (leader, treasurer)."""
    if not is_staff_role(request.user):
        raise PermissionDenied
    month = _month_from(request)
    figures = selectors.month_figures(month=month)
    current, previous = figures["current"], figures["previous"]
    cross = selectors.sales_by_marketplace_category(month=month)
    for row in cross:
        row["url"] = orders_url(
            month=month.key, marketplace=row["marketplace"], category=row["category_id"]
        )
    top = selectors.top_products(month=month)
    for row in top:
        row["url"] = orders_url(month=month.key, product=row["product_id"])
    activity = watchlist.member_activity(month=month)
    for row in activity["members"]:
        row.orders_url = orders_url(month=month.key, member=row.pk)
    stalled = watchlist.stalled_trainees()
    cards = [
        {
            "key": "orders",
            "label": _("Orders"),
            "value": current["orders"],
            "before": previous["orders"],
            "money": False,
        },
        {
            "key": "goods_value",
            "label": _("Goods value"),
            "value": current["goods_value"],
            "before": previous["goods_value"],
            "money": True,
        },
        {
            "key": "profit",
            "label": _("Members' profit"),
            "value": current["profit"],
            "before": previous["profit"],
            "money": True,
        },
        {
            "key": "charity",
            "label": _("Charity from orders"),
            "value": current["charity"],
            "before": previous["charity"],
            "money": True,
        },
    ]
    for card in cards:
        card["change"] = _change(card["value"], card["before"])
        card["url"] = orders_url(month=month.key)
    open_statuses = ",".join(Settlement.OPEN_STATUSES)
    open_settlements = watchlist.open_settlements()
    context = {
        "month": month,
        "current": current,
        "previous": previous,
        "cards": cards,
        "cross": cross,
        "chart": charts.marketplace_category_chart(cross),
        "top_products": top,
        "activity": activity,
        "open_settlements": open_settlements,
        # The open settlements' total is the first half of what is owed.
        "owed": community_outstanding(open_due=open_settlements["total"]),
        "credit": selectors.credit(),
        "low_stock": watchlist.low_stock(),
        "stalled": stalled,
        "links": {
            "charity": reverse("charity:manage"),
            "fund": admin_url("ledger_fundentry", kind__in="contribution,unique_code")
            or reverse("charity:manage"),
            "settlements": admin_url("settlements_settlement", status__in=open_statuses)
            or reverse("settlements:settlement_list"),
            "credit": admin_url("ledger_creditbalance", balance__gt=0),
            "low_stock": reverse("catalog:low_stock"),
            "stalled": admin_url(
                "training_enrollment",
                completed_at__isnull="True",
                last_activity_at__lt=stalled["cutoff"].isoformat(timespec="seconds"),
            ),
            "members": admin_url("community_member"),
            "exports": reverse("insights:exports"),
        },
    }
    return render(request, "insights/dashboard.html", context)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
def order_list(request):
    """The orders behind a figure: month, marketplace, category, product, member.

    Leader and treasurer see everyone's; a member sees only their own (the
    member filter is ignored for them).
    """
    month = _month_from(request)
    staff = is_staff_role(request.user)
    member = None
    if staff:
        member_id = _int_or_none(request.GET.get("member"))
        if member_id is not None:
            member = Member.objects.filter(pk=member_id).first()
            if member is None:
                raise Http404
    else:
        member = member_for_user(request.user)
        if member is None:
            raise Http404
    marketplace = request.GET.get("marketplace") or None
    if marketplace not in (None, *Marketplace.values):
        marketplace = None
    category_id = _int_or_none(request.GET.get("category"))
    product_id = _int_or_none(request.GET.get("product"))
    queryset = selectors.order_list(
        month=month,
        member=member,
        marketplace=marketplace,
        category_id=category_id,
        product_id=product_id,
    )
    totals = selectors.order_list_totals(queryset)
    page = Paginator(queryset, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    query = {
        "month": month.key,
        "marketplace": marketplace,
        "category": category_id,
        "product": product_id,
        "member": member.pk if member and staff else None,
    }
    export_query = {
        "kind": "orders",
        "date_from": month.first_day.isoformat(),
        "date_to": (month.next.first_day - datetime.timedelta(days=1)).isoformat(),
    }
    if member and staff:
        export_query["member"] = member.pk
    return render(
        request,
        "insights/order_list.html",
        {
            "month": month,
            "page": page,
            "totals": totals,
            "filter_member": member if staff else None,
            "filter_marketplace": dict(Marketplace.choices).get(marketplace),
            "filter_category": selectors.category_name(category_id),
            "filter_product": selectors.product_name(product_id),
            "previous_url": orders_url(**{**query, "month": month.previous.key}),
            "next_url": orders_url(**{**query, "month": month.next.key}),
            "page_query": urlencode(
                {k: v for k, v in query.items() if v not in (None, "")}
            ),
            "export_csv": reverse("insights:export_download")
            + "?"
            + urlencode({**export_query, "format": "csv"}),
            "export_xlsx": reverse("insights:export_download")
            + "?"
            + urlencode({**export_query, "format": "xlsx"}),
            "is_staff_view": staff,
        },
    )


def _export_form(request, data=None) -> ExportForm:
    return ExportForm(data, staff=is_staff_role(request.user))


@login_required
def export_page(request):
    """Choose what to download (members: their own orders only)."""
    if not is_staff_role(request.user) and member_for_user(request.user) is None:
        raise Http404
    return render(
        request, "insights/exports.html", {"form": _export_form(request), "error": ""}
    )


@login_required
def export_download(request):
    """The CSV or XLSX file; the form again with the message on bad input (400)."""
    staff = is_staff_role(request.user)
    own = None if staff else member_for_user(request.user)
    if not staff and own is None:
        raise Http404
    kind = request.GET.get("kind")
    if not staff and kind in exports.EXPORTS and kind not in exports.MEMBER_EXPORTS:
        raise PermissionDenied
    form = _export_form(request, request.GET)
    if not form.is_valid():
        return render(
            request,
            "insights/exports.html",
            {"form": form, "error": _("Please check the choices below.")},
            status=400,
        )
    data = form.cleaned_data
    try:
        start, end = date_bounds(data["date_from"], data["date_to"])
    except KongsiError as error:
        form.add_error("date_from", str(error.message))
        return render(
            request, "insights/exports.html", {"form": form, "error": ""}, status=400
        )
    filters = exports.Filters(
        start=start,
        end=end,
        date_from=data["date_from"],
        date_to=data["date_to"],
        member=data.get("member") if staff else own,
    )
    dataset = exports.EXPORTS[data["kind"]][1](filters)
    filename = _filename(data, filters)
    if data["format"] == "xlsx":
        return exports.xlsx_response(dataset, filename)
    return exports.csv_response(dataset, filename)


def _filename(data: dict, filters: exports.Filters) -> str:
    parts = ["kongsi", data["kind"].replace("_", "-")]
    if filters.member:
        parts.append(f"anggota-{filters.member.pk}")
    if filters.date_from:
        parts.append(filters.date_from.isoformat())
    if filters.date_to:
        parts.append(filters.date_to.isoformat())
    return "_".join(parts)


def home_panel_context(request, member) -> dict:
    """The member's own figures for Beranda: this month, money, a 12-week line."""
    month = Month.current()
    figures = selectors.month_figures(month=month, member=member)["current"]
    weekly = selectors.weekly_sales(member=member)
    marketplaces = selectors.sales_by_marketplace(month=month, member=member)
    shared = request_figures(request, member)
    return {
        "month": month,
        "figures": figures,
        "contributed": shared["charity_contributed"],
        "credit": shared["credit_balance"],
        "owed": shared["outstanding"],
        "top_products": selectors.top_products(month=month, member=member, limit=3),
        "best_marketplace": marketplaces[0] if marketplaces else None,
        "weekly": weekly,
        "weekly_profit_total": sum(week["profit"] for week in weekly),
        "sparkline": charts.sparkline([week["profit"] for week in weekly]),
        "orders_url": orders_url(month=month.key),
        "export_url": reverse("insights:exports"),
        "dashboard_url": (
            reverse("insights:dashboard") if is_staff_role(request.user) else None
        ),
    }
