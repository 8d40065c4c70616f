"""Spoken Korean → the plain written form the classifier and the retriever were built for.

Seniors speak in dialect, with fillers and long preambles, and the recogniser spaces and spells
domain words unpredictably (기초 연금, 국민 년금, 기초연끔, 등굽). Three passes, each table-driven:

1. fillers dropped (어, 음, 저기, 그러니까 … as whole words);
2. dialect endings and words mapped to the standard form (경상 캤노/어데/되능교, 전라 허요/당가,
   충청 나유/했슈 …);
3. domain words snapped to the lexicon (``models.understanding.lexicon``): words split by the
   recogniser are joined, and a near-miss within a small jamo edit distance is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from streaming.hangul import edit_distance_within, spell_jamo

FILLERS = frozenset({"어", "어어", "음", "으음", "음음", "저기", "저기요", "그니까", "그러니까", "뭐냐", "뭐더라",
                     "아이고", "에구", "에고", "있잖아", "있잖아요", "그게", "인자", "이제", "막"})

#: (pattern, replacement) applied in order to the whole text; ``\b``-like edges are spaces or the ends.
DIALECT: tuple[tuple[str, str], ...] = (
    # 경상
    (r"뭐라\s?캤(노|나|능교|습니꺼)", "뭐라고 했어요"),
    (r"캤(노|나)(?=\s|$|\?)", "했어요"),
    (r"(?<![가-힣])어데(?=[가-힣]*)", "어디"),
    # 전라·충청 워디 ("등본은 워디서 떼는 거여")
    (r"(?<![가-힣])워디(?=서|로|에|가|여|요|\s|$)", "어디"),
    (r"되능교", "되나요"),
    (r"있는교|있능교", "있나요"),
    (r"하는교|하능교", "하나요"),
    (r"(?<=[가-힣])(능|는)교", "나요"),
    (r"(되|하|가|있|없|받|나와|나오|주|돼)노(?=\s|$|\?)", r"\1나요"),
    (r"하이소", "하세요"),
    (r"주이소", "주세요"),
    (r"(뭐|머)꼬(?=\s|$|\?)", "뭐예요"),
    (r"(?<![가-힣])우째", "어떻게"),
    (r"(?<![가-힣])우예(?=\s|[가-힣])", "어떻게"),
    # 제주 어떵 (= 어떻게)
    (r"(?<![가-힣])어떵(?=\s|[가-힣])", "어떻게"),
    # a marriage ended said as "갈라선" (= 이혼한): the pension split and the papers are asked by the plain word
    (r"(?<![가-힣])갈라선(?=\s|$|지)", "이혼한"),
    (r"(?<![가-힣])갈라섰", "이혼했"),
    (r"(?<![가-힣])와\s?이리", "왜 이렇게"),
    (r"(?<=[가-힣])(아|어)\s?뿌(렸|랬)다", r"\1 버렸어요"),
    (r"뿌(렸|랬)(다|어|네)", "버렸어요"),
    (r"(?<=[가-힣])습니꺼", "습니까"),
    (r"(?<=[가-힣])심더", "습니다"),
    (r"(?<=[가-힣])데이(?=\s|$|[.!?])", "요"),
    # 카던데 (= 라고 하던데) closes a third of the 경상 lines: "깎인다 카던데", "공짜라카던데"
    (r"(다|라|까|나)\s?카(던데|더라고|더라|던가|더나|더니|던디|더노|는데|네|데)(?=요|예|\s|$|[.!?])", r"\1고 하\2"),
    (r"(다|라)\s?캐서(?=\s|$)", r"\1고 해서"),
    (r"(다|라)\s?칸다(?=\s|$|[.!?])", r"\1고 한다"),
    (r"(다|라)\s?카이(?=\s|$|[.!?])", r"\1고 하니까"),
    (r"(?<![가-힣])그\s?카(던데|더라|데|는데)", r"그러\1"),
    (r"(?<![가-힣])그기(?=\s|$)", "그게"),
    (r"(?<![가-힣])우(짜|야)(노|꼬)(?=\s|$|\?)", "어떡해요"),
    (r"(?<![가-힣])우(짜|야)(면|믄)(?=\s|$)", "어떻게 하면"),
    (r"(?<![가-힣])어떻노(?=\s|$|\?)", "어때요"),
    (r"맹글|맨들", "만들"),
    # 전라
    (r"(?<![가-힣])거시기", "그거"),
    (r"(?<=[가-힣])당가(요)?", "나요"),
    (r"(?<=[가-힣])당께", "어요"),
    (r"(뭐|머)시여", "뭐예요"),
    (r"(?<![가-힣])허요", "해요"),
    (r"(?<=[가-힣])허요", "해요"),
    (r"(?<=[가-힣])(는|은)디(?=\s|$)", r"\1데"),
    (r"(?<=[가-힣])쇼(?=\s|$|[.!?])", "세요"),
    # 충청
    (r"(?<=[가-힣])나유", "나요"),
    (r"(?<=[가-힣])했슈", "했어요"),
    (r"(?<=[가-힣])있슈", "있어요"),
    (r"(?<=[가-힣])(혀|허)유", "해요"),
    (r"(?<![가-힣])(혀|혀요)(?=\s|$|\?)", "해요"),
    (r"(?<=[가-힣])감유", "가요"),
    (r"(?<=[가-힣])남유", "나요"),
    (r"(?<=[가-힣])유(?=\s|$|\?)", "요"),
    (r"(뭐|머)여(?=\s|$|\?)", "뭐예요"),
    # 평안·함경 (북한 말씨): 있습네까 → 있습니까, 나옵네다 → 나옵니다
    (r"(?<=[습읍옵합갑됩랍깁십])네(다|까)(?=\s|$|\?)", r"니\1"),
    # everywhere
    (r"(?<=[가-힣])을라(믄|면)(?=\s|$)", "으려면"),
    (r"(?<=[가-힣])(ㄹ)?라믄(?=\s|$)", "려면"),
    (r"(?<=[가-힣])으믄(?=\s|$)", "으면"),
    (r"(?<=[가-힣])믄(?=\s|$)", "면"),
    (r"(?<![가-힣])쫌(?=\s|$)", "좀"),
    (r"(?<![가-힣])머(?=\s|$)", "뭐"),
    # the everyday names of 기초연금 ("그 나라에서 주는 노인 돈", "노인 연금"; 노인일자리 is another matter)
    (r"(?<![가-힣])노인\s?(?:연금|돈|용돈|수당)(?=[은는이가을를도만요]?(?:\s|$|[.!?]))", "기초연금"),
    # 정부24 said aloud ("정부 이십사", heard as "정부 이사")
    (r"(?<![가-힣])정부\s?(?:이십사|이사|24)(?![가-힣0-9])", "정부24"),
    # harmless compounds the recogniser splits, joined so the abuse filter's whitelist sees them whole
    (r"병신년\s+생", "병신년생"),
    (r"시발\s+(점|역)", r"시발\1"),
    (r"새끼\s+(발가락|손가락|줄)", r"새끼\1"),
)
_DIALECT = tuple((re.compile(p), r) for p, r in DIALECT)

#: Recogniser confusions of short domain words (too short for an edit-distance rule to be safe).
CONFUSIONS: dict[str, str] = {
    "년금": "연금", "연끔": "연금", "등굽": "등본", "등뽄": "등본", "둥본": "등본", "초뽄": "초본",
    "보이스피씽": "보이스피싱", "피씽": "피싱", "바우쳐": "바우처", "임프란트": "임플란트", "틀리": "틀니",
    "지매": "치매", "치메": "치매",
}

#: Everyday words one syllable away from a domain term: never snapped to it.
NOT_TERMS = frozenset({"전화요금", "정기예금", "정기적금", "수도요금", "예금통장", "적금통장", "국민은행", "장애물"})

#: Endings that may follow a domain word inside one recognised word (기초연금은, 등본이요, 장기요양으로).
PARTICLES = ("", "은", "는", "이", "가", "을", "를", "도", "에", "에서", "으로", "로", "이요", "요", "이랑", "랑",
             "하고", "만", "이나", "나", "의", "이에요", "예요", "이여", "여", "인가요", "이죠", "은요", "는요")
_SPACES = re.compile(r"\s+")
_PARTICLES_LONGEST_FIRST = tuple(sorted(PARTICLES, key=len, reverse=True))


#: Words that announce the question after a preamble ("손주가 군대를 갔는데 … 내가 물어볼라 캤던 게 …"):
#: what follows is the question; the story before it only pulls the classifier and the retriever away.
_QUESTION_FOLLOWS = re.compile(
    r"(?:물어|여쭤|여쭈어)\s?(?:볼라|보려|볼려|볼랴|볼라고|보려고|볼려고)\s?(?:캤던|했던|카던|하던|고\s?했던|던)\s?(?:게|거|건|기)\s"
    r"|(?:물어|여쭤)\s?(?:볼|보고\s?싶은)\s?(?:게|거|건)\s?(?:있는데|있어서|있어요|있심더|뭐냐면|뭐냐 하면)\s"
    r"|다름이\s?아니(?:라|고)\s|다른\s?게\s?아니(?:라|고)\s|궁금한\s?(?:게|거|건)\s?(?:있는데|있어서|뭐냐면|뭐냐\s하면)\s"
    r"|(?:제가|내가)\s?궁금한\s?(?:건|거는|것은)\s"
    # asking leave to ask ("그라고 하나 더 물어볼께예 …", "뭐 좀 여쭤봐도 될까요 …"): the question follows
    r"|(?:하나|한\s?가지|한\s?개|뭐\s?좀|좀)\s?(?:만\s?)?(?:더\s?)?(?:물어|여쭤|여쭈어|물)\s?"
    r"(?:볼게|볼께|볼란다|볼라요|볼랍니다|봅시다|보입시더|볼께예|볼게예|보께|봐도\s?(?:돼|되|될))[가-힣]*\s")
_MIN_QUESTION_WORDS = 2


def cut_preamble(text: str) -> str:
    """The part after the last words that announce the question, when at least two words follow."""
    found = list(_QUESTION_FOLLOWS.finditer(text))
    if not found:
        return text
    rest = text[found[-1].end():].strip()
    return rest if len(rest.split()) >= _MIN_QUESTION_WORDS else text


def normalize_spoken(text: str, lexicon: Iterable[str] = ()) -> str:
    """The standard written form of a recognised utterance (see the module docstring)."""
    text = _SPACES.sub(" ", text.replace("…", " ").replace("...", " ")).strip()
    text = cut_preamble(text)
    words = [w for w in text.split(" ") if w.strip(",.!?~") not in FILLERS]
    text = " ".join(words)
    for pattern, replacement in _DIALECT:
        text = pattern.sub(replacement, text)
    terms = tuple(lexicon)
    text = snap_terms(text, terms) if terms else text
    return drop_vague_name(text)


#: "나라에서 주는 돈" and the like: a vague name for whatever the state pays. Said beside the programme's
#: own name ("그 나라에서 주는 돈 기초연금도 같이 받능교") it adds nothing, and its 나라 ("country") pulled
#: the retriever to the entry about living abroad.
_VAGUE_NAME = re.compile(
    r"(?<![가-힣])(?:그\s)?나라에서\s?(?:주는|나오는|준다는|대\s?주는|해\s?주는)"
    r"(?:\s?노인)?(?:\s?(?:돈|거|것|그거)(?:이|가|은|는|을|를|도)?)?(?=\s|$)")
_PROGRAMME = re.compile(r"[가-힣]*(?:연금|수당|급여|바우처|지원금)")


def drop_vague_name(text: str) -> str:
    """``text`` without a vague name for state money when the programme itself is named too."""
    if "나라에서" not in text:
        return text
    rest = _VAGUE_NAME.sub(" ", text)
    if rest == text or not _PROGRAMME.search(rest):
        return text
    return _SPACES.sub(" ", rest).strip()


def snap_terms(text: str, lexicon: tuple[str, ...]) -> str:
    """Join domain words the recogniser split and replace near-misses by the lexicon's spelling."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for span in (3, 2, 1):
            if i + span > len(words):
                continue
            joined = "".join(words[i:i + span])
            snapped = _snap_word(joined, lexicon)
            if snapped is not None:
                out.append(snapped)
                i += span
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _snap_word(word: str, lexicon: tuple[str, ...]) -> str | None:
    """``word`` with its domain term in the lexicon's spelling (particles and punctuation kept), or None."""
    stripped = word.rstrip(",.!?~")
    tail = word[len(stripped):]
    for particle in _PARTICLES_LONGEST_FIRST:
        if particle and not stripped.endswith(particle):
            continue
        core = stripped[: len(stripped) - len(particle)] if particle else stripped
        if len(core) < 2:
            continue
        term = _term_for(core, lexicon)
        if term is not None:
            return term + particle + tail
    return None


