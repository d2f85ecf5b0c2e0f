"""Validate a posting against its collection's spec: pure functions, fast enough per keystroke.

``validate(posting, spec, context)`` returns :class:`Finding`\\ s: missing required fields,
wrong types (text that is not a date...), values outside options, pattern / email / url /
min / max, cross-field rules, unknown keys (with "did you mean"), duplicate keys and YAML
errors. Everything that can be worked out once per spec (compiled patterns, option sets,
parsed rules, the known-key index) lives in a :class:`Validator`, cached per spec object by
:func:`validator_for`, so a form can call ``validate`` on every keystroke.

Cross-field rules use a tiny condition language parsed here (never ``eval``)::

    date <= depublication_date            # FIELD OP FIELD, OP in == != < <= > >=
    contrat == "stage"                    # FIELD OP VALUE (quoted text, number, true, a date)
    poste_pourvu is true                  # FIELD is [not] true|false|set|empty
    open is false and junior is set       # atoms joined with "and"
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from postedit.core.dates import parse_datetime, read_date
from postedit.core.discover import locale_spec
from postedit.core.fieldcheck import is_email, is_web_address
from postedit.core.git.state import plural
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec, Rule, js_regex, per_spec
from postedit.core.site import (
    by_field,
    dated_otherwise,
    field_key,
    hugo_bool_text,
    renamed_keys,
    site_fields,
    undated_name,
    unpublishing,
)
from postedit.core.values import parse_scalar

if TYPE_CHECKING:
    from typing import Any, Literal

__all__ = [
    "Condition",
    "Context",
    "ErrorAges",
    "Finding",
    "Validator",
    "check_value",
    "count_findings",
    "describe_counts",
    "js_regex",
    "did_you_mean",
    "duplicate_findings",
    "error_ages",
    "expected",
    "parse_condition",
    "posting_findings",
    "relation_values",
    "similar_keys",
    "validate",
    "validator_for",
    "yaml_repr",
]

if TYPE_CHECKING:
    Severity = Literal["error", "warning"]

Context = Mapping[str, Iterable[str]]
"""What validation knows beyond one posting: collection name -> slugs of its entries (only for
collections that are loaded; relations to other collections are not checked)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one posting, with a place and words a maintainer understands."""

    severity: Severity
    """``error`` (check exits 1) or ``warning``."""
    path: str
    """Repository-relative path of the posting."""
    line: int
    """1-based line: of the key, else of the front matter's opening ``---``."""
    field: str | None
    """The field concerned (``events[0].date`` inside lists/objects), or None."""
    message: str
    """What is wrong (and, when we can tell, what was meant)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``postedit check --format json``, ``postedit list --format json``)."""
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


def _finding(severity: Severity, path: str, line: int, field: str | None, message: str) -> Finding:
    """A Finding (positional: the call sites read as the message they build)."""
    return Finding(severity, path, line, field, message)


def _finding_order(f: Finding) -> tuple[int, bool]:
    return (f.line, f.severity != "error")


# ----------------------------------------------------------------------------- did you mean


def _norm(key: str) -> str:
    return re.sub(r"[\s_\-.]", "", key).lower()


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _plural_pair(a: str, b: str) -> bool:
    return a + "s" == b or b + "s" == a or a + "es" == b or b + "es" == a


def similar_keys(a: str, b: str) -> bool:
    """True when ``a`` looks like a misspelling of ``b`` (or the reverse).

    Same letters but for case, ``_``/``-``; a plural; or one letter off (two for keys of ten
    letters or more): ``externalUrl``/``externalURL``, ``role``/``roles``,
    ``post_ouvert``/``poste_ouvert``.
    """
    if a == b:
        return False
    na, nb = _norm(a), _norm(b)
    if na == nb or _plural_pair(na, nb):
        return True
    limit = 1 if min(len(na), len(nb)) < 10 else 2
    return _distance(na, nb, limit) <= limit


def did_you_mean(
    key: str, candidates: Sequence[str], variants: Mapping[str, str] | None = None
) -> str | None:
    """The candidate ``key`` was probably meant to be, or None."""
    if variants and key in variants:
        return variants[key]
    if key in candidates:
        return None
    nk = _norm(key)
    for cand in candidates:
        if _norm(cand) == nk:
            return cand
    for cand in candidates:
        if _plural_pair(nk, _norm(cand)):
            return cand
    import difflib  # here: only a key that matches no field gets this far

    similar = [c for c in candidates if similar_keys(key, c)]
    if similar:
        return max(similar, key=lambda c: difflib.SequenceMatcher(None, key, c).ratio())
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.85)
    return close[0] if close else None


def _dym(suggestion: Any) -> str:
    return f" (did you mean {suggestion!r}?)" if suggestion is not None else ""


# ----------------------------------------------------------------------------- conditions

