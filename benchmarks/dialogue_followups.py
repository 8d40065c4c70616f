"""Follow-up resolution over the whole knowledge base: does "그거 어디서 신청해요?" after a question
about topic T answer T's where_to_apply entry?

For every topic and every aspect it has (besides the one asked first), the first turn is the
topic's canonical overview question (or its first entry's), the second a topic-less follow-up for
that aspect. Scored: the dialogue engine (with context) against retrieval of the follow-up alone
(no context), and the latency of each second turn.

    .venv/bin/python -m benchmarks.dialogue_followups --json artifacts/dialogue_followups.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from models.dialogue import build_engine

FOLLOW_UPS = {
    "where_to_apply": ["그거 어디서 신청해요?", "신청은 어디로 가면 돼요?"],
    "documents": ["그럼 서류는 뭐가 필요해요?", "그거 할 때 뭐 챙겨 가요?"],
    "amount": ["그건 얼마예요?", "그거 돈은 얼마나 들어요?"],
    "eligibility": ["그거 누가 받을 수 있어요?", "저도 해당돼요?"],
    "timing": ["그건 언제 해요?", "언제까지 해야 돼요?"],
    "contact": ["거기 전화번호 좀 알려 주세요", "문의는 어디로 전화해요?"],
    "how_to_apply": ["그거 어떻게 신청해요?", "신청 방법 좀 알려 주세요"],
}

# Written after the cue lists were tuned on FOLLOW_UPS, to measure on phrasings not tuned on.
FRESH_FOLLOW_UPS = {
    "where_to_apply": ["거긴 어디 가서 해요?", "그거 하려면 어느 사무소로 가요?"],
    "documents": ["그거 신청할 때 가져갈 거 있어요?", "준비물은요?"],
    "amount": ["그거 한 달에 얼마 받아요?", "비용은 어떻게 돼요?"],
    "eligibility": ["그거 나 같은 사람도 받을 수 있나?", "우리 영감도 되는가요?"],
    "timing": ["그건 몇 월에 해요?", "기간이 어떻게 돼요?"],
    "contact": ["그거 물어보려면 어디다 연락해요?", "상담 전화는요?"],
    "how_to_apply": ["그건 어찌 신청하나요?", "절차가 어떻게 돼요?"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, default=Path("artifacts/dialogue_followups.json"))
    parser.add_argument("--limit", type=int, default=0, help="stop after this many pairs (0: all)")
    parser.add_argument("--fresh", action="store_true", help="use the phrasings the cues were not tuned on")
    args = parser.parse_args(argv)

    engine = build_engine()
    retriever = engine.retriever
    cases = []
    for topic, aspects in engine.topics.by_topic.items():
        first_entry = (aspects.get("overview") or next(iter(aspects.values())))[0]
        for aspect, phrasings in (FRESH_FOLLOW_UPS if args.fresh else FOLLOW_UPS).items():
            target = aspects.get(aspect)
            if not target or target[0].id == first_entry.id:
                continue
            # one phrasing per case, alternating, so both kinds are covered without doubling the run
            cases.append((topic, first_entry.question, phrasings[len(cases) % len(phrasings)], target[0].id))
    if args.limit:
        cases = cases[: args.limit]

    rows, ms = [], []
    print(f"{len(cases)} pairs", file=sys.stderr)
    for i, (topic, first, follow, expected) in enumerate(cases):
        if i % 20 == 0:
            print(f"  {i}/{len(cases)}", file=sys.stderr, flush=True)
        conv = engine.conversation()
        r1 = conv.reply(first)
        t0 = time.perf_counter()
        r2 = conv.reply(follow)
        ms.append((time.perf_counter() - t0) * 1000)
        hits = retriever.search(follow, k=1)
        alone = hits[0].entry_id if hits and hits[0].score >= retriever.accept_threshold else None
        rows.append({"topic": topic, "first": first, "follow": follow, "expected": expected,
                     "first_ok": r1.entry_id is not None and retriever.entries[r1.entry_id].topic == topic,
                     "with_context": r2.entry_id, "without_context": alone})
    n = len(rows)
    first_ok = [r for r in rows if r["first_ok"]]
    summary = {
        "phrasings": "fresh" if args.fresh else "tuned",
        "pairs": n,
        "first_turn_on_topic": len(first_ok),
        "with_context_acc": sum(r["with_context"] == r["expected"] for r in rows) / max(1, n),
        "with_context_acc_given_first_ok": sum(r["with_context"] == r["expected"] for r in first_ok) / max(1, len(first_ok)),
        "with_context_topic_acc": sum(
            r["with_context"] is not None and retriever.entries[r["with_context"]].topic == r["topic"] for r in rows
        ) / max(1, n),
        "without_context_acc": sum(r["without_context"] == r["expected"] for r in rows) / max(1, n),
        "second_turn_ms_median": statistics.median(ms) if ms else 0.0,
        "second_turn_ms_p90": sorted(ms)[int(0.9 * (len(ms) - 1))] if ms else 0.0,
    }
    for k, v in summary.items():
        print(f"{k:<34} {v:.3f}" if isinstance(v, float) else f"{k:<34} {v}")
    misses = [r for r in first_ok if r["with_context"] != r["expected"]]
    for r in misses[:25]:
        print(f"  miss: {r['first']} → {r['follow']}  expected {r['expected']}, got {r['with_context']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=2),
                         encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
