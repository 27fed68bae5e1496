"""Indonesian phone numbers, normalised to the international ``62…`` form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-\.\(\)/]")


def normalize_phone(raw: str) -> str:
    """Return the number as ``62…`` digits from any common way of writing it.

    Accepts ``0812-3456-7890``, ``+62 812 3456 7890``, ``62812…``, ``812…``.
    Raise ValidationError with a plain Indonesian message otherwise.
    """
    text = _SEPARATORS.sub("", (raw or "").strip())
    if text.startswith("+"):
        text = text[1:]
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(
            _("A phone number may only contain digits, for example 0812 3456 7890."),
            code="phone_digits",
        )
    if text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    elif text.startswith("8"):
        national = text
    else:
        raise ValidationError(
            _(
                "A phone number must start with 08, 62 or +62, "
                "for example 0812 3456 7890."
            ),
            code="phone_prefix",
        )
    if national.startswith("0"):
        national = national.lstrip("0")
    if not national.startswith("8") or not 8 <= len(national) <= 13:
        raise ValidationError(
            _(
                "The phone number is incomplete or too long, "
                "for example 0812 3456 7890."
            ),
            code="phone_length",
        )
    return "62" + national


def whatsapp_link(phone: str, text: str = "") -> str:
    """Return a wa.me link for a normalised phone, with an optional message."""
    from urllib.parse import quote

    link = f"https://wa.me/{phone}"
    return f"{link}?text={quote(text)}" if text else link
