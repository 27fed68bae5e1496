"""Ids in query strings, a formset's row count and CSV numbers that look like
numbers to ``isdigit`` or are too long for ``int()``: each gets a page or a
message, never a 500, and nothing is written (found in the final review)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from catalog.csv_io import catalog_import_plan
from catalog.models import Variant
from community.limits import MAX_ID, id_or_none
from community.phone import normalize_phone
from orders.models import Order
from tests.factories import ShopFactory
from tests.orders.factories import VariantFactory
from tests.returns.factories import paid_line

pytestmark = pytest.mark.django_db

NOT_IDS = ["²", "¹²", "٣", "9" * 5000, str(2**63), "-1", " ", "1e3", "0x10"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_id_or_none_takes_only_plain_digits_a_bigint_can_hold():
    assert id_or_none("42") == 42
    assert id_or_none(" 7 ") == 7
    assert id_or_none(str(MAX_ID)) == MAX_ID
    for raw in [*NOT_IDS, None, ""]:
        assert id_or_none(raw) is None, raw


@pytest.mark.parametrize("raw", NOT_IDS)
def test_a_return_form_with_a_strange_line_in_the_address_still_opens(member, raw):
    line = paid_line(member, quantity=2)
    response = _client(member.user).get(
        f"/retur/ajukan/{line.order_id}/", {"line": raw}
    )
    assert response.status_code == 200
    assert response.context["form"].initial.get("order_line") is None


def test_a_return_form_with_the_line_in_the_address_picks_it(member):
    line = paid_line(member, quantity=2)
    response = _client(member.user).get(
        f"/retur/ajukan/{line.order_id}/", {"line": str(line.pk)}
    )
    assert response.context["form"].initial["order_line"] == line.pk


@pytest.mark.parametrize("raw", NOT_IDS)
def test_the_segmentation_page_ignores_a_strange_category(member, raw):
    response = _client(member.user).get("/belajar/segmentasi/", {"category": raw})
    assert response.status_code == 200
    assert response.context["category"] is None


@pytest.mark.parametrize("raw", NOT_IDS)
def test_staff_credit_of_a_strange_member_id_is_400_not_500(treasurer, api_as, raw):
    response = api_as(treasurer).get("/api/v1/credit/", {"member": raw})
    assert 400 <= response.status_code < 500
    assert response.status_code != 500


@pytest.mark.parametrize("count", ["x", "²", "9" * 5000, "-3", "99999999"])
def test_adding_a_line_with_a_tampered_row_count_shows_the_form(member, count):
    shop = ShopFactory(member=member)
    variant = VariantFactory()
    data = {
        "action": "add_line",
        "shop": shop.pk,
        "marketplace_order_no": "2601TAMPER",
        "recipient_name": "Budi",
        "lines-TOTAL_FORMS": count,
        "lines-INITIAL_FORMS": "0",
        "lines-0-variant": str(variant.pk),
        "lines-0-quantity": "1",
    }
    response = _client(member.user).post("/pesanan/baru/", data)
    assert response.status_code == 200
    assert Order.objects.count() == 0
    # The page grew by one row, whatever the count said.
    assert response.context["formset"].total_form_count() >= 1


def test_a_phone_number_with_superscript_digits_is_refused():
    with pytest.raises(ValidationError):
        normalize_phone("0812345678²")
    assert normalize_phone("0812 3456 7890") == "6281234567890"


def test_a_csv_price_of_5000_digits_gets_the_indonesian_limit_not_python_english():
    variant = VariantFactory(base_price=20_000, suggested_price=30_000, stock=5)
    header = "sku,product,category,base_price,suggested_price,stock"
    row = f"{variant.sku},Barang,Kain,{'9' * 5000},30000,5"
    with translation.override("id"):
        plan = catalog_import_plan(f"{header}\n{row}\n")
    messages = " ".join(message for _, message in plan.errors)
    assert not plan.ok
    assert "base_price" in messages and "1.000.000.000" in messages
    assert "digits" not in messages and "int_max_str_digits" not in messages
    variant.refresh_from_db()
    assert variant.base_price == 20_000
    assert Variant.objects.count() == 1
