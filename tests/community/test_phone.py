import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from community.phone import normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("0812 3456 7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("+62-812-3456-7890", "6281234567890"),
        ("62812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("81234567890", "6281234567890"),
        ("(0812) 3456.7890", "6281234567890"),
        ("620812 3456 7890", "6281234567890"),
    ],
)
def test_common_forms_normalise_to_62(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("", "angka"),
        ("0812-ABC", "angka"),
        ("1234567890", "diawali"),
        ("0812", "tidak lengkap"),
        ("08123456789012345", "tidak lengkap"),
        ("0212345678", "tidak lengkap"),
    ],
)
def test_bad_numbers_get_indonesian_messages(raw, word):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(raw)
    assert word in " ".join(caught.value.messages)


@given(st.text(max_size=30))
def test_any_text_normalises_or_says_why(text):
    try:
        result = normalize_phone(text)
    except ValidationError as error:
        assert error.messages
    else:
        assert result.startswith("628") and result.isdigit()
        assert 10 <= len(result) <= 15


@given(st.from_regex(r"8[1-9][0-9]{7,10}", fullmatch=True))
def test_every_way_of_writing_one_number_agrees(national):
    forms = [f"0{national}", f"+62{national}", f"62{national}", f"+62 {national}"]
    assert {normalize_phone(form) for form in forms} == {f"62{national}"}
