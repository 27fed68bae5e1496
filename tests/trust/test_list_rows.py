"""List endpoints and list pages show only the rows the role may see.

Member A's rows never appear for member B or another mentor; B's rows never
appear for A; staff see everybody's rows where API.md says "leader/treasurer
all".
"""

import pytest
from django.test import Client

from orders.models import Order
from returns.models import ReturnRequest
from settlements.models import Settlement
from tests.trust.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _ids(client: Client, url: str) -> set[int]:
    response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    assert set(body) >= {"count", "results"}, url
    return {row["id"] for row in body["results"]}


def _owned(world, role: str) -> dict[str, set[int]]:
    member = world.members[role]
    return {
        "/api/v1/shops/": set(member.shops.values_list("pk", flat=True)),
        "/api/v1/orders/": set(
            Order.objects.filter(member=member).values_list("pk", flat=True)
        ),
        "/api/v1/settlements/": set(
            Settlement.objects.filter(member=member).values_list("pk", flat=True)
        ),
        "/api/v1/returns/": set(
            ReturnRequest.objects.filter(order_line__order__member=member).values_list(
                "pk", flat=True
            )
        ),
    }


# Who sees A's rows in each list (besides A): API.md's "leader/treasurer all".
SEES_A = {
    "/api/v1/shops/": {"treasurer", "leader"},
    "/api/v1/orders/": {"treasurer", "leader"},
    "/api/v1/settlements/": {"treasurer", "leader"},
    "/api/v1/returns/": {"treasurer", "leader"},
}


@pytest.mark.parametrize(
    "role", ["a", "b", "mentor_a", "mentor_x", "treasurer", "leader"]
)
def test_api_lists_hold_only_visible_rows(world, role):
    a_rows = _owned(world, "a")
    b_rows = _owned(world, "b")
    own_rows = _owned(world, role)
    client = _client(world, role)
    for url, a_ids in a_rows.items():
        assert a_ids, f"the world has no rows of A for {url}"
        listed = _ids(client, url)
        assert own_rows[url] <= listed, f"{role} misses own rows in {url}"
        if role == "a" or role in SEES_A[url]:
            assert a_ids <= listed, f"{role} should see A's rows in {url}"
        else:
            assert not listed & a_ids, f"{role} sees A's rows in {url}"
        if role == "a":
            assert not listed & b_rows[url], f"A sees B's rows in {url}"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("a", True),
        ("b", False),
        ("mentor_a", True),
        ("mentor_x", False),
        ("treasurer", False),
        ("leader", True),
    ],
)
def test_enrollment_list_follows_the_mentor(world, role, sees):
    listed = _ids(_client(world, role), "/api/v1/training/enrollments/")
    assert (world.ids["enrollment"] in listed) is sees


@pytest.mark.parametrize(
    ("role", "sees"),
    [("a", True), ("b", False), ("mentor_a", False), ("mentor_x", False)],
)
def test_list_pages_show_a_rows_to_a_only(world, role, sees):
    """The order, settlement and return list pages and the insights order list."""
    client = _client(world, role)
    number = Order.objects.get(pk=world.ids["order_submitted"]).marketplace_order_no
    b_number = Order.objects.get(pk=world.b_ids["order"]).marketplace_order_no
    for url in ("/pesanan/", "/ringkasan/pesanan/"):
        html = client.get(url).content.decode()
        assert (number in html) is sees, (role, url)
        assert (b_number in html) is (role == "b"), (role, url)
    settlement = f"/setor/{world.ids['settlement']}/"
    assert (settlement in client.get("/setor/").content.decode()) is sees, role
    ret = f"/retur/{world.ids['return']}/"
    assert (ret in client.get("/retur/").content.decode()) is sees, role


def test_trainee_list_page_is_the_mentors_own(world):
    name = world.members["a"].full_name
    assert name in _client(world, "mentor_a").get("/belajar/murid/").content.decode()
    other = _client(world, "mentor_x").get("/belajar/murid/").content.decode()
    assert name not in other


def test_member_credit_and_contributions_are_own(world):
    from ledger.credit import credit_post

    credit_post(
        member=world.members["a"],
        amount=7_000,
        kind="adjustment",
        reference="test",
        idempotency_key="trust:credit:a",
        memo="Koreksi A",
    )
    a_credit = _client(world, "a").get("/api/v1/credit/").json()
    b_credit = _client(world, "b").get("/api/v1/credit/").json()
    assert a_credit["balance"] == 7_000
    assert b_credit["balance"] == 0 and b_credit["entries"] == []