_OPS = ("==", "!=", "<=", ">=", "<", ">")
_IDENT = r"[A-Za-z_][\w\-]*(?:\.[A-Za-z_][\w\-]*)*"
_CMP_RE = re.compile(
    rf"^\s*(?P<left>{_IDENT})\s*(?P<op>==|!=|<=|>=|<|>)\s*(?P<right>[^=<>!\s].*?)\s*$"
)
_IS_RE = re.compile(
    rf"^\s*(?P<left>{_IDENT})\s+is\s+(?P<neg>not\s+)?(?P<what>true|false|set|empty)\s*$",
    re.IGNORECASE,
)
_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
_LITERAL_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "~"}


@dataclass(frozen=True, slots=True)
class _Atom:
    """One comparison of a condition (``open == true``): a Condition holds all of them."""

    left: str
    op: str
    """``==`` ... ``>``, or ``is`` (then ``value`` is true/false/set/empty and ``negate``)."""
    value: Any = None
    ref: str | None = None
    """Right-hand field name when comparing two fields."""
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition: atoms that must all hold (see the module docstring)."""

    text: str
    """As written."""
    atoms: tuple[_Atom, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """Field names the condition reads, in order."""
        out: list[str] = []
        for a in self.atoms:
            for name in (a.left, a.ref):
                if name and name not in out:
                    out.append(name)
        return tuple(out)


def _literal(text: str) -> tuple[Any, str | None]:
    """(value, None) for a literal, (None, name) for a field reference."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1], None
    if re.fullmatch(_IDENT, text) and text.lower() not in _LITERAL_WORDS:
        return None, text
    return parse_scalar(text), None


def parse_condition(text: str) -> Condition:
    """Parse a rule condition; ValueError with a readable message when it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty condition")
    atoms: list[_Atom] = []
    for part in _AND_RE.split(text.strip()):
        m = _IS_RE.match(part)
        if m:
            atoms.append(_Atom(m["left"], "is", m["what"].lower(), negate=bool(m["neg"])))
            continue
        m = _CMP_RE.match(part)
        if m:
            value, ref = _literal(m["right"])
            atoms.append(_Atom(m["left"], m["op"], value, ref))
            continue
        raise ValueError(
            f"cannot read condition {part.strip()!r}: expected FIELD OP VALUE (OP one of "
            f"{' '.join(_OPS)}) or FIELD is [not] true|false|set|empty"
        )
    return Condition(text.strip(), tuple(atoms))


_MISSING = object()
_TAG_FIELDS = frozenset(("tags", "categories"))
"""List fields a site also reads as text: Hugo (taxonomies), Eleventy (``tags: post``, its
own documentation's form) and Jekyll take ``tags: solo`` for a list of one, so a lone text
there is a warning, not an error; ``tags: a, b`` stays one (the site makes one tag ``a, b``
of it), and so does text in another list field: it breaks the templates that loop over it."""


def _get(fields: Mapping[str, Any], name: str) -> Any:
    value: Any = fields
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _empty(value: Any) -> bool:
    return value is _MISSING or value is None or value == "" or value == [] or value == {}


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    """Make two values comparable: quoted dates read as dates, a date against a date and
    time compares by day, naive against aware times ignores the zone."""
    if isinstance(a, str) and isinstance(b, dt.date):
        a = _as_date(a)
    if isinstance(b, str) and isinstance(a, dt.date):
        b = _as_date(b)
    if (
        isinstance(a, dt.datetime) != isinstance(b, dt.datetime)
        and isinstance(a, dt.date)
        and isinstance(b, dt.date)
    ):
        a = a.date() if isinstance(a, dt.datetime) else a
        b = b.date() if isinstance(b, dt.datetime) else b
    if (
        isinstance(a, dt.datetime)
        and isinstance(b, dt.datetime)
        and ((a.tzinfo is None) != (b.tzinfo is None))
    ):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a, b


def _as_date(text: str) -> Any:
    try:
        return parse_datetime(text)
    except ValueError:
        return text


def _eval_atom(atom: _Atom, fields: Mapping[str, Any]) -> bool | None:
    """True/False, or None when it cannot be decided (a side is missing or incomparable)."""
    left = _get(fields, atom.left)
    if atom.op == "is":
        if atom.value == "set":
            result = not _empty(left)
        elif atom.value == "empty":
            result = _empty(left)
        else:
            result = left is (atom.value == "true")
        return not result if atom.negate else result
    right = _get(fields, atom.ref) if atom.ref else atom.value
    if left is _MISSING or right is _MISSING or left is None or right is None:
        return None if atom.op not in ("==", "!=") else _compare_eq(atom.op, left, right)
    a, b = _comparable(left, right)
    try:
        if atom.op == "==":
            return bool(a == b)
        if atom.op == "!=":
            return bool(a != b)
        if atom.op == "<":
            return bool(a < b)
        if atom.op == "<=":
            return bool(a <= b)
        if atom.op == ">":
            return bool(a > b)
        return bool(a >= b)
    except TypeError:
        return None


def _compare_eq(op: str, left: Any, right: Any) -> bool | None:
    left = None if left is _MISSING else left
    right = None if right is _MISSING else right
    return (left == right) if op == "==" else (left != right)


def _holds(cond: Condition, fields: Mapping[str, Any]) -> bool | None:
    """All atoms true -> True; any false -> False; else None (undecidable)."""
    undecided = False
    for atom in cond.atoms:
        r = _eval_atom(atom, fields)
        if r is False:
            return False
        if r is None:
            undecided = True
    return None if undecided else True


# ----------------------------------------------------------------------------- values


def yaml_repr(value: Any) -> str:
    """``value`` as YAML spells it, for messages: ``true``, ``null``, ``2021-01-01``,
    ``[a, b]``; text quoted (``'Design'``) so spaces and empty text show."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (math.inf, -math.inf):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(yaml_repr(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{yaml_repr(k)}: {yaml_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bytes):
        return repr(value.decode("utf-8", "replace"))
    return str(value)


def _key(key: Any) -> str:
    """A front-matter key for messages: ``'roles'``, or ``null``/``2021-01-01`` for keys that
    YAML read as something else than text."""
    return yaml_repr(key)


def _describe(value: Any) -> str:
    if value is None:
        return "null (no value)"
    if isinstance(value, bool):
        return f"{yaml_repr(value)} (true/false)"
    if isinstance(value, int | float):
        return f"the number {yaml_repr(value)}"
    if isinstance(value, dt.datetime):
        return f"a date and time ({yaml_repr(value)})"
    if isinstance(value, dt.date):
        return f"a date ({yaml_repr(value)})"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys (mapping)"
    return _short(value)


def expected(what: str, value: Any) -> str:
    """The one wording for a value that is not of its field's type (``expected true or false,
    found 'maybe'``): check, the commit gate, the form and ``set`` say it alike."""
    return f"expected {what}, found {_describe(value)}"


def _short(value: Any) -> str:
    text = yaml_repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True, slots=True)
