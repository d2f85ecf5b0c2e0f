"""Security: safe YAML only, no shell, nothing written outside the repository.

- The source tree is scanned (AST) for unsafe YAML loading, eval/exec, os.system/os.popen,
  ``shell=True`` and pickle; every YAML loader class postedit defines is checked to be a safe
  one with no python/* constructors.
- ``!!python/...`` payloads that would create a file never run: through parse and patch,
  ``postedit list``/``set``/``check``, values typed on the command line, and schema / Decap
  config loading.
- Commit messages and paths with shell metacharacters reach git literally (needs the git layer).
- Symbolic links and paths leading outside the repository are never written through.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import json
import os
import pkgutil
from pathlib import Path

import pytest
import yaml

import postedit
from postedit.core import frontmatter
from postedit.core.errors import PosteditError
from postedit.core.values import parse_value
from tests.conftest import git
from tests.reliability.support import run_cli

SRC = Path(postedit.__file__).resolve().parent

UNSAFE_YAML_NAMES = {
    "Loader",
    "UnsafeLoader",
    "FullLoader",
    "CLoader",
    "CUnsafeLoader",
    "CFullLoader",
    "Constructor",
    "UnsafeConstructor",
    "FullConstructor",
}
UNSAFE_YAML_CALLS = {"full_load", "full_load_all", "unsafe_load", "unsafe_load_all"}
ALLOW: set[tuple[str, str]] = {
    # The parse cache pickles to $XDG_CACHE_HOME/postedit, loaded only from a private folder
    # and file of this user: see test_planted_cache_is_not_run.
    ("core/cache.py", "pickle"),
    # Store.read_ahead: a forked copy of this process pickles what it read into a nameless
    # TemporaryFile (no path: no other process can open or plant it); only we unpickle it.
    ("core/store.py", "pickle"),
}
"""(file relative to src/postedit, rule) pairs that are reviewed exceptions."""


def _findings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "yaml" and node.attr in UNSAFE_YAML_NAMES:
                out.append((node.lineno, f"unsafe-yaml-name:{node.attr}"))
            if node.value.id == "yaml" and node.attr in UNSAFE_YAML_CALLS:
                out.append((node.lineno, f"unsafe-yaml-call:{node.attr}"))
            if node.value.id == "os" and node.attr in (
                "system",
                "popen",
                "execl",
                "execlp",
                "spawnl",
            ):
                out.append((node.lineno, f"os-shell:{node.attr}"))
        if isinstance(node, ast.ImportFrom) and node.module == "yaml":
            for alias in node.names:
                if alias.name in UNSAFE_YAML_NAMES | UNSAFE_YAML_CALLS:
                    out.append((node.lineno, f"unsafe-yaml-name:{alias.name}"))
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            if any(n.split(".")[0] in ("pickle", "marshal", "shelve", "dill") for n in names):
                out.append((node.lineno, "pickle"))
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("eval", "exec", "compile", "__import__"):
            out.append((node.lineno, f"dynamic-code:{func.id}"))
        for kw in node.keywords:
            if kw.arg == "shell" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                out.append((node.lineno, "shell=True"))
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "yaml"
            and func.attr in ("load", "load_all")
            and not any(kw.arg == "Loader" for kw in node.keywords)
            and len(node.args) < 2
        ):
            out.append((node.lineno, "yaml-load-without-loader"))
    return out


def test_source_uses_no_unsafe_loading_eval_or_shell() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    problems = []
    for path in files:
        rel = path.relative_to(SRC).as_posix()
        for line, rule in _findings(path):
            if (rel, rule.split(":")[0]) not in ALLOW:
                problems.append(f"src/postedit/{rel}:{line}: {rule}")
    assert problems == []


@pytest.mark.parametrize(
    "code",
    [
        "yaml.load(text)",
        "yaml.load(text, Loader=yaml.Loader)",
        "yaml.unsafe_load(text)",
        "from yaml import FullLoader",
        "eval(text)",
        "subprocess.run(cmd, shell=True)",
        "os.system(cmd)",
        "import pickle",
    ],
)
def test_the_scanner_catches_each_pattern(tmp_path: Path, code: str) -> None:
    """The scan above can fail: each forbidden pattern is found."""
    path = tmp_path / "bad.py"
    path.write_text(code + "\n")
    assert _findings(path)


def _postedit_modules() -> list[object]:
    mods = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="postedit."):
        if info.name.endswith("__main__"):
            continue
        try:
            mods.append(importlib.import_module(info.name))
        except ImportError as exc:  # a optional UI extra missing would be reported here
            pytest.fail(f"cannot import {info.name}: {exc}")
    return mods


def test_every_yaml_loader_postedit_defines_is_safe() -> None:
    """Any loader class in a postedit module constructs only safe types."""
    safe = yaml.constructor.SafeConstructor
    unsafe = (yaml.constructor.FullConstructor, yaml.constructor.UnsafeConstructor)
    loaders = {}
    for mod in _postedit_modules():
        for name, obj in vars(mod).items():
            if (
                inspect.isclass(obj)
                and hasattr(obj, "construct_document")
                and hasattr(obj, "yaml_constructors")
            ):
                loaders[f"{mod.__name__}.{name}"] = obj  # type: ignore[attr-defined]
    assert "postedit.core.frontmatter.SafeLoader" in loaders
    for where, cls in loaders.items():
        assert issubclass(cls, safe) and not issubclass(cls, unsafe), where
        tags = list(cls.yaml_constructors) + list(getattr(cls, "yaml_multi_constructors", {}))
        assert not [t for t in tags if t and "python/" in t], where


# --------------------------------------------------------------------------- payloads


def _payloads(marker: Path) -> list[str]:
    m = str(marker)
    return [
        f'title: !!python/object/apply:os.system ["touch {m}"]',
        f"title: !!python/object/apply:subprocess.check_call [[touch, {m}]]",
        f"title: !!python/object/new:subprocess.Popen [[touch, {m}]]",
        f"title: !!python/object/apply:builtins.exec [\"open({m!r}, 'w')\"]",
        "title: !!python/name:os.system",
        "title: !!python/module:os",
        f'? !!python/object/apply:os.system ["touch {m}"]\n: value',
        f'title: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]',
        f'title: &a !!python/object/apply:os.system ["touch {m}"]\nopen: *a',
    ]


def _posting(payload: str) -> bytes:
    return f"---\nopen: true\n{payload}\n---\nbody\n".encode()


def test_python_tags_are_never_executed_by_parse_or_patch(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for payload in _payloads(marker):
        data = _posting(payload)
        with pytest.raises(PosteditError) as info:
            frontmatter.parse(data, "evil.md")
        assert info.value.path == "evil.md" and info.value.line is not None
        with pytest.raises(PosteditError):
            frontmatter.patch(data, {"open": False}, path="evil.md")
        assert not marker.exists(), payload


def test_python_tags_through_the_cli(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    files = {f"content/_jobs/evil{i}.md": _posting(p) for i, p in enumerate(_payloads(marker))}
    files["content/_jobs/good.md"] = b"---\ntitle: Good\nopen: true\n---\n"
    root = make_repo(files)
    listed = run_cli(root, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["path"]: row for row in json.loads(listed.stdout)}
    assert rows["content/_jobs/good.md"]["errors"] == []
    for rel in files:
        if "evil" in rel:
            assert rows[rel]["errors"], rel
    for args in (["list"], ["check"], ["set", *files, "--field", "open=false"]):
        result = run_cli(root, *args)
        assert "Traceback" not in result.stderr
    for rel, data in files.items():
        if "evil" in rel:
            assert (root / rel).read_bytes() == data
    assert not marker.exists()


def test_a_python_tag_typed_as_a_value_is_written_as_text(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    assert parse_value(payload, None) == payload
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"})
    result = run_cli(root, "set", "content/_jobs/a.md", "--field", f"title={payload}")
    assert result.returncode == 0, result.stderr
    assert frontmatter.parse((root / "content/_jobs/a.md").read_bytes()).fields["title"] == payload
    listed = run_cli(root, "list", "--format", "json")
    assert json.loads(listed.stdout)[0]["fields"]["title"] == payload
    assert not marker.exists()


@pytest.mark.parametrize("where", ["postedit.yml", "admin/config.yml", "static/admin/config.yml"])
def test_python_tags_in_schema_files_are_never_executed(
    make_repo, tmp_path: Path, where: str
) -> None:  # type: ignore[no-untyped-def]
    from postedit.core.schema_load import load_schema

    marker = tmp_path / "pwned"
    config = (
        f'backend: !!python/object/apply:os.system ["touch {marker}"]\n'
        "collections:\n"
        "  - name: jobs\n"
        "    folder: content/_jobs\n"
        f'    label: !!python/object/apply:subprocess.check_call [[touch, "{marker}"]]\n'
        "    fields:\n"
        "      - {name: title, widget: string}\n"
    )
    root = make_repo({where: config, "content/_jobs/a.md": "---\ntitle: A\n---\n"})
    for schema_file in (None, root / where):
        with contextlib.suppress(PosteditError):
            load_schema(root, schema_file)
    for args in (["list"], ["check"], ["list", "--schema", where], ["check", "--schema", where]):
        result = run_cli(root, *args)
        assert "Traceback" not in result.stderr, result.stderr
    assert not marker.exists()


def test_planted_cache_is_not_run(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A cache file someone else could write (world-writable folder and file) is never loaded."""
    import pickle

    from postedit.core import cache

    marker = tmp_path / "pwned"
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o1777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"})
    planted = cache.cache_file(root)
    assert planted is not None
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.parent.chmod(0o777)

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    planted.write_bytes(pickle.dumps(Payload()))
    planted.chmod(0o666)
    result = run_cli(root, "list", "--format", "json")
    assert result.returncode == 0
    assert not marker.exists(), "a planted cache file was unpickled: code ran"


