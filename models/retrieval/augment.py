"""Spoken-style variants of training texts, as extra training queries for the query head.

Seniors' questions reach the retriever through speech recognition: a filler in front ("어… ",
"그러니까 "), a regional or casual ending ("-나유", "-혀", "-까유"), a missing question mark, and
spaces dropped or put inside a word. The KB's own paraphrases show all of this, but each entry has
only a handful. ``spoken_variant`` applies a few of these edits at random to a training text; the
variants are used only as training *queries* (never index texts), and a variant is never matched
against the text it came from. Measured on dev over four seeds (2026-11-26): R@1 0.816 -> 0.827,
MRR 0.887 -> 0.893, with a smaller spread between seeds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FILLERS = ("어… ", "그러니까 ", "저기 ", "아 ", "근데 ")
#: (standard ending, spoken or regional form); at most one is applied per variant
ENDINGS = (
    ("나요", "나유"),
    ("나요", "나예"),
    ("해요", "혀"),
    ("까요", "까유"),
    ("예요", "여"),
    ("어요", "어유"),
    ("돼요", "되유"),
    ("가요", "가유"),
    ("요?", "요"),
    ("?", ""),
)


def spoken_variant(text: str, rng: np.random.Generator) -> str:
    """One random spoken-style variant of ``text`` (it may come out unchanged)."""
    t = text.strip()
    if rng.random() < 0.4:
        t = FILLERS[int(rng.integers(len(FILLERS)))] + t
    for standard, spoken in ENDINGS:
        if standard in t and rng.random() < 0.5:
            t = t.replace(standard, spoken, 1)
            break
    words = t.split(" ")
    if len(words) > 2 and rng.random() < 0.5:  # two words run together
        i = int(rng.integers(len(words) - 1))
        words[i : i + 2] = [words[i] + words[i + 1]]
    elif rng.random() < 0.3:  # a space inside a word
        i = int(rng.integers(len(words)))
        w = words[i]
        if len(w) > 2:
            k = int(rng.integers(1, len(w)))
            words[i] = w[:k] + " " + w[k:]
    return " ".join(words)


def spoken_variants(texts: list[str] | tuple[str, ...], per_text: int = 2, seed: int = 5) -> tuple[list[str], np.ndarray]:
    """``per_text`` variants of every text, seeded: (variants, index of each one's source text)."""
    return _seeded_variants(spoken_variant, texts, per_text, seed)


def _seeded_variants(make: Callable[[str, np.random.Generator], str], texts: list[str] | tuple[str, ...],
                     per_text: int, seed: int) -> tuple[list[str], np.ndarray]:
    """``per_text`` variants of every text by ``make``, from one seeded generator, in text order."""
    rng = np.random.default_rng(seed)
    source = np.repeat(np.arange(len(texts)), per_text)
    return [make(texts[i], rng) for i in source], source


#: Life stories seniors tell before the question (training only; the evaluation's preambles are a
#: separate list in ``evaluate.py``). A clause from each column, so a few dozen lines give
#: thousands of preambles; none names a service, so the head learns to look past them.
STORY_WHO = (
    "내가", "우리 집 양반이", "우리 영감이", "우리 할멈이", "내 동생이", "우리 큰딸이", "작은아들이", "옆집 할머니가",
    "교회 권사님이", "동네 이장이", "손주 녀석이", "사위가", "우리 형님이", "친구가",
)
STORY_WHAT = (
    "올해 여든이 넘었는디", "혼자 지낸 지가 한 오 년 됐는데", "시골서 평생 농사만 짓다가", "성격이 급해가지고",
    "손주 보러 갔다 왔는데", "서울 살다가 고향으로 내려왔는디", "아침에 밭에 갔다 와서", "교회 갔다 오는 길에",
    "전화로 물어보라 카길래", "지난번에 얘기를 하는데", "테레비에서 뭘 봤다 카면서", "장날에 만나서 하는 말이",
    "맨날 바쁘다고 전화도 잘 안 하는데", "공무원 하다 퇴직했는데", "노래 교실 다니는데", "화투 치다가 얘기가 나와서",
    "명절에 와서 그러더라고", "이것저것 챙겨 주는데", "식당 일을 오래 했는데", "평생 장사만 했는데",
    "요새 날이 추워가지고", "마을회관에 갔다가 들었는디",
)
STORY_LINK = (
    "그래서 그러는데", "근데 말이여", "그건 그렇고", "다름이 아니라", "한 가지 물어볼라꼬", "그래가지고", "아무튼",
    "내가 몰라서 그러는데", "궁금한 게 있어서", "",
)
STORY_TAIL = ("그게 궁금해서요", "내가 잘 몰라서 그래", "알려 주이소", "좀 가르쳐 줘요", "자식들한테 물어보기도 그렇고")


def story_variant(text: str, rng: np.random.Generator) -> str:
    """``text`` (spoken-style) after a one- or two-clause life story, sometimes with a tail after it."""
    def pick(options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    story = [pick(STORY_WHO), pick(STORY_WHAT)]
    if rng.random() < 0.4:
        story.append(pick(STORY_WHAT))
    story.append(pick(STORY_LINK))
    parts = [*story, spoken_variant(text, rng)]
    if rng.random() < 0.3:
        parts.append(pick(STORY_TAIL))
    return " ".join(p for p in parts if p)


def story_variants(texts: list[str] | tuple[str, ...], per_text: int = 1, seed: int = 7) -> tuple[list[str], np.ndarray]:
    """``per_text`` story variants of every text, seeded: (variants, index of each one's source text)."""
    return _seeded_variants(story_variant, texts, per_text, seed)