class _Compiled:
    """What checking a field needs, made once per field spec (frozen: ``hints`` is a dict
    filled in place)."""

    pattern: re.Pattern[str] | None
    option_set: frozenset[str]
    option_list: tuple[str, ...]
    options: tuple[Any, ...]
    """The options as written in the schema (for messages)."""
    subfields: dict[str, FieldSpec]
    item: FieldSpec | None = None
    """For lists: the spec each item is checked against (None: items are objects)."""
    hints: dict[str, Any] = field(default_factory=dict)
    """did_you_mean() of values that are not options, memoised (the options do not change)."""


if TYPE_CHECKING:
    Problems = list[tuple[Severity, str]]
"""(severity, message) pairs for one value."""


class Validator:
    """Checks postings of one collection; build once per spec (``validator_for``), call often."""

    def __init__(self, spec: CollectionSpec) -> None:
        self.spec = spec
        """The collection described."""
        self.front_fields: dict[str, FieldSpec] = {
            f.name: f for f in spec.fields if not (f.type == "markdown" and f.name == "body")
        }
        """Front-matter fields by key (the Markdown body field excluded)."""
        self.body_fields: tuple[FieldSpec, ...] = tuple(
            f for f in spec.fields if f.type == "markdown" and f.name == "body"
        )
        """The field(s) describing the body."""
        self._known = tuple(self.front_fields)
        self._filter_keys = (spec.filter.field,) if spec.filter is not None else ()
        """The collection's ``filter`` key: never an unknown key, even undeclared (a tuple:
        a ``null`` key is unknown where there is no filter)."""
        self._compiled: dict[int, _Compiled] = {}
        self._suggest: dict[str, str | None] = {}
        for f in spec.fields:
            self._compile(f)
        self._front = tuple((name, f, *_fast_ok(f)) for name, f in self.front_fields.items())
        """(name, spec, value types that need no check, allowed strings or None) per field."""
        self._plain_bodies = all(
            f.min is None and f.max is None and not f.pattern for f in self.body_fields
        )
        self._missing: dict[str, Severity] = {
            f.name: "error" if f.name == spec.identifier_field else f.severity for f in spec.fields
        }
        """How bad a missing required value is, by field: the field's own severity, but always
        an error for the title field (the site would show the posting without a title)."""
        self._date_fields = frozenset(spec.site.date)
        """Fields the site does without when it dates a posting otherwise (its file name,
        Jekyll; its lastmod, Hugo: site.dated_otherwise)."""
        self._date_words = frozenset(w.lower() for w in spec.site.date_words)
        """What a date field may say for a date the site takes from the file."""
        site = spec.site
        self._old_build = site.ignore_case and {"_build", "build"} <= set(site.build)
        """Warn of ``_build`` (a Hugo site reading ``build`` too): Hugo 0.145 and later stop
        the whole build on it ("removed: use build"); a site that names ``_build`` alone
        says it runs an older Hugo."""
        self.rules: tuple[tuple[Rule, Condition | None, Condition], ...] = tuple(
            (r, parse_condition(r.when) if r.when else None, parse_condition(r.expr))
            for r in spec.rules
        )
        """Rules with their parsed ``when`` and condition (ValueError when one is unreadable)."""

    # -- precomputation

    def _compile(self, f: FieldSpec) -> _Compiled:
        got = self._compiled.get(id(f))
        if got is not None:
            return got
        pattern = None
        if f.pattern:
            try:
                pattern = re.compile(js_regex(f.pattern))
            except re.error:
                pattern = None  # loaders report unusable patterns; never fail per keystroke
        options = tuple(str(o) for o in f.options)
        item = None
        if f.type == "list" and not (f.item_type == "object" and f.fields):
            if len(f.fields) == 1:
                item = f.fields[0]  # compiled below with the other subfields
            else:
                item = FieldSpec(name=f.name, type=f.item_type or "string")
        c = _Compiled(
            pattern, frozenset(options), options, f.options, {s.name: s for s in f.fields}, item
        )
        self._compiled[id(f)] = c
        for sub in f.fields:
            self._compile(sub)
        if item is not None and len(f.fields) != 1:
            self._compile(item)
        return c

    # -- public

    def suggest(self, key: str) -> str | None:
        """The known key an unknown ``key`` probably means (memoised)."""
        if key not in self._suggest:
            self._suggest[key] = did_you_mean(key, self._known, self.spec.variants)
        return self._suggest[key]

    def unknown_key(self, key: Any) -> tuple[Severity, str] | None:
        """What ``check`` says of a front-matter key that is no field of the collection
        (``unknown key 'opne' (did you mean 'open'?)``, an error where the collection takes
        no other key), or None: one of its fields, its filter's key, or a key the site reads
        and the collection lets be (``unknown_keys: typos`` and no field close to it)."""
        if key in self.front_fields or key in self._filter_keys:
            return None
        unknown = "error" if self.spec.strict else self.spec.unknown_keys
        hint = self.suggest(str(key))
        if hint is None and unknown == "typos":
            return None
        severity: Severity = "error" if unknown == "error" else "warning"
        return severity, f"unknown key {_key(key)}{_dym(hint)}"

    def refused_key(self, key: str) -> str | None:
        """Why ``set`` and ``new`` do not add the key ``key`` given by hand (--force does):
        it is no field of the collection and looks like the misspelling of one, or the
        collection takes no other key; None when it may be added."""
        found = self.unknown_key(key)
        if found is None or (found[0] != "error" and self.suggest(key) is None):
            return None
        return found[1]

    def check_field(
        self,
        name: str,
        value: Any,
        context: Context | None = None,
        inherited: Mapping[str, Any] | None = None,
    ) -> Problems:
        """Problems of one field's value alone (for a form widget, ``set``); unknown fields:
        none. ``inherited``: what the site gives the posting besides its front matter
        (``Posting.inherited``): a required field left empty that it gives is not missing."""
        f = self.front_fields.get(name)
        if f is None:
            bodies = [b for b in self.body_fields if b.name == name]
            if not bodies:
                return []
            f = bodies[0]
        if _empty(value):
            if self._inherits(name, inherited):
                return []
            if f.required and not (f.type == "boolean" and value is False):
                return [(self._missing[name], f"required field {name!r} is empty")]
            return []
        if self._unpublished(name, value):
            return []
        return [(s, _prefixed(name, m)) for s, m in self._value(f, value, name, context)]

    def _unpublished(self, name: str, value: Any) -> bool:
        """Is ``value`` the site's "not published" (``permalink: false``), valid in any type?"""
        return value is False and unpublishing(self.spec, name)

    def _dated_otherwise(self, name: str, posting: Posting) -> bool:
        """Is ``name`` a date field the site does without for ``posting``?"""
        return name in self._date_fields and dated_otherwise(posting, self.spec)

    def _given_otherwise(self, name: str, posting: Posting) -> bool:
        """Does the site give ``posting`` the required field ``name`` it lacks (or leaves
        empty) in its front matter: a date it takes from elsewhere, or a value it inherits
        (an Eleventy data file's, a Hugo ``cascade``'s: ``Posting.inherited``)? Then it is
        not missing. An inherited value is not otherwise checked: it is no line of the file
        a finding names (a wrong one is its data file's problem)."""
        return self._inherits(name, posting.inherited) or self._dated_otherwise(name, posting)

    def _inherits(self, name: str, inherited: Mapping[str, Any] | None) -> bool:
        """Does ``inherited`` (``Posting.inherited``) hold a value for the field ``name``
        (as the site reads its keys: field_key)?"""
        if not inherited:
            return False
        key = field_key(inherited, name, self.spec.site)
        return key is not None and not _empty(inherited[key])

    def validate(self, posting: Posting, context: Context | None = None) -> list[Finding]:
        """All findings for ``posting``, sorted by line (errors before warnings on a line)."""
        path, top = posting.relpath, posting.front_matter_line or 1
        out = _reading_findings(posting, top)
        if posting.error is not None:
            return out
        lines = posting.key_lines
        fields = posting.fields
        if self.spec.site.ignore_case:  # Hugo: `Draft` is the field `draft`
            renamed = renamed_keys(fields, self.spec)
            if renamed:
                fields = by_field(fields, renamed)
                lines = by_field(lines, renamed)
        for name, f, ok_types, ok_strings in self._front:
            if name not in fields:
                if f.required and not self._given_otherwise(name, posting):
                    msg = f"missing required field {name!r}"
                    out.append(_finding(self._missing[name], path, top, name, msg))
                continue
            value = fields[name]
            kind = value.__class__
            if kind in ok_types and (
                kind is not str or (value and (ok_strings is None or value in ok_strings))
            ):
                continue  # a plain value of the expected type: nothing to report
            line = lines.get(name, top)
            if _empty(value):
                if f.required and not self._given_otherwise(name, posting):
                    msg = f"required field {name!r} is empty"
                    out.append(_finding(self._missing[name], path, line, name, msg))
                continue
            if self._unpublished(name, value):
                continue
            for sev, msg in self._value(f, value, name, context):
                out.append(_finding(sev, path, line, name, _prefixed(name, msg)))
        if self.body_fields and not (self._plain_bodies and posting.has_body_text()):
            for f in self.body_fields:
                out.extend(self._body(f, posting, top))
        for key in fields:
            if key in self.front_fields or key in self._filter_keys:
                continue  # most keys: no call for them (this runs for every posting)
            found = self.unknown_key(key)
            if found is not None:
                name = str(key)
                out.append(_finding(found[0], path, lines.get(name, top), name, found[1]))
        if self._old_build and "_build" in fields:
            msg = "Hugo 0.145 and later stop the build on '_build': rename it 'build'"
            out.append(_finding("warning", path, lines.get("_build", top), "_build", msg))
        if undated_name(path, self.spec.site):
            msg = "the site reads no post from it: its file name must start with its date"
            out.append(_finding("warning", path, top, None, f"{msg} (YYYY-MM-DD-title.md)"))
        seen = site_fields(posting, self.spec) if self.rules else fields
        for rule, when, cond in self.rules:
            if when is not None and _holds(when, seen) is not True:
                continue
            if _holds(cond, seen) is False:
                names = cond.fields
                line = next((lines[n] for n in names if n in lines), top)
                out.append(
                    _finding(
                        rule.severity,
                        path,
                        line,
                        names[0] if names else None,
                        rule.message or _rule_message(rule, names, seen),
                    )
                )
        if len(out) > 1:
            out.sort(key=_finding_order)
        return out

    # -- values

    def _body(self, f: FieldSpec, posting: Posting, top: int) -> list[Finding]:
        body = posting.body
        if not body.strip():
            if f.required:
                sev = self._missing[f.name]
                return [_finding(sev, posting.relpath, top, f.name, "the body is empty")]
            return []
        out = []
        for sev, msg in self._value(f, body, f.name, None):
            out.append(_finding(sev, posting.relpath, top, f.name, f"body: {msg}"))
        return out

    def _value(self, f: FieldSpec, value: Any, where: str, context: Context | None) -> Problems:
        c = self._compiled.get(id(f)) or self._compile(f)
        kind = f.type
        if kind in ("any", "hidden"):
            return []
        if kind in ("string", "text", "email", "url", "markdown"):
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                return [("error", expected("text", value))]
            text = str(value)
            probs = self._length(f, len(text), "character")
            if kind == "email" and not is_email(text):
                probs.append(("error", f"{_short(text)} is not an email address"))
            if kind == "url" and not is_web_address(text):
                probs.append(("error", f"{_short(text)} is not a web address (https://...)"))
            return probs + self._pattern(f, c, text)
        if kind == "code":
            if not isinstance(value, str | dict):
                return [("error", expected("code (text)", value))]
            return []
        if kind == "boolean":
            if not isinstance(value, bool):
                return [self._not_boolean(where, value)]
            return []
        if kind in ("integer", "number"):
            return self._number(f, value)
        if kind in ("date", "datetime"):
            return self._date(f, c, value)
        if kind == "select":
            return self._select(f, c, value)
        if kind == "relation":
            return self._relation(f, value, context)
        if kind == "list":
            return self._list(f, c, value, where, context)
        if kind == "object":
            if not isinstance(value, dict):
                return [("error", expected("a set of keys (mapping)", value))]
            return self._object(f, c, value, where, context)
        return []

    def _not_boolean(self, where: str, value: Any) -> tuple[Severity, str]:
        """The finding for a boolean field holding ``value``: an error, but a warning where
        the site reads the text as the boolean it says (Hugo's ``draft = "true"``: a draft,
        site.hugo_bool), so that the page is what it looks like."""
        message = expected("true or false", value)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            message += " (remove the quotes)"
        site = self.spec.site
        if site.ignore_case and where.lower() in {n.lower() for n in (*site.draft, *site.headless)}:
            read = hugo_bool_text(value)
            if read is not None:
                return "warning", f"{message}: Hugo reads the text as {yaml_repr(read)}"
        return "error", message

    def _length(self, f: FieldSpec, n: int, unit: str) -> Problems:
        if f.min is not None and n < f.min:
            return [(f.severity, f"{plural(n, unit)}, at least {_num(f.min)} expected")]
        if f.max is not None and n > f.max:
            return [(f.severity, f"{plural(n, unit)}, at most {_num(f.max)} allowed")]
        return []

    def _pattern(self, f: FieldSpec, c: _Compiled, text: str) -> Problems:
        if c.pattern is not None and not c.pattern.search(text):
            msg = f.pattern_message or f"{_short(text)} does not match the pattern {f.pattern}"
            return [(f.severity, msg)]
        return []

    def _number(self, f: FieldSpec, value: Any) -> Problems:
        num = value
        if isinstance(value, str) and f.type == "number" and f.widget == "number":
            try:  # Decap's number widget without value_type saves numbers as text
                num = float(value)
            except ValueError:
                num = value
        if isinstance(num, bool) or not isinstance(num, int | float):
            want = "a whole number" if f.type == "integer" else "a number"
            return [("error", expected(want, value))]
        if f.type == "integer" and isinstance(num, float) and not num.is_integer():
            return [("error", f"expected a whole number, found {num}")]
        if isinstance(num, float) and not math.isfinite(num):
            return [("error", f"expected a number, found {num}")]
        if f.min is not None and num < f.min:
            return [(f.severity, f"{num} is less than the minimum {_num(f.min)}")]
        if f.max is not None and num > f.max:
            return [(f.severity, f"{num} is more than the maximum {_num(f.max)}")]
        return []

    def _date(self, f: FieldSpec, c: _Compiled, value: Any) -> Problems:
        if isinstance(value, dt.date):
            return []
        words = isinstance(value, str) and value.strip().lower() in self._date_words
        if words and f.name in self._date_fields and self.front_fields.get(f.name) is f:
            return []  # the site dates the page by its file (Eleventy's Last Modified)
        if not isinstance(value, str):
            want = f.format or ("YYYY-MM-DD" if f.type == "date" else "YYYY-MM-DD HH:MM")
            noun = "date" if f.type == "date" else "date and time"
            return [("error", expected(f"a {noun} ({want})", value))]
        try:
            read_date(value, f.type, f.format)  # the rule `postedit set` and forms type by
        except ValueError as exc:
            return [("error", str(exc))]
        return []

    def _select(self, f: FieldSpec, c: _Compiled, value: Any) -> Problems:
        if f.multiple:
            if not isinstance(value, list):
                if isinstance(value, str | int | float) and str(value) in c.option_set:
                    msg = f"expected a list of options, found the single {_short(value)}"
                    return [("warning", msg)]
                return [("error", expected("a list of options", value))]
            probs: Problems = []
            for item in value:
                probs += self._option(c, item)
            return probs + self._length(f, len(value), "item")
        if isinstance(value, list | dict):
            return [("error", expected("one option", value))]
        return self._option(c, value)

    def _option(self, c: _Compiled, value: Any) -> Problems:
        if not c.option_list or str(value) in c.option_set:
            return []
        if isinstance(value, list | dict):
            return [("error", expected("an option", value))]
        text = str(value)
        hint = c.hints.get(text, _MISSING)
        if hint is _MISSING:
            hint = c.hints[text] = did_you_mean(text, c.option_list)
        shown = ", ".join(yaml_repr(o) for o in c.options[:8])
        more = ", ..." if len(c.option_list) > 8 else ""
        if hint is not None:
            return [("error", f"{_short(value)} is not one of the options{_dym(hint)}")]
        return [("error", f"{_short(value)} is not one of the options ({shown}{more})")]

    def _relation(self, f: FieldSpec, value: Any, context: Context | None) -> Problems:
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not f.multiple:
            return [("error", expected("one entry", value))]
        probs: Problems = []
        for item in items:
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                probs.append(("error", expected("an entry name", item)))
        if probs or context is None or not f.collection or f.collection not in context:
            return probs
        slugs = context[f.collection]
        if not isinstance(slugs, set | frozenset | dict):
            slugs = frozenset(slugs)
        prefix, suffix = _value_affixes(f.value_field)
        if prefix is None:
            return probs
        for item in items:
            text = str(item)
            slug = (
                text[len(prefix) : len(text) - len(suffix)]
                if (text.startswith(prefix) and text.endswith(suffix))
                else None
            )
            if slug is None or slug not in slugs:
                hint = did_you_mean(slug or text, sorted(slugs))
                probs.append(
                    (
                        "error",
                        f"{_short(text)} is not an entry of {f.collection!r}"
                        + (_dym(prefix + hint + suffix) if hint else ""),
                    )
                )
        return probs + (self._length(f, len(items), "item") if f.multiple else [])

    def _list(
        self, f: FieldSpec, c: _Compiled, value: Any, where: str, context: Context | None
    ) -> Problems:
        if not isinstance(value, list):
            lone = isinstance(value, str) and "," not in value
            if lone and f.name.lower() in _TAG_FIELDS and c.item is not None:
                return [("warning", f"expected a list, found the single {_short(value)}")]
            return [("error", expected("a list", value))]
        probs = self._length(f, len(value), "item")
        for i, item in enumerate(value):
            here = f"{where}[{i}]"
            if c.item is None:
                if not isinstance(item, dict):
                    msg = f"item {i + 1}: " + expected("a set of keys", item)
                    probs.append(("error", msg))
                    continue
                probs += self._object(f, c, item, here, context)
            elif not _empty(item):
                found = self._value(c.item, item, here, context)
                probs += [(s, f"item {i + 1}: {m}") for s, m in found]
        return probs

    def _object(
        self, f: FieldSpec, c: _Compiled, value: dict[Any, Any], where: str, context: Context | None
    ) -> Problems:
        probs: Problems = []
        for sub in f.fields:
            here = f"{where}.{sub.name}"
            if sub.name not in value or _empty(value[sub.name]):
                if sub.required and not (sub.type == "boolean" and value.get(sub.name) is False):
                    probs.append((sub.severity, f"missing required field {here!r}"))
                continue
            found = self._value(sub, value[sub.name], here, context)
            probs += [(s, f"{here}: {m}") for s, m in found]
        if c.subfields:
            for key in value:
                if key not in c.subfields:
                    hint = did_you_mean(str(key), tuple(c.subfields))
                    probs.append(("warning", f"{where}: unknown key {_key(key)}{_dym(hint)}"))
        return probs


