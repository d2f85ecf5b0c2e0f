"""Validation tables: one posting (built directly, no parsing) against one spec."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from postedit.core.errors import ParseError
from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec, Rule, SiteSpec, per_spec
from postedit.core.validate import (
    Finding,
    check_value,
    count_findings,
    describe_counts,
    did_you_mean,
    parse_condition,
    similar_keys,
    validate,
    validator_for,
)


def make(
    fields: dict[str, Any],
    body: str = "Some text.\n",
    duplicates: tuple[tuple[str, int, int], ...] = (),
    error: ParseError | None = None,
) -> Posting:
    """A posting whose keys sit on lines 2, 3, ... (line 1 is the opening ---)."""
    return Posting(
        relpath="_jobs/x.md",
        collection="jobs",
        fields=fields,
        raw=body.encode(),
        key_lines={k: i + 2 for i, k in enumerate(fields)},
        duplicates=duplicates,
        error=error,
    )


def spec_of(*fields: FieldSpec, **kw: Any) -> CollectionSpec:
    return CollectionSpec(name="jobs", folder="_jobs", fields=fields, **kw)


def messages(findings: list[Finding]) -> list[str]:
    return [f"{f.severity}: {f.message}" for f in findings]


JOBS = spec_of(
    FieldSpec("roles", "string", required=True),
    FieldSpec("open", "boolean", required=True),
    FieldSpec("date", "date", required=True),
    FieldSpec("when", "datetime"),
    FieldSpec("count", "integer", min=1, max=10),
    FieldSpec("ratio", "number", max=1),
    FieldSpec("contrat", "select", options=("indépendant", "stage", "CDD")),
    FieldSpec("domaines", "select", multiple=True, options=("Design", "Produit"), min=1, max=2),
    FieldSpec("contact", "email"),
    FieldSpec("externalURL", "url"),
    FieldSpec("startup", "string", pattern="^[a-z0-9-]+$", pattern_message="lowercase only"),
    FieldSpec("title", "string", min=3, max=20),
    FieldSpec("tags", "list", max=2),
    FieldSpec(
        "events",
        "list",
        item_type="object",
        fields=(
            FieldSpec("name", "string", required=True),
            FieldSpec("on", "date"),
        ),
    ),
    FieldSpec("meta", "object", fields=(FieldSpec("lang", "select", options=("fr", "en")),)),
    FieldSpec("anything", "any"),
    FieldSpec("body", "markdown", required=True),
)

GOOD: dict[str, Any] = {"roles": "Dev", "open": True, "date": dt.date(2024, 1, 2)}

CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("valid", {}, []),
    ("datetime for a date", {"date": dt.datetime(2024, 1, 2, 10, 0)}, []),
    ("quoted date text", {"date": "2024-01-02"}, []),
    (
        "text that is not a date",
        {"date": "demain"},
        ["error: date: 'demain' is not a valid date (YYYY-MM-DD)"],
    ),
    (
        "impossible date text",
        {"date": "2023-02-30"},
        ["error: date: '2023-02-30' is not a valid date: day is out of range for month"],
    ),
    (
        "impossible date for a datetime",
        {"when": "2023-02-30"},
        ["error: when: '2023-02-30' is not a valid date: day is out of range for month"],
    ),
    (
        "number for a date",
        {"date": 2024},
        ["error: date: expected a date (YYYY-MM-DD), found the number 2024"],
    ),
    ("date for a datetime", {"when": dt.date(2024, 1, 2)}, []),
    ("datetime text", {"when": "2024-01-02 10:30"}, []),
    (
        "bad datetime text",
        {"when": "10h30"},
        ["error: when: '10h30' is not a valid date and time (YYYY-MM-DD HH:MM)"],
    ),
    (
        "quoted boolean",
        {"open": "false"},
        ["error: open: expected true or false, found 'false' (remove the quotes)"],
    ),
    ("boolean as text", {"roles": True}, ["error: roles: expected text, found true (true/false)"]),
    ("number as text is fine", {"roles": 2048}, []),
    ("list for text", {"roles": ["a", "b"]}, ["error: roles: expected text, found a list"]),
    ("integer", {"count": 3}, []),
    ("integer below min", {"count": 0}, ["error: count: 0 is less than the minimum 1"]),
    ("integer above max", {"count": 11}, ["error: count: 11 is more than the maximum 10"]),
    ("float for integer", {"count": 2.5}, ["error: count: expected a whole number, found 2.5"]),
    (
        "bool is not a number",
        {"count": True},
        ["error: count: expected a whole number, found true (true/false)"],
    ),
    ("number", {"ratio": 0.5}, []),
    ("number above max", {"ratio": 1.5}, ["error: ratio: 1.5 is more than the maximum 1"]),
    ("option", {"contrat": "stage"}, []),
    (
        "option typo",
        {"contrat": "indépendent"},
        ["error: contrat: 'indépendent' is not one of the options (did you mean 'indépendant'?)"],
    ),
    (
        "option far off",
        {"contrat": "CDI à vie"},
        ["error: contrat: 'CDI à vie' is not one of the options ('indépendant', 'stage', 'CDD')"],
    ),
    ("multiple options", {"domaines": ["Design", "Produit"]}, []),
    (
        "option case",
        {"domaines": ["produit"]},
        ["error: domaines: 'produit' is not one of the options (did you mean 'Produit'?)"],
    ),
    (
        "multiple: single option",
        {"domaines": "Design"},
        ["warning: domaines: expected a list of options, found the single 'Design'"],
    ),
    (
        "multiple: too many",
        {"domaines": ["Design", "Produit", "Design"]},
        ["error: domaines: 3 items, at most 2 allowed"],
    ),
    ("email", {"contact": "a@b.fr"}, []),
    ("bad email", {"contact": "a.b.fr"}, ["error: contact: 'a.b.fr' is not an email address"]),
    ("url", {"externalURL": "https://x.fr/a?b=1"}, []),
    (
        "bad url",
        {"externalURL": "x.fr"},
        ["error: externalURL: 'x.fr' is not a web address (https://...)"],
    ),
    ("pattern message", {"startup": "Signalo"}, ["error: startup: lowercase only"]),
    ("too short", {"title": "ab"}, ["error: title: 2 characters, at least 3 expected"]),
    ("one character", {"title": "a"}, ["error: title: 1 character, at least 3 expected"]),
    ("too long", {"title": "x" * 21}, ["error: title: 21 characters, at most 20 allowed"]),
    ("list", {"tags": ["a", "b"]}, []),
    ("list too long", {"tags": ["a", "b", "c"]}, ["error: tags: 3 items, at most 2 allowed"]),
    ("text for a list", {"tags": "a, b"}, ["error: tags: expected a list, found 'a, b'"]),
    (
        "list item not text",
        {"tags": ["a", {"b": 1}]},
        ["error: tags: item 2: expected text, found a set of keys (mapping)"],
    ),
    ("objects in a list", {"events": [{"name": "launch", "on": dt.date(2024, 1, 1)}]}, []),
    (
        "nested required and type",
        {"events": [{"on": "soon"}]},
        [
            "error: missing required field 'events[0].name'",
            "error: events[0].on: 'soon' is not a valid date (YYYY-MM-DD)",
        ],
    ),
    (
        "nested unknown key",
        {"events": [{"name": "x", "nmae": "y"}]},
        ["warning: events[0]: unknown key 'nmae' (did you mean 'name'?)"],
    ),
    (
        "object",
        {"meta": {"lang": "de"}},
        ["error: meta.lang: 'de' is not one of the options ('fr', 'en')"],
    ),
    ("any", {"anything": {"x": [1, 2]}}, []),
    ("empty optional", {"contact": None, "tags": []}, []),
    ("empty required", {"roles": ""}, ["error: required field 'roles' is empty"]),
    ("unknown key", {"colour": "red"}, ["warning: unknown key 'colour'"]),
    (
        "unknown key: case",
        {"externalUrl": "https://x.fr"},
        ["warning: unknown key 'externalUrl' (did you mean 'externalURL'?)"],
    ),
    (
        "unknown key: plural",
        {"role": "Dev"},
        ["warning: unknown key 'role' (did you mean 'roles'?)"],
    ),
    (
        "unknown key: typo",
        {"cntact": "a@b.fr"},
        ["warning: unknown key 'cntact' (did you mean 'contact'?)"],
    ),
]


@pytest.mark.parametrize(("case", "extra", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validation_table(case: str, extra: dict[str, Any], expected: list[str]) -> None:
    assert messages(validate(make({**GOOD, **extra}), JOBS)) == expected


def test_missing_required_points_at_the_front_matter() -> None:
    found = validate(make({"open": False}), JOBS)
    assert [(f.line, f.field, f.message) for f in found] == [
        (1, "roles", "missing required field 'roles'"),
        (1, "date", "missing required field 'date'"),
    ]
    assert str(found[0]) == "_jobs/x.md:1: error: missing required field 'roles'"


def test_false_satisfies_a_required_boolean() -> None:
    assert validate(make({**GOOD, "open": False}), JOBS) == []


def test_body_required_and_checked() -> None:
    spec = spec_of(FieldSpec("body", "markdown", required=True, max=10))
    assert messages(validate(make({}, body="  \n"), spec)) == ["error: the body is empty"]
    assert messages(validate(make({}, body="x" * 11), spec)) == [
        "error: body: 11 characters, at most 10 allowed"
    ]


def test_findings_carry_line_and_field() -> None:
    found = validate(make({**GOOD, "contact": "nope"}), JOBS)
    assert [(f.severity, f.line, f.field) for f in found] == [("error", 5, "contact")]
    assert found[0].as_dict() == {
        "path": "_jobs/x.md",
        "line": 5,
        "field": "contact",
        "severity": "error",
        "message": "contact: 'nope' is not an email address",
    }


def test_duplicate_keys_name_both_lines() -> None:
    found = validate(make(GOOD, duplicates=(("open", 3, 7),)), JOBS)
    assert [str(f) for f in found] == [
        "_jobs/x.md:7: error: duplicate key 'open' (lines 3 and 7): only the last value counts"
    ]


def test_yaml_error_is_the_only_finding() -> None:
    err = ParseError("mapping values are not allowed here", "_jobs/x.md", 4)
    assert [str(f) for f in validate(make({}, error=err), JOBS)] == [
        "_jobs/x.md:4: error: mapping values are not allowed here"
    ]


def test_keys_that_are_not_text_are_unknown() -> None:
    posting = dataclasses.replace(make(GOOD), fields={**GOOD, 2024: "x"})
    assert messages(validate(posting, JOBS)) == ["warning: unknown key 2024"]


def test_strict_makes_unknown_keys_errors() -> None:
    spec = dataclasses.replace(JOBS, strict=True)
    assert messages(validate(make({**GOOD, "role": "x"}), spec)) == [
        "error: unknown key 'role' (did you mean 'roles'?)"
    ]


def test_variants_suggest_even_distant_keys() -> None:
    spec = dataclasses.replace(JOBS, variants={"poste": "roles"})
    assert messages(validate(make({**GOOD, "poste": "x"}), spec)) == [
        "warning: unknown key 'poste' (did you mean 'roles'?)"
    ]


# ----------------------------------------------------------------------------- rules

RULED = spec_of(
    FieldSpec("open", "boolean"),
    FieldSpec("poste_pourvu", "boolean"),
    FieldSpec("date", "date"),
    FieldSpec("depublication_date", "date"),
    FieldSpec("contrat", "string"),
    FieldSpec("count", "integer"),
    rules=(
        Rule("date <= depublication_date"),
        Rule(
            "open is false",
            when="poste_pourvu is true",
            message="a filled position cannot stay open",
        ),
        Rule("count >= 2", when='contrat == "stage"', severity="warning"),
    ),
)

RULE_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("all fine", {"date": dt.date(2024, 1, 1), "depublication_date": dt.date(2024, 2, 1)}, []),
    ("equal dates", {"date": dt.date(2024, 1, 1), "depublication_date": dt.date(2024, 1, 1)}, []),
    (
        "unpublished before published",
        {"date": dt.date(2024, 3, 1), "depublication_date": dt.date(2024, 2, 1)},
        [
            "error: rule not satisfied: date <= depublication_date "
            "(date: 2024-03-01, depublication_date: 2024-02-01)"
        ],
    ),
    (
        "datetime against date compares by day",
        {"date": dt.datetime(2024, 2, 1, 18, 0), "depublication_date": dt.date(2024, 2, 1)},
        [],
    ),
    (
        "quoted date text still compares",
        {"date": "2024-03-01", "depublication_date": dt.date(2024, 2, 1)},
        [
            "error: rule not satisfied: date <= depublication_date "
            "(date: '2024-03-01', depublication_date: 2024-02-01)"
        ],
    ),
    ("missing side: not checked", {"date": dt.date(2024, 3, 1)}, []),
    (
        "incomparable: only the type is wrong",
        {"date": dt.date(2024, 3, 1), "depublication_date": 3},
        ["error: depublication_date: expected a date (YYYY-MM-DD), found the number 3"],
    ),
    ("when/then holds", {"poste_pourvu": True, "open": False}, []),
    (
        "when/then fails",
        {"poste_pourvu": True, "open": True},
        ["error: a filled position cannot stay open"],
    ),
    ("when not met", {"poste_pourvu": False, "open": True}, []),
    (
        "when with a text literal, warning",
        {"contrat": "stage", "count": 1},
        ['warning: rule not satisfied: when contrat == "stage", count >= 2 (count: 1)'],
    ),
    ("when with a text literal, other value", {"contrat": "CDD", "count": 1}, []),
]


@pytest.mark.parametrize(("case", "fields", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rules(case: str, fields: dict[str, Any], expected: list[str]) -> None:
    assert messages(validate(make(fields), RULED)) == expected


def test_rule_finding_is_on_the_line_of_its_first_field() -> None:
    posting = make({"open": True, "poste_pourvu": True})
    (finding,) = validate(posting, RULED)
    assert (finding.line, finding.field) == (2, "open")


@pytest.mark.parametrize(
    "text",
    [
        "a <= b",
        "a == 'x'",
        'a != "y y"',
        "a > 3",
        "a < 2024-01-01",
        "a is true",
        "a is not set",
        "a is empty and b is false",
        "x.y == 2",
    ],
)
def test_conditions_parse(text: str) -> None:
    assert parse_condition(text).atoms


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "a = b",
        "__import__('os').system('x')",
        "a is maybe",
        "a <= ",
        "a and",
    ],
)
def test_conditions_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_condition(text)


def test_condition_reads_fields_in_order() -> None:
    assert parse_condition("open is false and date <= depublication_date").fields == (
        "open",
        "date",
        "depublication_date",
    )


# ----------------------------------------------------------------------------- relations

REL = spec_of(
    FieldSpec("startup", "relation", collection="startups"),
    FieldSpec(
        "sponsors",
        "relation",
        collection="organisations",
        multiple=True,
        value_field="/organisations/{{slug}}",
    ),
    FieldSpec("members", "relation", collection="authors", value_field="{{fields.id}}"),
)
CONTEXT = {"startups": {"signalo", "lumo"}, "organisations": frozenset({"dinum"})}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"startup": "signalo"}, []),
        (
            {"startup": "signal0"},
            ["error: startup: 'signal0' is not an entry of 'startups' (did you mean 'signalo'?)"],
        ),
        ({"sponsors": ["/organisations/dinum"]}, []),
        ({"sponsors": ["dinum"]}, ["error: sponsors: 'dinum' is not an entry of 'organisations'"]),
        ({"members": "anyone"}, []),
        ({"startup": ["signalo"]}, ["error: startup: expected one entry, found a list"]),
    ],
)
def test_relations(fields: dict[str, Any], expected: list[str]) -> None:
    assert messages(validate(make(fields), REL, CONTEXT)) == expected


def test_relations_unchecked_without_the_target_collection() -> None:
    assert validate(make({"startup": "whatever"}), REL, {}) == []
    assert validate(make({"startup": "whatever"}), REL) == []


# ----------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("externalUrl", "externalURL", True),
        ("role", "roles", True),
        ("titles", "title", True),
        ("poste_ouvert", "post_ouvert", True),
        ("contract", "contrat", True),
        ("contact", "contacts", True),
        ("status", "startup", False),
        ("date", "type", False),
        ("open", "opening", False),
        ("title", "title", False),
    ],
)
def test_similar_keys(a: str, b: str, similar: bool) -> None:
    assert similar_keys(a, b) is similar


def test_did_you_mean() -> None:
    known = ("roles", "open", "contrat", "contacts", "externalURL")
    assert did_you_mean("contract", known) == "contrat"
    assert did_you_mean("Open", known) == "open"
    assert did_you_mean("external_url", known) == "externalURL"
    assert did_you_mean("zzz", known) is None
    assert did_you_mean("open", known) is None
    assert did_you_mean("x", known, {"x": "roles"}) == "roles"


def test_check_value_for_one_form_field() -> None:
    assert check_value(JOBS, "date", "2024-13-01") == [
        "date: '2024-13-01' is not a valid date: month must be in 1..12"
    ]
    assert check_value(JOBS, "date", dt.date(2024, 1, 1)) == []
    assert check_value(JOBS, "roles", "") == ["required field 'roles' is empty"]
    assert check_value(JOBS, "no_such_field", 3) == []


def test_validator_is_built_once_per_spec() -> None:
    assert validator_for(JOBS) is validator_for(JOBS)
    other = dataclasses.replace(JOBS)
    assert validator_for(other) is not validator_for(JOBS)


def test_what_is_made_per_spec_is_made_once_per_spec_object() -> None:
    built: list[CollectionSpec] = []
    memo = per_spec(lambda spec: built.append(spec) or len(built))
    other = dataclasses.replace(JOBS)  # equal, another object
    assert [memo(JOBS), memo(JOBS), memo(other), memo(JOBS)] == [1, 1, 2, 1]
    specs = [dataclasses.replace(JOBS, name=f"c{i}") for i in range(100)]
    assert [memo(s) for s in specs] == list(range(3, 103))  # bounded, never wrong
    assert memo(specs[-1]) == 102


def test_a_bad_pattern_never_breaks_validation() -> None:
    spec = spec_of(FieldSpec("x", "string", pattern="(unclosed"))
    assert validate(make({"x": "anything"}), spec) == []


def test_js_named_groups_work() -> None:
    spec = spec_of(FieldSpec("x", "string", pattern=r"^(?<year>\d{4})$"))
    assert validate(make({"x": "2024"}), spec) == []
    assert len(validate(make({"x": "24"}), spec)) == 1


def test_moment_format_for_quoted_dates() -> None:
    spec = spec_of(FieldSpec("d", "date", format="DD/MM/YYYY"))
    assert validate(make({"d": "31/01/2024"}), spec) == []
    assert messages(validate(make({"d": "31-01-2024"}), spec)) == [
        "error: d: '31-01-2024' is not a valid date (DD/MM/YYYY)"
    ]


def test_decap_number_without_value_type_accepts_numeric_text() -> None:
    spec = spec_of(FieldSpec("order", "number", widget="number"))
    assert validate(make({"order": "3"}), spec) == []
    assert len(validate(make({"order": "three"}), spec)) == 1


def test_messages_speak_yaml_not_python() -> None:
    """No True/None/datetime.date(...)/tuple in what a maintainer reads."""
    from postedit.core.validate import yaml_repr

    assert [yaml_repr(v) for v in (True, None, dt.date(2021, 1, 1), 1.5, "x", (1, "a"))] == [
        "true",
        "null",
        "2021-01-01",
        "1.5",
        "'x'",
        "[1, 'a']",
    ]
    spec = spec_of(
        FieldSpec("open", "boolean"),
        FieldSpec("filled", "boolean"),
        FieldSpec("title", "string"),
        FieldSpec("kind", "select", options=(True, None)),
        rules=(Rule(expr="open is false", when="filled is true"),),
    )
    found = sorted(
        messages(
            validate(
                make(
                    {
                        "open": True,
                        "filled": True,
                        "title": ("a", "b"),
                        "kind": "maybe",
                        None: 1,  # type: ignore[dict-item]
                        dt.date(2021, 1, 1): 2,  # type: ignore[dict-item]
                    }
                ),
                spec,
            )
        )
    )
    assert found == [
        "error: kind: 'maybe' is not one of the options (true, null)",
        "error: rule not satisfied: when filled is true, open is false (open: true)",
        "error: title: expected text, found a list",
        "warning: unknown key 2021-01-01",
        "warning: unknown key null",
    ]


# ----------------------------------------------------------------------------- severities


def test_a_fields_severity_sets_its_form_rules_apart_from_its_type() -> None:
    soft = spec_of(
        FieldSpec("roles", "string", required=True, severity="warning"),
        FieldSpec("code", "string", pattern="^[A-Z]+$", severity="warning"),
        FieldSpec("tags", "list", max=1, severity="warning"),
        FieldSpec("n", "integer", min=1, severity="warning"),
        FieldSpec("open", "boolean", required=True, severity="warning"),
        identifier_field="title",
    )
    found = validate(make({"code": "abc", "tags": ["a", "b"], "n": 0, "open": "yes"}), soft)
    assert messages(found) == [
        "warning: missing required field 'roles'",
        "warning: code: 'abc' does not match the pattern ^[A-Z]+$",
        "warning: tags: 2 items, at most 1 allowed",
        "warning: n: 0 is less than the minimum 1",
        "error: open: expected true or false, found 'yes'",
    ]


def test_a_missing_title_field_is_an_error_whatever_its_severity() -> None:
    soft = spec_of(
        FieldSpec("roles", "string", required=True, severity="warning"),
        FieldSpec("contacts", "string", required=True, severity="warning"),
        identifier_field="roles",
    )
    assert messages(validate(make({}), soft)) == [
        "error: missing required field 'roles'",
        "warning: missing required field 'contacts'",
    ]
    assert messages(validate(make({"roles": "", "contacts": "x"}), soft)) == [
        "error: required field 'roles' is empty"
    ]


def test_a_date_the_file_name_gives_is_not_missing() -> None:
    dated = spec_of(FieldSpec("date", "date", required=True), identifier_field="x")
    named = Posting(relpath="_jobs/2021-09-01-dev.md", collection="jobs", fields={})
    empty = Posting(relpath="_jobs/2021-09-01-dev.md", collection="jobs", fields={"date": None})
    assert validate(named, dated) == []
    assert validate(empty, dated) == []
    undated = Posting(relpath="_jobs/dev.md", collection="jobs", fields={})
    assert messages(validate(undated, dated)) == ["error: missing required field 'date'"]
    hugo = spec_of(
        FieldSpec("date", "date", required=True),
        identifier_field="x",
        site=SiteSpec(file_name_date=False),
    )
    assert messages(validate(named, hugo)) == ["error: missing required field 'date'"]


def test_undeclared_keys_by_the_collections_setting() -> None:
    posting = make({"roles": "Dev", "role": "dev", "techno": "python"})
    declared = (FieldSpec("roles", "string"),)
    found = {
        mode: messages(validate(posting, spec_of(*declared, unknown_keys=mode)))
        for mode in ("error", "warning", "typos")
    }
    assert found["error"] == [
        "error: unknown key 'role' (did you mean 'roles'?)",
        "error: unknown key 'techno'",
    ]
    assert found["warning"] == [
        "warning: unknown key 'role' (did you mean 'roles'?)",
        "warning: unknown key 'techno'",
    ]
    assert found["typos"] == ["warning: unknown key 'role' (did you mean 'roles'?)"]
    strict = spec_of(*declared, unknown_keys="typos", strict=True)
    assert len(validate(posting, strict)) == 2  # strict: every undeclared key is an error


def test_form_checks_take_the_fields_severity() -> None:
    from postedit.core.fieldcheck import check_value as check_form_value

    soft = FieldSpec("roles", "string", required=True, pattern="^A", max=3, severity="warning")
    assert [(i.severity, i.message) for i in check_form_value(soft, None)] == [
        ("warning", "is required")
    ]
    assert {i.severity for i in check_form_value(soft, "Bbbbb")} == {"warning"}


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ((0, 0), "no findings"),
        ((1618, 0), "1,618 postings with errors"),
        ((1, 12), "1 posting with errors, 12 with warnings only"),
        ((0, 1), "1 posting with warnings only"),
    ],
)
def test_counts_say_what_they_count(counts: tuple[int, int], words: str) -> None:
    assert describe_counts(*counts) == words


def test_count_findings_by_posting() -> None:
    f = [
        Finding("error", "a.md", 1, None, "x"),
        Finding("warning", "a.md", 2, None, "y"),
        Finding("warning", "b.md", 1, None, "z"),
        Finding("warning", "b.md", 2, None, "w"),
    ]
    assert count_findings(f) == (1, 1, 1, 3)


@pytest.mark.parametrize(
    "value",
    [
        "https://beta.gouv.fr/recrutement",
        "HTTP://x.fr",
        "  https://x.fr  ",
        "mailto:jobs@beta.gouv.fr",
        "/jobs/",
        "x.fr",
        "https://",
        "ftp://x.fr",
        "a@b.fr",
    ],
)
def test_the_form_and_check_agree_on_urls_and_emails(value: str) -> None:
    """A value the form accepts is one `check` accepts, and the other way round: one rule."""
    from postedit.core.fieldcheck import check_value as form_check

    for kind in ("url", "email"):
        spec = FieldSpec("u", kind)
        in_form = bool(form_check(spec, value))
        in_check = bool(validate(make({"u": value}), spec_of(spec)))
        assert in_form == in_check, (kind, value)