def _limit_of(jamo_length: int) -> int:
    """Jamo edits allowed between a word and a term of this many jamo: one, two for long terms."""
    return 1 if jamo_length < 9 else 2


def _deletions(spelled: str, depth: int) -> set[str]:
    """``spelled`` and every string made from it by deleting up to ``depth`` jamo."""
    found = {spelled}
    frontier = {spelled}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


@lru_cache(maxsize=8)
def _index(lexicon: tuple[str, ...]) -> _Index:
    """The lexicon as a set; its terms with their jamo spelling; each term's deletion variants (up
    to its edit limit) mapped to the terms that make them; and the jamo lengths of the terms of each
    syllable count. Two strings within k edits share a string made by at most k deletions from each,
    so a word's own deletions find every candidate term without measuring the distance to all of
    them (that scan was most of the stage's time)."""
    terms = tuple((term, spell_jamo(term)) for term in lexicon)
    variants: dict[str, list[int]] = {}
    lengths: dict[int, set[int]] = {}
    for n, (term, target) in enumerate(terms):
        lengths.setdefault(len(term), set()).add(len(target))
        for v in _deletions(target, _limit_of(len(target))):
            variants.setdefault(v, []).append(n)
    return _Index(frozenset(lexicon), terms, {v: tuple(ns) for v, ns in variants.items()},
                  {n: frozenset(ls) for n, ls in lengths.items()})