def _prefixed(name: str, msg: str) -> str:
    """``name: msg``, unless ``msg`` already names a place inside the field (``meta.lang: ...``,
    ``missing required field 'events[0].name'``): said once, not twice."""
    inner = msg.removeprefix("missing required field '")
    if inner.startswith((f"{name}.", f"{name}[")):
        return msg
    return f"{name}: {msg}"


_TEXT_KINDS = frozenset(("string", "text", "markdown"))
_SCALAR_TYPES = frozenset((str, bool, int, float, dt.date, dt.datetime))


def _fast_ok(f: FieldSpec) -> tuple[frozenset[type], frozenset[str] | None]:
    """Value types for which ``f`` has nothing to report (a non-empty value, and for strings
    one of ``ok_strings`` when given): lets validate() skip the general checks."""
    kind = f.type
    bounded = f.min is not None or f.max is not None
    if kind in ("any", "hidden"):
        return _SCALAR_TYPES, None
    if kind in _TEXT_KINDS and not bounded and not f.pattern:
        return frozenset((str,)), None
    if kind == "boolean":
        return frozenset((bool,)), None
    if kind in ("date", "datetime"):
        return frozenset((dt.date, dt.datetime)), None
    if kind in ("integer", "number") and not bounded:
        return frozenset((int,)), None
    if kind == "select" and not f.multiple:
        options = frozenset(str(o) for o in f.options)
        return frozenset((str,)), (options or None)
    return frozenset(), None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _value_affixes(value_field: str | None) -> tuple[str | None, str]:
    """(prefix, suffix) around ``{{slug}}`` in a relation's value template; (None, "") when the
    value is built from other fields (then it cannot be checked against slugs)."""
    if not value_field or value_field.strip() in ("{{slug}}", "slug"):
        return "", ""
    parts = value_field.split("{{slug}}")
    if len(parts) != 2 or "{{" in parts[0] + parts[1]:
        return None, ""
    return parts[0], parts[1]


