"""Static files are trimmed before hashing (issue 22: a phone's first visit
carries less). Only our own scripts and stylesheets; what runs stays the same."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage

from community.staticfiles import (
    TrimmedCompressedManifestStaticFilesStorage,
    trim_css,
    trim_javascript,
)

STATIC = Path(settings.BASE_DIR) / "static"
OWN_SCRIPTS = sorted((STATIC / "js").glob("*.js"))


def test_a_script_loses_comments_and_indentation_but_keeps_its_lines():
    source = (
        "// About this file.\n(function () {\n"
        '  "use strict";\n\n  // Why.\n  var url = "http://x/";  // kept\n})();\n'
    )
    assert trim_javascript(source) == (
        '(function () {\n"use strict";\nvar url = "http://x/";  // kept\n})();\n'
    )


def test_a_stylesheet_keeps_its_selectors_and_values():
    source = "/* Kongsi */\n.a :hover,\n.b > .c {\n  margin: 0 auto;\n  color: red;\n}"
    assert trim_css(source) == ".a :hover,\n.b > .c{margin: 0 auto;color: red;}\n"


@pytest.mark.skipif(not shutil.which("node"), reason="node checks the syntax")
@pytest.mark.parametrize("script", OWN_SCRIPTS, ids=lambda path: path.name)
def test_every_trimmed_script_is_still_valid_javascript(script, tmp_path):
    trimmed = tmp_path / script.name
    trimmed.write_text(trim_javascript(script.read_text()))
    subprocess.run(["node", "--check", str(trimmed)], check=True)  # noqa: S603, S607


def test_collectstatic_hashes_the_trimmed_copy_and_leaves_vendor_files(tmp_path):
    storage = TrimmedCompressedManifestStaticFilesStorage(location=tmp_path)
    source = FileSystemStorage(location=STATIC)
    names = ["js/kongsi.js", "css/kongsi.css", "vendor/zxing/zxing.min.js"]
    for name in names:
        with source.open(name) as original:
            storage.save(name, original)
    list(storage.post_process({name: (source, name) for name in names}))

    script = (tmp_path / storage.stored_name("js/kongsi.js")).read_text()
    assert script == trim_javascript((STATIC / "js/kongsi.js").read_text())
    assert "\n//" not in script and "\n  " not in script
    # Both compressed copies: Brotli for phones that ask for it, gzip for others.
    for suffix in (".gz", ".br"):
        assert (tmp_path / (storage.stored_name("js/kongsi.js") + suffix)).exists()
    vendor = storage.stored_name("vendor/zxing/zxing.min.js")
    assert (tmp_path / vendor).read_bytes() == (
        STATIC / "vendor/zxing/zxing.min.js"
    ).read_bytes()


def test_static_urls_are_kept_per_name_and_forgotten_when_collecting(tmp_path):
    from community.staticfiles import TrimmedCompressedManifestStaticFilesStorage

    storage = TrimmedCompressedManifestStaticFilesStorage(location=tmp_path)
    storage.hashed_files = {"css/kongsi.css": "css/kongsi.abc123.css"}
    first = storage.url("css/kongsi.css")
    assert first.endswith("css/kongsi.abc123.css")
    storage.hashed_files = {"css/kongsi.css": "css/kongsi.def456.css"}
    assert storage.url("css/kongsi.css") == first  # kept
    list(storage.post_process({}, dry_run=True))
    storage.hashed_files = {"css/kongsi.css": "css/kongsi.def456.css"}
    assert storage.url("css/kongsi.css").endswith("css/kongsi.def456.css")
