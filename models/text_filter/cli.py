"""``silver-avatar eval-filter``: precision / recall / F1 of the filter on labelled utterances.

The labelled files are TSV with a header ``text<TAB>label`` (1 = abusive). By default every
``*.tsv`` under ``models/text_filter/data`` is scored, each file separately and all together, for
our filter, for korcen alone and for the union of both.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from models.text_filter.filter import LexiconFilter

DATA_DIR = Path(__file__).with_name("data")


@dataclass
class Score:
    name: str
    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    ms_per_utterance: float = 0.0
    missed: list[str] = field(default_factory=list)  # abusive, not flagged
    false_flags: list[str] = field(default_factory=list)  # clean, flagged

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(precision=round(self.precision, 4), recall=round(self.recall, 4), f1=round(self.f1, 4))
        return d


def read_tsv(path: Path) -> list[tuple[str, bool]]:
    """Rows of ``(text, abusive)``; the first line is a header."""
    rows: list[tuple[str, bool]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or label.strip() not in {"0", "1"}:
            raise ValueError(f"{path}:{lineno}: expected 'text<TAB>0|1', got {line!r}")
        rows.append((text, label.strip() == "1"))
    return rows


def score(name: str, predict: Callable[[str], bool], rows: list[tuple[str, bool]]) -> Score:
    s = Score(name=name, n=len(rows))
    t0 = time.perf_counter()
    preds = [predict(text) for text, _ in rows]
    s.ms_per_utterance = (time.perf_counter() - t0) * 1000 / max(1, len(rows))
    for (text, gold), pred in zip(rows, preds, strict=True):
        if gold and pred:
            s.tp += 1
        elif gold:
            s.fn += 1
            s.missed.append(text)
        elif pred:
            s.fp += 1
            s.false_flags.append(text)
        else:
            s.tn += 1
    return s


def _korcen_check() -> Callable[[str], bool] | None:
    try:
        with contextlib.redirect_stdout(sys.stderr):  # korcen prints notices on import
            from korcen import korcen
    except ImportError:
        return None
    return lambda text: bool(korcen.check(text))


def evaluate(paths: list[Path]) -> dict:
    """Scores for each file and for all files together, per system."""
    ours = LexiconFilter()
    systems: dict[str, Callable[[str], bool]] = {"silver-avatar": lambda t: ours.check(t).blocked}
    korcen_check = _korcen_check()
    if korcen_check is not None:
        systems["korcen"] = korcen_check
        systems["silver-avatar+korcen"] = lambda t: ours.check(t).blocked or korcen_check(t)
    sets = {p.name: read_tsv(p) for p in paths}
    sets["all"] = [row for rows in list(sets.values()) for row in rows]
    return {
        set_name: {name: score(name, fn, rows).as_dict() for name, fn in systems.items()}
        for set_name, rows in sets.items()
    }


def eval_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="silver-avatar eval-filter", description=__doc__)
    parser.add_argument("data", nargs="*", type=Path, help="TSV files (default: the packaged ones)")
    parser.add_argument("--json", type=Path, default=Path("artifacts/eval_filter.json"), help="write results here")
    parser.add_argument("--show", type=int, default=30, help="misses / false flags to print per system")
    args = parser.parse_args(argv)
    paths = args.data or sorted(DATA_DIR.glob("*.tsv"))
    results = evaluate(paths)
    for set_name, by_system in results.items():
        n_pos = next(iter(by_system.values()))["tp"] + next(iter(by_system.values()))["fn"]
        n = next(iter(by_system.values()))["n"]
        print(f"== {set_name}: {n} utterances ({n_pos} abusive, {n - n_pos} clean)")
        for name, s in by_system.items():
            print(
                f"  {name:<22} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}"
                f"  (tp {s['tp']} fp {s['fp']} fn {s['fn']})  {s['ms_per_utterance']:.3f} ms/utt"
            )
    for name, s in results["all"].items():
        if s["missed"]:
            print(f"\n{name} missed ({len(s['missed'])}): " + " | ".join(s["missed"][: args.show]))
        if s["false_flags"]:
            print(f"{name} false flags ({len(s['false_flags'])}): " + " | ".join(s["false_flags"][: args.show]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {args.json}")
    return 0
