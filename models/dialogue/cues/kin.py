"""Words for the people around an older person, in standard Korean and the dialects, as they appear
in ``compact`` text. One vocabulary for every rule that asks "who": a word added here reaches the
abuse, family-matter, crisis and missing-person rules alike. Each rule joins the groups it means
(``alt``) and adds its own words (carers, friends, the verbs of going out).
"""

from __future__ import annotations

SPOUSE = ("남편", "영감", "아내", "마누라", "할멈", "집사람", "냄편", "각시", "안사람", "바깥양반")
PARENTS = ("어머니", "아버지", "엄마", "아빠", "어무이", "어무니", "어머이", "엄니", "어매", "아부지", "아배", "아바이")
PARENTS_IN_LAW = ("시어머니", "시아버지", "시어매", "시엄마", "장모", "장인")
GRANDPARENTS = ("할아버지", "할머니", "할매", "할배", "할무이", "할아부지")
CHILDREN = ("아들", "딸", "자식")
CHILDREN_IN_LAW = ("며느리", "사위")
GRANDCHILDREN = ("손자", "손녀", "손주", "손지")
SIBLINGS = ("형님", "동생", "형", "오빠", "언니", "누나")


def alt(*groups: tuple[str, ...] | str) -> str:
    """A non-capturing alternation of the groups' words (a str is one word), longest first so that
    a match never stops inside a longer word of the same list (시어머니 before 어머니)."""
    words: list[str] = []
    for group in groups:
        for word in (group,) if isinstance(group, str) else group:
            if word not in words:
                words.append(word)
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
