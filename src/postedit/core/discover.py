"""Find collections (folders of postings) and their files, without parsing them."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.core import frontmatter
from postedit.core.schema import per_spec

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

    from postedit.core.schema import CollectionSpec

__all__ = [
    "BUNDLE_INDEXES",
    "POSTING_SUFFIXES",
    "bundle_page",
    "collection_files",
    "collection_name",
    "covering",
    "discover_folders",
    "file_label",
    "glob_pattern",
    "ignored",
    "ignored_folder",
    "is_bundle_page",
    "is_jekyll_folder",
    "is_plain_markdown",
    "jekyll_reads_every_name",
    "jekyll_skips",
    "read_head",
    "list_files",
    "locale_fields",
    "locale_of",
    "locale_spec",
    "needs_fields",
    "owned_files",
    "owner_of",
    "pick_owner",
]

POSTING_SUFFIXES = (".md", ".markdown")
BUNDLE_INDEXES = ("index.md", "index.markdown")
"""The page of a page bundle (Hugo's leaf bundle, Decap's ``{{slug}}/index``)."""
_BUNDLE_PAGE_ENDS = tuple("/" + name for name in BUNDLE_INDEXES)
_SKIP_DIRS = {"node_modules", ".git", "_site", "vendor", "public", "dist", "build", "__pycache__"}
_TEMPLATE_DIRS = frozenset(("_includes", "_layouts", "_data"))
"""Jekyll's and Eleventy's folders of templates, layouts and data: neither writes a page of
a Markdown file in them (a partial ``_includes/cta.md`` with front matter is no posting)."""


def ignored(relpath: str, globs: tuple[str, ...]) -> bool:
    """Does one of ``globs`` (``SiteSpec.ignore``) match ``relpath``, or a folder above it
    (``drafts/**`` holds ``drafts/a.md``)? False at once without globs (most sites)."""
    return bool(globs) and _ignore_pattern(globs).match(relpath) is not None


def ignored_folder(folder: str, globs: tuple[str, ...]) -> bool:
    """Does one of ``globs`` take every file right in ``folder`` (``drafts/**``,
    ``drafts/*``), whatever its name?"""
    return bool(globs) and ignored(folder.strip("/") + "/\0", globs)


@functools.lru_cache(maxsize=16)
def _ignore_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression matching what any of ``globs`` matches (picomatch's rules,
    which Eleventy's globs follow: glob_pattern)."""
    alternatives = "|".join(f"(?:{p.pattern})" for p in map(glob_pattern, globs))
    return re.compile(f"(?:{alternatives})\\Z", re.DOTALL)


@functools.lru_cache(maxsize=64)
def glob_pattern(glob: str) -> re.Pattern[str]:
    """The files a site's glob names, as a regular expression on a path within the site
    (``fullmatch``): ``*`` and ``?`` within a name, ``**/`` any folders (``**`` elsewhere
    anything), ``[...]`` (``[!...]`` none of), ``{a,b}``, ``\\x`` the character itself.
    Eleventy's globs (picomatch) and Jekyll's (Ruby's ``Dir.glob``) read alike in what sites
    write; a glob neither could read (``[z-a]``) names nothing."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            inner = glob[i + 1 : end]
            negate = inner[:1] in ("!", "^")
            body = "".join(ch if ch == "-" else re.escape(ch) for ch in inner[negate:])
            out.append(f"[{'^' if negate else ''}{body}]")
            i = end + 1
            continue
        elif c == "{":
            depth += 1
            out.append("(?:")
        elif c == "}" and depth:
            depth -= 1
            out.append(")")
        elif c == "," and depth:
            out.append("|")
        elif c == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out) + ")" * depth, re.DOTALL)
    except re.error:
        return re.compile(r"(?!)")  # matches nothing


def collection_name(folder: str) -> str:
    """Name of a collection from its folder: ``content/_jobs`` -> ``jobs``."""
    base = folder.rstrip("/").rsplit("/", 1)[-1] or "root"
    return base.lstrip("_.") or base


def _is_posting_name(name: str, glob: str = "*.md") -> bool:
    if glob in ("*.md", "*.markdown", "*"):
        return name.endswith(POSTING_SUFFIXES) and not name.startswith(".")
    return fnmatch.fnmatch(name, glob) and not name.startswith(".")


_HEAD_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
"""A FIFO named like a posting is opened without waiting for a writer (and reads as empty)."""


