"""Held-out split by paraphrase, and the distractor candidates that pad the index to 1,000.

The split is decided per paraphrase by a keyed hash (not a shuffled list), so adding entries or
paraphrases to the knowledge base never moves an existing paraphrase between train and test.
Per entry: ``TEST_PER_ENTRY`` paraphrases are test, ``DEV_PER_ENTRY`` are dev (threshold
calibration, model selection), the rest plus the canonical question are train. Test and dev text
never enters training or a candidate index.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.knowledge import Entry

TEST_PER_ENTRY = 2
DEV_PER_ENTRY = 1
DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Example:
    text: str
    entry_id: str


@dataclass(frozen=True)
class Split:
    #: entry id -> texts a candidate index and training may use (canonical question first)
    train: dict[str, tuple[str, ...]]
    dev: tuple[Example, ...]
    test: tuple[Example, ...]


def _key(entry_id: str, text: str, seed: int) -> str:
    return hashlib.sha1(f"{seed}\x00{entry_id}\x00{text}".encode()).hexdigest()


def normalize_text(text: str) -> str:
    """Whitespace/punctuation-insensitive form used to detect leaked duplicates."""
    return "".join(ch for ch in text if ch.isalnum())


@cache
def extra_paraphrases() -> dict[str, tuple[str, ...]]:
    """Training-only paraphrases per entry id (``data/extra_paraphrases*.toml``: the first file also
    gives the intent classifier its question examples, the later ones serve retrieval only)."""
    extras: dict[str, tuple[str, ...]] = {}
    for path in sorted(DATA_DIR.glob("extra_paraphrases*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for k, v in raw.items():
            extras[k] = extras.get(k, ()) + tuple(str(t).strip() for t in v if str(t).strip())
    return extras


def split_entries(entries: tuple[Entry, ...] | list[Entry], seed: int = 0, extra: bool = True) -> Split:
    """Split every entry's paraphrases into train / dev / test (see module docstring). With ``extra``,
    the entry's training-only paraphrases (``extra_paraphrases``) are appended to its train texts;
    they never enter dev/test, so the held-out split is the same with or without them."""
    extras = extra_paraphrases() if extra else {}
    train: dict[str, tuple[str, ...]] = {}
    dev: list[Example] = []
    test: list[Example] = []
    held_by_entry: dict[str, list[str]] = {}
    for e in entries:
        paras = list(dict.fromkeys(e.paraphrases))
        ranked = sorted(paras, key=lambda p: _key(e.id, p, seed))
        n_test = TEST_PER_ENTRY if len(paras) >= TEST_PER_ENTRY + 3 else 1
        n_dev = DEV_PER_ENTRY if len(paras) >= n_test + DEV_PER_ENTRY + 3 else 0
        held_by_entry[e.id] = ranked[: n_test + n_dev]
        test += [Example(p, e.id) for p in ranked[:n_test]]
        dev += [Example(p, e.id) for p in ranked[n_test : n_test + n_dev]]
    # a training text equal to a held-out one (of any entry) up to punctuation would leak: dropped
    all_held = {normalize_text(p) for held in held_by_entry.values() for p in held}
    for e in entries:
        held = held_by_entry[e.id]
        held_norm = {normalize_text(p) for p in held}
        own = [t for t in (e.question, *dict.fromkeys(e.paraphrases)) if t not in held and normalize_text(t) not in held_norm]
        extra_texts = [t for t in extras.get(e.id, ()) if normalize_text(t) not in all_held]
        train[e.id] = tuple(dict.fromkeys((*own, *extra_texts)))
    return Split(train=train, dev=tuple(dev), test=tuple(test))


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def ood_questions() -> tuple[str, ...]:
    """Plausible senior questions the knowledge base does not cover (refusal calibration)."""
    return tuple(_read_lines("ood_questions.txt"))


def ood_split() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(calibration half, report half) of the out-of-KB questions, by keyed hash."""
    qs = ood_questions()
    cal = tuple(q for q in qs if int(_key("ood", q, 0), 16) % 2 == 0)
    rep = tuple(q for q in qs if int(_key("ood", q, 0), 16) % 2 == 1)
    return cal, rep


@cache
def distractor_candidates(n: int, kb_topics: frozenset[str] = frozenset()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``n`` synthetic candidates ``(id, texts)``: a topic outside the KB x an aspect template.

    Each line of ``distractor_topics.txt`` is a topic noun phrase; each aspect contributes three
    question templates, so a distractor has three texts (real entries have ~6-8 train texts).
    Topics whose name contains a KB topic (or vice versa) are skipped.
    """
    topics = [t for t in _read_lines("distractor_topics.txt")
              if not any(k in t or t in k for k in kb_topics)]
    templates = [ln.split("|") for ln in _read_lines("distractor_templates.txt")]
    out: list[tuple[str, tuple[str, ...]]] = []
    for ti, topic in enumerate(topics):
        for ai, forms in enumerate(templates):
            out.append((f"distractor-{ti}-{ai}", tuple(f.strip().format(t=topic) for f in forms)))
    out.sort(key=lambda c: _key("distractor", c[0], 0))
    return tuple(out[:n])


def distractor_answers(cands: tuple[tuple[str, tuple[str, ...]], ...] | list[tuple[str, tuple[str, ...]]],
                       kb_topics: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """An answer text for each distractor of ``distractor_candidates`` (same ``kb_topics``): the
    aspect's template of ``distractor_answers.txt`` with the distractor's topic filled in."""
    topics = [t for t in _read_lines("distractor_topics.txt")
              if not any(k in t or t in k for k in kb_topics)]
    forms = _read_lines("distractor_answers.txt")
    out = []
    for cid, _ in cands:
        _, ti, ai = cid.rsplit("-", 2)
        out.append(forms[int(ai)].format(t=topics[int(ti)]))
    return tuple(out)


@dataclass(frozen=True)
class Judgement:
    """A blind judge's reading of one held-out paraphrase (``data/heldout_judgements.tsv``)."""

    split: str
    entry_id: str  # the KB's label
    best: str | None  # the entry the judge found answers it most directly
    acceptable: frozenset[str]  # every entry whose answer gives the person what they asked


@cache
def heldout_judgements() -> dict[str, Judgement]:
    """Held-out paraphrase text -> its blind judgement (dev and test)."""
    out: dict[str, Judgement] = {}
    for ln in _read_lines("heldout_judgements.tsv"):
        split, gold, best, ok, text = ln.split("\t")
        out[text] = Judgement(split, gold, None if best == "-" else best, frozenset(filter(None, ok.split(","))))
    return out
