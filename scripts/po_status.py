"""List untranslated or fuzzy entries of every Indonesian catalog.

Usage: python scripts/po_status.py   (exit 1 when any entry needs work)
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def catalogs() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/locale/id/LC_MESSAGES/*.po")
        if ".venv" not in path.parts and "site-packages" not in path.parts
    )


def _unquote(lines: list[str]) -> str:
    return "".join(
        re.match(r'^(?:msg\w+(?:\[\d\])? )?"(.*)"$', line).group(1) for line in lines
    )


def entries(path: Path):
    """Yield (msgid, msgstrs, fuzzy) for each entry except the header."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [line for line in block.strip().splitlines() if line]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        body = [line for line in lines if not line.startswith("#")]
        msgid, msgstrs, current = [], [], None
        for line in body:
            if line.startswith("msgid "):
                current = msgid = [line]
            elif line.startswith("msgid_plural"):
                current = []
            elif line.startswith("msgstr"):
                current = [line]
                msgstrs.append(current)
            elif line.startswith('"') and current is not None:
                current.append(line)
            elif line.startswith("msgctxt"):
                current = []
        if not msgid:
            continue
        text = _unquote(msgid)
        if text == "":
            continue  # header
        yield text, [_unquote(s) for s in msgstrs], fuzzy


def problems() -> list[str]:
    found = []
    for path in catalogs():
        for msgid, msgstrs, fuzzy in entries(path):
            where = path.relative_to(ROOT)
            if fuzzy:
                found.append(f"{where}: fuzzy: {msgid!r}")
            elif not msgstrs or any(s == "" for s in msgstrs):
                found.append(f"{where}: untranslated: {msgid!r}")
    return found


if __name__ == "__main__":
    issues = problems()
    print("\n".join(issues) or "All Indonesian catalogs are complete.")
    sys.exit(1 if issues else 0)
