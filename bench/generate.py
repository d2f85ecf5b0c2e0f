"""Generate scratch git repositories of job postings shaped like ``../shared/corpus/beta-jobs``.

The text is generated, never copied: the real corpus (when present) only lends its word
frequencies and body lengths; without it, built-in distributions (measured once on that
corpus) are used. Output is deterministic for a given (size, seed, corpus or not), and cached
under ``bench/.cache/`` keyed by generator version + size + seed + source of distributions.

History is written with one ``git fast-import`` stream (a few hundred commits, postings added
in date order, some later edited), then checked out once: no per-posting subprocess.

    python bench/generate.py 1000            # prints the repository path
    python bench/generate.py 30 --out /tmp/x # uncached, into a given folder
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["COLLECTION_FOLDER", "GENERATOR_VERSION", "Generated", "build_repo", "cached_repo"]

GENERATOR_VERSION = 1
"""Bump whenever the output changes, so cached repositories are rebuilt."""

COLLECTION_FOLDER = "content/_jobs"
"""Where the postings go, as on the real site."""

HERE = Path(__file__).resolve().parent
CACHE_DIR = HERE / ".cache"
CORPUS_DIR = HERE.parent.parent / "shared" / "corpus" / "beta-jobs"

# --- built-in distributions (measured on the 543 real postings; no text copied) -------------

# Body length in characters at quantiles 0, .1, .25, .5, .75, .9, .99, 1.
_BODY_QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0)
_BODY_LENGTHS = (220, 2320, 3047, 4097, 5165, 6195, 13869, 17371)

# Key orders seen in front matters, with their weights (the long tail folded into a few).
_KEY_ORDERS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (90, ("roles", "open", "date", "startup")),
    (60, ("roles", "startup", "open")),
    (37, ("roles", "open", "junior", "date", "startup")),
    (33, ("roles", "startup", "techno", "open")),
    (17, ("roles", "open", "date", "startup", "domaines")),
    (17, ("roles", "startup", "open", "title")),
    (15, ("roles", "startup", "techno", "junior", "open")),
    (14, ("roles", "open", "date", "depublication_date", "startup", "contacts", "domaines")),
    (14, ("roles", "open", "date")),
    (12, ("roles", "startup", "junior", "open", "title")),
    (12, ("startup", "title", "roles", "open")),
    (10, ("roles", "startup", "techno", "junior", "open", "title")),
    (8, ("roles", "title", "startup", "open")),
    (8, ("roles", "open", "junior", "date")),
    (8, ("roles", "open", "date", "startup", "title")),
    (7, ("roles", "open", "startup")),
    (6, ("roles", "title", "contrat", "startup", "open")),
    (
        6,
        (
            "roles",
            "open",
            "junior",
            "date",
            "depublication_date",
            "startup",
            "contacts",
            "domaines",
        ),
    ),
    (5, ("roles", "title", "contrat", "startup", "contact", "open")),
    (5, ("roles", "title", "open")),
    (5, ("roles", "techno", "open")),
    (
        5,
        (
            "roles",
            "title",
            "contrat",
            "equipe",
            "friend",
            "type",
            "externalURL",
            "post_ouvert",
            "poste_ferme",
            "contact",
            "status",
            "poste_pourvu",
            "open",
        ),
    ),
    (5, ("roles", "open", "date", "startup", "title", "domaines")),
    (4, ("roles", "open", "startup", "techno")),
    (4, ("roles", "open", "title")),
    (
        3,
        (
            "roles",
            "title",
            "contrat",
            "equipe",
            "type",
            "externalUrl",
            "post_ouvert",
            "poste_ouvert",
            "contact",
            "status",
            "poste_pourvu",
            "airtable_formulaire",
            "open",
        ),
    ),
    (3, ("role", "startup", "open", "redirect_from")),
)

# A small French-like vocabulary, used when the corpus is absent.
_WORDS_TEXT = (
    "de la le et les des à un une en du pour dans est sur au que qui avec par nous vous "
    "service public équipe produit startup numérique données utilisateurs agents usagers "
    "développement projet mission impact administration territoire collectivités outil "
    "plateforme code ouvert accompagner construire améliorer déployer mesurer tester "
    "besoins problème solution recherche profil expérience compétences valeurs méthode "
    "agile itérations incubateur communauté partenaires ministère direction politique "
    "interface design recherche utilisateur parcours accessibilité qualité sécurité "
    "architecture serveur base API front back application web mobile intégration "
    "contrat indépendant mois jours temps plein télétravail Paris Lyon Lille Nantes "
    "rejoindre candidature contact envoyer motivation curriculum avant rapidement "
    "aujourd'hui demain objectif semaine réunion atelier terrain retour apprentissage "
    "simple rapide utile fiable libre durable efficace responsable autonome curieux"
)
_WORDS = tuple(_WORDS_TEXT.split())

_ROLE_HEADS = (
    "un·e développeur·se",
    "une développeuse ou un développeur",
    "un·e product designer",
    "un·e chargé·e de déploiement",
    "un·e business developer",
    "un·e coach agile",
    "un·e intrapreneur·e",
    "un·e data scientist",
    "un·e designer UX/UI",
    "un·e responsable produit",
    "un·e ops / SRE",
    "un·e growth hacker",
    "un·e community manager",
    "deux développeur·se·s",
    "un·e data engineer",
)
_ROLE_TAILS = (
    "",
    " full-stack",
    " Python/Django",
    " JavaScript",
    " senior",
    " junior",
    " React",
    " Ruby on Rails",
    " web",
    " backend",
    " frontend",
    " 🚀",
    " (H/F)",
    " Node.js",
)
_TECHNO = (
    "Python",
    "Django",
    "PostgreSQL",
    "JavaScript",
    "React",
    "VueJS",
    "Node.js",
    "Ruby",
    "Rails",
    "Docker",
    "TypeScript",
    "Svelte",
    "Elixir",
    "Java",
    "Go",
    "Metabase",
)
_DOMAINES = (
    "Animation",
    "Coaching",
    "Déploiement",
    "Design",
    "Développement",
    "Intraprenariat",
    "Produit",
    "Data",
    "Support",
    "Attaché·e de presse",
)
_CONTRATS = (
    "indépendant",
    "indépendent",
    "freelance",
    "stage",
    "CDD 3 ans",
    "contractuel",
    "prestataire",
    "indépendant·e",
    "indépendant/freelance",
)
_SYLLABLES = (
    "ma",
    "mon",
    "ta",
    "bo",
    "lu",
    "ci",
    "vo",
    "da",
    "ri",
    "ze",
    "pa",
    "ne",
    "so",
    "aides",
    "pix",
    "data",
    "carte",
    "eco",
    "ter",
    "gouv",
    "santé",
    "emploi",
)


@dataclass
class Vocabulary:
    """What the text generator draws from: weighted words and body lengths."""

    words: list[str]
    cum_weights: list[float]
    body_lengths: list[int] = field(default_factory=list)
    """Empirical body lengths, sorted (empty: use the built-in quantiles)."""
    source: str = "builtin"
    """``builtin`` or ``corpus-<hash>``: part of the cache key."""

    def word(self, rng: random.Random) -> str:
        """One word, by frequency."""
        return self.words[bisect.bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]

    def body_length(self, rng: random.Random) -> int:
        """A body length drawn from the corpus distribution."""
        u = rng.random()
        if self.body_lengths:
            k = len(self.body_lengths)
            return self.body_lengths[min(int(u * k), k - 1)]
        i = max(1, bisect.bisect(_BODY_QUANTILES, u))
        i = min(i, len(_BODY_QUANTILES) - 1)
        q0, q1 = _BODY_QUANTILES[i - 1], _BODY_QUANTILES[i]
        v0, v1 = _BODY_LENGTHS[i - 1], _BODY_LENGTHS[i]
        return int(v0 + (v1 - v0) * (u - q0) / (q1 - q0))


def builtin_vocabulary() -> Vocabulary:
    """The built-in vocabulary (Zipf-like weights over a small word list)."""
    weights = [1.0 / (i + 2) for i in range(len(_WORDS))]
    return Vocabulary(list(_WORDS), _cumulate(weights))


def corpus_vocabulary(corpus: Path) -> Vocabulary | None:
    """Word frequencies and body lengths learned from the corpus, or None when absent."""
    if not corpus.is_dir():
        return None
    counts: Counter[str] = Counter()
    lengths: list[int] = []
    digest = hashlib.sha256()
    for path in sorted(corpus.iterdir()):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        digest.update(path.name.encode() + b"\0" + str(len(raw)).encode())
        text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        m = re.match(r"---\n.*?\n---\n?", text, re.S)
        body = text[m.end() :] if m else text
        lengths.append(len(body))
        counts.update(w for w in re.findall(r"[^\W\d_][\w'’·-]*", body) if len(w) < 20)
    if not lengths:
        return None
    # Keep words seen at least 3 times: a vocabulary, not anyone's sentences.
    common = [(w, c) for w, c in counts.most_common() if c >= 3]
    words = [w for w, _ in common]
    return Vocabulary(
        words,
        _cumulate([float(c) for _, c in common]),
        sorted(lengths),
        source="corpus-" + digest.hexdigest()[:10],
    )


def _cumulate(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# --- one posting ----------------------------------------------------------------------------


@dataclass
class Posting:
    """One generated posting: its file name, final bytes and an optional earlier version."""

    name: str
    when: dt.datetime
    data: bytes
    draft: bytes | None = None
    """An earlier version committed first (then edited into ``data``), or None."""


class _Gen:
    def __init__(self, n: int, seed: int, vocab: Vocabulary) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.vocab = vocab
        self.orders = [o for _, o in _KEY_ORDERS]
        self.order_weights = _cumulate([float(w) for w, _ in _KEY_ORDERS])
        rng = self.rng
        n_startups = max(20, n // 8)
        self.startups = sorted({self._startup_name() for _ in range(n_startups)})
        self.contacts = [
            f"{rng.choice(_SYLLABLES)}{rng.choice(_SYLLABLES)}.{self._slugword()}"
            for _ in range(max(10, n // 20))
        ]
        self.equipes = [f"Incubateur {self._cap_words(2)}" for _ in range(12)]

    # small pieces
    def _slugword(self) -> str:
        return re.sub(r"[^a-z0-9]+", "", _ascii(self.vocab.word(self.rng).lower())) or "x"

    def _startup_name(self) -> str:
        rng = self.rng
        parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))]
        name = "".join(parts)
        r = rng.random()
        if r < 0.15:
            name += ".gouv.fr"
        elif r < 0.4:
            name = "-".join([name, self._slugword()])
        return name

    def _cap_words(self, k: int) -> str:
        return " ".join(self.vocab.word(self.rng).capitalize() for _ in range(k))

    def _sentence(self, lo: int = 6, hi: int = 24) -> str:
        words = [self.vocab.word(self.rng) for _ in range(self.rng.randint(lo, hi))]
        s = " ".join(words)
        return s[:1].upper() + s[1:] + self.rng.choice((".", ".", ".", " !", " ?", " :"))

    def _role(self) -> str:
        rng = self.rng
        role = rng.choice(_ROLE_HEADS) + rng.choice(_ROLE_TAILS)
        if rng.random() < 0.05:
            role = role.upper()
        return role

    def _date(self, when: dt.datetime) -> str:
        r = self.rng.random()
        if r < 0.22:
            return when.strftime("%Y-%m-%d")
        if r < 0.235:
            return when.strftime("%Y-%m-%dT%H:%M:%S")
        ms = self.rng.randint(0, 999)
        return when.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}Z"

    def _list(self, items: Sequence[str]) -> str:
        indent = " " * self.rng.choices((2, 4, 1, 0), (70, 12, 14, 4))[0]
        trail = " " if self.rng.random() < 0.3 else ""
        return trail + "\n" + "\n".join(f"{indent}- {i}" for i in items)

    def _scalar(self, text: str) -> str:
        """A YAML plain scalar when safe, else quoted the way people do."""
        if re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|^\s|\s$", text):
            if "'" not in text:
                return f"'{text}'" if self.rng.random() < 0.5 else '"' + text + '"'
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text

    def _value(self, key: str, when: dt.datetime, is_open: bool) -> str:
        rng = self.rng
        if key in ("roles", "role"):
            return self._scalar(self._role())
        if key in ("title", "titles"):
            startup = rng.choice(self.startups)
            return self._scalar(f"{startup} recrute {self._role()}")
        if key == "open":
            v = "true" if is_open else "false"
            r = rng.random()
            if r < 0.02:
                v += " # passer à false une fois le poste pourvu"
            elif r < 0.05:
                v += " "
            return v
        if key in ("junior", "poste_pourvu", "airtable_formulaire"):
            return rng.choice(("true", "false", "false"))
        if key == "date":
            return self._date(when)
        if key == "depublication_date":
            return self._date(when + dt.timedelta(days=rng.randint(30, 120)))
        if key in ("post_ouvert", "poste_ouvert"):
            return when.strftime("%Y-%m-%d")
        if key == "poste_ferme":
            return (when + dt.timedelta(days=rng.randint(20, 200))).strftime("%Y-%m-%d")
        if key == "startup":
            return rng.choice(self.startups) if rng.random() > 0.01 else ""
        if key == "techno":
            r = rng.random()
            if r < 0.1:
                return self._list(rng.sample(_TECHNO, rng.randint(2, 5)))
            if r < 0.15:
                return " "
            return self._scalar(", ".join(rng.sample(_TECHNO, rng.randint(1, 3))))
        if key in ("domaines", "redirect_from"):
            if key == "redirect_from":
                return self._list([f"/recrutement/{when:%Y/%m/%d}/{self._slugword()}.html"])
            return self._list(rng.sample(_DOMAINES, rng.randint(1, 3)))
        if key == "contacts":
            return rng.choice(self.contacts)
        if key == "contrat":
            return rng.choice(_CONTRATS)
        if key == "contact":
            return f"{self._slugword()}@{rng.choice(self.startups).split('.')[0]}.gouv.fr"
        if key == "equipe":
            return self._scalar(rng.choice(self.equipes))
        if key == "friend":
            return self._cap_words(rng.randint(1, 2))
        if key == "type":
            return rng.choice(("'friend'", "friend"))
        if key in ("externalURL", "externalUrl"):
            return f"https://www.{rng.choice(self.startups).split('.')[0]}.fr/recrutement/{self._slugword()}"
        if key == "status":
            return "open"
        return self._scalar(self._sentence(2, 5))

    def _body(self) -> str:
        rng = self.rng
        target = self.vocab.body_length(rng)
        out: list[str] = []
        size = 0
        if rng.random() < 0.25:
            intro = self._sentence()
            out += [intro, "", "<!--more-->", ""]
            size += len(intro) + 16
        while size < target:
            r = rng.random()
            if r < 0.12:
                mark = rng.choice(("##", "###", "#", "**"))
                block = f"{mark} {self._cap_words(rng.randint(2, 5))}"
                if block.startswith("**"):
                    block += " ?**"
            elif r < 0.32:
                bullet = rng.choice(("*", "-"))
                block = "\n".join(
                    f"{bullet} {self._sentence(4, 14)}" for _ in range(rng.randint(2, 6))
                )
            elif r < 0.36:
                block = (
                    f"Pour postuler, c'est [ici](https://{rng.choice(self.startups)}"
                    f".fr/{self._slugword()}) !"
                )
            else:
                block = " ".join(self._sentence() for _ in range(rng.randint(1, 6)))
                if rng.random() < 0.1:
                    block += " " * rng.randint(1, 3)
            out += [block, ""]
            size += len(block) + 2
        if rng.random() < 0.01:
            out += ["---", "", self._sentence(), ""]
        return "\n".join(out)

    def posting(self, i: int, when: dt.datetime, used: set[str]) -> Posting:
        rng = self.rng
        order = self.orders[
            bisect.bisect(self.order_weights, rng.random() * self.order_weights[-1])
        ]
        is_open = rng.random() < 0.08
        lines = ["---"]
        for key in order:
            v = self._value(key, when, is_open)
            lines.append(f"{key}:{'' if v.startswith((' ', chr(10))) or not v else ' '}{v}")
        lines.append("---")
        head = "\n".join(lines) + "\n"
        body = self._body()
        text = head + ("" if rng.random() < 0.15 else "\n") + body
        r = rng.random()
        if r < 0.11:
            text = text.rstrip("\n")
        elif r < 0.14:
            text += "\n\n"
        if rng.random() < 0.006:
            text = text.replace("\n", "\r\n")
        slug = "-".join(self._slugword() for _ in range(rng.randint(1, 4)))
        name = f"{when:%Y-%m-%d}-{slug}.md"
        k = 2
        while name in used:
            name = f"{when:%Y-%m-%d}-{slug}-{k}.md"
            k += 1
        used.add(name)
        data = text.encode("utf-8")
        draft = None
        if rng.random() < 0.3:
            # An earlier version: opened, and a shorter body, then edited into the final one.
            draft_text = text.replace("open: false", "open: true", 1)
            cut = draft_text.rfind("\n\n", 0, max(len(head) + 1, int(len(draft_text) * 0.7)))
            draft = (draft_text[:cut] + "\n" if cut > len(head) else draft_text).encode("utf-8")
            if draft == data:
                draft = None
        return Posting(name, when, data, draft)


def _ascii(s: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def generate_postings(n: int, seed: int = 7, vocab: Vocabulary | None = None) -> list[Posting]:
    """``n`` postings, sorted by date (2016-10 to 2024-08, as the real ones)."""
    vocab = vocab or builtin_vocabulary()
    gen = _Gen(n, seed, vocab)
    start = dt.datetime(2016, 10, 14, 9, 0, 0)
    span = (dt.datetime(2024, 8, 1) - start).total_seconds()
    times = sorted(start + dt.timedelta(seconds=gen.rng.random() * span) for _ in range(n))
    used: set[str] = set()
    return [gen.posting(i, t.replace(microsecond=0), used) for i, t in enumerate(times)]


# --- repository -----------------------------------------------------------------------------

_DECAP_CONFIG = """\
# Generated by bench/generate.py: a Decap CMS config for the scratch postings.
backend:
  name: git-gateway
  branch: main
