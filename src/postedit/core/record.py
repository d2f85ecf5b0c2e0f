"""Frozen records: what ``@dataclass(frozen=True)`` gives postedit's data classes, at no
cost at import.

``dataclasses`` writes each class's ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and
``__setattr__`` as source text and compiles it (about a millisecond per class), and imports
``inspect`` (with ``ast``, ``dis`` and ``tokenize``): some 20 ms of every command's start for
the dozen classes the core needs, a sixth of ``postedit set --commit`` (issue 7). :func:`record`
gives a class the same methods, built from closures over its field list. The classes read as
dataclasses do (annotated fields with defaults, :func:`field` for a ``default_factory``), have
the same constructor, equality, hash and repr, are frozen, and type checkers see them as
dataclasses (``dataclass_transform``).

Not supported (postedit uses none): ``__post_init__``, ``InitVar``, ``ClassVar`` fields with
defaults, keyword-only fields, ordering, ``__slots__``, inheritance between records. Use
:func:`replace` and :func:`fields` from here, not the ``dataclasses`` ones.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_options: object) -> object:
        return lambda decorator: decorator


__all__ = ["FrozenRecordError", "field", "fields", "record", "replace"]


class FrozenRecordError(AttributeError):
    """An assignment to an attribute of a (frozen) record."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], Any]) -> Any:
    """A field whose default is made anew for each record: ``field(default_factory=dict)``."""
    return _Factory(default_factory)


_MISSING = object()


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen record of its annotated fields (in order), as
    ``@dataclass(frozen=True)`` would."""
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, _Factory):
            factories[name] = value.make
            delattr(cls, name)
        elif value is not _MISSING:
            defaults[name] = value
        elif defaults or factories:
            raise TypeError(
                f"{cls.__qualname__}: field {name!r} without a default follows one with"
            )
        names.append(name)
    _install(cls, tuple(names), defaults, factories)
    return cls


def _install(
    cls: type,
    names: tuple[str, ...],
    defaults: dict[str, Any],
    factories: dict[str, Callable[[], Any]],
) -> None:
    count = len(names)
    known = frozenset(names)
    title = cls.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not args and len(kwargs) == count and known.issuperset(kwargs):
            self.__dict__.update(kwargs)  # every field by name: the common, fast case
            return
        if len(args) > count:
            raise TypeError(
                f"{title}() takes {count} positional arguments but {len(args)} were given"
            )
        values = self.__dict__
        values.update(zip(names, args, strict=False))  # fewer args: defaults below
        for key, value in kwargs.items():
            if key not in known:
                raise TypeError(f"{title}() got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{title}() got multiple values for argument {key!r}")
            values[key] = value
        if len(values) < count:
            for name in names:
                if name in values:
                    continue
                if name in defaults:
                    values[name] = defaults[name]
                elif name in factories:
                    values[name] = factories[name]()
                else:
                    raise TypeError(f"{title}() missing required argument: {name!r}")

    def astuple(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(astuple(self) == astuple(other))

    def __hash__(self: Any) -> int:
        return hash(astuple(self))

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")

    for function in (__init__, __eq__, __hash__, __repr__, __setattr__, __delattr__):
        function.__qualname__ = f"{title}.{function.__name__}"
        setattr(cls, function.__name__, function)
    cls.__record_fields__ = names  # type: ignore[attr-defined]


def fields(obj: object) -> tuple[str, ...]:
    """The field names of a record (or of a record class), in order."""
    names = getattr(obj, "__record_fields__", None)
    if names is None:
        raise TypeError(f"{obj!r} is not a record")
    return names  # type: ignore[no-any-return]


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (as ``dataclasses.replace``)."""
    names = fields(obj)
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__qualname__} has no field {sorted(unknown)[0]!r}")
    values = {name: getattr(obj, name) for name in names}
    values.update(changes)
    return type(obj)(**values)
