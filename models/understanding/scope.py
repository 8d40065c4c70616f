"""Is this a question the knowledge base is for? A binary guard in front of the answer.

The intent classifier reads 29 kinds of utterance, and its out-of-domain classes are one small part
of it: questions about private insurance, a used car's price, a temple's lantern or a golf club were
read as service questions, and the retriever then answered them with the nearest entry (건강보험
지역가입자, 상속세, 주민등록등본). Growing those classes inside the classifier moves every other
reading with them (five-fold CV holds, but emergencies said subtly were lost in trials), so the
scope is a separate model, asked only once no emergency, block or control reading has been taken:

- *in scope*: the corpus' service and scam questions, every KB question and paraphrase, and the
  KB's training-only paraphrases (without the KB's own texts, 1 % of in-domain questions of the
  development sets scored over 0.8, with them 0.7 %);
- *out of scope*: the corpus' out-of-domain lines plus ``data/out_of_scope.tsv`` (questions and
  talk outside public services, many of them sharing words with services: 보험, 연금, 세금, 카드, 차);
- both: the development sets' utterances (``said_intents``), a question in, other talk out.

Features and model are the classifier's (e5 query embedding next to character n-grams, logistic
regression, balanced classes); cached under ``.cache/understanding`` keyed by the data and code.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from models.knowledge import default_entries
from models.understanding.intents import (
    CACHE_DIR,
    DATA,
    _features,
    cache_key,
    char_ngrams,
    kb_question_pairs,
    load_or_train,
    read_corpus,
    said_pairs,
    write_pickle,
)

log = logging.getLogger(__name__)

EXTRA_OUT = Path(__file__).with_name("data") / "out_of_scope.tsv"
IN_SCOPE_LABELS = ("question", "fraud_question")
OUT_OF_SCOPE_LABELS = ("ood_other", "ood_legal", "ood_medical", "chitchat")


def scope_pairs(corpus: Path = DATA, extra: Path = EXTRA_OUT) -> list[tuple[bool, str]]:
    """(out_of_scope, text) for every training text of the guard."""
    pairs = [(label in OUT_OF_SCOPE_LABELS, text) for label, text in read_corpus(corpus)
             if label in IN_SCOPE_LABELS or label in OUT_OF_SCOPE_LABELS]
    pairs += [(False, text) for _, text in kb_question_pairs()]
    pairs += [(False, text) for entry in default_entries() for text in (entry.question, *entry.paraphrases)]
    pairs += [(True, text) for label, text in read_extra(extra)]
    # what seniors said in the development sets: their questions in, their other talk out
    pairs += [(label in OUT_OF_SCOPE_LABELS, text) for label, text in said_pairs()
              if label in IN_SCOPE_LABELS or label in OUT_OF_SCOPE_LABELS]
    return pairs


def read_extra(path: Path = EXTRA_OUT) -> list[tuple[str, str]]:
    """``data/out_of_scope.tsv``: label<TAB>text, labels among ``OUT_OF_SCOPE_LABELS``."""
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        label, _, text = line.partition("\t")
        if label not in OUT_OF_SCOPE_LABELS or not text.strip():
            raise ValueError(f"{path}:{n}: expected one of {OUT_OF_SCOPE_LABELS} and a text")
        pairs.append((label, text.strip()))
    return pairs


class ScopeGuard:
    """``out_of_scope(normalized)``: the probability that the text is not a public-service question."""

    def __init__(self, embed: Callable[[str], np.ndarray], vectorizer, model) -> None:  # noqa: ANN001
        self._embed = embed
        self._vectorizer = vectorizer
        self._model = model
        self._lock = threading.Lock()

    @classmethod
    def train(cls, pairs: Sequence[tuple[bool, str]], embed: Callable[[str], np.ndarray],
              normalize: Callable[[str], str]) -> ScopeGuard:
        from sklearn.linear_model import LogisticRegression

        texts = [normalize(t) for _, t in pairs]
        vectorizer = char_ngrams()
        vectorizer.fit([t.replace(" ", "") or " " for t in texts])
        model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        model.fit(_features(texts, embed, vectorizer), [int(out) for out, _ in pairs])
        return cls(embed, vectorizer, model)

    def serving(self, embed: Callable[[str], np.ndarray]) -> ScopeGuard:
        return ScopeGuard(embed, self._vectorizer, self._model)

    def out_of_scope(self, normalized: str) -> float:
        with self._lock:
            return float(self._model.predict_proba(_features([normalized], self._embed, self._vectorizer))[0][1])

    def save(self, path: Path) -> None:
        write_pickle(path, (self._vectorizer, self._model))

    @classmethod
    def load(cls, path: Path, embed: Callable[[str], np.ndarray]) -> ScopeGuard:
        vectorizer, model = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
        return cls(embed, vectorizer, model)


def scope_cache_key(pairs: Sequence[tuple[bool, str]], corpus: Path = DATA) -> str:
    """The training texts themselves (the KB's questions among them, so a KB edit retrains the guard),
    this file and the classifier's key (normalisation and lexicon code)."""
    digest = hashlib.sha256(cache_key(corpus).encode())
    digest.update("\x1f".join(f"{int(out)}{text}" for out, text in pairs).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def load_scope_guard(embed: Callable[[str], np.ndarray], normalize: Callable[[str], str],
                     corpus: Path = DATA, extra: Path = EXTRA_OUT) -> ScopeGuard:
    """The guard for ``corpus`` and ``extra``: from the cache, or trained now (seconds) and cached."""
    pairs = scope_pairs(corpus, extra)
    return load_or_train(CACHE_DIR / f"scope-{scope_cache_key(pairs, corpus)}.pkl",
                         lambda path: ScopeGuard.load(path, embed),
                         lambda cached: ScopeGuard.train(pairs, cached, normalize).serving(embed),
                         embed, "scope guard")
