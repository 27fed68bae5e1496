"""make bench's compressed-size step reports real gzip sizes per member page."""

import pytest

from bench.compressed import compressed_sizes

pytestmark = pytest.mark.django_db


def test_member_pages_are_measured_gzipped(member):
    rows = compressed_sizes(member.user, ["/", "/pesanan/", "/katalog/"])
    assert set(rows) == {"/", "/pesanan/", "/katalog/"}
    for row in rows.values():
        assert row["status"] == 200 and row["gzipped"]
        assert 0 < row["gzip_bytes"] < row["html_bytes"]
        assert row["ratio"] < 0.6
