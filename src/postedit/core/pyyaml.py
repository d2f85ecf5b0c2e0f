"""PyYAML, imported without compiling a pattern that only its pure-Python reader uses.

Importing PyYAML compiles ``yaml.reader.Reader.NON_PRINTABLE``, a character class spanning all
of Unicode: 5 to 7 ms, a tenth of what ``postedit set`` does in Python (issue 7). postedit
reads YAML with libyaml (``CSafeLoader``), which checks for unprintable characters in C, so the
pattern is compiled the first time it is used instead (PyYAML's pure-Python loaders, when
libyaml is missing). Every postedit module imports ``yaml`` from here; any other pattern, and a
PyYAML whose pattern differs, are compiled as usual.
"""

from __future__ import annotations

import re
import sys

__all__ = ["yaml"]

_NON_PRINTABLE = "[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""The text of ``Reader.NON_PRINTABLE`` (PyYAML 3.x to 6.x)."""


class _OnFirstUse:
    """A compiled pattern, compiled when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def _import_yaml() -> object:
    if "yaml" in sys.modules:
        return sys.modules["yaml"]
    compile_ = re.compile

    def lazy(pattern: object, flags: int = 0) -> object:
        if pattern == _NON_PRINTABLE:
            return _OnFirstUse(_NON_PRINTABLE, flags)
        return compile_(pattern, flags)  # type: ignore[call-overload]

    re.compile = lazy  # type: ignore[assignment]
    try:
        import yaml
    finally:
        re.compile = compile_
    return yaml


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import yaml
else:
    yaml = _import_yaml()
