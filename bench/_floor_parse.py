"""Parse floor: Python start + libyaml (CSafeLoader) parse of every posting's front matter.

Run as ``python bench/_floor_parse.py FOLDER``; prints how many front matters it parsed.
Kept tiny on purpose: it is the least any tool must do to know every posting's fields.
"""

import os
import sys

import yaml


def main() -> int:
    """Read every ``*.md`` file of FOLDER and load its front matter with the C loader."""
    loader = yaml.CSafeLoader
    parsed = 0
    for entry in os.scandir(sys.argv[1]):
        if not entry.name.endswith(".md"):
            continue
        with open(entry.path, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        if end < 0:
            continue
        try:
            yaml.load(text[3:end], Loader=loader)  # noqa: S506 -- CSafeLoader is safe
        except yaml.YAMLError:
            continue
        parsed += 1
    print(parsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