def relation_values(f: FieldSpec, context: Context) -> list[str]:
    """The values relation field ``f`` can take, sorted: each entry of its target collection
    as ``value_field`` makes it (``/organisations/{{slug}}``); empty when the target is not
    loaded or the value is made from other fields. What type-ahead offers."""
    if not f.collection or f.collection not in context:
        return []
    prefix, suffix = _value_affixes(f.value_field)
    if prefix is None:
        return []
    return sorted(f"{prefix}{slug}{suffix}" for slug in context[f.collection])


def _rule_message(rule: Rule, names: Sequence[str], fields: Mapping[str, Any]) -> str:
    values = ", ".join(f"{n}: {_short(v)}" for n in names if (v := _get(fields, n)) is not _MISSING)
    when = f"when {rule.when}, " if rule.when else ""
    return f"rule not satisfied: {when}{rule.expr}" + (f" ({values})" if values else "")


# ----------------------------------------------------------------------------- entry points

_validators = per_spec(Validator)


def validator_for(spec: CollectionSpec) -> Validator:
    """The (cached) Validator of ``spec``: the same spec object gives the same Validator."""
    return _validators(spec)


def validate(
    posting: Posting, spec: CollectionSpec, context: Context | None = None
) -> list[Finding]:
    """Findings for ``posting`` against ``spec`` (pure; cheap after the first call per spec).

    ``context`` maps collection names to the slugs of their entries, for relation fields;
    relations to collections not in it are not checked.
    """
    return validator_for(spec).validate(posting, context)


