"""The recipient block parser and courier tracking links."""

import pytest

from orders.couriers import tracking_url
from orders.recipient import clean_phone, parse_recipient_block

SHOPEE = """Alamat Pengiriman
Budi Santoso
(+62) 812-3456-7890
Jl. Merdeka No. 10, RT.1/RW.2, Sukamaju, Cibeunying Kaler,\
KOTA BANDUNG, JAWA BARAT, ID 40123
"""

SHOPEE_ONE_LINE = (
    "Budi Santoso, (+62) 81234567890, Jl. Merdeka No. 10, Kota Bandung, 40123"
)

TOKOPEDIA = """Penerima: Siti Rahma (6285712345678)
Alamat: Perum Griya Asri Blok C2 No. 5
Kec. Kota Sumenep, Kab. Sumenep
Jawa Timur 69417
"""

TOKOPEDIA_LABELLED = """Nama Penerima : Siti Rahma
No. HP : 0857-1234-5678
Alamat Lengkap : Perum Griya Asri Blok C2 No. 5
Kecamatan : Kota Sumenep
Kota/Kabupaten : Sumenep
Kode Pos : 69417
"""

TIKTOK = """Nama: Ahmad Fauzan
Nomor telepon: (+62)812****890
Alamat: Dusun Lembana RT 02, Desa Juruan Laok, Batuputih, Sumenep, Jawa Timur
"""

WHATSAPP = """kepada: ibu Nurul
wa 0813 3000 1111
alamat: jl. raya lenteng no 7
sumenep"""


@pytest.mark.parametrize(
    ("block", "name", "phone", "address_parts"),
    [
        (
            SHOPEE,
            "Budi Santoso",
            "081234567890",
            ["Jl. Merdeka No. 10", "KOTA BANDUNG", "ID 40123"],
        ),
        (
            SHOPEE_ONE_LINE,
            "Budi Santoso",
            "081234567890",
            ["Jl. Merdeka No. 10", "Kota Bandung", "40123"],
        ),
        (
            TOKOPEDIA,
            "Siti Rahma",
            "085712345678",
            ["Perum Griya Asri Blok C2 No. 5", "Kab. Sumenep", "69417"],
        ),
        (
            TOKOPEDIA_LABELLED,
            "Siti Rahma",
            "085712345678",
            ["Perum Griya Asri Blok C2 No. 5", "Kota Sumenep", "Sumenep", "69417"],
        ),
        (
            TIKTOK,
            "Ahmad Fauzan",
            "0812****890",
            ["Dusun Lembana RT 02", "Juruan Laok", "Jawa Timur"],
        ),
        (
            WHATSAPP,
            "ibu Nurul",
            "081330001111",
            ["jl. raya lenteng no 7", "sumenep"],
        ),
    ],
    ids=[
        "shopee",
        "shopee-one-line",
        "tokopedia",
        "tokopedia-labelled",
        "tiktok",
        "wa",
    ],
)
def test_blocks_from_each_marketplace_are_split(block, name, phone, address_parts):
    recipient = parse_recipient_block(block)
    assert recipient.name == name
    assert recipient.phone == phone
    for part in address_parts:
        assert part in recipient.address
    assert name not in recipient.address
    assert "812" not in recipient.address.replace("RT", "")


def test_the_postcode_and_house_numbers_are_not_taken_for_a_phone():
    recipient = parse_recipient_block("Rina\nJl. Mawar 12 No. 8\nSumenep 69417")
    assert recipient.name == "Rina"
    assert recipient.phone == ""
    assert recipient.address == "Jl. Mawar 12 No. 8, Sumenep 69417"


@pytest.mark.parametrize("text", ["", "   \n\n ", "Salin\nUbah"])
def test_empty_or_noise_gives_nothing(text):
    assert parse_recipient_block(text).as_dict() == {
        "name": "",
        "phone": "",
        "address": "",
    }


def test_phone_numbers_are_written_the_local_way():
    assert clean_phone("+62 812-3456-7890") == "081234567890"
    assert clean_phone("6281234567890") == "081234567890"
    assert clean_phone("812 3456 7890") == "081234567890"
    assert clean_phone("(+62)812****890") == "0812****890"


@pytest.mark.django_db  # the links live in a table the leader edits
def test_tracking_links_per_courier_and_a_fallback():
    assert tracking_url("jne", "CGK1234") == (
        "https://www.jne.co.id/tracking-package?resi=CGK1234"
    )
    assert tracking_url("anteraja", "10001") == "https://anteraja.id/tracking/10001"
    assert tracking_url("spx", "SPXID01") == "https://spx.co.id/track?SPXID01"
    assert tracking_url("other", "AB 1/2") == "https://cekresi.com/?noresi=AB%201%2F2"
    assert tracking_url("", "X1") == "https://cekresi.com/?noresi=X1"
    assert tracking_url("jne", "") == ""
