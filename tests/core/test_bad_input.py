"""Bad input: every broken posting gives ``path:line: message``, is never written,
and never stops the rest of the collection from loading and being edited.

The cases that can live in git are files in tests/data/bad/; the others (a 20 MB posting, a
symbolic link out of the repository, a folder named like a posting, a file deleted or renamed
while open) are made here in tmp_path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from postedit.core import frontmatter
from postedit.core.errors import ConflictError, PosteditError
from postedit.core.posting import MAX_POSTING_BYTES, Posting
from postedit.core.session import EditSession
from postedit.core.store import read_posting, write_posting
from postedit.core.workspace import open_workspace

MakeRepo = Callable[..., Path]

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"

UNREADABLE: dict[str, int | None] = {
    "alias-bomb.md": None,  # no single guilty line: any line (or none) is fine
    "binary.md": None,
    "control-char.md": 3,
    "dash-only.md": 1,
    "deep-nesting.md": None,  # libyaml says line 3, the pure-Python loader cannot tell
    "empty.md": None,
    "invalid-yaml.md": 3,
    "latin1.md": 2,
    "list.md": 2,
    "no-front-matter.md": 1,
    "python-tag.md": 3,
    "scalar.md": 2,
    "tabs.md": 4,
    "unclosed-quote.md": 3,
    "unterminated.md": 1,
}
"""Files that cannot be read, with the 1-based line the error must name (None: not checked)."""

READABLE = ("bom-crlf.md", "duplicate-keys.md", "impossible-date.md", "key-no-value.md")
"""Odd but valid files: they must read (and be editable) like any other."""

GOOD = {
    "_jobs/2023-01-09-dev-web.md": (
        "---\nroles: Développeuse ou développeur web\nopen: true\ndate: 2023-01-09\n"
        "startup: demo\n---\n\n## Le poste\n\nDu code.\n"
    ),
    "_jobs/2023-02-01-designer.md": (
        "---\nroles: Designer\ntitle: 'Demo recrute : designer'\nopen: false\n---\n\nDu design.\n"
    ),
}


def bad_names() -> list[str]:
    """Every posting file of the bad corpus."""
    return sorted(p.name for p in BAD.glob("*.md"))


def test_the_corpus_holds_every_case_and_each_is_classified() -> None:
    assert set(bad_names()) == set(UNREADABLE) | set(READABLE)
    assert (BAD / "empty.md").read_bytes() == b""
    assert (BAD / "dash-only.md").read_bytes() == b"---"
    assert b"\x00" in (BAD / "binary.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        (BAD / "latin1.md").read_bytes().decode("utf-8")
    assert (BAD / "bom-crlf.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")


# ----------------------------------------------------------------------------- the core


@pytest.mark.parametrize(("name", "line"), sorted(UNREADABLE.items()))
def test_reading_gives_an_error_naming_file_and_line(name: str, line: int | None) -> None:
    posting = read_posting(BAD.parent, f"bad/{name}", "bad")
    assert posting.error is not None
    assert isinstance(posting.error, PosteditError)
    assert posting.error.path == f"bad/{name}"
    assert str(posting.error).startswith(f"bad/{name}")
    assert posting.fields == {}
    if line is not None:
        assert posting.error.line == line
        assert str(posting.error).startswith(f"bad/{name}:{line}: ")
    assert "Traceback" not in str(posting.error) and "\n" not in posting.error.message


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_patch_refuses_and_leaves_the_bytes(name: str, tmp_path: Path) -> None:
    (tmp_path / "_jobs").mkdir()
    path = tmp_path / "_jobs" / name
    shutil.copyfile(BAD / name, path)
    before = path.read_bytes()
    with pytest.raises(PosteditError) as info:
        frontmatter.patch(before, {"open": False}, path=name)
    assert info.value.path == name
    ws = open_workspace(tmp_path)
    posting = ws.read(f"_jobs/{name}", "jobs")
    with pytest.raises(PosteditError):
        EditSession(ws).set_fields(posting, {"open": False})
    with pytest.raises(PosteditError):
        EditSession(ws).set_body(posting, "nouveau corps\n")
    assert path.read_bytes() == before
    assert os.listdir(tmp_path / "_jobs") == [name]


def test_a_python_tag_is_never_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    data = (BAD / "python-tag.md").read_bytes()
    posting = read_posting(BAD.parent, "bad/python-tag.md", "bad")
    with pytest.raises(PosteditError):
        frontmatter.parse(data, "python-tag.md")
    assert calls == []
    assert posting.error is not None and "tag" in posting.error.message


def test_the_alias_bomb_is_refused_rather_than_expanded() -> None:
    data = (BAD / "alias-bomb.md").read_bytes()
    with pytest.raises(PosteditError) as info:
        frontmatter.parse(data, "alias-bomb.md")
    assert info.value.path == "alias-bomb.md"
    # A deeper bomb is refused the same way (the check does not expand anything).
    deeper = data.replace(b"roles:", b"j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i]\nroles:")
    with pytest.raises(PosteditError):
        frontmatter.parse(deeper, "alias-bomb.md")


def test_bom_and_crlf_file_reads_and_patches_keeping_both() -> None:
    data = (BAD / "bom-crlf.md").read_bytes()
    posting = read_posting(BAD.parent, "bad/bom-crlf.md", "bad")
    assert posting.error is None
    assert posting.fields["roles"] == "Designer UX" and posting.fields["open"] is True
    new = frontmatter.patch(data, {"open": False})
    assert new == data.replace(b"open: true\r\n", b"open: false\r\n")
    assert frontmatter.patch(new, {"open": True}) == data


def test_an_impossible_date_reads_as_text_for_validation_to_flag() -> None:
    data = (BAD / "impossible-date.md").read_bytes()
    posting = read_posting(BAD.parent, "bad/impossible-date.md", "bad")
    assert posting.error is None
    assert posting.fields["date"] == "2023-02-30" and posting.fields["roles"]
    assert posting.key_lines["date"] == 4
    new = frontmatter.patch(data, {"date": dt.date(2023, 2, 28)})
    assert new == data.replace(b"date: 2023-02-30\n", b"date: 2023-02-28\n")


def test_a_huge_bad_value_is_named_shortly() -> None:
    """qa26b: an integer of 5,000 digits (past Python's conversion limit) was quoted whole in
    its error, a 5 KB line in `check` and a screenful of 9s in the form."""
    data = b"---\ntitle: x\nn: " + b"9" * 5000 + b"\n---\nbody\n"
    with pytest.raises(PosteditError) as err:
        frontmatter.parse(data, path="a.md")
    assert err.value.line == 3
    message = err.value.message
    assert len(message) < 200, message
    assert message.startswith("invalid value '9999") and "(5,000 characters)" in message
    assert "sys.set_int_max_str_digits" not in message


def test_contents_tell_an_empty_or_unreadable_file_from_no_file(tmp_path: Path) -> None:
    """``Posting.contents``: the bytes read, whatever their front matter; None only when
    there was no file (an empty file is not a missing one)."""
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    assert read_posting(tmp_path, "missing.md", "jobs").contents is None
    assert read_posting(tmp_path, "empty.md", "jobs").contents == b""
    broken = read_posting(tmp_path, "broken.md", "jobs")
    assert broken.error is not None
    assert broken.contents == b"---\ntitle: [unclosed\n---\nbody\n"


def test_a_key_without_value_reads_as_null_and_can_be_filled() -> None:
    data = (BAD / "key-no-value.md").read_bytes()
    posting = read_posting(BAD.parent, "bad/key-no-value.md", "bad")
    assert posting.error is None and posting.fields["contrat"] is None
    new = frontmatter.patch(data, {"contrat": "indépendant"})
    assert new == data.replace(b"contrat:\n", "contrat: indépendant\n".encode())


def test_duplicate_keys_are_reported_with_both_lines_and_the_later_one_is_edited() -> None:
    data = (BAD / "duplicate-keys.md").read_bytes()
    posting = read_posting(BAD.parent, "bad/duplicate-keys.md", "bad")
    assert posting.duplicates == (("open", 3, 6),)
    assert posting.fields["open"] is False  # what YAML readers (and the site) see
    new = frontmatter.patch(data, {"open": True})
    old_lines, new_lines = data.split(b"\n"), new.split(b"\n")
    changed = [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert changed == [6]
    assert frontmatter.parse(new).fields["open"] is True


# ----------------------------------------------------------------------- made in tmp_path


def _repo(make_repo: MakeRepo, tmp_path: Path) -> Path:
    """A repository with the two good postings, every bad file, and the generated cases."""
    files: dict[str, bytes | str] = dict(GOOD)
    for name in bad_names():
        files[f"_jobs/{name}"] = (BAD / name).read_bytes()
    root = make_repo(files)
    jobs = root / "_jobs"
    with open(jobs / "huge.md", "wb") as fh:
        fh.write(b"---\nroles: Enorme\nopen: true\n---\n")
        fh.write((b"x" * 79 + b"\n") * (20 * 1024 * 1024 // 80))
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"---\nroles: Hors du depot\nopen: true\n---\n")
    os.symlink(os.path.relpath(outside, jobs), jobs / "outside-link.md")
    (jobs / "folder.md").mkdir()
    (jobs / "folder.md" / "notes.txt").write_text("un dossier, pas une offre\n")
    return root


GENERATED = {
    "huge.md": "too large",
    "outside-link.md": "outside the repository",
    "folder.md": "folder",
}


def _snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted((root / "_jobs").iterdir()):
        if p.is_file() and not p.is_symlink():
            out[p.name] = p.read_bytes()
    out["<outside>"] = (root.parent / "outside.md").read_bytes()
    return out


def _postedit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postedit", *args], capture_output=True, text=True, timeout=120
    )


def test_generated_cases_read_with_an_error(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = _repo(make_repo, tmp_path)
    assert (root / "_jobs" / "huge.md").stat().st_size > max(MAX_POSTING_BYTES, 20_000_000)
    for name, words in GENERATED.items():
        posting = read_posting(root, f"_jobs/{name}", "jobs")
        assert posting.error is not None, name
        assert str(posting.error).startswith(f"_jobs/{name}")
        assert words in posting.error.message
        assert posting.raw == b""  # the 20 MB file is not even read


def test_list_json_shows_every_file_good_with_fields_bad_with_errors(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = _repo(make_repo, tmp_path)
    before = _snapshot(root)
    result = _postedit("list", "--repo", str(root), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    expected = {f"_jobs/{n}" for n in bad_names()} | set(GOOD) | {f"_jobs/{n}" for n in GENERATED}
    expected.discard("_jobs/no-front-matter.md")  # Markdown text without front matter: no posting
    assert set(rows) == expected
    for rel in GOOD:
        assert rows[rel]["errors"] == [] and rows[rel]["fields"]["roles"]
    assert rows["_jobs/2023-01-09-dev-web.md"]["fields"]["date"] == "2023-01-09"
    for name in [*UNREADABLE, *GENERATED]:
        if f"_jobs/{name}" not in expected:
            continue
        row = rows[f"_jobs/{name}"]
        assert row["fields"] == {} and len(row["errors"]) == 1, name
        assert row["errors"][0].startswith(f"_jobs/{name}"), row
    for name, line in UNREADABLE.items():
        if line is not None and f"_jobs/{name}" in expected:
            assert rows[f"_jobs/{name}"]["errors"][0].startswith(f"_jobs/{name}:{line}: ")
    assert rows["_jobs/bom-crlf.md"]["errors"] == []
    assert rows["_jobs/key-no-value.md"]["fields"]["contrat"] is None
    dup = rows["_jobs/duplicate-keys.md"]["errors"]
    assert len(dup) == 1 and dup[0].startswith("_jobs/duplicate-keys.md:6: ") and "3" in dup[0]
    assert _snapshot(root) == before


def test_set_reports_each_bad_file_and_still_edits_the_good_one(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = _repo(make_repo, tmp_path)
    jobs = root / "_jobs"
    bad = [*UNREADABLE, *GENERATED]
    before = _snapshot(root)
    good = "_jobs/2023-01-09-dev-web.md"
    result = _postedit(
        "set",
        "--repo",
        str(root),
        *(str(jobs / n) for n in bad),
        str(root / good),
        "--field",
        "open=false",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name in bad:
        mine = [ln for ln in lines if ln.startswith(f"_jobs/{name}:")]
        assert len(mine) == 1, (name, result.stderr)
        assert ": error: " in mine[0]
        line = UNREADABLE.get(name)
        if line is not None:
            assert mine[0].startswith(f"_jobs/{name}:{line}: error: ")
    after = _snapshot(root)
    assert after[good.split("/")[1]] == GOOD[good].replace("open: true", "open: false").encode()
    del after["2023-01-09-dev-web.md"], before["2023-01-09-dev-web.md"]
    assert after == before
    assert sorted(p.name for p in jobs.iterdir() if p.name.startswith(".")) == []


def test_a_posting_deleted_while_open_is_not_recreated(make_repo: MakeRepo) -> None:
    root = make_repo(GOOD)
    ws = open_workspace(root)
    rel = "_jobs/2023-01-09-dev-web.md"
    posting = ws.read(rel)
    assert posting.ok
    (root / rel).unlink()
    with pytest.raises(ConflictError) as info:
        EditSession(ws).set_fields(posting, {"open": False})
    assert info.value.path == rel
    assert not (root / rel).exists()
    again = ws.read(rel)
    assert again.error is not None and str(again.error).startswith(rel)


def test_a_posting_renamed_while_open_is_not_written_at_either_name(make_repo: MakeRepo) -> None:
    root = make_repo(GOOD)
    ws = open_workspace(root)
    rel = "_jobs/2023-02-01-designer.md"
    posting = ws.read(rel)
    renamed = root / "_jobs" / "2023-02-01-designer-ux.md"
    (root / rel).rename(renamed)
    with pytest.raises(ConflictError):
        EditSession(ws).set_fields(posting, {"open": True})
    with pytest.raises(ConflictError):
        EditSession(ws).set_body(posting, "autre chose\n")
    assert not (root / rel).exists()
    assert renamed.read_bytes() == GOOD[rel].encode()


def test_broken_postings_first_in_a_folder_do_not_hide_the_collection(make_repo: MakeRepo) -> None:
    files: dict[str, bytes | str] = {
        f"_jobs/{name}": (BAD / name).read_bytes()
        for name in ("binary.md", "empty.md", "no-front-matter.md")
    }
    files["_jobs/brouillon.md"] = "Titre : dev web\n\nA relire avant de publier.\n"
    files["_jobs/notes.md"] = "# Notes de l'equipe\n"
    files["_jobs/zz-good.md"] = GOOD["_jobs/2023-01-09-dev-web.md"]
    root = make_repo(files)
    result = _postedit("list", "--repo", str(root), "--format", "json")
    assert result.returncode == 0, result.stderr
    paths = {row["path"] for row in json.loads(result.stdout)}
    assert "_jobs/zz-good.md" in paths


def test_a_symlink_to_another_posting_is_never_written_through(make_repo: MakeRepo) -> None:
    root = make_repo(GOOD)
    jobs = root / "_jobs"
    os.symlink("2023-01-09-dev-web.md", jobs / "alias.md")
    result = _postedit("set", "--repo", str(root), str(jobs / "alias.md"), "--field", "open=false")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("_jobs/alias.md") and ": error: " in result.stderr
    assert (jobs / "alias.md").is_symlink()
    target = jobs / "2023-01-09-dev-web.md"
    assert target.read_bytes() == GOOD["_jobs/2023-01-09-dev-web.md"].encode()


def test_a_symlink_is_refused_as_a_symlink_not_as_a_conflict(make_repo: MakeRepo) -> None:
    root = make_repo(GOOD)
    jobs = root / "_jobs"
    os.symlink("2023-01-09-dev-web.md", jobs / "alias.md")
    result = _postedit("set", "--repo", str(root), str(jobs / "alias.md"), "--field", "open=false")
    assert "symbolic link" in result.stderr and "changed on disk" not in result.stderr


def _release_fifo(path: Path) -> None:
    """Open the FIFO for writing (then close it) so a reader blocked on it returns."""
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def _ends_without_the_fifo(work: Callable[[], object], fifo: Path) -> bool:
    """Run ``work`` in a thread: False when it still waits on ``fifo`` after 5 s (it is then
    released, so the test ends either way)."""
    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=5)
    blocked = worker.is_alive()
    _release_fifo(fifo)
    worker.join()
    return not blocked


def test_a_fifo_named_like_a_posting_reads_as_an_error(tmp_path: Path) -> None:
    (tmp_path / "_jobs").mkdir()
    fifo = tmp_path / "_jobs" / "pipe.md"
    os.mkfifo(fifo)
    box: list[object] = []

    def read() -> None:
        box.append(read_posting(tmp_path, "_jobs/pipe.md", "jobs"))

    assert _ends_without_the_fifo(read, fifo), "read_posting blocked on a FIFO"
    posting = box[0]
    assert isinstance(posting, Posting) and posting.error is not None
    assert str(posting.error).startswith("_jobs/pipe.md")


def test_a_posting_replaced_by_a_fifo_is_a_conflict_not_a_wait(tmp_path: Path) -> None:
    (tmp_path / "_jobs").mkdir()
    path = tmp_path / "_jobs" / "dev.md"
    path.write_bytes(b"---\nopen: true\n---\n")
    posting = read_posting(tmp_path, "_jobs/dev.md", "jobs")
    path.unlink()
    os.mkfifo(path)
    box: list[BaseException] = []

    def write() -> None:
        try:
            write_posting(tmp_path, posting, b"---\nopen: false\n---\n")
        except BaseException as exc:  # noqa: BLE001 - the test reads it below
            box.append(exc)

    assert _ends_without_the_fifo(write, path), "the check before a write blocked on a FIFO"
    assert len(box) == 1 and isinstance(box[0], ConflictError), box
    assert "not a regular file" in box[0].message
    assert stat.S_ISFIFO(os.lstat(path).st_mode)  # left as it was


def test_a_fifo_does_not_hang_the_command_line(make_repo: MakeRepo) -> None:
    root = make_repo(GOOD)
    fifo = root / "_jobs" / "pipe.md"
    os.mkfifo(fifo)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "postedit", "list", "--repo", str(root), "--format", "json"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("postedit list hung on a FIFO named like a posting")
    finally:
        _release_fifo(fifo)
    assert result.returncode == 0, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert rows["_jobs/pipe.md"]["errors"] and rows["_jobs/2023-01-09-dev-web.md"]["fields"]