def posting_findings(
    posting: Posting, spec: CollectionSpec | None, context: Context | None = None
) -> list[Finding]:
    """The findings of one posting, as every face shows them: against its collection (a
    translation against its locale's fields, ``discover.locale_spec``); without a
    collection, what any file can have wrong (unreadable front matter, duplicate keys). A
    validator that fails is an error of its posting, never an exception: it must not stop
    the others, nor let a posting nobody could check pass ``check``."""
    path = posting.relpath
    if spec is not None:
        try:
            return validate(posting, locale_spec(spec, path), context)
        except Exception as exc:  # noqa: BLE001 - a validator bug must not hide the posting
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            fallback = [_finding("error", path, 1, None, f"validation failed: {why}")]
    else:
        fallback = []
    return _reading_findings(posting, 1) + fallback


def _reading_findings(posting: Posting, top: int) -> list[Finding]:
    """What reading the file found wrong, whatever its collection: its front matter cannot
    be read (at its line, else ``top``), or duplicate keys."""
    if posting.error is not None:
        err = posting.error
        return [_finding("error", posting.relpath, err.line or top, None, err.message)]
    return duplicate_findings(posting)


def duplicate_findings(posting: Posting) -> list[Finding]:
    """An error for each key the front matter repeats, at the later line: every face words
    it so (``check``, the findings and the errors of ``list --format json``, the TUI)."""
    return [
        _finding(
            "error",
            posting.relpath,
            later,
            key,
            f"duplicate key {_key(key)} (lines {first} and {later}): only the last value counts",
        )
        for key, first, later in posting.duplicates
    ]


