"""Lexical baseline: character n-gram TF-IDF (sublinear tf, l2-normalized) with cosine scores.

Korean spelling in ASR output and dialect varies a lot ("받을라믄", "받으믄"), so character
n-grams within words (with word-boundary marks) suit it better than word tokens.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
from scipy import sparse

_WS = re.compile(r"[^\w]+")


def char_ngrams(text: str, n_min: int = 1, n_max: int = 3) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in _WS.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(n_min, n_max + 1):
            for i in range(len(w) - n + 1):
                g = w[i : i + n]
                if g.strip():
                    grams[g] += 1
    return grams


class TfidfIndex:
    """Fit on the index texts; ``scores(query)`` gives cosine similarity to each indexed text."""

    def __init__(self, texts: list[str], n_min: int = 1, n_max: int = 3) -> None:
        self.n_min, self.n_max = n_min, n_max
        docs = [char_ngrams(t, n_min, n_max) for t in texts]
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        self.vocab = {g: i for i, g in enumerate(sorted(df))}
        n = len(texts)
        self.idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in sorted(df)], dtype=np.float32)
        self.matrix = self._vectorize(docs)  # [n_texts, vocab] csr, rows l2-normalized

    def _vectorize(self, docs: list[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            for g, c in d.items():
                j = self.vocab.get(g)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append((1.0 + math.log(c)) * self.idf[j])
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(self.vocab)), dtype=np.float32)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms).dot(m).tocsr()

    def scores(self, query: str) -> np.ndarray:
        q = self._vectorize([char_ngrams(query, self.n_min, self.n_max)])
        return np.asarray(self.matrix.dot(q.T).todense()).ravel()
