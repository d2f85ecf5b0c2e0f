"""SHA-1 and SHA-256 hex digests that do not load OpenSSL for a few small files.

``hashlib`` takes about 3 ms to import (it loads libcrypto) and its OpenSSL hashes are the
faster ones on bulk data. Python's built-in ``_sha1``/``_sha256`` modules load at once. A
command that hashes a few files (``postedit set``, issue 7) uses the built-ins; once a
process has hashed more than :data:`BULK` bytes in all, it switches to hashlib's. Both give
the same digests; only the speed differs.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    _Hash = Callable[[bytes], Any]

__all__ = ["BULK", "sha1_hex", "sha256_hex"]

BULK = 1 << 20
"""Bytes hashed with the built-in hashes before hashlib's are loaded."""


def _builtin(name: str) -> _Hash | None:
    """The built-in hash constructor ``name`` (its module's name differs between Pythons)."""
    for module in {"sha1": ("_sha1",), "sha256": ("_sha256", "_sha2")}[name]:
        try:
            return getattr(import_module(module), name)  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return None


_hashed = 0
_small: dict[str, _Hash | None] = {}
_bulk: dict[str, _Hash] = {}


def _algorithm(name: str, size: int) -> _Hash:
    global _hashed
    _hashed += size
    if _hashed <= BULK:
        if name not in _small:
            _small[name] = _builtin(name)
        small = _small[name]
        if small is not None:
            return small
    if name not in _bulk:
        import hashlib

        _bulk[name] = getattr(hashlib, name)
    return _bulk[name]


def sha1_hex(data: bytes) -> str:
    """The SHA-1 of ``data``, in hex."""
    return str(_algorithm("sha1", len(data))(data).hexdigest())


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex."""
    return str(_algorithm("sha256", len(data))(data).hexdigest())
