"""One reading of a field as the site reads it (``site.site_field``, ``site.site_fields``):
the list's columns and their sort, the filter, ``list``'s status column and ``check``'s
rules all take a value a page inherits (Hugo's ``cascade``, whose keys are in lower case)
and a key in another case where the site reads keys in any case, as Hugo does whatever the
schema; and a collection names the field that expires its postings."""

from __future__ import annotations

import pytest

from postedit.cli import main

HUGO_SCHEMA = """\
version: 1
collections:
  posts:
    folder: content/posts
    status: featured
    columns: [title, reviewBy]
    fields:
      - {name: title, required: true}
      - {name: reviewBy, required: true}
      - {name: featured, type: boolean}
      - {name: expiryDate, type: date}
      - {name: cascade, type: object}
    rules:
      - {when: 'reviewBy == "Ann"', then: featured is set, message: Ann reviews featured pages}
"""
INDEX = "---\ntitle: Posts\ncascade:\n  reviewBy: Ann\n  featured: true\n  expiryDate: 2020-01-01\n---\n"
HUGO = {
    "hugo.toml": 'title = "S"\n',
    "postedit.yml": HUGO_SCHEMA,  # says nothing of ignore_case
    "content/posts/_index.md": INDEX,
    "content/posts/alpha.md": "---\ntitle: Alpha inherits\n---\nx\n",
    "content/posts/bravo.md": (
        "---\ntitle: Bravo has its own\nReviewBy: Bob\nfeatured: false\nexpiryDate: 2999-01-01\n"
        "---\nx\n"
    ),
}


def _out(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().out.splitlines()


def test_a_hugo_postedit_yml_reads_keys_in_any_case_unless_it_says_otherwise(
    make_repo,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A postedit.yml without ``ignore_case`` on a Hugo site compared the cascade's
    ``reviewby`` (Hugo lowercases its keys) and Bravo's ``ReviewBy`` with the field
    ``reviewBy`` as written: both pages were "missing required field 'reviewBy'", Bravo's
    key unknown, the rule blind to the inherited reviewer. Hugo reads them all as
    ``reviewBy``; a schema that says ``ignore_case: false`` is taken at its word."""
    site = make_repo(HUGO, name="hugo")
    assert _out(["check", "--repo", str(site)], capsys)[1][:-1] == []
    said = HUGO_SCHEMA.replace("version: 1\n", "version: 1\nsite: {ignore_case: false}\n")
    (site / "postedit.yml").write_text(said)
    code, lines = _out(["check", "--repo", str(site)], capsys)
    assert code == 1
    assert lines[:-1] == [
        "content/posts/_index.md:1: error: missing required field 'reviewBy'",
        "content/posts/alpha.md:1: error: missing required field 'reviewBy'",
        "content/posts/bravo.md:1: error: missing required field 'reviewBy'",
        "content/posts/bravo.md:3: warning: unknown key 'ReviewBy' (did you mean 'reviewBy'?)",
    ]
