"""What the site's CMS lets its users do in a collection: create postings, delete them.

postedit reads the site as its CMS does, so a collection the CMS creates nothing in, or
deletes nothing from, is one postedit does not create in or delete from either, unless the
user says so (``postedit new --force``; in the terminal interface a question that says why).
Decap's own rules (decap-cms-core ``reducers/collections.ts``, ``backend.ts``):

- a folder collection gets new entries only with ``create: true`` (``allowNewEntries`` is
  ``collection.get('create')``: no key, no create), and the CMS refuses to save a new entry
  elsewhere ("Not allowed to create new entries in this collection");
- a folder collection's entries may be deleted unless it says ``delete: false``
  (``get('delete', true)``), a file collection's only if it says ``delete: true``
  (``get('delete', false)``).

A postedit.yml allows both unless it says ``create: false`` or ``delete: false``; an
inferred schema allows both.
"""

from __future__ import annotations

from postedit.core.errors import NotAllowedError
from postedit.core.schema import CollectionSpec, Schema

__all__ = ["check_create", "check_delete", "create_refusal", "delete_refusal"]


def _refusal(schema: Schema, spec: CollectionSpec, why: str) -> NotAllowedError:
    """The refusal, at the line of the schema file that declares the collection (only a
    schema file says ``create``/``delete``: an inferred collection allows both)."""
    return NotAllowedError(f"collection {spec.name!r}: {why}", schema.source, spec.line or None)


def create_refusal(schema: Schema, spec: CollectionSpec) -> NotAllowedError | None:
    """Why the schema lets no new posting be made in ``spec`` (``admin/config.yml:403:
    collection 'jobs': Decap creates no entry here (its config does not say create:
    true)``), or None when it does."""
    if spec.create:
        return None
    if schema.kind == "decap":
        return _refusal(
            schema, spec, "Decap creates no entry here (its config does not say create: true)"
        )
    return _refusal(schema, spec, "the schema says create: false")


def delete_refusal(schema: Schema, spec: CollectionSpec) -> NotAllowedError | None:
    """Why the schema lets no posting of ``spec`` be deleted, or None when it does."""
    if spec.delete:
        return None
    if schema.kind == "decap":
        default = ", a file collection's default" if spec.files else ""
        return _refusal(schema, spec, f"Decap deletes no entry here (delete: false{default})")
    return _refusal(schema, spec, "the schema says delete: false")


def check_create(schema: Schema, spec: CollectionSpec, force: bool = False) -> None:
    """Raise NotAllowedError when the schema lets no posting be made in ``spec``, unless
    ``force``."""
    refusal = None if force else create_refusal(schema, spec)
    if refusal is not None:
        raise refusal


def check_delete(schema: Schema, spec: CollectionSpec | None, force: bool = False) -> None:
    """Raise NotAllowedError when the schema lets no posting of ``spec`` be deleted,
    unless ``force`` (None: a file of no collection, which no rule covers)."""
    refusal = None if force or spec is None else delete_refusal(schema, spec)
    if refusal is not None:
        raise refusal