@dataclass(frozen=True, slots=True)
class ErrorAges:
    """The errors of postings about to be committed, by whether the pending edits made them."""

    new: dict[str, list[Finding]] = field(default_factory=dict)
    """By path: errors the committed (HEAD) version did not have (all of a new file's)."""
    old: dict[str, list[Finding]] = field(default_factory=dict)
    """By path: errors the committed version had already."""

    @property
    def blocking(self) -> bool:
        """Some edit introduces an error."""
        return any(self.new.values())


_T = TypeVar("_T")

_LINE_NUMBERS = re.compile(r"\b(lines?) \d+(?: and \d+)?")


def same_error(message: str) -> str:
    """What makes an error's message the same before and after an edit: its words, not its
    lines (an edit above it moves it; a message naming lines is read without them)."""
    return _LINE_NUMBERS.sub(r"\1", message)


def _error_key(f: Finding) -> tuple[str | None, str]:
    """An error is the same one before and after an edit when its field and message are."""
    return f.field, same_error(f.message)


def split_ages(
    now: Sequence[_T], before: Iterable[Hashable], key: Callable[[_T], Hashable]
) -> tuple[list[_T], list[_T]]:
    """(new, old): the errors ``now`` whose ``key`` is not among ``before`` (the keys of the
    errors there were), and those it is; each of ``before`` accounts for one of ``now``."""
    earlier = Counter(before)
    new: list[_T] = []
    old: list[_T] = []
    for item in now:
        k = key(item)
        if earlier[k] > 0:
            earlier[k] -= 1
            old.append(item)
        else:
            new.append(item)
    return new, old