def read_head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of the file at ``path`` (OSError for a folder: EISDIR).

    One ``os.open``/``os.read``: discovery and the README check read a few bytes of every
    file, where a Python file object costs more than the read itself.
    """
    fd = os.open(path, _HEAD_FLAGS)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def is_plain_markdown(head: bytes) -> bool:
    """Do these first bytes of a file (512 are enough) make it Markdown text without front
    matter (a README), not a posting?"""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.strip() or head.lstrip().startswith(b"---") or b"\0" in head:
        return False
    if frontmatter.starts_posting(head):  # +++ (TOML) or a JSON object
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the end of the sniff
    return True


_JEKYLL_SPECIAL = ("_", "#", "~")
"""Besides hidden names, what Jekyll leaves out of a collection: names starting with these
(its EntryFilter's ``special?``; backups ending in ``~`` are not named like postings)."""


def is_jekyll_folder(folder: str) -> bool:
    """Is ``folder`` a Jekyll collection's (``_jobs``, ``content/_posts``)? Jekyll keeps a
    collection in a folder named after it with a leading ``_``; Hugo's sections and other
    generators' folders do not start with one."""
    return folder.strip("/").rsplit("/", 1)[-1].startswith("_")


def jekyll_skips(folder: str, name: str) -> bool:
    """Does Jekyll leave out the file ``name`` of the collection in ``folder`` (a ``_x.md``,
    ``#x.md`` or ``~x.md`` in ``_jobs``)? Such a file is no posting: the site never shows it
    (``check`` says so: cli/check.py's stray_files)."""
    return name.startswith(_JEKYLL_SPECIAL) and is_jekyll_folder(folder)


def jekyll_reads_every_name(folder: str) -> bool:
    """Does Jekyll read every file with front matter in ``folder`` as a document, whatever
    its extension (a collection's folder, ``_jobs``: its ``Collection#read`` checks for a
    YAML header only)? Not ``_posts`` nor ``_drafts``, whose names need ``.ext``."""
    name = folder.strip("/").rsplit("/", 1)[-1]
    return is_jekyll_folder(folder) and name not in ("_posts", "_drafts")


def list_files(
    root: Path,
    folder: str,
    glob: str = "*.md",
    jekyll: bool | None = None,
    bundles: bool = False,
    leaf: bool = False,
) -> list[str]:
    """Relative paths (``/``-separated) of the files directly in ``folder`` whose names make
    them postings, sorted (the files are not opened: see Workspace.files for READMEs).

    Hidden files are left out, and in a Jekyll collection's folder the names Jekyll leaves out
    (jekyll_skips); ``jekyll``: whether it is one, when ``folder`` does not say (a subfolder).
    ``bundles``: the page of each page bundle right below ``folder`` too (``foo/index.md``,
    see bundle_page; ``leaf``: Hugo's rule).
    """
    base = Path(root) / folder if folder not in ("", ".") else Path(root)
    prefix = "" if folder in ("", ".") else folder.strip("/") + "/"
    try:
        every = os.listdir(base)  # names only: a third of the time of scandir's entries
    except OSError:
        return []
    jekyll = is_jekyll_folder(folder) if jekyll is None else jekyll
    skipped = (".", *_JEKYLL_SPECIAL) if jekyll else "."
    if glob in ("*.md", "*.markdown", "*"):
        names = [n for n in every if n.endswith(POSTING_SUFFIXES) and not n.startswith(skipped)]
    else:
        names = [n for n in every if _is_posting_name(n, glob) and not n.startswith(skipped)]
    if bundles:
        for sub in set(every).difference(names):  # a file is no folder: listing it fails
            if sub.startswith(skipped) or sub in _SKIP_DIRS:
                continue
            page = bundle_page(base, sub, leaf)
            if page is not None:
                names.append(f"{sub}/{page}")
    names.sort()
    return [prefix + n for n in names] if prefix else names


def bundle_page(root: Path, folder: str, leaf: bool = False) -> str | None:
    """The name of the page of ``folder`` when the folder is a page bundle, else None.

    A page bundle (Hugo's leaf bundle, Decap's ``path: "{{slug}}/index"``) is a folder whose
    one entry named like a posting is ``index.md`` (or ``index.markdown``): that file is a
    page of the section holding the folder, and the rest of the folder is its resources. A
    folder holding other pages beside its index is a folder of pages (Jekyll's, Eleventy's),
    not a bundle, unless ``leaf`` (``site.leaf_bundles``, Hugo's rule): then a folder holding
    an index is a bundle whatever else it holds, its other Markdown files resources of the
    page (``notes.md`` beside ``index.md``), no page. Names only: no file is opened.
    """
    try:
        return _bundle_page(os.listdir(Path(root) / folder), leaf)
    except OSError:  # not a folder
        return None


def _bundle_page(names: Iterable[str], leaf: bool = False) -> str | None:
    """bundle_page's rule on a folder's entries (``os.listdir``'s names)."""
    if leaf:
        names = list(names)
        return next((n for n in BUNDLE_INDEXES if n in names), None)
    page = None
    for name in names:
        if name.endswith(POSTING_SUFFIXES) and name[0] != ".":
            if page is not None:
                return None  # two pages: a folder of pages
            page = name
    return page if page in BUNDLE_INDEXES else None


def is_bundle_page(folder: str, relpath: str) -> bool:
    """Is ``relpath`` named as the page of a bundle right below ``folder``
    (``folder/foo/index.md``)? By its path alone (bundle_page looks at the folder)."""
    if not relpath.endswith(_BUNDLE_PAGE_ENDS):  # almost every posting: one C call
        return False
    below = _within(folder, relpath)
    return below is not None and below.count("/") == 1


def discover_folders(root: Path, leaf: bool = False) -> list[str]:
    """Folders (relative, ``/``-separated) holding Markdown files that start with front matter.

    Hidden folders, ``node_modules``, build outputs and Jekyll's and Eleventy's folders of
    templates and data (``_includes``, ``_layouts``, ``_data``) are skipped. Files are sniffed (8
    bytes each) until one starts with front matter, so a folder of postings costs one read.
    A page bundle (bundle_page) is no folder of its own: its page belongs to the folder
    above it, as Hugo makes a leaf bundle a page of its section. A bundle inside a bundle
    stays a folder of its own: Hugo makes its page a resource of the outer bundle, Jekyll and
    Eleventy a page (``about/team/index.md``); either way its front matter is edited.
    ``leaf``: Hugo's rule (bundle_page): a folder holding an index is a bundle, and nothing
    below it a posting.
    """
    root = Path(root)
    found: set[str] = set()
    sections: dict[str, bool] = {}  # is the folder above a bundle no bundle itself: listed once
    for dirpath, dirnames, filenames in os.walk(root):
        if leaf and dirpath != str(root) and _bundle_page(filenames, leaf) is not None:
            dirnames[:] = []  # a leaf bundle's folders hold its resources: no page below
        for name in filenames:  # sniffed until one is a posting: any one tells
            if not name.endswith(POSTING_SUFFIXES):
                continue
            try:  # a folder named like a posting fails here (EISDIR), a FIFO reads as empty
                head = read_head(os.path.join(dirpath, name), 8)
            except OSError:
                continue
            if frontmatter.starts_posting(head):
                rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
                folder = "" if rel == "." else rel
                if folder and _bundle_page([*dirnames, *filenames], leaf) is not None:
                    above = folder.rsplit("/", 1)[0] if "/" in folder else ""
                    if above not in sections:  # a section of 5,000 bundles: not 5,000 listings
                        sections[above] = not above or bundle_page(root, above, leaf) is None
                    if sections[above]:
                        folder = above
                found.add(folder)
                break
        # pruned once its entries are looked at: the walk goes down the folders left
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in _SKIP_DIRS and d not in _TEMPLATE_DIRS
        )
    return sorted(found, key=lambda f: f.split("/") if f else [])


