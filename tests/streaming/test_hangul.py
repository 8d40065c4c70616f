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
