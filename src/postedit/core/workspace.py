"""Workspace: a repository root, its schema, and its postings -- what the CLI and TUI open."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from postedit.core.decap import decap_string
from postedit.core.discover import (
    collection_files,
    covering,
    needs_fields,
    owned_files,
    pick_owner,
)
from postedit.core.errors import UsageError
from postedit.core.fsops import repo_folder, repo_relpath
from postedit.core.generator import content_dirs, is_eleventy, jekyll_config
from postedit.core.git.discover import Location, locate
from postedit.core.git.state import plural
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, Schema
from postedit.core.schema_load import load_schema
from postedit.core.store import Store

__all__ = ["FEW_SAMPLE", "NO_POSTINGS_HELP", "Workspace", "filter_rule", "open_workspace"]

FEW_SAMPLE = 50
"""Postings per folder a command that edits a few postings infers a missing schema from."""

NO_POSTINGS_HELP = (
    "postedit lists folders of Markdown files that start with a '---' front matter block "
    "(like content/_jobs/*.md).\n"
    "Open the site's repository (postedit PATH), give a schema with --schema FILE, or add a "
    "postedit.yml naming the collections' folders."
)
"""What to tell a user whose folder has no collection at all (Workspace.nothing_found)."""


class Workspace:
    """A repository root with its schema and the postings read from it (edits go through an
    EditSession, core/session.py)."""

    def __init__(
        self,
        root: Path,
        schema: Schema,
        store: Store | None = None,
        cached: bool = True,
        location: Location | None = None,
    ) -> None:
        self.root = root
        """Absolute path of the repository's work tree."""
        self.schema = schema  # (the property below)
        self.store = store if store is not None else Store(root)
        """Reads postings (parsing each file once while it stays the same)."""
        self.postings: dict[str, Posting] = {}
        """Postings read so far, by relative path."""
        self.location = location
        """Where git said the repository is (None: not a git repository)."""
        self.schema_file: Path | None = None
        """The schema file given (``--schema``), or None: the first one found."""
        self.found_schema = False
        """The schema was found as ``open_workspace`` finds it, so ``find_schema`` may find it
        again; False for one a caller gave (a test's, a tool's), which stays."""
        self.cached = cached
        self._cache_loaded = False
        """The cache of parsed postings was loaded (and is saved at the end); False for a
        command that reads a posting or two (``open_workspace(few=True)``)."""

    def __repr__(self) -> str:
        return f"Workspace(root={self.root!r}, schema={self.schema.describe()!r})"

    @property
    def collections(self) -> tuple[CollectionSpec, ...]:
        """The schema's collections."""
        return self.schema.collections

    def nothing_found(self) -> str | None:
        """When the schema names no collection at all (one inferred from a folder without a
        posting: most often postedit run in the wrong folder), what to tell the user, in two
        lines; else None."""
        if self.collections:
            return None
        return f"No postings found in {self.root}.\n{NO_POSTINGS_HELP}"

    def collection(self, name: str) -> CollectionSpec:
        """The collection called ``name``; UsageError when there is none."""
        spec = self.schema.collection(name)
        if spec is None:
            names = ", ".join(c.name for c in self.collections) or "none"
            raise UsageError(f"no collection named {name!r} (collections: {names})")
        return spec

    def missing_collections(self, collection: str | None = None) -> list[CollectionSpec]:
        """The collections (all, or the one called ``collection``) that are not in the work
        tree: a folder collection whose folder is not there, a file collection (Decap
        ``files:``) whose file is not. None of their postings is read: a schema naming the
        wrong folder (``content/_jobs`` for ``_jobs``) would otherwise find no posting and say
        nothing, and ``check`` would pass in CI having checked nothing. ``check`` and ``list``
        warn of each (``missing_warning``) and count them apart; the TUI names them when it
        finds nothing."""
        return [
            spec
            for spec in self.collections
            if collection in (None, spec.name)
            and (
                len(self.missing_files(spec)) == len(spec.files)
                if spec.files
                else bool(spec.folder) and not (self.root / spec.folder).is_dir()
            )
        ]

    def missing_files(self, spec: CollectionSpec) -> list[str]:
        """The files of a file collection (``files:``) that are not in the work tree."""
        return [f for f in spec.files if not (self.root / f).is_file()]

    def missing_warnings(self, collection: str | None, done: str) -> list[str]:
        """What ``check`` and ``list`` warn of, in the schema's order: each collection
        ``missing_collections`` gives (``missing_warning``), and each missing file of a file
        collection some of whose files are here (read, but not whole: without a word, a
        misspelt file would pass as checked). Each at the line of the schema file that
        declares the collection (``admin/config.yml:57: collection 'jobs': ...``), the shape
        of the schema's own warnings (``Schema.warnings``): the fix is made there."""
        whole = self.missing_collections(collection)
        said = []
        for spec in self.collections:
            if collection not in (None, spec.name):
                continue
            where = self.declared_at(spec)
            at = f"{where}: " if where else ""
            if spec in whole:
                said.append(at + self.missing_warning(spec, done))
                continue
            said.extend(
                f"{at}collection {spec.name!r}: file {f!r} does not exist in {self.root}: it "
                f"is not {done}"
                for f in self.missing_files(spec)
            )
        return said

    def schema_warnings(self, collection: str | None, done: str) -> list[str]:
        """Every warning about the schema, each ``path:line: message``: its own
        (``Schema.warnings``: an unknown widget...), then the collections (all, or the one
        called ``collection``) not in the work tree (``missing_warnings``, ``done`` saying
        what is not done to their postings). ``check`` prints them, the terminal interface
        counts them on its status bar and lists them in its help."""
        return [*self.schema.warnings, *self.missing_warnings(collection, done)]

    def schema_note(self, lister: str, collection: str | None = None) -> str:
        """The schema's warnings (``schema_warnings``) in one line, for a face that does not
        list them: ``7 schema warnings: ? lists them`` (the TUI's status bar, ``lister`` its
        help key), ``... postedit check lists them`` (every command but ``check``); "" when
        there is none. A site's Decap config often names collections kept in other
        repositories: one line, not one per collection, before every command's output."""
        n = len(self.schema_warnings(collection, "listed"))
        if not n:
            return ""
        return f"{plural(n, 'schema warning')}: {lister} lists {'it' if n == 1 else 'them'}"

    def declared_at(self, spec: CollectionSpec) -> str:
        """Where the schema file declares ``spec``: ``admin/config.yml:57`` (the file as the
        schema names it, relative to the repository); "" for a collection no file declares
        (an inferred one)."""
        if self.schema.kind == "inferred" or not spec.line:
            return ""
        return f"{self.schema.source}:{spec.line}"

    def missing_warning(self, spec: CollectionSpec, done: str) -> str:
        """What ``check`` and ``list`` say of a collection ``missing_collections`` gives, ``done``
        saying what is not done to its postings (``checked``, ``listed``): its folder (or
        file) is not in the work tree, and the folder of that name that is, if any."""
        if spec.files:  # all of them missing (missing_collections): each named
            names = ", ".join(repr(f) for f in spec.files)
            if len(spec.files) == 1:
                where = f"does not exist in {self.root}"
                return f"collection {spec.name!r}: file {names} {where}: it is not {done}"
            return (
                f"collection {spec.name!r}: files {names} do not exist in {self.root}: none of "
                f"them is {done}"
            )
        msg = (
            f"collection {spec.name!r}: folder {spec.folder!r} does not exist in {self.root}: "
            f"none of its postings is {done}"
        )
        like = self.folder_like(spec)
        return msg if like is None else f"{msg} (there is a folder {like!r}: is it that one?)"

    def folder_like(self, spec: CollectionSpec) -> str | None:
        """A folder of the work tree with the name of the missing folder ``spec`` names, at
        the root or one level down (``_jobs`` for a Decap config's ``content/_jobs``, the
        postings copied without Jekyll's ``collections_dir``), or None (always for a file
        collection)."""
        if spec.files:
            return None
        name = spec.folder.strip("/").rsplit("/", 1)[-1]
        try:
            tops = sorted(e.name for e in os.scandir(self.root) if e.is_dir())
        except OSError:
            return None
        for rel in (name, *(f"{top}/{name}" for top in tops if not top.startswith("."))):
            if rel != spec.folder.strip("/") and (self.root / rel).is_dir():
                return rel
        return None

    def files(self, spec: CollectionSpec) -> list[str]:
        """Relative paths of the collection's posting files (not parsed); with
        ``front_matter_only``, Markdown files without front matter (READMEs) are left out."""
        return [rel for rel in self.candidates(spec) if self.is_posting(spec, rel)]

    def candidates(self, spec: CollectionSpec) -> list[str]:
        """The files that may be the collection's postings: ``files`` without the README
        check (``is_posting`` makes it once a file is read, without opening it again). A file
        another collection covers too is the candidate of its owner alone (owned_files). The
        first listing of a collection inferred from a sample is the one inference just made
        (Store.listed)."""
        files = self.store.listed.pop(spec.folder, None)
        if files is None:
            files = collection_files(self.root, spec)
        return owned_files(self.collections, spec, files)

    def is_posting(
        self, spec: CollectionSpec, relpath: str, posting: Posting | None = None
    ) -> bool:
        """Is a candidate file of ``spec`` a posting of it: not a README the collection skips,
        and, in a folder collections share out with ``filter``s, one whose front matter
        passes ``spec``'s filter (collection_of)? ``posting``: the one just read from it,
        whose bytes mostly answer (Store.plain_markdown) and whose fields tell the owner."""
        if spec.front_matter_only and self.store.plain_markdown(relpath, posting):
            return False
        if not self._filtered:
            return True
        owner = self.collection_of(relpath, posting)
        return owner is not None and owner.name == spec.name

    def find_schema(self, sample: int | None = None) -> Schema:
        """The schema as ``open_workspace`` finds it now: the same ``--schema`` file, else the
        first of postedit.yml, a Decap config and inference (``sample``: see infer_schema),
        so that an edit of the file, of the site generator's config or a new collection
        folder is seen without starting again. Not put in place: the caller does (the
        terminal interface only once no newer reload took over). The schema in use when a
        caller gave it. Raises SchemaError (``path:line: message``) for a file that cannot
        be used."""
        if not self.found_schema:
            return self.schema
        return load_schema(self.root, self.schema_file, self.store, sample)

    @property
    def schema(self) -> Schema:
        """Collections and fields."""
        return self._schema

    @schema.setter
    def schema(self, schema: Schema) -> None:
        self._schema = schema
        self._generator: str | None = None
        """The generator whose inherited values postedit reads (``eleventy``, ``hugo``,
        ``jekyll``), ``""`` for none; None: not told yet (``_inheriting``)."""
        self._content: tuple[str, ...] | None = None
        """Hugo's content folders (generator.content_dirs)."""
        self._jekyll: dict[str, Any] = {}
        """Jekyll's config, when it has front matter ``defaults`` (generator.jekyll_config)."""
        self._filtered = any(spec.filter is not None for spec in schema.collections)
        """Does a collection have a ``filter`` (so that a file's owner may depend on its
        front matter)? Asked for every posting read: worked out once per schema."""

    def collection_of(self, relpath: str, posting: Posting | None = None) -> CollectionSpec | None:
        """The collection ``relpath`` belongs to, or None (discover.owner_of). In a folder
        collections share out with ``filter``s, its front matter tells which: ``posting``'s
        when given, else the file is read (a file that cannot be read goes by its path: the
        first collection of its folder, as if unfiltered, and so does one whose front matter
        is broken: its error is listed and checked there)."""
        cover = covering(self.collections, relpath)
        if not needs_fields(cover):
            return pick_owner(cover)
        if posting is None or posting.relpath != relpath:
            posting = self.store.read(relpath, "")
        if not posting.exists or not posting.ok:
            return cover[0]  # no front matter to tell: its error is shown where its path says
        return pick_owner(cover, posting.fields)

    def named(self, posting: Posting) -> Posting:
        """``posting`` (just written) named after the collection its front matter gives it
        now, as ``read`` names it: in a folder collections share out with ``filter``s, an
        edit of the filter's key (``type: blog`` to ``news``) moves it to another collection,
        or to none (``""``). Elsewhere it is returned as it is."""
        if not self._filtered or not needs_fields(covering(self.collections, posting.relpath)):
            return posting
        spec = self.collection_of(posting.relpath, posting)
        name = spec.name if spec is not None else ""
        return posting if name == posting.collection else replace(posting, collection=name)

    def unclaimed_reason(self, relpath: str) -> str:
        """Why a file of a folder collections share out with ``filter``s is nobody's posting:
        ``matches the filter of no collection (news (type: news), blog (type: blog)): Decap
        lists it nowhere`` (``check``'s warning, the list's word after an edit)."""
        rules = [
            f"{spec.name} ({filter_rule(spec)})"
            for spec in covering(self.collections, relpath)
            if spec.filter is not None
        ]
        return f"matches the filter of no collection ({', '.join(rules)}): Decap lists it nowhere"

    def read(self, relpath: str, collection: str | None = None) -> Posting:
        """Read (or re-read) one posting from disk and remember it. ``collection``: the
        collection it is read for; in a folder collections share out with ``filter``s, the
        posting is named after the one its front matter gives it to (none: ``""``)."""
        if collection is None or (self._filtered and self._shared(collection, relpath)):
            spec = self.collection_of(relpath)
            collection = spec.name if spec else ""
        posting = self.with_inherited(self.store.read(relpath, collection))
        self.postings[relpath] = posting
        return posting

    def with_inherited(self, posting: Posting) -> Posting:
        """``posting`` with the values the site gives it from other files
        (``Posting.inherited``: Eleventy's data files, Hugo's ``cascade``, Jekyll's
        ``defaults``), as ``read``
        gives them: for a posting not read from disk (a new one's bytes, before they are
        written), so that it is checked as ``check`` will check it."""
        if posting.ok and self._inheriting():
            inherited = self._inherited(posting)
            if inherited:
                return replace(posting, inherited=inherited)
        return posting

    def new_fields(self, spec: CollectionSpec, now: dt.datetime) -> dict[str, Any]:
        """The front matter of a new posting of ``spec`` before the user's values: the
        schema's defaults (newposting.default_fields); on a Hugo site, over what ``hugo new``
        writes (its archetype's keys, else ``date`` now and ``draft: true``:
        core/archetype.py), the schema's own defaults and a ``filter``'s key winning. Not
        with a Decap config: its editor makes the site's new pages, and writes its fields'
        defaults alone."""
        from postedit.core.newposting import default_fields

        fields = default_fields(spec, now)
        if self.schema.kind == "decap" or not self._inheriting() or self._generator != "hugo":
            return fields
        from postedit.core.archetype import hugo_new_fields

        hugo = hugo_new_fields(self.root, spec, self._content or (), now)
        given = {f.name for f in spec.fields if f.default is not None}
        if spec.filter is not None:
            given.add(spec.filter.field)
        return {**hugo, **{k: v for k, v in fields.items() if k in given or k not in hugo}}

    def _inheriting(self) -> bool:
        """Do the site's pages take values from other files (Eleventy's data files, Hugo's
        ``cascade``, the ``defaults`` of Jekyll's ``_config.yml``)? Told once per schema by
        the generator's config file."""
        if self._generator is None:
            if is_eleventy(self.root):
                self._generator = "eleventy"
            else:
                self._content = content_dirs(self.root)
                self._generator = "hugo" if self._content is not None else ""
            if not self._generator:
                jekyll = jekyll_config(self.root)
                if jekyll is not None and jekyll.get("defaults"):
                    self._jekyll = jekyll
                    self._generator = "jekyll"
        return bool(self._generator)

    def _inherited(self, posting: Posting) -> dict[str, Any]:
        """What the site gives ``posting`` besides its front matter (core/inherit.py)."""
        from postedit.core import inherit  # only on an Eleventy, a Hugo or a Jekyll site

        if self._generator == "jekyll":
            return inherit.jekyll_inherited(posting.fields, posting.relpath, self._jekyll)
        if self._generator == "eleventy":
            data = inherit.eleventy_data(self.root, posting.relpath)
            return inherit.eleventy_inherited(posting.fields, data)
        cascade = inherit.hugo_cascade(posting.relpath, self._content or (), self._fields_of)
        own = {k.lower() for k in posting.fields if isinstance(k, str)}
        return {k: v for k, v in cascade.items() if k not in own}

    def _fields_of(self, relpath: str) -> dict[str, Any]:
        """The front matter of the file ``relpath`` ({} when there is none)."""
        posting = self.store.read(relpath, "")
        return posting.fields if posting.ok else {}

    def _shared(self, collection: str, relpath: str) -> bool:
        """Is ``relpath`` in ``collection``'s folder shared out by filters?"""
        cover = covering(self.collections, relpath)
        return needs_fields(cover) and any(spec.name == collection for spec in cover)

    def iter_load(self, spec: CollectionSpec) -> Iterator[Posting]:
        """Read every posting of a collection, one at a time (never raises for bad files)."""
        files = self.candidates(spec)
        self.store.read_ahead(files)
        for rel in files:
            posting = self.read(rel, spec.name)  # read first: its bytes tell a README
            if self.is_posting(spec, rel, posting):
                yield posting

    def load(self, spec: CollectionSpec) -> list[Posting]:
        """Read every posting of a collection."""
        return list(self.iter_load(spec))

    def load_cache(self) -> None:
        """Take the parsed postings of an earlier run from the on-disk cache (core/cache.py),
        once."""
        if self.cached and not self._cache_loaded:
            from postedit.core import cache

            cache.load(self.store)
            self._cache_loaded = True

    def save_cache(self) -> None:
        """Save parsed postings so the next start on an unchanged repository parses nothing."""
        if self.cached:
            from postedit.core import cache

            cache.save(self.store)

    def relpath(
        self, path: str | os.PathLike[str], base: str | os.PathLike[str] | None = None
    ) -> str:
        """A user-given path as repo-relative (see fsops.repo_relpath)."""
        return repo_relpath(self.root, path, base)