def _within(folder: str, relpath: str) -> str | None:
    """``relpath`` below ``folder`` (``/``-separated), or None when it is not below it."""
    folder = folder.strip("/")
    if folder in ("", "."):
        return relpath
    return relpath[len(folder) + 1 :] if relpath.startswith(folder + "/") else None


def file_label(relpath: str, spec: CollectionSpec | None) -> str:
    """The posting's file as the list names it: its path below the collection's folder
    (``en/hello.md``, ``my-trip/index.md``: a page bundle's or a locale folder's name tells
    the rows apart), the file's own name in a file collection or outside any collection."""
    if spec is not None and not spec.files:
        below = _within(spec.folder, relpath)
        if below is not None:
            return below
    return relpath.rsplit("/", 1)[-1]


def collection_files(root: Path, spec: CollectionSpec) -> list[str]:
    """Relative paths of a collection's posting files (not parsed), sorted, as its site and
    Decap list them: a file collection's own file (when it exists); a folder's files up to
    ``spec.depth`` levels down (nested collections, ``path`` templates such as Hugo's
    ``{{slug}}/index``, i18n locale folders); hidden folders are skipped. READMEs are not
    told apart here (no file is opened): Workspace.files does that. Files the site
    ignores (``site.ignore``: Eleventy's ``.eleventyignore``) are left out."""
    root = Path(root)
    files = _collection_files(root, spec)
    globs = spec.site.ignore
    return [f for f in files if not ignored(f, globs)] if globs else files


