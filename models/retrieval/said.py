"""Questions seniors actually said, each labelled with the entry that answers it: training queries
for the query head.

Why: the KB's paraphrases and their spoken-style variants are short, tidy questions; what reaches
the retriever is a recognised utterance with a story in front, dialect, a vague name for the
programme and sometimes a second question. The development sets (earlier blind sets, written by
people who never saw the KB) hold thousands of such utterances. ``said_labels.tsv`` names one of
them per line (set and row id) with the entry a reviewer judged to answer its main question (an
answer judged right, or a labeller's pick among the retriever's top candidates). They are training
*queries* only, never index texts, and the KB's held-out paraphrases are not among them (the
retrieval split's texts come from the KB alone). The text is normalised as the served path
normalises it before retrieval. A set still used as a blind test must never be labelled here.
"""

from __future__ import annotations

from pathlib import Path

from models.understanding.dev_sets import SETS_DIR, read_rows, set_file

LABELS_FILE = Path(__file__).parent / "data" / "said_labels.tsv"


def read_said(path: Path = LABELS_FILE, sets_dir: Path = SETS_DIR) -> list[tuple[str, str]]:
    """(said text, entry id) for every labelled row of ``path`` whose set file is present."""
    if not path.exists():
        return []
    texts: dict[str, dict[str, str]] = {}
    out: list[tuple[str, str]] = []
    for r in read_rows(path):
        number = r["set"].strip()
        if number not in texts:
            f = set_file(number, sets_dir)
            texts[number] = {row["id"]: row["text"] for row in read_rows(f)} if f.exists() else {}
        text = texts[number].get(r["id"].strip(), "").strip()
        if text and r["entry_id"].strip():
            out.append((text, r["entry_id"].strip()))
    return out


def said_queries(entry_ids: list[str] | tuple[str, ...], pairs: list[tuple[str, str]] | None = None
                 ) -> tuple[list[str], list[int]]:
    """The said queries (``pairs``, default the packaged labels) whose entry is in ``entry_ids``,
    normalised as served: (texts, entry index)."""
    from models.understanding.lexicon import default_lexicon
    from models.understanding.normalize import normalize_spoken

    pos = {eid: i for i, eid in enumerate(entry_ids)}
    lexicon = default_lexicon()
    texts: list[str] = []
    owners: list[int] = []
    for text, eid in (read_said() if pairs is None else pairs):
        if eid in pos:
            texts.append(normalize_spoken(text, lexicon))
            owners.append(pos[eid])
    return texts, owners


def unsaid_queries(sets: set[str] | None = None, path: Path = LABELS_FILE, sets_dir: Path = SETS_DIR) -> list[str]:
    """The out-of-domain things seniors said in the labelled development sets (``sets``: these set
    numbers instead), normalised as served: what no entry answers ("no entry" in head training)."""
    from models.understanding.lexicon import default_lexicon
    from models.understanding.normalize import normalize_spoken

    if sets is None:
        sets = {r["set"].strip() for r in read_rows(path)} if path.exists() else set()
    lexicon = default_lexicon()
    out: list[str] = []
    for number in sorted(sets, key=int):
        f = set_file(number, sets_dir)
        if f.exists():
            out += [normalize_spoken(r["text"], lexicon) for r in read_rows(f) if r["kind"] == "out_of_domain"]
    return out