media_folder: img
collections:
  - name: jobs
    label: Fiches de poste
    folder: "content/_jobs"
    create: true
    slug: "{{year}}-{{month}}-{{day}}-{{slug}}"
    identifier_field: roles
    fields:
      - {label: Titre du poste, name: roles, widget: string, required: true}
      - {label: Ouvert, name: open, widget: boolean, required: true}
      - {label: Junior, name: junior, widget: boolean, required: false}
      - {label: Date, name: date, widget: datetime, time_format: false, required: false}
      - {label: Dépublication, name: depublication_date, widget: datetime, required: false}
      - {label: Startup, name: startup, widget: string, required: false}
      - {label: Contacts, name: contacts, widget: string, required: false}
      - label: Domaines
        name: domaines
        widget: select
        multiple: true
        required: false
        options: [Animation, Coaching, Déploiement, Design, Développement, Intraprenariat,
                  Produit, Data, Support, "Attaché·e de presse"]
      - {label: Titre, name: title, widget: string, required: false}
      - {label: Techno, name: techno, widget: string, required: false}
      - {label: Body, name: body, widget: markdown}
"""


@dataclass
class Generated:
    """A generated repository."""

    root: Path
    """The work tree."""
    folder: str
    """The postings' folder, relative to root."""
    count: int
    """Number of postings."""
    commits: int
    """Number of commits in its history."""
    base: str
    """The commit the work tree starts from (benchmarks reset to it)."""
    files: list[str]
    """Relative paths of the postings, sorted."""