def _collection_files(root: Path, spec: CollectionSpec) -> list[str]:
    if spec.files:
        return [f for f in spec.files if (root / f).is_file()]
    if spec.depth <= 1:
        leaf = spec.site.leaf_bundles
        return list_files(root, spec.folder, spec.glob, bundles=spec.bundles, leaf=leaf)
    out: list[str] = []
    folder = spec.folder.strip("/")
    base = root / folder if folder not in ("", ".") else root
    prefix = "" if folder in ("", ".") else folder + "/"
    jekyll = is_jekyll_folder(folder)
    for dirpath, dirnames, _files in os.walk(base):
        rel = os.path.relpath(dirpath, base).replace(os.sep, "/")
        level = 0 if rel == "." else rel.count("/") + 1
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and not (jekyll and level == 0 and d.startswith(_JEKYLL_SPECIAL))
        )  # Jekyll looks at an entry's first folder and its name: `sub/_x/a.md` it keeps
        if level + 1 >= spec.depth:
            dirnames[:] = []
        sub = "" if rel == "." else rel + "/"
        names = list_files(Path(dirpath), ".", spec.glob, jekyll)
        out += [prefix + sub + name for name in names]
    return sorted(out)


def covering(specs: Iterable[CollectionSpec], relpath: str) -> list[CollectionSpec]:
    """The collections ``relpath``'s path puts it in, in config order: a file collection
    naming it, else the folder collections holding it within their depth, or as the page of
    one of their bundles, whose folder is the deepest (several when they share that folder:
    Decap lets leaf pages and ``{{slug}}/index`` bundles, or collections split by a
    ``filter``, cover one folder). Empty when none does."""
    best: list[CollectionSpec] = []
    best_len = -1
    for spec in specs:
        if spec.files:
            if relpath in spec.files:
                return [spec]
            continue
        below = _within(spec.folder, relpath)
        if below is None:
            continue
        if below.count("/") + 1 > max(spec.depth, 1) and not (
            spec.bundles and is_bundle_page(spec.folder, relpath)
        ):
            continue
        length = len(spec.folder.strip("/"))
        if length > best_len:
            best, best_len = [spec], length
        elif length == best_len:
            best.append(spec)
    return best


def needs_fields(cover: Sequence[CollectionSpec]) -> bool:
    """Does the owner among ``cover`` (see covering) depend on the file's front matter: does
    one of them have a ``filter``?"""
    return any(spec.filter is not None for spec in cover)


def pick_owner(
    cover: Sequence[CollectionSpec], fields: Mapping[str, Any] | None = None
) -> CollectionSpec | None:
    """The one collection of ``cover`` (see covering) a file belongs to: the first whose
    ``filter`` its front matter ``fields`` pass, else the first without a filter, else None
    -- a file no filter takes is listed by no filtered collection, as Decap shows it in none
    (``check`` warns about it). Without filters, the first of ``cover``; ``fields`` None: the
    file has none (unread, or no front matter)."""
    if not needs_fields(cover):
        return cover[0] if cover else None
    for spec in cover:
        if spec.filter is not None and spec.filter.matches(fields or {}):
            return spec
    return next((spec for spec in cover if spec.filter is None), None)


def owner_of(
    specs: Iterable[CollectionSpec], relpath: str, fields: Mapping[str, Any] | None = None
) -> CollectionSpec | None:
    """The collection ``relpath`` belongs to (pick_owner among covering): a file collection
    naming it, else the folder collection holding it (the deepest folder when several do;
    among collections sharing that folder, the one whose ``filter`` its front matter
    ``fields`` pass), or None."""
    return pick_owner(covering(specs, relpath), fields)


def owned_files(
    specs: Sequence[CollectionSpec], spec: CollectionSpec, files: list[str]
) -> list[str]:
    """``files`` of ``spec`` less those ``owner_of`` gives to another collection by their
    paths. Decap lets several collections cover one folder (leaf pages and ``{{slug}}/index``
    bundles, a file collection naming a file of a folder's); a file is still one posting, of
    one collection, which lists it, checks it and types its values (as ``set PATH`` and the
    TUI do). Where ``filter``s share a folder out, every collection sharing it keeps the file
    here: its front matter tells the owner once it is read (Workspace.is_posting)."""
    if not any(_may_take(other, spec) for other in specs if other.name != spec.name):
        return files  # nothing else covers its files: no file asks owner_of
    return [rel for rel in files if _keeps(covering(specs, rel), spec)]


