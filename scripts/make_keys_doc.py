"""Write the keys of every screen into docs/keys.md, from the bindings (``--check``: only
say whether the file is up to date).

Only the part between the two ``<!-- keys: ... -->`` comments is written; the rest of the
file is by hand. tests/test_keys_doc.py fails when that part and the bindings differ: after
adding or changing a binding, run ``.venv/bin/python scripts/make_keys_doc.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from postedit.tui.keys import with_keys

__all__ = ["DOC", "main"]

DOC = Path(__file__).resolve().parent.parent / "docs" / "keys.md"
"""The file written."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/keys.md (or with ``--check``, exit 1 when it is out of date)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    old = DOC.read_text(encoding="utf-8")
    new = with_keys(old)
    if args.check:
        if new != old:
            print(f"{DOC}: out of date; run scripts/make_keys_doc.py", file=sys.stderr)
            return 1
        return 0
    if new != old:
        DOC.write_text(new, encoding="utf-8")
        print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
