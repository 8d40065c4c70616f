"""The abusive-language filter: obfuscated positives, hard negatives, measured precision/recall."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.knowledge import default_entries
from models.text_filter import LexiconFilter, normalize
from models.text_filter.cli import DATA_DIR, read_tsv, score

FILTER = LexiconFilter()

POSITIVES = [
    # plain, spaced, digits/symbols inserted, jamo abbreviations, variants
    "씨발", "씨 발", "씨1발", "시..발", "씨-발", "씨*발", "씨~발", "시발 왜 안 돼", "씨바", "씨빨", "씨팔", "쓰발",
    "ㅅㅂ", "ㅆㅂ", "ㅅ.ㅂ", "ㅆ발", "시이발", "씨이이발", "ＳＳＩ 씨발", "니미 씨발",
    # sexual remarks aimed at the avatar
    "몸매가 끝내주네", "엉덩이 좀 보여 줘", "내랑 한번 자 보자", "옷 벗어 봐", "뽀뽀 해 줘", "치마 한번 벗어 봐라",
    "신음 소리 좀 내 봐", "밤에 몰래 만나자", "너 개새끼 짖지 마", "자기라고 한번 불러 봐",
    "병신", "병 신", "병1신", "븅신", "빙신", "ㅂㅅ", "ㅄ", "븅딱아", "이 병신년아",
    "개새끼", "개새기", "개색기", "개 새끼야", "개새꺄", "개쌔끼들", "이 새끼 뭐래",
    "좆같네", "ㅈ같네", "좆까", "존나 느려", "ㅈㄴ 느려", "지랄하네", "ㅈㄹ 하지 마", "개지랄",
    "닥쳐", "입 닥쳐", "닥치라고", "ㄷㅊ", "꺼져", "꺼져라", "시끄러워 꺼져", "꺼지라고 했지", "ㄲㅈ",
    "미친놈", "미친년", "미친 새끼", "ㅁㅊ", "염병하네", "엠창", "느금마", "니애미", "씹새끼", "십새끼",
    "썅", "또라이", "등신아", "개소리 하지 마", "뒈져라", "죽여 버린다", "ㅗㅗ",
]

HARD_NEGATIVES = [
    "시발점이 어디예요?", "시발역에서 출발해요", "시발택시가 있었죠", "오후 3시발 부산행 기차",
    "새끼발가락이 아파요", "새끼손가락을 다쳤어요", "새끼줄 꼬는 법", "새끼 고양이를 주웠어요", "우리 새끼들 보고 싶다",
    "저는 병신년생이에요", "1956년 병신년에 태어났어요", "병신년 새해 복 많이 받으세요",
    "수박씨 발라 먹어요", "수박 씨 발라 먹어도 돼요?", "씨앗 발아가 잘 안 돼요",
    "십팔번이 뭐예요", "18세 미만도 돼요?", "미친 듯이 좋아요", "닥치는 대로 먹어요", "추위가 닥쳐오면요",
    "위기가 닥쳐서 걱정이에요", "꺼져 가는 불", "불이 꺼져 있어요", "화면이 꺼져요", "전원이 꺼져 버렸어요",
    "꺼져 있는 휴대폰", "아저씨 발이 아파요", "아가씨 발음이 좋네요", "날씨 발표", "글씨 발음",
    "즉시 발급되나요?", "다시 발급받으려면요", "도시 발전 계획", "질병 신고", "병 신고는 어디서 해요?",
    "간병 신청은 어디서 해요?", "전염병 신고", "발병 원인", "시바견 키워요", "개 소리가 시끄러워요",
    "잠을 자지 못해요", "보지 못한 고지서", "틀니라서 잘 씹지 못해요", "손주가 졸라서 샀어요",
    "쓰레기 버리는 날", "지랄탄 쏘던 시절", "염병이 옛날엔 장티푸스였대요", "엿 먹어도 돼요?", "호박엿",
    "등신대 사진", "팔등신", "개나리", "죽여주는 맛집", "뒤질 뻔했어요", "대가리 큰 생선", "이놈의 허리",
    "애미야 밥 먹자", "존경하는 선생님", "씨름 대회", "쌍둥이 손주",
    "가슴이 답답해요", "몸이 좋아졌어요", "손주랑 같이 자요", "나랑 같이 자자 손주야", "목욕할 때 옷을 벗어야 돼요", "엉덩이 주사 맞았어요",
    "허벅지가 저려요", "영감이 밤새 신음 소리를 내요", "우리 집 개새끼가 하도 짖어서 못 들었어요", "개새끼 세 마리 낳았어요", "손주가 나를 할머니라고 불러 줘요", "우리 오빠가 불러 줬어요",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_blocks_abuse_and_its_obfuscations(text: str) -> None:
    result = FILTER.check(text)
    assert result.blocked, (text, normalize(text))
    assert result.category in {"profanity", "insult", "threat", "sexual"}
    assert result.matches


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_passes_innocent_words_with_the_same_syllables(text: str) -> None:
    result = FILTER.check(text)
    assert not result.blocked, (text, result.matches)
    assert result.category is None and result.matches == ()


def test_normalize_removes_evasions_but_keeps_word_boundaries() -> None:
    assert normalize("씨1발") == "씨발"
    assert normalize("시..발!!") == "시발"
    assert normalize("ㅅ ㅂ") == "ㅅㅂ"
    assert normalize("아저씨 발이") == "아저씨 발이"
    assert normalize("18세") == "18세"
    assert normalize("ＡＢＣ") == "abc"
    assert normalize("") == ""


def test_knowledge_base_texts_are_never_flagged() -> None:
    """Every question, paraphrase and answer of the knowledge base is a real clean utterance."""
    flagged = []
    for e in default_entries():
        for text in (e.question, e.answer, *e.paraphrases):
            if FILTER.check(text).blocked:
                flagged.append((e.id, text))
    assert flagged == []


@pytest.mark.parametrize("name", sorted(p.name for p in DATA_DIR.glob("*.tsv")))
def test_labelled_set_precision_and_recall(name: str) -> None:
    rows = read_tsv(DATA_DIR / name)
    assert len(rows) >= 50
    s = score("silver-avatar", lambda t: FILTER.check(t).blocked, rows)
    assert s.precision >= 0.95, s.false_flags
    assert s.recall >= 0.95, s.missed


def test_labelled_data_is_large_and_balanced() -> None:
    rows = [r for p in DATA_DIR.glob("*.tsv") for r in read_tsv(p)]
    assert len(rows) >= 200
    clean = sum(1 for _, abusive in rows if not abusive)
    assert 0.4 <= clean / len(rows) <= 0.6
    assert len({t for t, _ in rows}) == len(rows), "duplicate utterances"


def test_fast_enough() -> None:
    rows = [t for p in DATA_DIR.glob("*.tsv") for t, _ in read_tsv(p)]
    FILTER.check(rows[0])
    t0 = time.perf_counter()
    for text in rows:
        FILTER.check(text)
    per_utt_ms = (time.perf_counter() - t0) * 1000 / len(rows)
    assert per_utt_ms < 1.0


def test_read_tsv_rejects_bad_labels(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("text\tlabel\n안녕하세요\tmaybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:2"):
        read_tsv(bad)