def _keeps(cover: Sequence[CollectionSpec], spec: CollectionSpec) -> bool:
    """Is a file ``cover`` (see covering) covers a candidate of ``spec``: covered by none, or
    first by ``spec``, or by ``spec`` among collections its front matter will tell apart?"""
    if not cover or cover[0].name == spec.name:
        return True
    return needs_fields(cover) and any(c.name == spec.name for c in cover)


def _may_take(other: CollectionSpec, spec: CollectionSpec) -> bool:
    """Can ``owner_of`` give one of ``spec``'s files to ``other``? A file collection naming a
    file of it, or a folder collection whose folder holds ``spec``'s or lies below it."""
    if other.files:
        if spec.files:
            return not set(other.files).isdisjoint(spec.files)
        return any(_within(spec.folder, f) is not None for f in other.files)
    if spec.files:
        return False  # a file collection's own file is always its own
    mine, theirs = spec.folder.strip("/"), other.folder.strip("/")
    return mine == theirs or _within(mine, theirs) is not None or _within(theirs, mine) is not None


def locale_of(relpath: str, spec: CollectionSpec | None) -> str | None:
    """The locale of a posting of a collection with translations (Decap ``i18n``), or None.

    ``multiple_folders``: the folder right below the collection's (``posts/fr/a.md``);
    ``multiple_files``: the last dotted part of the name (``a.fr.md``); ``single_file``
    postings hold every locale (None). A part that is not one of the locales gives None.
    """
    if spec is None or spec.i18n is None:
        return None
    i18n = spec.i18n
    below = _within(spec.folder, relpath) if not spec.files else relpath
    if below is None:
        return None
    if i18n.structure == "multiple_folders":
        first = below.split("/", 1)[0] if "/" in below else None
        return first if first in i18n.locales else None
    if i18n.structure == "multiple_files":
        stem = below.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        last = stem.rsplit(".", 1)[-1] if "." in stem else None
        return last if last in i18n.locales else None
    return None


def locale_fields(fields: Mapping[str, Any], spec: CollectionSpec | None) -> Mapping[str, Any]:
    """The fields the site shows for a posting: for an i18n ``single_file`` collection, the
    default locale's mapping (``{en: {...}, fr: {...}}``), else the fields themselves."""
    if spec is not None and spec.i18n is not None and spec.i18n.structure == "single_file":
        value = fields.get(spec.i18n.default_locale)
        if isinstance(value, dict):
            return value
    return fields


@per_spec
def _translation_spec(spec: CollectionSpec) -> CollectionSpec:
    """``spec`` without the fields Decap keeps in the default locale's file only (made once
    per spec: validation caches its compiled checks per spec object)."""
    return replace(spec, fields=tuple(f for f in spec.fields if f.i18n != "none"))


@per_spec
def _single_file_spec(spec: CollectionSpec) -> CollectionSpec:
    """``spec`` as Decap writes a ``single_file`` entry: one mapping per locale, each holding
    its locale's fields (the body too, as a key). The default locale's mapping is required
    and has every field; a translation's lacks the ``i18n: none`` ones and may be missing."""
    from postedit.core.schema import FieldSpec

    assert spec.i18n is not None
    # the title is an error when missing, as at the top of any other posting
    every = tuple(
        replace(f, severity="error") if f.name == spec.identifier_field else f for f in spec.fields
    )
    translated = tuple(f for f in every if f.i18n != "none")
    return replace(
        spec,
        fields=tuple(
            FieldSpec(
                locale,
                type="object",
                required=locale == spec.i18n.default_locale,
                fields=every if locale == spec.i18n.default_locale else translated,
            )
            for locale in spec.i18n.locales
        ),
        identifier_field="",
        rules=(),
    )


def locale_spec(spec: CollectionSpec, relpath: str) -> CollectionSpec:
    """The spec a posting is checked against: for a translation (a locale other than the
    default one), the collection without the fields Decap keeps in the default locale's
    file only (field ``i18n: none``), which that file rightly lacks; for an i18n
    ``single_file`` entry, one mapping per locale (``_single_file_spec``); else ``spec``."""
    if spec.i18n is not None and spec.i18n.structure == "single_file":
        return _single_file_spec(spec)
    locale = locale_of(relpath, spec)
    if locale is None or spec.i18n is None or locale == spec.i18n.default_locale:
        return spec
    if not any(f.i18n == "none" for f in spec.fields):
        return spec
    return _translation_spec(spec)
