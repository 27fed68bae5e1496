"""CSV export and import of the whole catalog, keyed by SKU.

One row per variant. The import first makes a plan (the dry run: what each row
would create or change, and each bad row's error in plain words); it writes only
when no row is bad, all in one transaction. Stock changes go through
``stock_set`` with the reason "Impor CSV", so each one is a stock movement.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog import services
from catalog.models import Category, Product, Variant
from catalog.selectors import catalog_rows
from community.errors import KongsiError
from community.limits import (
    MAX_DESCRIPTION,
    MAX_PRICE,
    MAX_STOCK,
    MAX_WEIGHT_GRAMS,
)
from community.money import group_thousands
from community.spreadsheet import safe_csv_writer

COLUMNS = [
    "sku",
    "product",
    "product_slug",
    "category",
    "label",
    "base_price",
    "suggested_price",
    "stock",
    "weight_grams",
    "active",
    "description",
]
COLUMN_LIMITS = {
    "base_price": MAX_PRICE,
    "suggested_price": MAX_PRICE,
    "stock": MAX_STOCK,
    "weight_grams": MAX_WEIGHT_GRAMS,
}
TEXT_LIMITS = {
    "product": 160,
    "product_slug": 180,
    "category": 80,
    "label": 80,
    "description": MAX_DESCRIPTION,
}
REQUIRED = ["sku", "product", "category", "base_price", "suggested_price", "stock"]
IMPORT_STOCK_REASON = "Impor CSV"
MAX_ROWS = 5000
YES = {"1", "ya", "y", "yes", "true", "aktif", "benar"}
NO = {"0", "tidak", "t", "no", "n", "false", "nonaktif", "salah"}


def catalog_export_csv() -> str:
    """Return the catalog as CSV text (UTF-8 with BOM so spreadsheets read it)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = safe_csv_writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for variant in catalog_rows():
        product = variant.product
        writer.writerow(
            [
                variant.sku,
                product.name,
                product.slug,
                product.category.name,
                variant.label,
                variant.base_price,
                variant.suggested_price,
                variant.stock,
                variant.weight_grams,
                "ya" if variant.is_active else "tidak",
                product.description,
            ]
        )
    return buffer.getvalue()


@dataclass
class RowPlan:
    line: int
    sku: str
    action: str  # "create" | "update" | "same"
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    values: dict = field(default_factory=dict)


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action != "same"]

    def counts(self) -> dict:
        return {
            action: sum(1 for row in self.rows if row.action == action)
            for action in ("create", "update", "same")
        }


