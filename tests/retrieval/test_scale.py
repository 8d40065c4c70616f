"""A retrained head's scores mapped onto the scale the dialogue engine's bands were tuned on."""

from __future__ import annotations

import numpy as np
import pytest

from models.retrieval import load_retriever
from models.retrieval.scale import ScoreMap, fit_score_map


def test_map_hits_its_knots_keeps_order_and_continues_with_slope_one():
    m = ScoreMap([0.2, 0.5, 0.9], [0.3, 0.7, 1.0])
    assert np.allclose(m(np.array([0.2, 0.5, 0.9])), [0.3, 0.7, 1.0])
    assert np.allclose(m(np.array([0.35])), [0.5])
    assert np.allclose(m(np.array([0.1, 1.2])), [0.2, 1.3])  # outside: shifted, not clamped
    xs = np.linspace(-0.5, 1.5, 401)
    assert np.all(np.diff(m(xs)) > 0)  # no ties: the ranking is the scorer's


def test_map_refuses_knots_that_are_not_increasing():
    with pytest.raises(ValueError):
        ScoreMap([0.2, 0.2, 0.9], [0.3, 0.4, 1.0])
    with pytest.raises(ValueError):
        ScoreMap([0.2, 0.5, 0.9], [0.3, 0.2, 1.0])


def test_fitted_map_recovers_a_drifted_scale():
    rng = np.random.default_rng(0)
    old = rng.normal(0.6, 0.15, 4000)
    new = 0.8 * old - 0.05 + 0.02 * old**2  # the same ranking on another, curved scale
    m = ScoreMap.from_config(fit_score_map(new, old))
    probe = np.quantile(old, [0.1, 0.3, 0.5, 0.7, 0.9])
    drifted = 0.8 * probe - 0.05 + 0.02 * probe**2
    assert np.allclose(m(drifted), probe, atol=0.01)
    # the engine's threshold keeps its refusal rate: as many queries fall under it on either scale
    th = 0.75
    assert abs(np.mean(m(new) < th) - np.mean(old < th)) < 0.01


def test_served_retriever_reports_scores_on_the_engine_scale():
    r = load_retriever()
    raw = r.scorer.score("기초연금 어디 가서 신청해요")
    hits = r.search("기초연금 어디 가서 신청해요", k=3)
    mapped = r.scores("기초연금 어디 가서 신청해요")
    assert [h.entry_id for h in hits] == [r.scorer.candidates.ids[i] for i in np.argsort(-raw)[:3]]
    assert hits[0].score == pytest.approx(float(mapped.max()), abs=1e-6)
    if r.score_map is not None:
        assert "head_threshold" in r.config and r.config["accept_threshold"] != r.config["head_threshold"]


def test_keep_scale_of_the_served_head_onto_itself_is_the_identity():
    from models.retrieval.retriever import WEIGHTS_DIR, read_served_config
    from models.retrieval.scale import calibration_queries, keep_scale, top1_scores

    r = load_retriever()
    queries = calibration_queries(["기초연금 얼마 나와요", "등본 어디서 떼요"], ["오늘 날씨 어때"])[::25]
    reference = top1_scores(r.scores, queries)
    config = keep_scale(read_served_config(), WEIGHTS_DIR, queries, reference, r.accept_threshold, "test")
    assert config["accept_threshold"] == pytest.approx(r.accept_threshold, abs=1e-4)
    m = ScoreMap.from_config(config["score_map"])
    probe = np.quantile(reference, [0.2, 0.5, 0.8])
    if r.score_map is None:
        assert np.allclose(m(probe), probe, atol=1e-3)
