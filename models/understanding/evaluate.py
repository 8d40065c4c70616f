"""``silver-avatar eval-understanding``: the blind set, answered, judged, and reported by kind.

The blind set (``eval/blind.tsv``) was written by someone who saw neither the knowledge base nor
the rules, and nothing is ever trained or tuned on it. Three steps:

    silver-avatar eval-understanding answer   # the served engine answers every line -> eval/answers.tsv
    (a reviewer who sees answers.tsv but not the labels writes eval/judgements.tsv: id, ok (1/0), note)
    silver-avatar eval-understanding report [--json PATH]   # the table by kind, failures verbatim

Another blind set: ``--blind eval/blind2.tsv`` answers into ``eval/answers2.tsv`` and reports with
``eval/judgements2.tsv`` (the digits after "blind" name the pair; ``--answers`` / ``--judgements``
override), so a new set can be answered and reported without anyone reading it.

``report`` joins the three files. Besides the judged share, it computes what the labels decide by
themselves: urgent recall and false urgent, abusive recall and hard negatives blocked, control
handled, in-KB questions refused, out-of-domain answered from the knowledge base, and the
understanding stage's time per utterance.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(__file__).with_name("eval")
BLIND = EVAL_DIR / "blind.tsv"
ANSWERS = EVAL_DIR / "answers.tsv"
JUDGEMENTS = EVAL_DIR / "judgements.tsv"
KINDS = ("in_domain", "out_of_domain", "abusive", "hard_negative", "control", "urgent")
REFUSING = {"fallback", "refer", "clarify", "repair"}  # intents that do not answer from the KB


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    subkind: str
    text: str
    expect: str


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def paths_for(blind: Path) -> tuple[Path, Path]:
    """``(answers, judgements)`` next to a blind set: blind.tsv → answers.tsv / judgements.tsv,
    blind2.tsv → answers2.tsv / judgements2.tsv, other.tsv → other.answers.tsv / other.judgements.tsv."""
    stem = blind.stem
    if stem.startswith("blind"):
        suffix = stem.removeprefix("blind")
        return blind.with_name(f"answers{suffix}.tsv"), blind.with_name(f"judgements{suffix}.tsv")
    return blind.with_name(f"{stem}.answers.tsv"), blind.with_name(f"{stem}.judgements.tsv")


def blind_rows(path: Path = BLIND) -> list[Row]:
    return [Row(r["id"], r["kind"], r.get("subkind", ""), r["text"], r.get("expect", "")) for r in read_tsv(path)]


def answer(out: Path = ANSWERS, blind: Path = BLIND) -> int:
    """Answer every blind utterance with a fresh conversation of the served engine (as ``ask --json``)."""
    from models.dialogue import build_engine
    from server.ask_cmd import reply_to_json

    engine = build_engine()
    understanding = engine.understanding
    rows = blind_rows(blind)
    timings = []
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("id\ttext\tintent\tentry_id\tanswer\tunderstood_ms\n")
        for row in rows:
            t0 = time.perf_counter()
            understanding.understand(row.text)
            ms = (time.perf_counter() - t0) * 1000
            timings.append(ms)
            reply = reply_to_json(engine.conversation().reply(row.text))
            cells = [row.id, row.text, reply["intent"], reply["entry_id"] or "", reply["answer"], f"{ms:.1f}"]
            f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
    timings.sort()
    print(f"answered {len(rows)} utterances -> {out}; understanding p50 {timings[len(timings) // 2]:.1f} ms")
    return 0


def report(json_path: Path | None = None, blind: Path = BLIND, answers_path: Path = ANSWERS,
           judgements_path: Path = JUDGEMENTS) -> int:
    rows = {r.id: r for r in blind_rows(blind)}
    answers = {a["id"]: a for a in read_tsv(answers_path)} if answers_path.exists() else {}
    judged = {j["id"]: j for j in read_tsv(judgements_path)} if judgements_path.exists() else {}
    missing = sorted(set(rows) - set(answers))
    if missing:
        print(f"{answers_path} lacks {len(missing)} of the {len(rows)} utterances (first: {missing[0]}); "
              f"run 'eval-understanding answer --blind {blind}' first", file=sys.stderr)
        return 2
    by_kind: dict[str, list[str]] = defaultdict(list)
    for rid, row in rows.items():
        by_kind[row.kind].append(rid)

    def share(ids: list[str], test) -> float:  # noqa: ANN001
        return sum(1 for i in ids if test(i)) / len(ids) if ids else float("nan")

    ok = lambda i: judged.get(i, {}).get("ok") == "1"  # noqa: E731
    intent = lambda i: answers[i]["intent"]  # noqa: E731
    non_urgent = [i for i in rows if rows[i].kind != "urgent"]
    table = {
        kind: {"n": len(ids), "judged_right": share(ids, ok) if judged else None} for kind, ids in by_kind.items()
    }
    figures = {
        "judged_right_overall": share(list(rows), ok) if judged else None,
        "in_kb_refused": share(by_kind["in_domain"], lambda i: intent(i) in REFUSING),
        "urgent_recall": share(by_kind["urgent"], lambda i: intent(i) == "urgent"),
        "false_urgent": share(non_urgent, lambda i: intent(i) == "urgent"),
        "abusive_recall": share(by_kind["abusive"], lambda i: intent(i) == "blocked"),
        "hard_negatives_blocked": share(by_kind["hard_negative"], lambda i: intent(i) == "blocked"),
        "out_of_domain_answered_from_kb": share(by_kind["out_of_domain"], lambda i: bool(answers[i]["entry_id"])),
        "understanding_ms_p50": sorted(float(a["understood_ms"]) for a in answers.values())[len(answers) // 2],
    }
    print(f"{'kind':<16}{'n':>5}{'judged right':>14}")
    for kind in KINDS:
        t = table.get(kind, {"n": 0, "judged_right": None})
        right = "-" if t["judged_right"] is None else f"{t['judged_right']:.1%}"
        print(f"{kind:<16}{t['n']:>5}{right:>14}")
    for name, value in figures.items():
        print(f"{name:<34}{'-' if value is None else (f'{value:.1%}' if name != 'understanding_ms_p50' else f'{value:.1f} ms')}")
    failures = [
        {"id": i, "kind": rows[i].kind, "text": rows[i].text, "expect": rows[i].expect, "intent": answers[i]["intent"],
         "answer": answers[i]["answer"], "judge": judged.get(i, {}).get("note", "")}
        for i in rows if judged and not ok(i)
    ]
    if failures:
        print("\nfailures (verbatim):")
        for f in failures:
            print(f"- [{f['kind']}] {f['text']}\n    -> ({f['intent']}) {f['answer']}\n    judge: {f['judge']}")
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps({"by_kind": table, **figures, "failures": failures}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="silver-avatar eval-understanding", description=__doc__.split("\n\n")[0])
    p.add_argument("step", choices=("answer", "report"))
    p.add_argument("--json", type=Path, help="report: also write the figures as JSON")
    p.add_argument("--blind", type=Path, default=BLIND,
                   help="the blind set (default eval/blind.tsv); answers and judgements default to the files next "
                        "to it with the same suffix (blind2.tsv -> answers2.tsv, judgements2.tsv)")
    p.add_argument("--answers", type=Path, help="answers file (answer: written; report: read)")
    p.add_argument("--judgements", type=Path, help="report: the reviewer's judgements (id, ok, note)")
    args = p.parse_args(argv)
    answers_path, judgements_path = paths_for(args.blind)
    answers_path = args.answers or answers_path
    judgements_path = args.judgements or judgements_path
    if args.step == "answer":
        return answer(answers_path, args.blind)
    return report(args.json, args.blind, answers_path, judgements_path)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
