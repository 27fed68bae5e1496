"""Browser hardening and login lockout, as promised in the README's
"Reliability and security" section."""

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD, MemberFactory

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_csp_and_hardening_headers(client, member):
    client.force_login(member.user)
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script_or_style():
    """The CSP would block them; they must live in static/ instead."""
    templates = [
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "site-packages" not in path.parts
    ]
    assert len(templates) > 20
    found = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            found.append(f"{path.relative_to(ROOT)}: inline {match.group(0)}")
        if re.search(r"\sstyle=\"", text):
            found.append(f"{path.relative_to(ROOT)}: style attribute")
        if "<style" in text:
            found.append(f"{path.relative_to(ROOT)}: <style> block")
    assert not found, "\n".join(found)


def test_five_failed_logins_lock_the_account_out(client, settings):
    settings.AXES_ENABLED = True
    member = MemberFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/masuk/", {"username": member.user.username, "password": "salah-terus"}
        )
    response = client.post(
        "/masuk/", {"username": member.user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not signed in
