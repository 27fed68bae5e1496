"""QRIS: the static code is checked, the dynamic one carries the exact amount.

The rendered QR is decoded with a real decoder (Debian's ``zbarimg``, from
zbar-tools; CI installs it) and its fields checked: amount, CRC, merchant.
"""

import html
import re
import shutil
import subprocess
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from community.errors import KongsiError, PermissionDeniedError
from settlements.bank_accounts import bank_account_set_qris
from settlements.models import BankAccount, BankAccountEvent
from settlements.qris import (
    _assemble,
    crc16_ccitt_false,
    qris_dynamic,
    qris_parse,
    qris_png,
    qris_svg,
)
from tests.factories import MemberFactory
from tests.settlements.factories import bank_account, settlement_due


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def static_payload(name="KOMUNITAS SAHABAT", country="ID", extra=()) -> str:
    return _assemble(
        [
            ("00", "01"),
            ("01", "11"),
            ("26", tlv("00", "ID.CO.BCA.WWW") + tlv("01", "936000140000123456")),
            ("51", tlv("00", "ID.CO.QRIS.WWW") + tlv("02", "ID1026123456789")),
            ("52", "5499"),
            ("53", "360"),
            *extra,
            ("58", country),
            ("59", name),
            ("60", "SUMENEP"),
            ("62", tlv("07", "A01")),
        ]
    )


STATIC = static_payload()


def fields(payload: str) -> dict[str, str]:
    return dict(qris_parse(payload).fields)


def decode_png(payload: str, tmp_path) -> str:
    """Render the QR as PNG (segno) and read it back with zbarimg."""
    if shutil.which("zbarimg") is None:
        pytest.skip("needs zbarimg (Debian zbar-tools)")
    path = tmp_path / "qr.png"
    qris_png(payload, str(path))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_crc16_ccitt_false_check_value():
    assert crc16_ccitt_false("123456789") == "29B1"


def test_a_static_payload_is_accepted_and_a_wrong_crc_refused():
    assert qris_parse(STATIC).merchant_name == "KOMUNITAS SAHABAT"
    broken = STATIC[:-4] + ("0000" if not STATIC.endswith("0000") else "1111")
    with pytest.raises(KongsiError) as error:
        qris_parse(broken)
    assert "CRC" in str(error.value.message)
    typo = STATIC.replace("SUMENEP", "SUMENAP")  # a copying mistake, same length
    with pytest.raises(KongsiError):
        qris_parse(typo)


@pytest.mark.parametrize(
    "payload",
    [
        "https://example.com/pay",
        "000201010211",  # no CRC
        STATIC[:40],  # cut off
        static_payload(country="SG"),  # foreign
        _assemble([("00", "01"), ("53", "360"), ("58", "ID"), ("59", "X")]),
    ],
)
def test_broken_or_foreign_payloads_are_refused(payload):
    with pytest.raises(KongsiError) as error:
        qris_parse(payload)
    assert error.value.field == "qris_payload"


# "²1" is a tag for str.isdigit() but not for int(); the CRC is right, so only
# the tag check can refuse it.
SUPERSCRIPT_TAG = static_payload(extra=[("²1", "X")])


@pytest.mark.parametrize(
    "payload",
    [
        SUPERSCRIPT_TAG,
        STATIC[:-4].replace("5303360", "5303٣60") + "6304",  # an Arabic digit
    ],
)
def test_non_ascii_digits_are_refused_in_words_not_a_crash(payload):
    if payload.endswith("6304"):
        payload += crc16_ccitt_false(payload)
    assert payload[-4:] == crc16_ccitt_false(payload[:-4])
    with pytest.raises(KongsiError) as error:
        qris_parse(payload)
    assert error.value.field == "qris_payload"
    assert str(error.value.message) == "Ini bukan kode QRIS: isinya tidak bisa dibaca."


