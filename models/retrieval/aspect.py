"""Which *aspect* a question asks (where / how / documents / amount / eligibility / timing / contact /
overview / other), predicted apart from the topic, and a scorer that lets it pick among one
topic's entries.

Most first-stage mistakes on held-out paraphrases are the right topic with the wrong aspect (112 of
174 on the 398-entry KB: "언제 신청해요?" answered with where to apply). The first stage is good at
the topic (what the words are about) and weak at the few words that say what is asked; a small
classifier over character n-grams of the whole question, trained on every entry's training
paraphrases labelled with that entry's aspect, reads those words. ``AspectScorer`` adds
``weight * log(p(aspect of candidate) / p(most likely aspect))`` to every candidate's score (the
others lose in proportion to how unlikely their aspect is), then shifts all scores so that the new
best has the old best's score: the prior reorders, the refusal threshold keeps its meaning.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.knowledge import Entry
from models.retrieval.index import Candidates

log = logging.getLogger(__name__)

CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "retrieval"
#: log-probabilities below this are floored (one unseen aspect must not sink a candidate forever)
LOG_FLOOR = -6.0


def _compact(text: str) -> str:
    return "".join(text.split()) or " "


class AspectModel:
    """Character 1-3-gram TF-IDF + logistic regression; ``log_proba`` is thread-safe."""

    def __init__(self, vectorizer, model) -> None:  # noqa: ANN001
        self._vectorizer = vectorizer
        self._model = model
        self.labels: tuple[str, ...] = tuple(model.classes_)
        self._lock = threading.Lock()

    @classmethod
    def train(cls, texts: Sequence[str], aspects: Sequence[str], c: float = 8.0) -> AspectModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        compact = [_compact(t) for t in texts]
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True).fit(compact)
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        model.fit(vectorizer.transform(compact), list(aspects))
        return cls(vectorizer, model)

    def log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """``[len(texts), len(labels)]`` natural-log probabilities, floored at ``LOG_FLOOR``."""
        with self._lock:
            probs = self._model.predict_proba(self._vectorizer.transform([_compact(t) for t in texts]))
        return np.maximum(np.log(np.maximum(probs, 1e-12)), LOG_FLOOR)

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[i] for i in self.log_proba(texts).argmax(axis=1)]


def train_cached(texts: Sequence[str], aspects: Sequence[str]) -> AspectModel:
    """``AspectModel.train`` on these examples, from ``.cache/retrieval`` when trained before (a
    second or two otherwise)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for t, a in zip(texts, aspects, strict=True):
        digest.update(f"{a}\x00{t}\x01".encode())
    path = CACHE_DIR / f"aspect-{digest.hexdigest()[:16]}.pkl"
    if path.exists():
        try:
            vectorizer, model = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
            return AspectModel(vectorizer, model)
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            log.warning("aspect model cache %s unreadable; retraining", path)
    model = AspectModel.train(texts, aspects)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps((model._vectorizer, model._model)))
        tmp.replace(path)
    except OSError as exc:
        log.warning("could not cache the aspect model: %s", exc)
    return model


class AspectScorer:
    """``first``'s scores, each candidate's moved by how likely the query asks its aspect."""

    def __init__(self, first, model: AspectModel, aspects: Sequence[str | None], weight: float) -> None:  # noqa: ANN001
        self.name = f"{first.name}, aspect prior (w={weight:g})"
        self.first, self.model, self.weight = first, model, float(weight)
        self.candidates: Candidates = first.candidates
        # a candidate without a known aspect (a distractor) takes the aspect its own first text reads as
        unknown = [i for i, a in enumerate(aspects) if a is None]
        guessed = model.predict([self._first_text(i) for i in unknown]) if unknown else []
        filled = list(aspects)
        for i, a in zip(unknown, guessed, strict=True):
            filled[i] = a
        self._column = np.asarray([model.labels.index(str(a)) if a in model.labels else -1 for a in filled])

    def _first_text(self, candidate: int) -> str:
        return self.candidates.texts[int(self.candidates.starts[candidate])]

    def score(self, query: str) -> np.ndarray:
        per = self.first.score(query)
        logp = self.model.log_proba([query])[0]
        prior = np.where(self._column >= 0, logp[self._column] - logp.max(), 0.0)
        out = per + self.weight * prior
        # the prior reorders; it does not change how sure the first stage is that the KB holds an
        # answer: the new best keeps the old best's score, so the refusal threshold means the same
        return out + (per.max() - out.max())


def with_aspect(first, weight: float, entries: Sequence[Entry], train: dict[str, tuple[str, ...]]) -> AspectScorer:  # noqa: ANN001
    """``first`` with the aspect prior, the model trained on ``train`` (entry id -> its training
    texts, as in ``split_entries``) labelled by each entry's aspect."""
    texts = [t for e in entries for t in train[e.id]]
    labels = [e.aspect for e in entries for _ in train[e.id]]
    by_id = {e.id: e.aspect for e in entries}
    return AspectScorer(first, train_cached(texts, labels), [by_id.get(c) for c in first.candidates.ids], weight)


#: weights ``choose_weight`` tries on dev
WEIGHTS = (0.0, 0.03, 0.05, 0.08, 0.1, 0.15)


def choose_weight(first, entries: Sequence[Entry], split) -> tuple[float, list[dict]]:  # noqa: ANN001
    """The aspect weight with the best dev (MRR, R@1) over ``first``'s index, and the table."""
    from models.retrieval.evaluate import rank_metrics

    rows = []
    for w in WEIGHTS:
        scorer = with_aspect(first, w, entries, split.train) if w else first
        m = rank_metrics(scorer, split.dev)
        rows.append({"weight": w, "r1": round(m.r1, 4), "mrr": round(m.mrr, 4)})
    best = max(rows, key=lambda r: (r["mrr"], r["r1"]))
    return float(best["weight"]), rows
