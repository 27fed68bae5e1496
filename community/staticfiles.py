"""Static files for phones on village data: trimmed, hashed and compressed.

``collectstatic`` copies each file, then this storage trims Kongsi's own
scripts and stylesheets (comments, indentation, blank lines) before WhiteNoise
names them by their content and writes the gzip copies. A phone's first visit
carries about a fifth less of them. Only whitespace and whole comments go, so
the code the browser runs is the code in ``static/``, line for line.
"""

import re
from pathlib import Path

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Spaces next to these never matter in CSS (none of ours is inside a string).
CSS_PUNCTUATION_SPACE = re.compile(r"\s*([{};])\s*")


def trim_javascript(text: str) -> str:
    """Return text without indentation, blank lines and whole-line comments.

    Line breaks stay, so automatic semicolon insertion reads it as before. Our
    scripts have no template literals or strings continued across lines, where
    indentation would be part of a value.
    """
    lines = (line.strip() for line in text.splitlines())
    kept = [line for line in lines if line and not line.startswith("//")]
    return "\n".join(kept) + "\n"


def trim_css(text: str) -> str:
    """Return text without comments, indentation, blank lines and the spaces
    around braces and semicolons."""
    text = CSS_COMMENT.sub("", text)
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return CSS_PUNCTUATION_SPACE.sub(r"\1", text) + "\n"


TRIMMERS = {".js": trim_javascript, ".css": trim_css}


def is_own_file(source: Path, name: str) -> bool:
    """Kongsi's own file: not the admin's, not a vendor's (already minified)."""
    base = Path(settings.BASE_DIR).resolve()
    return (
        base in source.resolve().parents
        and not {".venv", "site-packages", "vendor"} & set(source.parts)
        and ".min." not in name
    )


class TrimmedCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage (hashed names, gzip) after trimming our own files.

    ``url()`` is kept per name: the manifest does not change while the process
    runs, and a page asks for the same ten static URLs on every request.
    """

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        known = self.__dict__.setdefault("_kongsi_urls", {})
        found = known.get(name)
        if found is None:
            found = super().url(name)
            if len(known) < 4096:
                known[name] = found
        return found

    def post_process(self, paths, dry_run=False, **options):
        self.__dict__.pop("_kongsi_urls", None)  # names change while hashing
        if not dry_run:
            paths = dict(paths)
            for name, (storage, source_name) in paths.items():
                trim = TRIMMERS.get(Path(name).suffix)
                if trim and is_own_file(Path(storage.path(source_name)), name):
                    target = Path(self.path(name))
                    target.write_text(trim(target.read_text(encoding="utf-8")), "utf-8")
                    # The hashed copy is made from this trimmed one, not the source.
                    paths[name] = (self, name)
        yield from super().post_process(paths, dry_run, **options)