def _read(text: str) -> tuple[list[str], list[dict]]:
    """Read rows; the delimiter (comma, or semicolon from a spreadsheet set to
    Indonesian) is taken from the header line, quoting stays standard."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, list(reader)


def _whole_number(raw: str, column: str) -> int:
    """A whole number of ``column`` within its COLUMN_LIMITS bound.

    The length is checked before ``int()``: Python refuses to convert more
    than 4 300 digits with an English message, and no bound has 16 digits.
    """
    text = (raw or "").strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    text = text.replace(".", "")
    if not text.isdecimal():
        raise ValueError(
            _("%(column)s must be a whole number (for example 25000), not “%(value)s”.")
            % {"column": column, "value": raw}
        )
    limit = COLUMN_LIMITS[column]
    if len(text) > 15 or int(text) > limit:
        raise ValueError(
            _("%(column)s can be at most %(limit)s.")
            % {"column": column, "limit": group_thousands(limit)}
        )
    return int(text)


def _yes_no(raw: str) -> bool:
    text = (raw or "").strip().lower()
    if not text or text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(
        _("active must be “ya” or “tidak”, not “%(value)s”.") % {"value": raw}
    )


def _parse_row(row: dict) -> dict:
    values = {
        "sku": (row.get("sku") or "").strip().upper(),
        "product": (row.get("product") or "").strip(),
        "product_slug": (row.get("product_slug") or "").strip(),
        "category": (row.get("category") or "").strip(),
        "label": (row.get("label") or "").strip(),
        "description": (row.get("description") or "").strip(),
    }
    if not values["sku"]:
        raise ValueError(_("the SKU is empty."))
    if len(values["sku"]) > 40:
        raise ValueError(_("the SKU is longer than 40 characters."))
    if not values["product"]:
        raise ValueError(_("the product name is empty."))
    if not values["category"]:
        raise ValueError(_("the category is empty."))
    for column, limit in TEXT_LIMITS.items():
        if len(values[column]) > limit:
            raise ValueError(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": column, "limit": limit}
            )
    for column in ("base_price", "suggested_price", "stock"):
        values[column] = _whole_number(row.get(column), column)
    weight = row.get("weight_grams")
    values["weight_grams"] = _whole_number(weight, "weight_grams") if weight else 0
    values["is_active"] = _yes_no(row.get("active"))
    if values["suggested_price"] < values["base_price"]:
        raise ValueError(
            _("the suggested price is below the member price (base_price).")
        )
    return values


VARIANT_COLUMNS = ("label", "base_price", "suggested_price", "stock", "weight_grams")


def catalog_import_plan(text: str) -> ImportPlan:
    """The dry run: read the CSV and say what each row would do. Writes nothing."""
    plan = ImportPlan()
    try:
        header, rows = _read(text)
    except csv.Error:  # e.g. a cell longer than the csv module's limit
        plan.errors.append(
            (1, _("This file cannot be read as a table: a cell is too long or broken."))
        )
        return plan
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        plan.errors.append(
            (1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return plan
    if not rows:
        plan.errors.append((1, _("The file has no rows.")))
        return plan
    if len(rows) > MAX_ROWS:
        plan.errors.append((1, _("At most %(max)s rows at once.") % {"max": MAX_ROWS}))
        return plan
    skus = [(row.get("sku") or "").strip().upper() for row in rows]
    variants = {
        v.sku: v
        for v in Variant.objects.select_related("product__category").filter(
            sku__in=skus
        )
    }
    categories = {c.name.lower(): c for c in Category.objects.all()}
    products_by_slug = {p.slug: p for p in Product.objects.select_related("category")}
    products_by_name = {p.name.lower(): p for p in products_by_slug.values()}
    seen_skus: dict[str, int] = {}
    product_rows: dict[str, tuple[int, dict]] = {}
    for line, row in enumerate(rows, start=2):
        try:
            values = _parse_row(row)
            if values["sku"] in seen_skus:
                raise ValueError(
                    _("the SKU %(sku)s is already on line %(line)s.")
                    % {"sku": values["sku"], "line": seen_skus[values["sku"]]}
                )
            seen_skus[values["sku"]] = line
            variant = variants.get(values["sku"])
            if variant is not None:
                product = variant.product
                if values["product_slug"] and values["product_slug"] != product.slug:
                    raise ValueError(
                        _("the SKU %(sku)s belongs to the product “%(name)s”.")
                        % {"sku": values["sku"], "name": product.name}
                    )
            else:
                product = products_by_slug.get(
                    values["product_slug"]
                ) or products_by_name.get(values["product"].lower())
            key = (
                product.slug
                if product
                else (
                    values["product_slug"]
                    or slugify(values["product"])
                    or values["sku"]
                )
            )
            first = product_rows.get(key)
            if first is None:
                product_rows[key] = (line, values)
            else:
                for column in ("product", "category", "description"):
                    if first[1][column] != values[column]:
                        raise ValueError(
                            _(
                                "%(column)s differs from line %(line)s of the same "
                                "product."
                            )
                            % {"column": column, "line": first[0]}
                        )
        except ValueError as error:
            plan.errors.append((line, str(error)))
            continue
        if values["category"].lower() not in categories and (
            values["category"] not in plan.new_categories
        ):
            plan.new_categories.append(values["category"])
        values["product_obj"] = product
        values["product_key"] = key
        plan.rows.append(_row_plan(line, values, variant, product))
    return plan


def _row_plan(line: int, values: dict, variant, product) -> RowPlan:
    if variant is None:
        return RowPlan(line=line, sku=values["sku"], action="create", values=values)
    changes = []
    for column in VARIANT_COLUMNS:
        if getattr(variant, column) != values[column]:
            changes.append((column, getattr(variant, column), values[column]))
    if variant.is_active != values["is_active"]:
        changes.append(("active", variant.is_active, values["is_active"]))
    if product.name != values["product"]:
        changes.append(("product", product.name, values["product"]))
    if product.category.name != values["category"]:
        changes.append(("category", product.category.name, values["category"]))
    if product.description != values["description"]:
        changes.append(("description", product.description, values["description"]))
    return RowPlan(
        line=line,
        sku=values["sku"],
        action="update" if changes else "same",
        changes=changes,
        values=values,
    )


def plan_error_message(plan: ImportPlan) -> str:
    lines = "; ".join(
        _("line %(line)s: %(message)s") % {"line": line, "message": message}
        for line, message in plan.errors[:10]
    )
    return _("Nothing was saved. Fix these rows: %(rows)s") % {"rows": lines}


@transaction.atomic
def catalog_import(*, text: str, actor) -> ImportPlan:
    """Apply the CSV: all rows or none. Raise ``KongsiError`` naming bad rows."""
    plan = catalog_import_plan(text)
    if not plan.ok:
        raise KongsiError(plan_error_message(plan), field="file")
    categories = {c.name.lower(): c for c in Category.objects.all()}
    products: dict[str, Product] = {}
    for row in plan.rows:
        values = row.values
        category = categories.get(values["category"].lower())
        if category is None:
            category = services.category_create(name=values["category"], actor=actor)
            categories[values["category"].lower()] = category
        variant_data = {
            "sku": values["sku"],
            "label": values["label"],
            "base_price": values["base_price"],
            "suggested_price": values["suggested_price"],
            "stock": values["stock"],
            "weight_grams": values["weight_grams"],
            "is_active": values["is_active"],
        }
        product = products.get(values["product_key"]) or values["product_obj"]
        if product is None:
            product = services.product_create(
                name=values["product"],
                slug=values["product_slug"] if _slug_free(values) else "",
                category=category,
                description=values["description"],
                weight_grams=values["weight_grams"],
                actor=actor,
                variants=[variant_data],
            )
            products[values["product_key"]] = product
            continue
        products[values["product_key"]] = product
        if row.action == "same":
            continue
        services.product_update(
            product=product,
            actor=actor,
            name=values["product"],
            category=category,
            description=values["description"],
        )
        if row.action == "create":
            services.product_update(
                product=product, actor=actor, variants=[variant_data]
            )
            continue
        variant = Variant.objects.get(sku=values["sku"])
        stock = variant_data.pop("stock")
        variant_data.pop("sku")
        services.variant_update(
            variant=variant,
            actor=actor,
            stock=stock,
            stock_reason=IMPORT_STOCK_REASON,
            **variant_data,
        )
    return plan


def _slug_free(values: dict) -> bool:
    slug = values["product_slug"]
    return (
        bool(slug)
        and slug == slugify(slug)
        and not Product.objects.filter(slug=slug).exists()
    )
