"""Short casual questions about a thing ("틀니 해 주나", "지팡이 같은 거 나라에서 주나"): hard negatives
for abuse, generated.

Why: insults aimed at the avatar are often short and casual too ("이 바보 같은 거", "니 같은 거 왜
만들었노"), and the development sets hold many more of them than short questions said the same way. The
classifier trained on them read "X 같은 거 주나" as contempt whatever X was (틀니 0.91, 상품권 0.55,
지팡이 0.52: all blocked), and even "틀니 해 주나" as abuse at 0.51. Each thing below is asked about with
two of the casual endings seniors use; the label is a question (whether the KB answers it is for
retrieval and the scope guard to say).
"""

from __future__ import annotations

#: things seniors ask for by name: aids, papers, benefits, everyday goods
THINGS = (
    "틀니", "임플란트", "보청기", "안경", "지팡이", "보행기", "휠체어", "기저귀", "전동침대", "돋보기",
    "상품권", "쿠폰", "도시락", "반찬", "쌀", "김치", "연탄", "등유", "전기장판", "이불",
    "카드", "교통카드", "통장", "도장", "사진", "신분증", "등본", "증명서", "번호표", "앱",
    "교통비", "병원비", "약값", "난방비", "전기요금", "수도요금", "집세", "월세", "관리비", "장례비",
    "목욕", "이발", "빨래", "청소", "밑반찬", "운동 교실", "노래 교실", "한글 교실", "스마트폰 교실", "물리치료",
    "예방주사", "독감 주사", "건강검진", "치매 검사", "백내장 수술", "무릎 수술", "안부 전화", "말벗", "요양보호사", "간병인",
)

#: casual endings, 반말 and dialect, each one asking
ENDINGS = (
    "해 주나", "주나", "나오나", "되나", "있나", "같은 거 주나", "같은 것도 해 주나", "같은 거 있나",
    "같은 거 나오나", "같은 거 해 주는 데 있나", "도 되나", "같은 거 받을 수 있나", "같은 것도 되노",
    "해 주는교", "나오는 기가", "같은 거 나라에서 주나", "같은 거 공짜로 해 주나", "그런 거 해 주나",
)


def casual_question_pairs() -> list[tuple[str, str]]:
    """("question", text) for each thing with two endings (deterministic, so the cache key is stable)."""
    pairs = []
    for i, thing in enumerate(THINGS):
        for ending in (ENDINGS[(2 * i) % len(ENDINGS)], ENDINGS[(2 * i + 1) % len(ENDINGS)]):
            joiner = "" if ending.startswith("도 ") else " "
            pairs.append(("question", f"{thing}{joiner}{ending}"))
    return pairs
