"""New postings: file names from slug templates, defaults, never outside the folder.

(Contract stub: the editor issue implements it.)
"""

from __future__ import annotations

__all__ = ["slugify"]


def slugify(text: str) -> str:
    """A safe ASCII slug: ``Développeur·se Full-Stack !`` -> ``developpeur-se-full-stack``."""
    raise NotImplementedError
