"""The development sets' utterances as intent-classifier training data (models/understanding/said_intents.py)."""

from __future__ import annotations

import numpy as np
import pytest

from models.understanding.dev_sets import SETS_DIR, read_rows, set_file, set_texts
from models.understanding.intents import ABUSE_KINDS, CONTROL, LABELS, URGENT, IntentClassifier
from models.understanding.said_intents import KIND_LABELS, LABELS_FILE, abusive_label, read_said_intents

ABUSIVE = ("abusive", *ABUSE_KINDS)


def test_every_reference_names_a_row_and_a_label_its_kind_allows():
    refs = read_rows(LABELS_FILE)
    assert len(read_said_intents()) == len(refs) > 10_000  # no reference lost its row
    sets: dict[str, dict[str, dict[str, str]]] = {}
    for r in refs:
        row = sets.setdefault(r["set"], set_texts(r["set"]))[r["id"]]
        assert r["label"] in LABELS
        allowed = ABUSIVE if row["kind"] == "abusive" else KIND_LABELS[row["kind"]]
        assert r["label"] in allowed, (r, row["kind"])


def test_hard_negatives_never_teach_abuse_or_an_emergency():
    assert not set(KIND_LABELS["hard_negative"]) & {*ABUSIVE, *URGENT}
    assert set(KIND_LABELS["control"]) == set(CONTROL)


def test_only_judged_development_sets_are_used():
    """A set is used only once it was answered and judged: the newest blind set stays unseen."""
    for number in {r["set"] for r in read_rows(LABELS_FILE)}:
        judged = SETS_DIR / ("judgements.tsv" if number == "1" else f"judgements{number}.tsv")
        assert set_file(number).exists() and judged.exists(), number


@pytest.mark.parametrize(("subkind", "label"), [
    ("sexual_lie_beside", "abusive_sexual"), ("flirt_date", "abusive_sexual"), ("harassment_lover", "abusive_sexual"),
    ("threat_smash_screen", "abusive_threat"), ("threat", "abusive_threat"),
    ("hate_sexual_minority", "abusive_hate"), ("sexist_remark", "abusive_hate"),
    ("insult_with_pension_date_question", "abusive"),
    ("profanity", "abusive"),
])
def test_abusive_rows_are_labelled_by_the_writers_subkind(subkind: str, label: str):
    assert abusive_label(subkind) == label


def test_kinds_of_abuse_are_merged_into_abusive_when_predicting():
    """The classifier learns sexual remarks and threats apart, but every reader of ``p("abusive")`` sees
    the whole abusive mass; the kind rides along as ``abuse_kind``."""
    pairs = [("abusive_sexual", t) for t in ("옆에 누워 봐라", "같이 잘래 아가씨", "치마 입고 나와 봐", "애인 해라")]
    pairs += [("abusive_threat", t) for t in ("망치로 깨 뿐다", "불 질러 버린다", "찾아가서 부숴 버릴 거야", "가만 안 둔다")]
    pairs += [("abusive", t) for t in ("이 멍청아", "바보 같은 기계", "씨발 뭐라는 거야", "등신 같은 게")]
    pairs += [("question", t) for t in ("기초연금 얼마예요", "등본 어디서 떼요", "교통카드 신청", "장기요양 등급")]
    model = IntentClassifier.train(pairs, lambda _: np.ones(8), lambda t: t)
    got = model.predict("아가씨 옆에 누워 봐라")
    assert got.label == "abusive" and got.abuse_kind == "sexual"
    assert not set(got.probs) & set(ABUSE_KINDS) and abs(sum(got.probs.values()) - 1) < 1e-6
    assert model.predict("망치로 다 부숴 버린다").abuse_kind == "threat"
    plain = model.predict("기초연금 얼마")
    assert plain.label == "question" and plain.abuse_kind == ""