def test_the_dynamic_code_has_the_amount_and_no_fee_tags():
    with_tip = static_payload(extra=[("55", "02"), ("56", "1000")])
    dynamic = qris_dynamic(with_tip, 152417)
    got = fields(dynamic.payload)
    assert got["01"] == "12"
    assert got["54"] == "152417"
    assert not {"55", "56", "57"} & set(got)
    assert dynamic.payload[-4:] == crc16_ccitt_false(dynamic.payload[:-4])
    tags = [tag for tag, _value in qris_parse(dynamic.payload).fields]
    assert tags.index("54") == tags.index("53") + 1
    with pytest.raises(KongsiError):
        qris_dynamic(STATIC, 0)


def test_the_rendered_dynamic_qr_decodes_to_amount_crc_and_merchant(tmp_path):
    dynamic = qris_dynamic(STATIC, 87233)
    decoded = decode_png(dynamic.payload, tmp_path)
    assert decoded == dynamic.payload
    got = fields(decoded)  # parses: the CRC checks out
    assert got["54"] == "87233"
    assert got["59"] == "KOMUNITAS SAHABAT"
    assert decoded[-4:] == crc16_ccitt_false(decoded[:-4])


@pytest.mark.django_db
def test_the_leader_stores_the_qris_from_text_or_a_photo(leader, treasurer, tmp_path):
    account = bank_account()
    bank_account_set_qris(account=account, actor=leader, payload=f"  {STATIC}\n")
    account.refresh_from_db()
    assert account.qris_payload == STATIC
    with pytest.raises(PermissionDeniedError):
        bank_account_set_qris(account=account, actor=treasurer, payload="")
    if shutil.which("zbarimg") is None:
        pytest.skip("needs zbarimg (Debian zbar-tools)")
    other = static_payload(name="AMAL SAHABAT")
    path = tmp_path / "photo.png"
    qris_png(other, str(path), scale=8)
    photo = SimpleUploadedFile("qris.png", path.read_bytes(), "image/png")
    bank_account_set_qris(account=account, actor=leader, image=photo)
    account.refresh_from_db()
    assert account.qris_payload == other
    with pytest.raises(KongsiError) as error:
        bank_account_set_qris(account=account, actor=leader, payload=STATIC[:-1] + "Z")
    account.refresh_from_db()
    assert account.qris_payload == other  # a refused code changes nothing
    assert error.value.field == "qris_payload"


@pytest.mark.django_db
def test_each_qris_change_is_recorded_with_who_when_before_and_after(leader, treasurer):
    account = bank_account()
    other = static_payload(name="AMAL SAHABAT")
    bank_account_set_qris(account=account, actor=leader, payload=STATIC)
    bank_account_set_qris(account=account, actor=leader, payload=STATIC)  # same
    bank_account_set_qris(account=account, actor=leader, payload=other)
    bank_account_set_qris(account=account, actor=leader, payload="")
    with pytest.raises(KongsiError):  # refused: nothing changed, nothing recorded
        bank_account_set_qris(account=account, actor=leader, payload=STATIC[:-1] + "Z")
    with pytest.raises(PermissionDeniedError):
        bank_account_set_qris(account=account, actor=treasurer, payload=STATIC)
    events = BankAccountEvent.objects.filter(account=account).order_by("pk")
    assert [
        (event.actor_id, event.old_qris_payload, event.new_qris_payload)
        for event in events
    ] == [
        (leader.pk, "", STATIC),
        (leader.pk, STATIC, other),
        (leader.pk, other, ""),
    ]
    assert all(event.created_at is not None for event in events)


@pytest.mark.django_db
def test_the_admin_qris_change_is_recorded_and_the_record_is_read_only(leader):
    account = bank_account()
    client = Client()
    client.force_login(leader)
    form = {
        "bank": account.bank,
        "account_number": account.account_number,
        "holder_name": account.holder_name,
        "purpose": account.purpose,
        "is_active": "on",
        "position": "0",
        "qris_payload": STATIC,
    }
    url = f"/admin/settlements/bankaccount/{account.pk}/change/"
    assert client.post(url, form).status_code == 302
    event = BankAccountEvent.objects.get()
    assert (event.account_id, event.actor_id) == (account.pk, leader.pk)
    assert (event.old_qris_payload, event.new_qris_payload) == ("", STATIC)
    page = client.get(f"/admin/settlements/bankaccountevent/{event.pk}/change/")
    assert page.status_code == 200 and STATIC in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # nothing to change


