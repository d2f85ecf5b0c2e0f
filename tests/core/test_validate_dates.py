"""Date fields: what validation accepts is what `postedit set` and forms accept (one rule,
core/dates.py), Decap's `time_format: false` taking full timestamps, and `format` honoured when
reading and writing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core.dates import date_format, date_input, date_value, read_date
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.schema_load import load_schema_file
from postedit.core.validate import check_value
from postedit.core.values import parse_value

UTC = dt.timezone.utc  # noqa: UP017 - reads as what it is


def _spec(f: FieldSpec) -> CollectionSpec:
    return CollectionSpec(name="jobs", folder="_jobs", fields=(f,))


FIELDS = [
    FieldSpec("d", "date"),
    FieldSpec("d", "datetime"),
    FieldSpec("d", "date", format="YYYY-MM-DD"),
    FieldSpec("d", "date", format="DD.MM.YYYY"),
    FieldSpec("d", "date", format="D/M/YY"),
    FieldSpec("d", "datetime", format="DD.MM.YYYY HH:mm"),
    FieldSpec("d", "datetime", format="YYYY-MM-DD HH:mm:ss"),
    FieldSpec("d", "date", format="%d/%m/%Y"),
    FieldSpec("d", "date", format="MMMM Do YYYY"),  # tokens we do not read: ISO then
]
TEXTS = [
    "2023-03-05",
    "2021-11-24T11:04:26.278Z",
    "2021-11-24 11:04",
    "05.03.2023",
    "5/3/23",
    "05.03.2023 14:30",
    "2023-03-05 14:30:00",
    "05/03/2023",
    "30.02.2023",
    "2023-02-30",
    "demain",
    "March 5th 2023",
]


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f"{f.type}:{f.format}")
def test_validation_and_input_typing_agree(f: FieldSpec) -> None:
    spec = _spec(f)
    for text in TEXTS:
        problems = check_value(spec, "d", text)
        try:
            written = parse_value(text, f)
        except ValueError as exc:
            assert problems == [f"d: {exc}"], text  # the same refusal, in the same words
            continue
        assert problems == [], (text, problems)
        assert check_value(spec, "d", written) == [], (text, written)  # and it stays valid


def test_decap_date_without_time_takes_dates_and_full_timestamps() -> None:
    f = FieldSpec("date", "date", widget="datetime")  # datetime + time_format: false
    assert parse_value("2021-11-24", f) == dt.date(2021, 11, 24)
    stamp = parse_value("2021-11-24T11:04:26.278Z", f)
    assert stamp == dt.datetime(2021, 11, 24, 11, 4, 26, 278000, tzinfo=UTC)
    with pytest.raises(ValueError, match=r"'24/11/2021' is not a valid date \(YYYY-MM-DD\)"):
        parse_value("24/11/2021", f)
    with pytest.raises(ValueError, match="day is out of range for month"):
        parse_value("2023-02-30", f)


def test_formats_read_and_write() -> None:
    assert read_date("05.03.2023", "date", "DD.MM.YYYY") == dt.date(2023, 3, 5)
    assert date_input("5.3.2023", "date", "D.M.YYYY") == "5.3.2023"
    assert date_input("05.03.2023 14:30", "datetime", "DD.MM.YYYY HH:mm") == "05.03.2023 14:30"
    assert date_input("05/03/2023", "date", "%d/%m/%Y") == "05/03/2023"
    assert date_input("le 05.03.2023", "date", "[le] DD.MM.YYYY") == "le 05.03.2023"
    # a format YAML reads as a timestamp stays a typed value (no quotes when written)
    assert date_input("2023-03-05 14:30:00", "datetime", "YYYY-MM-DD HH:mm:ss") == dt.datetime(
        2023, 3, 5, 14, 30
    )
    assert date_input("2023-03-05", "date", "YYYY-MM-DD") == dt.date(2023, 3, 5)
    with pytest.raises(ValueError, match=r"is not a valid date \(DD.MM.YYYY\)"):
        read_date("2023-03-05", "date", "DD.MM.YYYY")
    with pytest.raises(ValueError, match="day is out of range"):
        read_date("30.02.2023", "date", "DD.MM.YYYY")
    zoned = read_date("2023-03-05T14:30+0200", "datetime", "YYYY-MM-DD[T]HH:mmZZ")
    assert zoned == dt.datetime(2023, 3, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert date_format("YYYY-MM-DD[T]HH:mmZZ").render(zoned) == "2023-03-05T14:30+0200"  # type: ignore[union-attr]
    assert date_format("MMMM Do YYYY") is None and date_format(None) is None


def test_typed_yaml_dates_are_accepted_whatever_the_format() -> None:
    spec = _spec(FieldSpec("d", "date", format="DD.MM.YYYY"))
    assert check_value(spec, "d", dt.date(2023, 3, 5)) == []


# ----------------------------------------------------------------------------- end to end

FORMATTED = """\
backend: {name: git-gateway}
collections:
  - name: events
    folder: _events
    fields:
      - {name: title, widget: string}
      - {name: d, widget: datetime, time_format: false, format: 'DD.MM.YYYY'}