def _fast_import_stream(postings: list[Posting], commits: int, seed: int) -> bytes:
    """A ``git fast-import`` stream: postings added in date order, some edited later."""
    rng = random.Random(seed + 1)
    n = len(postings)
    commits = max(2, min(commits, n + 1))
    # Split the postings into `commits - 1` consecutive batches (first commit: the config).
    cuts = sorted(rng.sample(range(1, n), min(commits - 2, n - 1))) if n > 1 else []
    bounds = [0, *cuts, n]
    pending: list[tuple[int, Posting]] = []  # drafts waiting for their final version
    out: list[bytes] = []
    mark = 0
    author = "Bench Bot <bench@example.org>"

    def commit(when: dt.datetime, message: str, files: list[tuple[str, bytes]]) -> None:
        nonlocal mark
        mark += 1
        ts = int(when.replace(tzinfo=dt.UTC).timestamp())
        msg = message.encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"mark :{mark}\n".encode())
        out.append(f"author {author} {ts} +0000\ncommitter {author} {ts} +0000\n".encode())
        out.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if mark > 1:
            out.append(f"from :{mark - 1}\n".encode())
        for path, data in files:
            out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        out.append(b"\n")

    first_when = postings[0].when - dt.timedelta(days=1) if postings else dt.datetime(2016, 1, 1)
    commit(first_when, "Add the Decap config", [("admin/config.yml", _DECAP_CONFIG.encode())])
    for b in range(len(bounds) - 1):
        batch = postings[bounds[b] : bounds[b + 1]]
        if not batch:
            continue
        files: list[tuple[str, bytes]] = []
        # finish a few earlier drafts in this commit (edits of existing files)
        while pending and (rng.random() < 0.6 or pending[0][0] < b - 5):
            _, p = pending.pop(0)
            files.append((f"{COLLECTION_FOLDER}/{p.name}", p.data))
        for p in batch:
            if p.draft is not None:
                files.append((f"{COLLECTION_FOLDER}/{p.name}", p.draft))
                pending.append((b, p))
            else:
                files.append((f"{COLLECTION_FOLDER}/{p.name}", p.data))
        names = ", ".join(p.name[11:-3] for p in batch[:3]) + (" ..." if len(batch) > 3 else "")
        commit(batch[-1].when, f"Postings: {names}", files)
    if pending:
        commit(
            postings[-1].when + dt.timedelta(hours=1),
            "Update postings",
            [(f"{COLLECTION_FOLDER}/{p.name}", p.data) for _, p in pending],
        )
    return b"".join(out)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench Bot",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench Bot",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    res = subprocess.run(
        ["git", *args], cwd=root, input=stdin, capture_output=True, env=env, check=False
    )
    if res.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {res.stderr.decode(errors='replace')}")
    return res.stdout.decode()


