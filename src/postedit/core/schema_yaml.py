"""Safe YAML loading for schema files that remembers where every mapping and key is (and
the one YAML dump postedit shows on a terminal, ``dump_text``).

Schema loaders (postedit.yml, Decap configs) report mistakes as ``path:line: message``; plain
``yaml.safe_load`` loses lines, so mappings are built as :class:`LineDict` (a dict that knows
its own line and the line of each key). Anchors, aliases and merge keys (``<<: *defaults``)
work as in any safe load: only the safe constructors run, never arbitrary tags.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from postedit.core.errors import SchemaError
from postedit.core.sanitize import has_unsafe

if TYPE_CHECKING:
    from typing import Any

__all__ = ["LineDict", "LineList", "dump_text", "line_of", "load_yaml_file", "load_yaml_text"]

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping read from YAML, with the 1-based line of itself and of each of its keys."""

    line: int = 0
    """Line of the mapping's first key (0 when unknown)."""
    key_lines: dict[Any, int]
    """Line of each key (merged keys point at the anchor they came from)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines = {}


class LineList(list):  # type: ignore[type-arg]
    """A sequence read from YAML, with the 1-based line of each item."""

    line: int = 0
    """Line where the sequence starts."""
    item_lines: list[int]
    """Line of each item."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines = []


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader whose mappings are LineDicts."""


def _construct_map(loader: Any, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = loader.construct_object(key_node)
            # an unhashable key was refused by construct_mapping already
            with contextlib.suppress(TypeError):
                data.key_lines.setdefault(key, key_node.start_mark.line + 1)


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node))
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def line_of(obj: Any, key: Any = None, default: int = 0) -> int:
    """Line of ``key`` in the mapping ``obj`` (of item ``key`` in a sequence; of ``obj`` itself
    without a key), else ``default``."""
    if isinstance(obj, LineList):
        if isinstance(key, int) and 0 <= key < len(obj.item_lines):
            return obj.item_lines[key]
        return obj.line or default
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line or default
    return default


def load_yaml_text(text: str, display: str) -> Any:
    """Load ``text`` safely; SchemaError ``display:line`` when it is not valid YAML."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise SchemaError(f"not valid YAML: {problem}", display, line) from None
    except yaml.YAMLError as exc:
        raise SchemaError(f"not valid YAML: {exc}", display) from None
    except RecursionError:
        raise SchemaError("not valid YAML: too deeply nested", display) from None


def load_yaml_file(path: Path, display: str) -> Any:
    """Read and load a schema file; SchemaError when it is missing, unreadable, no regular
    file (a named pipe would hold postedit until something wrote to it) or invalid."""
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            raise SchemaError("is a folder, not a schema file", display)
        if not stat.S_ISREG(kind):
            raise SchemaError("not a regular file (a pipe, socket or device?)", display)
        data = Path(path).read_bytes()
    except FileNotFoundError:
        if os.path.islink(path):
            raise SchemaError("a link to a file that does not exist", display) from None
        raise SchemaError("schema file not found", display) from None
    except OSError as exc:
        raise SchemaError(f"cannot read schema file: {exc.strerror or exc}", display) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SchemaError("not UTF-8 text", display, line) from None
    return load_yaml_text(text, display)


def dump_text(data: Any, **options: Any) -> str:
    """``yaml.safe_dump(data, allow_unicode=True, **options)``, unless that text would hold a
    character a terminal could act on (see core.sanitize: PyYAML writes C1 controls such as
    ``\\x85`` and bidirectional overrides as they are when ``allow_unicode`` is set): then the
    dump without it, where PyYAML writes every character outside printable ASCII as a YAML
    escape in double quotes. Either text reads back as ``data``."""
    text = yaml.safe_dump(data, allow_unicode=True, **options)
    if has_unsafe(text, keep="\n"):
        text = yaml.safe_dump(data, allow_unicode=False, **options)
    return text
