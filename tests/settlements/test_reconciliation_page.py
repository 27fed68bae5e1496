"""The treasurer's reconciliation page on a phone: upload a statement, decide
each unmatched incoming transfer, check transfer photos — through the same
services as admin and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from orders.models import Order, OrderEvent
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.reconciliation import statement_import
from settlements.services import settlement_upload_proof
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries
from tests.settlements.factories import open_settlement, settlement_due
from tests.settlements.test_api import photo

pytestmark = pytest.mark.django_db
Match = BankStatementLine.Match


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_file(*rows: tuple[str, str, int]) -> SimpleUploadedFile:
    body = "date,description,amount,type\n" + "".join(
        f"{day},{text},{amount},CR\n" for day, text, amount in rows
    )
    return SimpleUploadedFile("mutasi.csv", body.encode(), content_type="text/csv")


def upload(client, *rows):
    return client.post(
        "/rekonsiliasi/", {"file": csv_file(*rows), "format": "auto"}, follow=True
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_upload_matches_and_a_second_upload_says_it_was_put_in_before(
    member, treasurer
):
    settlement = open_settlement(member)
    rows = [
        ("2026-11-20", "TRSF RAHMAT", settlement.amount_due),
        ("2026-11-20", "TRSF ENTAH SIAPA", 77_777),
    ]
    client = client_for(treasurer)
    first = upload(client, *rows)
    (said,) = messages_of(first)
    assert "2 baris baru" in said and "1 setoran cocok otomatis" in said
    assert "1 transfer perlu dicek" in said
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED
    assert settlement.confirmed_via == Settlement.Via.STATEMENT

    again = upload(client, *rows)
    (said,) = messages_of(again)
    assert said.startswith("File ini sudah pernah dimasukkan")
    assert 'class="message warning"' in again.content.decode()
    assert BankStatementLine.objects.count() == 2

    more = upload(client, *rows, ("2026-11-21", "TRSF BARU", 12_345))
    (said,) = messages_of(more)
    assert "1 baris baru" in said
    assert "2 baris sudah pernah dimasukkan dan dilewati" in said
    assert BankStatement.objects.count() == 3


def test_a_bad_file_shows_the_message_and_saves_nothing(treasurer):
    response = client_for(treasurer).post(
        "/rekonsiliasi/",
        {"file": SimpleUploadedFile("x.csv", b"bukan,mutasi\n1,2\n"), "format": "auto"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not BankStatement.objects.exists()


def test_an_unmatched_line_offers_its_candidates_and_matches_by_the_service(
    treasurer,
):
    rahmat = MemberFactory(full_name="Rahmat Hidayat")
    near = settlement_due(rahmat, 50_417)
    other = MemberFactory(full_name="Laila Fitriyah")
    far_by_name = settlement_due(other, 90_123, code=123)
    unrelated = settlement_due(MemberFactory(full_name="Sholeh"), 300_777, code=777)
    statement_import(
        file=csv_file(
            ("2026-11-20", "TRSF E-BANKING CR RAHMAT HIDAYAT", 50_000),
            ("2026-11-21", "SETORAN LAILA", 10_000),
        ),
        format="generic",
        actor=treasurer,
    )
    line, by_name = BankStatementLine.objects.order_by("date")
    assert line.match_status == by_name.match_status == Match.UNMATCHED

    client = client_for(treasurer)
    page = client.get("/rekonsiliasi/")
    lines = {item.pk: item for item in page.context["lines"]}
    assert [c["settlement"].pk for c in lines[line.pk].candidates] == [near.pk]
    assert lines[line.pk].candidates[0]["by_name"]
    assert lines[line.pk].candidates[0]["difference"] == 417
    assert [c["settlement"].pk for c in lines[by_name.pk].candidates] == [
        far_by_name.pk
    ]
    body = page.content.decode()
    assert f"Cocokkan: #{near.pk} Rahmat Hidayat · Rp 50.417" in body
    assert f"#{unrelated.pk} " not in body

    response = client.post(
        f"/rekonsiliasi/baris/{line.pk}/cocokkan/", {"settlement": near.pk}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    near.refresh_from_db()
    assert (line.match_status, line.settlement_id) == (Match.MATCHED, near.pk)
    assert line.matched_by == treasurer
    assert near.status == Settlement.Status.CONFIRMED
    assert near.confirmed_by == treasurer
    order = Order.objects.get(settlement_links__settlement=near)
    assert order.status == Order.Status.PAID
    assert OrderEvent.objects.filter(
        order=order, to_status="paid", actor=treasurer
    ).exists()
    # Matching it again is refused by the service, nothing changes.
    again = client.post(
        f"/rekonsiliasi/baris/{line.pk}/cocokkan/",
        {"settlement": far_by_name.pk},
        follow=True,
    )
    assert "sudah dicocokkan" in " ".join(messages_of(again))
    far_by_name.refresh_from_db()
    assert far_by_name.status == Settlement.Status.AWAITING_TRANSFER


def test_setting_a_line_aside_and_a_bad_choice(treasurer):
    statement_import(
        file=csv_file(("2026-11-20", "KIRIMAN KELUARGA", 250_000)),
        format="generic",
        actor=treasurer,
    )
    line = BankStatementLine.objects.get()
    client = client_for(treasurer)
    bad = client.post(
        f"/rekonsiliasi/baris/{line.pk}/cocokkan/", {"settlement": "x"}, follow=True
    )
    assert "Pilih setoran" in " ".join(messages_of(bad))
    response = client.post(f"/rekonsiliasi/baris/{line.pk}/sisihkan/", follow=True)
    line.refresh_from_db()
    assert line.match_status == Match.IGNORED and line.matched_by == treasurer
    assert response.context["lines"] == []
    assert "Semua transfer masuk sudah cocok" in response.content.decode()


def test_a_transfer_photo_is_confirmed_or_refused_from_the_page(member, leader):
    first, second = open_settlement(member), open_settlement(member)
    for settlement in (first, second):
        settlement_upload_proof(
            settlement=settlement,
            actor=member.user,
            image=photo(),
            bank="BRI",
            sender_name="Rahmat",
            amount=settlement.amount_due,
            transferred_at=timezone.now(),
        )
    client = client_for(leader)
    assert [s.pk for s in client.get("/rekonsiliasi/").context["proofs"]] == [
        first.pk,
        second.pk,
    ]
    client.post(f"/rekonsiliasi/setoran/{first.pk}/konfirmasi/")
    first.refresh_from_db()
    assert first.status == Settlement.Status.CONFIRMED
    assert first.confirmed_by == leader
    empty = client.post(f"/rekonsiliasi/setoran/{second.pk}/tolak/", {"reason": ""})
    second.refresh_from_db()
    assert (
        empty.status_code == 302 and second.status == Settlement.Status.PROOF_UPLOADED
    )
    client.post(f"/rekonsiliasi/setoran/{second.pk}/tolak/", {"reason": "Tidak masuk"})
    second.refresh_from_db()
    assert second.status == Settlement.Status.REJECTED
    twice = client.post(f"/rekonsiliasi/setoran/{first.pk}/konfirmasi/", follow=True)
    assert "tidak bisa dikonfirmasi" in " ".join(messages_of(twice))


def test_members_and_mentors_may_not_use_it(member, mentor, treasurer):
    settlement = open_settlement(member)
    statement_import(
        file=csv_file(("2026-11-20", "TRSF", 4_321)), format="generic", actor=treasurer
    )
    line = BankStatementLine.objects.get()
    for user in (member.user, mentor.user):
        client = client_for(user)
        assert client.get("/rekonsiliasi/").status_code == 403
        for url, body in [
            ("/rekonsiliasi/", {"file": csv_file(("2026-11-22", "X", 1_000))}),
            (f"/rekonsiliasi/baris/{line.pk}/cocokkan/", {"settlement": settlement.pk}),
            (f"/rekonsiliasi/baris/{line.pk}/sisihkan/", {}),
            (f"/rekonsiliasi/setoran/{settlement.pk}/konfirmasi/", {}),
            (f"/rekonsiliasi/setoran/{settlement.pk}/tolak/", {"reason": "x"}),
        ]:
            assert client.post(url, body).status_code == 403, url
    line.refresh_from_db()
    settlement.refresh_from_db()
    assert line.match_status == Match.UNMATCHED
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
    assert BankStatement.objects.count() == 1
    anonymous = Client().get("/rekonsiliasi/")
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]


def test_the_page_runs_the_same_queries_for_more_lines(treasurer):
    counter = iter(range(1, 1000))

    def grow():
        for _ in range(3):
            n = next(counter)
            settlement_due(MemberFactory(), 70_000 + n * 11, code=n)
            statement_import(
                file=csv_file(("2026-11-20", f"TRSF {n}", 10_000 + n)),
                format="generic",
                actor=treasurer,
            )

    grow()
    client = client_for(treasurer)
    assert_constant_queries(lambda: client.get("/rekonsiliasi/"), grow)


def test_an_over_long_reason_is_refused_and_nothing_changes(member, treasurer):
    settlement = open_settlement(member)
    response = client_for(treasurer).post(
        f"/rekonsiliasi/setoran/{settlement.pk}/tolak/",
        {"reason": "x" * 10_000},
        follow=True,
    )
    assert "paling banyak 2000 karakter" in " ".join(messages_of(response))
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