def error_ages(
    before: Posting | None,
    after: Posting | None,
    spec: CollectionSpec | None,
    context: Context | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(new, old): the errors of ``after`` (None or no file: deleted, no errors) that
    ``before`` (the committed version; None: there was none) did not have, and those it had.
    An error counts as the same when its field and message are (see ``_error_key``); each of
    ``before``'s errors accounts for one of ``after``'s. ``context``: the entries relations
    point at (schema_load.relation_context), as ``check`` has them."""
    if after is None or not after.exists:
        return [], []
    errors = [f for f in posting_findings(after, spec, context) if f.severity == "error"]
    if before is None or not before.exists:
        return errors, []
    earlier = (
        _error_key(f) for f in posting_findings(before, spec, context) if f.severity == "error"
    )
    return split_ages(errors, earlier, _error_key)


def count_findings(findings: Iterable[Finding]) -> tuple[int, int, int, int]:
    """(postings with errors, postings with warnings only, errors, warnings)."""
    worst: dict[str, bool] = {}
    errors = warnings = 0
    for f in findings:
        if f.severity == "error":
            errors += 1
            worst[f.path] = True
        else:
            warnings += 1
            worst.setdefault(f.path, False)
    with_errors = sum(worst.values())
    return with_errors, len(worst) - with_errors, errors, warnings


def describe_counts(with_errors: int, with_warnings: int) -> str:
    """What the counts are counts of, in words: ``1,618 postings with errors, 12 with
    warnings only``; ``no findings``. The CLI's summary and the TUI's status bar say it alike."""
    parts = []
    if with_errors:
        parts.append(f"{plural(with_errors, 'posting')} with errors")
    if with_warnings:
        noun = f"{with_warnings:,}" if with_errors else plural(with_warnings, "posting")
        parts.append(f"{noun} with warnings only")
    return ", ".join(parts) or "no findings"


def check_value(
    spec: CollectionSpec, name: str, value: Any, context: Context | None = None
) -> list[str]:
    """Messages (errors and warnings) about one field's value alone: for a form's Validator."""
    return [m for _s, m in validator_for(spec).check_field(name, value, context)]