"""


@pytest.fixture
def formatted(make_repo):  # type: ignore[no-untyped-def]
    return make_repo(
        {
            "admin/config.yml": FORMATTED,
            "_events/p.md": "---\ntitle: Launch\nd: 01.02.2023\n---\nText.\n",
        }
    )


def test_set_writes_in_the_field_format(
    formatted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = formatted / "_events/p.md"
    assert main(["set", "--repo", str(formatted), str(p), "--field", "d=05.03.2023"]) == 0
    assert p.read_text() == "---\ntitle: Launch\nd: 05.03.2023\n---\nText.\n"
    assert main(["set", "--repo", str(formatted), str(p), "--field", "d=2023-03-05"]) == 1
    err = capsys.readouterr().err
    assert "d: '2023-03-05' is not a valid date (DD.MM.YYYY)" in err
    assert p.read_text() == "---\ntitle: Launch\nd: 05.03.2023\n---\nText.\n"
    assert main(["check", "--repo", str(formatted)]) == 0


def test_check_holds_text_to_the_field_format(
    formatted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (formatted / "_events/q.md").write_text("---\ntitle: Q\nd: '2023-02-01'\n---\nText.\n")
    assert main(["check", "--repo", str(formatted)]) == 1
    out = capsys.readouterr().out
    assert "_events/q.md:3: error: d: '2023-02-01' is not a valid date (DD.MM.YYYY)" in out


def test_set_takes_a_real_postings_own_timestamp(
    corpus_repo: Path, decap_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real config: `date` is datetime with time_format false; 244 postings hold times."""
    admin = corpus_repo / "admin"
    admin.mkdir()
    shutil.copy(decap_config, admin / "config.yml")
    p = corpus_repo / "content/_jobs/2017-10-16-developpeur-mrs.md"
    before = p.read_bytes()
    assert b"\ndate: 2021-11-24T11:04:26.278Z" in before
    schema = load_schema_file(admin / "config.yml")
    date = schema.collection("jobs").field("date")  # type: ignore[union-attr]
    assert (date.type, date.format) == ("date", None)  # type: ignore[union-attr]
    args = ["set", "--repo", str(corpus_repo), str(p)]
    assert main([*args, "--field", "date=2021-11-24T11:04:26.278Z"]) == 0, capsys.readouterr()
    assert p.read_bytes() == before  # its own value: nothing written
    assert main([*args, "--field", "date=2022-01-05T09:30:00.000Z"]) == 0
    assert p.read_bytes() == before.replace(
        b"date: 2021-11-24T11:04:26.278Z", b"date: 2022-01-05T09:30:00.000Z"
    )
    assert main([*args, "--field", "date=2022-01-06"]) == 0
    assert b"\ndate: 2022-01-06\n" in p.read_bytes()
    capsys.readouterr()
    main(["check", "--repo", str(corpus_repo), "--format", "json", str(p)])
    findings = json.loads(capsys.readouterr().out)
    assert findings and not [f for f in findings if f["field"] == "date"]


def test_a_decap_format_postedit_cannot_read_is_named_in_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text(
        "backend: {name: git-gateway}\ncollections:\n  - name: e\n    folder: _e\n"
        "    fields:\n      - {name: d, widget: datetime, format: 'MMMM Do YYYY'}\n"
    )
    schema = load_schema_file(config)
    assert [w for w in schema.warnings if "date format 'MMMM Do YYYY'" in w]
    assert schema.warnings[0].startswith(f"{config}:6: e.d: ")


@pytest.mark.parametrize(
    ("value", "kind", "fmt", "expected"),
    [
        (dt.date(2021, 9, 1), "date", None, dt.date(2021, 9, 1)),
        ("2021-09-01", "datetime", None, dt.date(2021, 9, 1)),
        ("2021-09-01T10:30:00Z", "date", None, dt.datetime(2021, 9, 1, 10, 30, tzinfo=UTC)),
        ("01.09.2021", "date", "DD.MM.YYYY", dt.date(2021, 9, 1)),
        ("2021-09-01", "date", "DD.MM.YYYY", None),  # the field's format, not ISO
        ("2023-02-30", "date", None, None),
        ("", "date", None, None),
        (None, "date", None, None),
        (True, "date", None, None),
        (20210901, "date", None, None),
    ],
)
def test_the_date_a_value_holds(
    value: object, kind: str, fmt: str | None, expected: object
) -> None:
    """One reading for the site's dates, new postings' names and the ``date`` filter."""
    assert date_value(value, kind, fmt) == expected
