"""Pages of the catalog: browse, product page with the listing kit, photo zip,
and the leader's tools (bulk edit, low stock, CSV import/export, photos)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog import services
from catalog.csv_io import (
    catalog_export_csv,
    catalog_import,
    catalog_import_plan,
    plan_error_message,
)
from catalog.forms import (
    BulkReasonForm,
    CatalogSearchForm,
    CsvImportForm,
    PhotoUploadForm,
)
from catalog.listing import listing_kit, price_summary
from catalog.photos import image_add, photos_zip
from catalog.selectors import (
    low_stock_list,
    product_get_for,
    product_list_for,
    variant_list_for,
)
from community.errors import KongsiError
from community.limits import MAX_PRICE, MAX_STOCK
from community.money import group_thousands
from community.roles import is_leader

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "catalog_import_csv"
MAX_CSV_BYTES = 2 * 1024 * 1024


def _leader_only(request) -> None:
    if not is_leader(request.user):
        raise PermissionDenied


@login_required
def product_list(request):
    """Browse and search: thumbnails, prices, margin and stock in words."""
    form = CatalogSearchForm(request.GET or None)
    search, category = "", None
    if form.is_valid():
        search = form.cleaned_data["q"]
        category = form.cleaned_data["kategori"]
    products = product_list_for(
        request.user, search=search, category=category, as_lists=True
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [
        {
            "product": product,
            "price": price_summary(product),
            # The first ready photo (the photos are prefetched in order).
            "thumb": next(iter(product.image_list), None),
        }
        for product in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/product_list.html",
        {
            "form": form,
            "cards": cards,
            "page": page,
            "query": query.urlencode(),
            "search": search,
        },
    )


@login_required
def product_detail(request, slug: str):
    """All photos, the variants and the listing kit with copy buttons."""
    product = product_get_for(request.user, slug=slug)
    kit = listing_kit(product)
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "kit": kit,
            "price": price_summary(product),
            "images": [image for image in product.images.all() if image.is_ready],
            "variants": list(product.variants.all()),
            "is_leader": is_leader(request.user),
        },
    )


@login_required
def product_zip(request, slug: str):
    """All the product's photos in one zip download."""
    product = product_get_for(request.user, slug=slug)
    data, name = photos_zip(product)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Leader tools -----------------------------------------------------------


@login_required
def manage(request):
    _leader_only(request)
    return render(
        request,
        "catalog/manage.html",
        {"low_stock_count": low_stock_list().count()},
    )


@login_required
def low_stock(request):
    _leader_only(request)
    return render(
        request, "catalog/low_stock.html", {"variants": low_stock_list()[:200]}
    )


def _int_or_none(raw: str | None, label: str, sku: str, limit: int) -> int | None:
    raw = (raw or "").strip().replace(".", "")
    if raw == "":
        return None
    if not raw.isdecimal():
        raise KongsiError(
            _("%(sku)s: %(label)s must be a whole number, 0 or more.")
            % {"sku": sku, "label": label}
        )
    if len(raw) > 15 or int(raw) > limit:
        raise KongsiError(
            _("%(sku)s: %(label)s can be at most %(limit)s.")
            % {"sku": sku, "label": label, "limit": group_thousands(limit)}
        )
    return int(raw)


@login_required
@require_http_methods(["GET", "POST"])
def bulk_edit(request):
    """Change many prices and stock counts at once; stock changes need a reason."""
    _leader_only(request)
    search = request.GET.get("q", "").strip()
    variants = variant_list_for(request.user)
    if search:
        variants = variants.filter(product__name__icontains=search) | variants.filter(
            sku__icontains=search
        )
    variants = list(variants[:100])
    reason_form = BulkReasonForm(request.POST or None)
    if request.method == "POST" and reason_form.is_valid():
        try:
            changes = []
            for variant in variants:
                change = {"variant": variant}
                for field, label, limit in (
                    ("base_price", _("member price"), MAX_PRICE),
                    ("suggested_price", _("suggested price"), MAX_PRICE),
                    ("stock", _("stock"), MAX_STOCK),
                ):
                    value = _int_or_none(
                        request.POST.get(f"{field}-{variant.pk}"),
                        label,
                        variant.sku,
                        limit,
                    )
                    if value is not None:
                        change[field] = value
                bin_location = request.POST.get(f"bin_location-{variant.pk}")
                if bin_location is not None:
                    change["bin_location"] = bin_location
                changes.append(change)
            count = services.variant_bulk_update(
                changes=changes,
                actor=request.user,
                reason=reason_form.cleaned_data["reason"],
            )
        except KongsiError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("%(count)s variants changed.") % {"count": count}
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "catalog/bulk_edit.html",
        {"variants": variants, "reason_form": reason_form, "search": search},
    )


@login_required
def csv_export(request):
    _leader_only(request)
    response = HttpResponse(
        catalog_export_csv(), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="katalog-{stamp}.csv"'
    return response


def _read_csv_upload(upload) -> str:
    if upload.size > MAX_CSV_BYTES:
        raise KongsiError(_("The file is too large. At most 2 MB."), field="file")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KongsiError(
            _("This is not a CSV text file (save it as CSV UTF-8)."), field="file"
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def csv_import(request):
    """Upload → dry run (what would change, per-row errors) → confirm."""
    _leader_only(request)
    form = CsvImportForm()
    plan = None
    if request.method == "POST" and "confirm" in request.POST:
        text = request.session.get(IMPORT_SESSION_KEY)
        if not text:
            messages.error(request, _("Upload the file again, please."))
            return redirect("catalog:csv_import")
        try:
            plan = catalog_import(text=text, actor=request.user)
        except KongsiError as error:
            messages.error(request, str(error.message))
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
            counts = plan.counts()
            messages.success(
                request,
                _("Saved: %(create)s new, %(update)s changed, %(same)s unchanged.")
                % counts,
            )
            return redirect("catalog:manage")
    elif request.method == "POST":
        form = CsvImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = _read_csv_upload(form.cleaned_data["file"])
            except KongsiError as error:
                form.add_error("file", str(error.message))
            else:
                plan = catalog_import_plan(text)
                if plan.ok:
                    request.session[IMPORT_SESSION_KEY] = text
                else:
                    request.session.pop(IMPORT_SESSION_KEY, None)
                    messages.error(request, plan_error_message(plan))
    return render(request, "catalog/csv_import.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def photo_upload(request, slug: str):
    _leader_only(request)
    product = product_get_for(request.user, slug=slug)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            image_add(
                product=product, upload=form.cleaned_data["image"], actor=request.user
            )
        except KongsiError as error:
            form.add_error("image", str(error.message))
        else:
            messages.success(
                request, _("Photo saved. Its small versions are being made.")
            )
            return redirect("catalog:photo_upload", slug=product.slug)
    return render(
        request,
        "catalog/photo_upload.html",
        {"product": product, "form": form, "images": product.images.all()},
    )