class _Index(NamedTuple):
    known: frozenset[str]
    terms: tuple[tuple[str, str], ...]
    variants: dict[str, tuple[int, ...]]
    jamo_lengths: dict[int, frozenset[int]]  # syllable count -> the jamo lengths of its terms


@lru_cache(maxsize=4096)
def _term_for(core: str, lexicon: tuple[str, ...]) -> str | None:
    known, terms, variants, jamo_lengths = _index(lexicon)
    if core in known:
        return core
    for wrong, right in CONFUSIONS.items():
        if core.endswith(wrong) and (core[: -len(wrong)] + right) in known:
            return core[: -len(wrong)] + right
    if len(core) < 3 or core in NOT_TERMS or core[:-1] in known:
        return None  # (건강보험 돼: the term and a verb, not 건강보험료)
    spelled = spell_jamo(core)
    # a misheard word keeps its syllable count; a term within reach is at most its limit longer or shorter
    reach = [_limit_of(n) for n in jamo_lengths.get(len(core), ()) if abs(n - len(spelled)) <= _limit_of(n)]
    if not reach:
        return None
    depth = max(reach)
    candidates = sorted({n for v in _deletions(spelled, depth) for n in variants.get(v, ())})
    best, best_d = None, 99
    for n in candidates:  # lexicon order: the first of equally near terms wins
        term, target = terms[n]
        if len(term) != len(core):  # a misheard word keeps its syllable count
            continue
        if sum(a != b for a, b in zip(core, term, strict=True)) > 1:
            continue  # a misheard word is off by one syllable (정기예금 is not 전기요금, 노인도 할 not 노인대학)
        limit = _limit_of(len(target))
        d = edit_distance_within(spelled, target, limit)
        if d <= limit and d < best_d:
            best, best_d = term, d
    return best
