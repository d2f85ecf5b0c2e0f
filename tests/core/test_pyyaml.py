"""PyYAML is imported without compiling its pure-Python reader's pattern (issue 7)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import postedit.core.frontmatter
import yaml, yaml.reader
pattern = yaml.reader.Reader.NON_PRINTABLE
print(type(pattern).__name__)
try:
    yaml.load("a: b\\x07", Loader=yaml.SafeLoader)  # the pure-Python reader uses the pattern
except yaml.YAMLError as exc:
    print(str(exc).splitlines()[0])
print(type(pattern._compiled).__name__)
"""


def test_the_non_printable_pattern_is_compiled_on_first_use_and_still_works() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "_OnFirstUse",  # not compiled at import (PyYAML's pattern is the one we expect)
        "unacceptable character #x0007: special characters are not allowed",
        "Pattern",  # compiled once used
    ]
