"""Pages of the marketplace import: upload → dry run (fix SKUs) → confirm.

The uploaded files are kept on the pending ImportBatch, so the member can fix
an unknown SKU and see the dry run again before anything is imported.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Variant
from community.errors import KongsiError
from community.limits import id_or_none
from community.roles import Role, has_role
from community.selectors import member_for_user
from imports import services
from imports.forms import ImportForm
from imports.models import ImportBatch, StockOutNotice
from imports.planning import plan_import
from imports.stockout import notice_tick

MAX_SKU_FIXES = 200  # unknown items fixed in one go on the dry-run page


def _own_member(request):
    member = member_for_user(request.user)
    if member is None or not has_role(request.user, Role.MEMBER, Role.MENTOR):
        raise Http404
    return member


def _own_batch(request, pk) -> ImportBatch:
    member = _own_member(request)
    return get_object_or_404(
        ImportBatch.objects.select_related("shop", "member__user"),
        pk=pk,
        member=member,
    )


@login_required
def import_start(request):
    member = _own_member(request)
    form = ImportForm(request.POST or None, request.FILES or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                member=member,
                shop=data["shop"],
                file=data["file"],
                income_file=data["income_file"],
                as_draft=data["as_draft"],
            )
        except KongsiError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            return redirect("imports:import_review", pk=batch.pk)
    recent = ImportBatch.objects.filter(member=member).select_related("shop")[:5]
    return render(
        request, "imports/import_start.html", {"form": form, "recent": recent}
    )


def _plan_of(batch: ImportBatch):
    files = services.batch_files(batch)
    try:
        read = services.import_read(**files)
    finally:
        for stored in files.values():
            if stored is not None:
                stored.close()
    return plan_import(
        member=batch.member,
        shop=batch.shop,
        orders=read.orders,
        income=read.income,
        as_draft=batch.as_draft,
    )


@login_required
def import_review(request, pk):
    batch = _own_batch(request, pk)
    if batch.status == ImportBatch.Status.DONE:
        orders = batch.orders.select_related("shop").order_by("pk")
        return render(
            request, "imports/import_done.html", {"batch": batch, "orders": orders}
        )
    try:
        plan = _plan_of(batch)
    except KongsiError as error:
        messages.error(request, str(error.message))
        return redirect("imports:import_start")
    variants = (
        Variant.objects.filter(is_active=True, product__is_active=True)
        .select_related("product")
        .order_by("product__name", "label")
    )
    return render(
        request,
        "imports/import_review.html",
        {
            "batch": batch,
            "plan": plan,
            "variants": variants,
            "counts": {a: plan.count(a) for a in ("create", "update", "skip")},
        },
    )


@login_required
@require_POST
def import_sku(request, pk):
    batch = _own_batch(request, pk)
    saved = 0
    count = min(id_or_none(request.POST.get("count")) or 0, MAX_SKU_FIXES)
    for index in range(count):
        variant = request.POST.get(f"variant-{index}")
        if not variant:
            continue
        try:
            services.sku_map_set(
                member=batch.member,
                sku=request.POST.get(f"sku-{index}", ""),
                product_name=request.POST.get(f"name-{index}", ""),
                variation=request.POST.get(f"variation-{index}", ""),
                variant=variant,
            )
            saved += 1
        except KongsiError as error:
            messages.error(request, str(error.message))
    if saved:
        messages.success(request, _("Saved. Kongsi remembers it for next time."))
    return redirect("imports:import_review", pk=batch.pk)


@login_required
@require_POST
def import_confirm(request, pk):
    batch = _own_batch(request, pk)
    try:
        services.batch_confirm(batch=batch, actor=request.user)
    except KongsiError as error:
        messages.error(request, str(error.message))
    return redirect("imports:import_review", pk=batch.pk)


@login_required
@require_POST
def stockout_tick(request, pk):
    member = _own_member(request)
    notice = get_object_or_404(StockOutNotice, pk=pk, member=member)
    shop_ids = request.POST.getlist("shop")
    try:
        notice_tick(notice=notice, shop_ids=shop_ids)
    except KongsiError as error:
        messages.error(request, str(error.message))
    return redirect("community:home")