def build_repo(
    out: Path, n: int, seed: int = 7, commits: int | None = None, vocab: Vocabulary | None = None
) -> Generated:
    """Create a git repository of ``n`` generated postings with history at ``out``."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    postings = generate_postings(n, seed, vocab)
    if commits is None:
        commits = min(300, max(10, n // 4))
    _git(out, "init", "-q", "-b", "main")
    _git(out, "config", "user.name", "Bench Bot")
    _git(out, "config", "user.email", "bench@example.org")
    _git(out, "config", "commit.gpgsign", "false")
    _git(out, "fast-import", "--quiet", stdin=_fast_import_stream(postings, commits, seed))
    _git(out, "checkout", "-q", "-f", "main")
    base = _git(out, "rev-parse", "HEAD").strip()
    count = int(_git(out, "rev-list", "--count", "HEAD").strip())
    files = sorted(f"{COLLECTION_FOLDER}/{p.name}" for p in postings)
    return Generated(out, COLLECTION_FOLDER, n, count, base, files)


MANY_KEYS = 80_000
"""Keys of the hostile posting (about 800 KB: the size of the issue's 789 KB posting)."""


def many_keys_posting() -> bytes:
    """A hostile posting: 80,000 keys in its front matter, well under the size limit."""
    keys = "".join(f"k{i:05d}: v\n" for i in range(MANY_KEYS))
    return f"---\ntitle: Many keys\nopen: true\n{keys}---\nbody\n".encode()


def same_size_posting(size: int) -> bytes:
    """A normal posting (four keys, a long Markdown body) of exactly ``size`` bytes."""
    head = b"---\ntitle: A long posting\nopen: true\ndate: 2024-02-01\nrole: dev\n---\n"
    line = "Une ligne ordinaire du corps de l'annonce, en Markdown, avec des accents.\n"
    body = line.encode() * ((size - len(head)) // len(line.encode()) + 1)
    return (head + body)[: size - 1] + b"\n"


def hostile_pair(out: Path) -> tuple[Path, Path]:
    """Two one-posting repositories under ``out``: the 80,000-key posting, and a normal
    posting of the same byte size (what its figures are compared with)."""
    hostile = many_keys_posting()
    roots = []
    for name, data in (("many-keys", hostile), ("same-size", same_size_posting(len(hostile)))):
        root = Path(out) / name
        (root / COLLECTION_FOLDER).mkdir(parents=True, exist_ok=True)
        (root / COLLECTION_FOLDER / f"2024-02-01-{name}.md").write_bytes(data)
        _git(root, "init", "-q", "-b", "main")
        roots.append(root)
    return roots[0], roots[1]


def cached_repo(
    n: int,
    seed: int = 7,
    cache: Path = CACHE_DIR,
    corpus: Path | None = CORPUS_DIR,
    log: Callable[[str], None] | None = None,
) -> Generated:
    """The cached repository of ``n`` postings (built on first use), reset to its base."""
    vocab = (corpus_vocabulary(corpus) if corpus is not None else None) or builtin_vocabulary()
    key = f"v{GENERATOR_VERSION}-n{n}-s{seed}-{vocab.source}"
    root = cache / key
    stamp = root / ".git" / "bench-generated"
    if stamp.exists():
        base = stamp.read_text().strip()
        _git(root, "reset", "-q", "--hard", base)
        _git(root, "clean", "-q", "-fdx")
        names = (e.name for e in os.scandir(root / COLLECTION_FOLDER))
        files = sorted(f"{COLLECTION_FOLDER}/{name}" for name in names)
        count = int(_git(root, "rev-list", "--count", "HEAD").strip())
        return Generated(root, COLLECTION_FOLDER, len(files), count, base, files)
    if log:
        log(f"generating {n} postings into {root} ...")
    gen = build_repo(root, n, seed, vocab=vocab)
    stamp.write_text(gen.base + "\n")
    return gen


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or find in the cache) a repository and print its path."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("size", type=int, help="number of postings")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="build here (uncached) instead of bench/.cache")
    ap.add_argument("--builtin", action="store_true", help="ignore the corpus")
    args = ap.parse_args(argv)
    corpus = None if args.builtin else CORPUS_DIR
    if args.out:
        vocab = (corpus_vocabulary(corpus) if corpus else None) or builtin_vocabulary()
        gen = build_repo(args.out, args.size, args.seed, vocab=vocab)
    else:
        gen = cached_repo(
            args.size, args.seed, corpus=corpus, log=lambda m: print(m, file=sys.stderr)
        )
    print(gen.root)
    print(f"{gen.count} postings, {gen.commits} commits", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