# --------------------------------------------------------------------------- outside the repository


def test_symlink_to_a_file_outside_is_never_written(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "target.md"
    target.write_bytes(b"---\ntitle: Outside\nopen: true\n---\n")
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\nopen: true\n---\n"})
    link = root / "content/_jobs/evil.md"
    link.symlink_to(target)
    result = run_cli(
        root, "set", "content/_jobs/evil.md", "content/_jobs/a.md", "--field", "open=false"
    )
    assert result.returncode == 1
    assert "content/_jobs/evil.md" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == b"---\ntitle: Outside\nopen: true\n---\n"
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert list(outside.iterdir()) == [target]
    assert frontmatter.parse((root / "content/_jobs/a.md").read_bytes()).fields["open"] is False


def test_symlink_into_git_internals_is_never_written(make_repo) -> None:  # type: ignore[no-untyped-def]
    """A posting linked to a file inside .git (a hook, the config) is refused, not written."""
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"})
    hook = root / ".git/hooks/post-commit"
    hook.write_text("---\ntitle: hook\nopen: true\n---\n")
    (root / "content/_jobs/hook.md").symlink_to("../../.git/hooks/post-commit")
    result = run_cli(root, "set", "content/_jobs/hook.md", "--field", "open=false")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert hook.read_text() == "---\ntitle: hook\nopen: true\n---\n"


def test_symlinked_folder_leading_outside_is_refused(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("---\ntitle: X\nopen: true\n---\n")
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"})
    (root / "content/linked").symlink_to(outside)
    for path in ("content/linked/x.md", "../elsewhere/x.md", str(outside / "x.md")):
        result = run_cli(root, "set", path, "--field", "open=false")
        assert result.returncode in (1, 2) and "Traceback" not in result.stderr, path
        assert "not inside the repository" in result.stderr or "outside" in result.stderr
    assert (outside / "x.md").read_text() == "---\ntitle: X\nopen: true\n---\n"
    assert sorted(p.name for p in outside.iterdir()) == ["x.md"]


def test_hard_link_to_a_file_outside_is_not_written_through(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The atomic rename replaces the repository's entry; the outside file keeps its bytes."""
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Shared\nopen: true\n---\n")
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"})
    os.link(outside, root / "content/_jobs/linked.md")
    result = run_cli(root, "set", "content/_jobs/linked.md", "--field", "open=false")
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "---\ntitle: Shared\nopen: true\n---\n"
    assert (
        frontmatter.parse((root / "content/_jobs/linked.md").read_bytes()).fields["open"] is False
    )


# --------------------------------------------------------------------------- git arguments

NASTY = [
    '"; touch PWNED1; echo "',
    "$(touch PWNED2)",
    "`touch PWNED3`",
    "'; touch PWNED4 #",
    "-m --amend --no-verify",
    "| touch PWNED5 && echo",
]


@pytest.mark.slow
def test_messages_and_titles_reach_git_literally(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\nopen: true\n---\n"})
    for i, text in enumerate(NASTY):
        result = run_cli(
            root,
            "set",
            "content/_jobs/a.md",
            f"--field=title={text}",
            "--commit",
            f"--message={text}",
        )
        assert result.returncode == 0, result.stderr
        assert git(root, "log", "-1", "--format=%B").rstrip("\n") == text, i
        # and the default message template, which quotes the title
        result = run_cli(
            root,
            "set",
            "content/_jobs/a.md",
            "--field",
            f"open={'false' if i % 2 == 0 else 'true'}",
            "--commit",
        )
        assert result.returncode == 0, result.stderr
        assert text in git(root, "log", "-1", "--format=%B")
    assert git(root, "rev-list", "--count", "HEAD").strip() == str(1 + 2 * len(NASTY))
    assert not list(root.rglob("PWNED*")) and not list(Path.cwd().glob("PWNED*"))


@pytest.mark.slow
def test_paths_with_shell_metacharacters_are_committed_literally(make_repo) -> None:  # type: ignore[no-untyped-def]
    names = [
        "$(touch PWNED6).md",
        "; touch PWNED7;.md",
        "`touch PWNED8`.md",
        "a b 'c' \"d\".md",
        "-n.md",
        "*.md",
        "[ab].md",
    ]
    files = {f"content/_jobs/{n}": "---\ntitle: T\nopen: true\n---\n" for n in names}
    files["content/_jobs/a.md"] = "---\ntitle: not me\nopen: true\n---\n"
    root = make_repo(files)
    for name in names:
        rel = f"content/_jobs/{name}"
        result = run_cli(root, "set", "--field", "open=false", "--commit", "--", rel)
        assert result.returncode == 0, (name, result.stderr)
        changed = git(root, "show", "--name-only", "-z", "--format=", "HEAD").split("\0")
        assert [c for c in changed if c] == [rel], name
        # history and diff of the same path: git gets it as a path, never as code or an option
        for cmd in (["log", "--", rel], ["log", "-p", "--", rel], ["diff", "--", rel]):
            result = run_cli(root, *cmd)
            assert result.returncode == 0, (cmd, result.stderr)
    assert frontmatter.parse((root / "content/_jobs/a.md").read_bytes()).fields["open"] is True
    assert git(root, "status", "--porcelain") == ""
    assert not list(root.rglob("PWNED*"))


def test_a_path_that_looks_like_a_git_option_stays_a_path(make_repo) -> None:  # type: ignore[no-untyped-def]
    """A posting at the repository root named ``--output=FILE.md`` never becomes ``git --output``."""
    name = "--output=PWNED9.md"
    root = make_repo({name: "---\ntitle: T\nopen: true\n---\n", "b.md": "---\ntitle: B\n---\n"})
    for cmd in (
        ["set", "--field", "open=false", "--commit", "--", name],
        ["log", "--", name],
        ["diff", "--", name],
    ):
        result = run_cli(root, *cmd)
        assert result.returncode == 0, (cmd, result.stderr)
    changed = git(root, "show", "--name-only", "-z", "--format=", "HEAD").split("\0")
    assert [c for c in changed if c] == [name]
    assert sorted(p.name for p in root.iterdir() if p.name != ".git") == sorted([name, "b.md"])
