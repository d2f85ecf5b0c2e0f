"""Find and load the schema of a repository: --schema, postedit.yml, Decap config, inference.

(Placeholder: only folder discovery so far; the schema issue fills this in.)
"""

from __future__ import annotations

from pathlib import Path

from postedit.core.discover import collection_name, discover_folders
from postedit.core.schema import CollectionSpec, Schema

__all__ = ["load_schema"]


def load_schema(root: Path, schema_file: Path | None = None) -> Schema:
    """The schema for the repository at ``root`` (first found wins; see docs/schema.md)."""
    folders = discover_folders(root)
    cols = tuple(CollectionSpec(name=collection_name(f), folder=f) for f in folders)
    return Schema(collections=cols, source="inferred", kind="inferred")
