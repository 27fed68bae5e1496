"""The packing-day API: resi/ship-by, label PDF, pick list, scan."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from orders.models import Order
from tests.conftest import api_for
from tests.helpers import mark_paid
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


def paid(member, leader, **kwargs):
    order = make_order(member=member, **kwargs)
    return mark_paid(order, actor=leader, settlement_id=1)


def test_resi_and_ship_by_through_the_api(member, other_member, leader):
    order = paid(member, leader)
    response = api_for(member.user).post(
        f"/api/v1/orders/{order.pk}/tracking/",
        {"tracking_no": "jp-1234567890", "ship_by": "2026-12-05T14:00:00+07:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["tracking_no"] == "JP1234567890"
    assert response.json()["ship_by"].startswith("2026-12-05T14:00:00")
    other = paid(member, leader)
    taken = api_for(leader).post(
        f"/api/v1/orders/{other.pk}/tracking/",
        {"tracking_no": "JP1234567890"},
        format="json",
    )
    assert taken.status_code == 400
    assert "tracking_no" in taken.json()
    hidden = api_for(other_member.user).post(
        f"/api/v1/orders/{order.pk}/tracking/", {"tracking_no": "X"}, format="json"
    )
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    "typed",
    [
        "0001-01-01T00:00",  # cannot be stored in UTC
        "9999-12-31T23:59",
        "9999-12-31T23:59:00-05:00",  # past year 9999 in Jakarta time
        "2000-01-01T08:00+07:00",  # a slip of the thumb
        "besok pagi",
    ],
)
def test_a_ship_by_years_away_is_refused_by_the_api_in_words(member, leader, typed):
    order = paid(member, leader)
    response = api_for(member.user).post(
        f"/api/v1/orders/{order.pk}/tracking/",
        {"tracking_no": "JP1234567890", "ship_by": typed},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "ship_by": ["Tulis batas kirim sebagai tanggal dan jam."]
    }
    order.refresh_from_db()
    assert (order.ship_by, order.tracking_no) == (None, "")
    assert not order.events.filter(params__has_key="ship_by").exists()


def test_a_ship_by_this_year_or_next_is_taken_by_the_api(member, leader):
    order = paid(member, leader)
    next_year = timezone.localdate().year + 1
    response = api_for(member.user).post(
        f"/api/v1/orders/{order.pk}/tracking/",
        {"ship_by": f"{next_year}-01-02T14:00:00+07:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    assert timezone.localtime(order.ship_by).year == next_year


def test_labels_pick_list_and_scan_through_the_api(member, leader):
    variant = VariantFactory(bin_location="C-3", stock=20)
    orders = [paid(member, leader, lines=[(variant, 2, 1)]) for _i in range(2)]
    api = api_for(leader)
    pdf = api.post(
        "/api/v1/orders/labels/", {"orders": [o.pk for o in orders]}, format="json"
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 2
    empty = api.post("/api/v1/orders/labels/", {"orders": [999999]}, format="json")
    assert empty.status_code == 400
    rows = api.get(
        "/api/v1/orders/pick-list/", {"order": [o.pk for o in orders]}
    ).json()
    assert rows == [
        {
            "sku": variant.sku,
            "name": variant.display_name,
            "bin_location": "C-3",
            "quantity": 4,
            "orders": 2,
        }
    ]
    scan = api.post(
        "/api/v1/orders/scan/", {"code": orders[0].marketplace_order_no}, format="json"
    ).json()
    assert (scan["tone"], scan["order"], scan["can_pack"]) == ("ok", orders[0].pk, True)
    assert (
        api_for(member.user)
        .post("/api/v1/orders/scan/", {"code": "x"}, format="json")
        .status_code
        == 403
    )
    assert Order.objects.filter(status="packed").count() == 0  # scanning packs nothing