@pytest.mark.django_db
def test_without_the_decoder_the_photo_answer_asks_for_the_text(leader, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    photo = SimpleUploadedFile("qris.png", b"\x89PNG....", "image/png")
    with pytest.raises(KongsiError) as error:
        bank_account_set_qris(account=bank_account(), actor=leader, image=photo)
    assert "Tempelkan teks QRIS" in str(error.value.message)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_settlement_page_shows_the_exact_amount_qr(tmp_path):
    bank_account(qris_payload=STATIC)
    member = MemberFactory()
    settlement = settlement_due(member, 152417)
    page = _client(member.user).get(f"/setor/{settlement.pk}/").content.decode()
    assert "<svg" in page and "KOMUNITAS SAHABAT" in page
    assert "Transfer tepat sebesar" in page  # the bank transfer stays
    assert "0987654321" in page
    link = re.search(r'id="share-whatsapp" href="([^"]+)"', page).group(1)
    text = unquote(link.split("?text=", 1)[1])
    assert "Rp 152.417" in text and "QRIS" in text and "0987654321" in text
    assert re.search(r'data-amount="(\d+)"', page).group(1) == "152417"
    shown = html.unescape(re.search(r'data-payload="([^"]+)"', page).group(1))
    assert qris_svg(shown) in page  # the drawn QR is this payload
    decoded = decode_png(shown, tmp_path)  # the page's code, through a decoder
    assert fields(decoded)["54"] == str(settlement.amount_due)
    assert fields(decoded)["59"] == "KOMUNITAS SAHABAT"


@pytest.mark.django_db
def test_the_qris_api_answers_open_settlements_only(api_as, treasurer):
    member = MemberFactory()
    settlement = settlement_due(member, 64512)
    url = f"/api/v1/settlements/{settlement.pk}/qris/"
    assert api_as(member.user).get(url).status_code == 404  # no QRIS yet
    bank_account(qris_payload=STATIC)
    body = api_as(member.user).get(url).json()
    assert body["amount"] == 64512
    assert body["merchant_name"] == "KOMUNITAS SAHABAT"
    assert fields(body["payload"])["54"] == "64512"
    assert body["svg"].startswith("<svg")
    assert api_as(treasurer).get(url).json()["payload"] == body["payload"]
    assert api_as(MemberFactory().user).get(url).status_code == 404  # not theirs
    settlement.status = settlement.Status.CANCELLED
    settlement.save(update_fields=["status"])
    assert api_as(member.user).get(url).status_code == 409


@pytest.mark.django_db
def test_the_charity_page_has_its_own_donation_qris(client, tmp_path):
    bank_account(qris_payload=STATIC)  # the settlement account: not shown here
    charity = static_payload(name="DANA AMAL SAHABAT")
    bank_account(
        bank="BRI",
        account_number="444555666",
        purpose=BankAccount.Purpose.CHARITY,
        qris_payload=charity,
    )
    page = client.get("/amal/").content.decode()
    assert "DANA AMAL SAHABAT" in page and "KOMUNITAS SAHABAT" not in page
    page = client.get("/amal/?jumlah=50000").content.decode()
    assert 'data-amount="50000"' in page
    decoded = decode_png(qris_dynamic(charity, 50000).payload, tmp_path)
    assert fields(decoded)["54"] == "50000"
    assert fields(decoded)["59"] == "DANA AMAL SAHABAT"


def test_the_same_payload_is_drawn_once_per_language(monkeypatch):
    from django.utils import translation

    from settlements import qris

    qris._qris_svg.cache_clear()
    drawn = []
    make = qris.segno.make

    def counting_make(*args, **kwargs):
        drawn.append(args[0])
        return make(*args, **kwargs)

    monkeypatch.setattr(qris.segno, "make", counting_make)
    with translation.override("id"):
        first = qris_svg(STATIC)
        assert qris_svg(STATIC) == first
    with translation.override("en"):
        english = qris_svg(STATIC)
    assert drawn == [STATIC, STATIC]
    assert "Kode QRIS" in first and "QRIS code" in english
    assert first.replace("Kode QRIS", "QRIS code") == english
