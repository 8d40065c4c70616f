"""The development sets: earlier blind sets (``eval/blindN.tsv``), kept as written once measured.

Each was written by people who never saw the knowledge base or the rules, answered unseen, judged
and reported. Afterwards it is development material: rules are checked against it and models may
learn from what its writers said. The newest set stays out of every training file until it has
been answered and judged (the tests check the training files name judged sets only).
"""

from __future__ import annotations

import csv
from pathlib import Path

SETS_DIR = Path(__file__).with_name("eval")


def read_rows(path: Path) -> list[dict[str, str]]:
    """A TSV file's rows as dicts (lines starting with ``#`` are comments)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))


def set_file(number: str, sets_dir: Path = SETS_DIR) -> Path:
    """Development set ``number``'s file (set 1 is ``blind.tsv``)."""
    return sets_dir / ("blind.tsv" if number == "1" else f"blind{number}.tsv")


def set_texts(number: str, sets_dir: Path = SETS_DIR) -> dict[str, dict[str, str]]:
    """Set ``number``'s rows by id (empty when its file is missing)."""
    f = set_file(number, sets_dir)
    return {row["id"]: row for row in read_rows(f)} if f.exists() else {}
