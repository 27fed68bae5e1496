"""Split a recipient block copied from a marketplace into name, phone, address.

Members copy the buyer's shipping details from Shopee, Tokopedia, TikTok Shop,
Lazada or a WhatsApp chat and paste them in one go. The blocks come in two
families:

* labelled lines — ``Nama: Budi``, ``No. HP: 0812…``, ``Alamat: Jl. …``
  (TikTok, Tokopedia's "Penerima", most WhatsApp forms);
* bare lines — name, then phone, then the address over one or more lines
  (Shopee's "Alamat Pengiriman"), sometimes on one line separated by commas.

The parser never raises: whatever it cannot place stays in the address, and the
member can correct every field before saving.
"""

import re
from dataclasses import dataclass

# A phone number as marketplaces print it: +62/62/0 then 8…, with spaces,
# dashes, dots or brackets, possibly masked with asterisks (TikTok, Shopee).
PHONE_PATTERN = re.compile(
    r"(?<![\w*])(?:\(?\+?62\)?[\s.\-]?|0)?8[\d*][\d\s.\-*]{6,16}[\d*](?![\w*])"
)

NAME_LABELS = (
    "nama penerima",
    "nama lengkap",
    "nama pembeli",
    "penerima",
    "pembeli",
    "nama",
    "kepada",
    "recipient name",
    "recipient",
    "name",
    "buyer",
    "to",
)
PHONE_LABELS = (
    "nomor telepon",
    "nomor hp",
    "nomor handphone",
    "nomor wa",
    "no. telepon",
    "no telepon",
    "no. telp",
    "no telp",
    "no. hp",
    "no hp",
    "no. handphone",
    "no. wa",
    "no wa",
    "handphone",
    "telepon",
    "telp",
    "hp",
    "wa",
    "whatsapp",
    "phone number",
    "phone",
    "tel",
)
ADDRESS_LABELS = (
    "alamat lengkap",
    "alamat pengiriman",
    "alamat penerima",
    "alamat",
    "address",
    "detail alamat",
)
# Labelled parts that belong to the address (kept with their value).
ADDRESS_PART_LABELS = (
    "kelurahan",
    "desa",
    "kecamatan",
    "kota/kabupaten",
    "kabupaten",
    "kota",
    "provinsi",
    "kode pos",
    "patokan",
    "catatan alamat",
    "district",
    "city",
    "province",
    "postal code",
)
# Lines that are only headings or buttons copied along with the block.
NOISE_LINES = {
    "alamat pengiriman",
    "info pengiriman",
    "informasi pengiriman",
    "detail pengiriman",
    "info penerima",
    "informasi penerima",
    "data penerima",
    "alamat penerima",
    "penerima",
    "salin",
    "copy",
    "ubah",
    "utama",
    "default",
    "shipping address",
    "delivery address",
}

_LABEL_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ./]{0,30}?)\s*[:：=]\s*(.*)$")


@dataclass(frozen=True)
class Recipient:
    name: str = ""
    phone: str = ""
    address: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "address": self.address}


def clean_phone(raw: str) -> str:
    """Return the phone as digits, ``0812…`` style; masked digits stay ``*``.

    ``(+62) 812-3456-7890`` → ``081234567890``; ``+62812****890`` → ``0812****890``.
    """
    text = re.sub(r"[^\d*+]", "", raw or "")
    text = text.lstrip("+")
    if text.startswith("62"):
        text = "0" + text[2:]
    elif text.startswith("8"):
        text = "0" + text
    return text


def _kind_of_label(label: str) -> str | None:
    label = " ".join(label.lower().split())
    for kind, labels in (
        ("name", NAME_LABELS),
        ("phone", PHONE_LABELS),
        ("address", ADDRESS_LABELS),
        ("address_part", ADDRESS_PART_LABELS),
    ):
        if label in labels:
            return kind
    return None


def _strip_punctuation(text: str) -> str:
    return text.strip().strip(",;|-–—•·").strip()


def _join_address(parts: list[str]) -> str:
    pieces = []
    for part in parts:
        part = _strip_punctuation(part)
        if part and part not in pieces:
            pieces.append(part)
    return ", ".join(pieces)


def _split_around_phone(line: str) -> tuple[str, str, str] | None:
    """Return (before, phone, after) for the first phone number in ``line``."""
    match = PHONE_PATTERN.search(line)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) < 6:  # a house number or postcode, not a phone
        return None
    return line[: match.start()], match.group(0), line[match.end() :]


def parse_recipient_block(text: str) -> Recipient:
    """Return the name, phone and address found in a pasted recipient block."""
    lines = []
    for raw in (text or "").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line or line.lower().rstrip(":") in NOISE_LINES:
            continue
        lines.append(line)
    if not lines:
        return Recipient()

    name = phone = ""
    address_parts: list[str] = []
    address_extra: list[str] = []
    unlabelled: list[str] = []
    in_address = False
    for line in lines:
        match = _LABEL_RE.match(line)
        kind = _kind_of_label(match.group(1)) if match else None
        if kind is None:
            if in_address:
                address_parts.append(line)
            else:
                unlabelled.append(line)
            continue
        value = match.group(2).strip()
        in_address = kind == "address"
        if kind == "name" and not name:
            # "Penerima: Budi (0812…)" carries the phone too.
            split = _split_around_phone(value)
            if split and not phone:
                value = split[0]
                phone = clean_phone(split[1])
            name = _strip_punctuation(value.replace("()", ""))
        elif kind == "phone" and not phone:
            phone = clean_phone(value)
        elif kind == "address":
            if value:
                address_parts.append(value)
        elif kind == "address_part":
            if value:
                address_extra.append(value)
        else:
            unlabelled.append(value)

    if unlabelled:
        name, phone, rest = _parse_bare_lines(unlabelled, name=name, phone=phone)
        if address_parts:
            address_parts.extend(rest)
        else:
            address_parts = rest
    return Recipient(
        name=name[:120],
        phone=phone[:32],
        address=_join_address(address_parts + address_extra),
    )


def _parse_bare_lines(lines: list[str], *, name: str, phone: str):
    """Place unlabelled lines: name first, then the phone, the rest address."""
    if len(lines) == 1 and not phone:
        # One line: "Budi Santoso, (+62) 812-3456-7890, Jl. Merdeka 10, …"
        split = _split_around_phone(lines[0])
        if split:
            before, found, after = split
            if not name:
                name = _strip_punctuation(before.replace("()", ""))
            return name, clean_phone(found), [after] if after.strip() else []
        if not name and "," in lines[0]:
            first, rest = lines[0].split(",", 1)
            return _strip_punctuation(first), phone, [rest]
    rest: list[str] = []
    for index, line in enumerate(lines):
        split = _split_around_phone(line) if not phone else None
        if split:
            before, found, after = split
            phone = clean_phone(found)
            before = _strip_punctuation(before.replace("()", ""))
            if before and not name:
                name = before
            elif before:
                rest.append(before)
            if after.strip():
                rest.append(after)
            continue
        if not name and index == 0:
            name = _strip_punctuation(line)
            continue
        rest.append(line)
    return name, phone, rest
