from streaming.hangul import edit_distance, spell_jamo, split_syllable


def test_syllables_split_into_jamo_indices():
    assert split_syllable("가") == (0, 0, 0)
    assert split_syllable("한") == (18, 0, 4)  # ㅎ ㅏ ㄴ
    assert split_syllable("힣") == (18, 20, 27)
    assert split_syllable("a") is None and split_syllable("ㄱ") is None
    assert spell_jamo("안녕") == "\u110b\u1161\u11ab\u1102\u1167\u11bc"
    assert spell_jamo("a가") == "a\u1100\u1161"


def test_edit_distance():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3 and edit_distance("abc", "abc") == 0
    # one mis-heard consonant is one jamo edit, not a whole syllable
    assert edit_distance(spell_jamo("도맙습니다"), spell_jamo("고맙습니다")) == 1


def test_banded_edit_distance_agrees_with_the_full_one_within_its_limit() -> None:
    """The lexicon snap's bounded distance: exact up to ``limit``, ``limit + 1`` beyond it."""
    import random

    from streaming.hangul import edit_distance_within, spell_jamo

    rng = random.Random(0)
    words = ["기초연금", "기초연끔", "국민연금", "건강보험", "장기요양", "등본", "주민센터", "틀니", "보청기", "경로당"]
    pairs = [(spell_jamo(a), spell_jamo(b)) for a in words for b in words]
    pairs += [("".join(rng.choice("abc") for _ in range(rng.randint(0, 8))),
               "".join(rng.choice("abc") for _ in range(rng.randint(0, 8)))) for _ in range(3000)]
    for a, b in pairs:
        full = edit_distance(a, b)
        for limit in (0, 1, 2, 3):
            assert edit_distance_within(a, b, limit) == (full if full <= limit else limit + 1), (a, b, limit)