def filter_rule(spec: CollectionSpec) -> str:
    """A collection's ``filter`` in words: ``type: news`` (the value as Decap spells it),
    ``no type`` (a filter without a value); "" without a filter."""
    rule = spec.filter
    if rule is None:
        return ""
    if not rule.has_value:
        return f"no {rule.field}"
    return f"{rule.field}: {decap_string(rule.value)}"


def open_workspace(
    path: Path | None = None,
    schema_file: Path | None = None,
    *,
    few: bool = False,
    sample: int | None = None,
    cache_now: bool = True,
    read_once: bool = False,
) -> Workspace:
    """Open the repository around ``path`` (default: the current folder).

    A folder outside any git repository is opened as is (the CLI and TUI say that commits
    are not possible); raises PosteditError when ``path`` does not exist. ``few``: the caller
    reads only a few postings (``postedit set``), so the cache of every parsed posting is
    neither loaded nor saved (90 ms at 10,000 postings), and a schema to infer is inferred
    from a sample. ``sample``: a schema to infer may come from the first postings of each
    folder only (``Schema.partial``). ``cache_now=False``: the caller loads the cache of
    parsed postings later (``Workspace.load_cache``: the terminal interface, in its loading
    worker, after its first frame). ``read_once``: the caller only reads and prints, then
    ends (``list``, ``check``): each file is read once (Store's ``read_once``).
    """
    start = repo_folder(path)
    location = locate(start)
    root = location.root if location is not None and not location.bare else start.resolve()
    if few:
        # the values a command types are typed alike by the postings' first few
        sample = sample or FEW_SAMPLE
    store = Store(root, read_once=read_once)
    workspace = Workspace(root, Schema(()), store, cached=not few, location=location)
    if cache_now:
        workspace.load_cache()
    workspace.schema_file = schema_file
    workspace.found_schema = True
    workspace.schema = workspace.find_schema(sample)
    return workspace
