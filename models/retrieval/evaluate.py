"""Ranking metrics, latency and refusal-threshold calibration on the held-out split."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np

from models.retrieval.methods import Scorer
from models.retrieval.split import Example, Judgement


@dataclass
class RankResult:
    method: str
    n_queries: int
    n_candidates: int
    r1: float
    r5: float
    mrr: float
    p50_ms: float
    p95_ms: float
    #: share of queries whose top-1 entry a blind judge found answers them (the labelled entry or
    #: another acceptable one; see ``split.heldout_judgements``); None without judgements
    acceptable_at_1: float | None = None

    def row(self) -> dict:
        return asdict(self)


def gold_ranks(scorer: Scorer, examples: list[Example] | tuple[Example, ...]) -> tuple[np.ndarray, np.ndarray,
                                                                                       np.ndarray, list[str]]:
    """(1-based rank of the gold candidate, top-1 score, per-query latency in ms, top-1 id)."""
    pos = {cid: i for i, cid in enumerate(scorer.candidates.ids)}
    ranks, tops, lat, top_ids = [], [], [], []
    for ex in examples:
        t0 = time.perf_counter()
        s = scorer.score(ex.text)
        top = int(np.argmax(s))
        lat.append((time.perf_counter() - t0) * 1000)
        g = s[pos[ex.entry_id]]
        ranks.append(1 + int((s > g).sum()))
        tops.append(float(s[top]))
        top_ids.append(scorer.candidates.ids[top])
    return np.asarray(ranks), np.asarray(tops), np.asarray(lat), top_ids


def acceptable_share(examples: list[Example] | tuple[Example, ...], top_ids: list[str],
                     judged: dict[str, Judgement]) -> float | None:
    """Share of ``examples`` whose top-1 is their labelled entry or one a judge found acceptable.
    An entry the judge was not shown counts as not acceptable. None if any example is unjudged."""
    if not examples or any(ex.text not in judged for ex in examples):
        return None
    ok = [t == ex.entry_id or t in judged[ex.text].acceptable for ex, t in zip(examples, top_ids, strict=True)]
    return float(np.mean(ok))


def rank_metrics(scorer: Scorer, examples: list[Example] | tuple[Example, ...],
                 judged: dict[str, Judgement] | None = None) -> RankResult:
    ranks, _, lat, top_ids = gold_ranks(scorer, examples)
    return RankResult(
        method=scorer.name,
        n_queries=len(ranks),
        n_candidates=len(scorer.candidates.ids),
        r1=float((ranks == 1).mean()),
        r5=float((ranks <= 5).mean()),
        mrr=float((1.0 / ranks).mean()),
        p50_ms=float(np.percentile(lat, 50)),
        p95_ms=float(np.percentile(lat, 95)),
        acceptable_at_1=acceptable_share(examples, top_ids, judged) if judged is not None else None,
    )


@dataclass
class Outcome:
    threshold: float
    in_kb_correct: float  # top-1 right and accepted
    in_kb_wrong: float  # top-1 wrong but accepted (a wrong answer)
    in_kb_refused: float
    ood_false_accept: float

    def row(self) -> dict:
        return asdict(self)


def top1(scorer: Scorer, texts: list[str]) -> tuple[list[str], np.ndarray]:
    ids, scores = [], []
    for t in texts:
        s = scorer.score(t)
        i = int(np.argmax(s))
        ids.append(scorer.candidates.ids[i])
        scores.append(float(s[i]))
    return ids, np.asarray(scores)


def outcome(threshold: float, in_ok: np.ndarray, in_scores: np.ndarray, ood_scores: np.ndarray) -> Outcome:
    acc = in_scores >= threshold
    return Outcome(
        threshold=float(threshold),
        in_kb_correct=float((acc & in_ok).mean()),
        in_kb_wrong=float((acc & ~in_ok).mean()),
        in_kb_refused=float((~acc).mean()),
        ood_false_accept=float((ood_scores >= threshold).mean()),
    )


def calibrate(in_ok: np.ndarray, in_scores: np.ndarray, ood_scores: np.ndarray,
              wrong_cost: float = 1.0, false_accept_cost: float = 1.0) -> Outcome:
    """Threshold maximizing ``correct - wrong_cost * wrong - false_accept_cost * false_accept``
    (rates). A wrong answer and an answered out-of-KB question cost the same as one missed right
    answer by default; ties go to the higher (safer) threshold."""
    cands = np.unique(np.concatenate([in_scores, ood_scores]))
    cands = np.concatenate([cands, [cands.max() + 1e-6]])
    best: Outcome | None = None
    best_u = -np.inf
    for th in cands:
        o = outcome(th, in_ok, in_scores, ood_scores)
        u = o.in_kb_correct - wrong_cost * o.in_kb_wrong - false_accept_cost * o.ood_false_accept
        if u >= best_u:
            best, best_u = o, u
    assert best is not None
    # put the threshold midway to the next lower score, so it is not exactly on a calibration point
    lower = cands[cands < best.threshold]
    if len(lower):
        best = outcome((best.threshold + lower.max()) / 2, in_ok, in_scores, ood_scores)
    return best


#: Life stories told before a question, for the "after a story" test only. They are not the
#: training stories of ``augment.py`` (different people, places and wording), so the test shows
#: whether the head learned to look past a preamble, not whether it memorised these.
EVAL_STORIES = (
    "내가 올해 일흔여섯인디 영감 보내고 혼자 산 지 오래됐어 자식들은 다 멀리 살고",
    "아이고 요새 무릎이 시원찮아서 어디 댕기기도 힘든데 그래서 물어보는 건데",
    "우리 며느리가 그러는데 요새는 이런 것도 다 된다 카더라고 그래서",
    "경로당에서 할매들이 하는 얘기를 들어보니까 말이 다 달라가지고",
    "내가 글을 잘 몰라서 서류 같은 거 보면 머리가 아파 그래서 그러는데",
    "아들이 서울서 회사 댕기는데 바빠서 전화도 잘 못 하고 물어볼 데가 없어서",
    "시골서 농사짓다가 작년에 읍내로 이사를 왔는디 아는 사람도 없고",
    "저 그 티비 보니까 뭐 나오던데 내가 잘 못 알아들어서",
    "딸내미가 한번 물어보라 캐서 전화했는데 내가 이런 걸 잘 몰라요",
    "저기 내가 귀가 좀 어두워서 천천히 말해 주이소 다름이 아니라",
    "우리 바깥양반이 평생 버스 운전을 했는디 요새는 집에서 쉬고 있어 근디",
    "제주서 귤 농사 짓다가 아들네 따라 올라왔수다 그래서 하나 물어보젠",
)


def story_examples(examples: list[Example] | tuple[Example, ...], seed: int = 1) -> list[Example]:
    """Each example said after one of ``EVAL_STORIES`` (seeded): the long-preamble test."""
    rng = np.random.default_rng(seed)
    return [Example(f"{EVAL_STORIES[int(rng.integers(len(EVAL_STORIES)))]} {ex.text}", ex.entry_id)
            for ex in examples]
