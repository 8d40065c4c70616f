"""A plain question said with rough words around it ("이 망할 놈의 기계야 등본 떼는 거 그거 하나 못
알려주냐", "씨발 기초연금 언제 들어오냐고 몇 번을 물어봐야 돼"): what is left once the rough words
and the complaint about not being answered are taken away is the question to look up."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# The complaint around the question: asked how many times, not even that one thing, "you machine"
_FRAME = re.compile(
    r"몇\s?번(?:을|이나|째)?\s?(?:물어|묻|말해|얘기|말)\S*(?:\s(?P<after>\S+))?"
    r"|그거\s?하나\s?(?:못|모르|안)\S*"
    r"|(?:망할|빌어먹을|썩을|염병할|우라질)\s?(?:놈의|년의|놈|것)?"
    r"|(?:^|\s)(?:야|이|이놈아|이년아|이놈의|(?:이\s?)?기계야|이\s?깡통아)(?=\s|$)"
    # "할망구 같은 기계야", "바보 같은 게": the name called
    r"|(?:\S+\s?)?같(?:은|으니라고)\s?(?:기계|놈|년|것|게|거)?(?:야|아|이)?(?=\s|$)"
    # "대답을 똑바로 해", "말 좀 제대로 해라": the complaint, not the question
    r"|(?:대답|말|답)(?:을|좀|을\s?좀)?\s?(?:똑바로|제대로|똑디|바로)\s?(?:해|하|좀)\S*"
    r"|(?:똑바로|제대로|똑디)\s?(?:말|대답|얘기|답)\S*(?:\s(?:봐|바|해|보라|해라))?"
    # "… 물어봤잖아": asked before, the complaint
    r"|(?:아까|몇\s?번|벌써)?\s?물어\s?(?:봤잖아|봤다이가|봤는데|봤자나|봤다니까|봤다)\S*"
    # "… 묻잖아 딴소리 말고": asking again, and "stop talking about something else"
    r"|(?:묻잖아|물었잖아|묻는다니까|묻는데|묻고\s?있잖아)\S*|딴\s?소리\s?(?:말고|하지\s?말고|하네|하고|마라|말어)\S*"
)

# A name called at the start ("똥멍청아", "바보야")
_VOCATIVE = re.compile(r"[가-힣]{2,5}(?:아|야)")


def without_rough_frame(text: str, rough_words: Iterable[str] = (),
                        is_insult: Callable[[str], bool] | None = None,
                        names_a_service: Callable[[str], bool] | None = None) -> str:
    """``text`` without ``rough_words`` (the filter's matches) and the complaint framing the question;
    with ``is_insult``, also without the mild names called first ("바보 멍청아 땅 판 돈 …"). The word
    after "몇 번을 물어봐야" goes with the complaint ("… 돼", "… 귓구멍이 막혔나") unless
    ``names_a_service`` says it names what is asked ("몇 번을 묻노 에너지바우처 그거 언제 나오냐고")."""
    for word in rough_words:
        if word:
            text = text.replace(word, " ")

    def frame_out(m: re.Match[str]) -> str:
        after = m.group("after")
        return f" {after} " if after and names_a_service is not None and names_a_service(after) else " "

    words = _FRAME.sub(frame_out, text).split()
    while words and words[0] in ("의", "야", "이", "아", "말고", "그만하고", "것아", "놈아", "년아", "새끼야", "것이", "거야"):
        words = words[1:]  # what a rough word taken away leaves behind ("망할 놈의", "ㅈㄹ 말고")
    if len(words) > 2 and _VOCATIVE.fullmatch(words[0]):
        words = words[1:]  # "똥멍청아 기초연금 얼마냐고": the name called first
    while is_insult is not None and len(words) > 2 and is_insult(words[0]):
        words = words[1:]  # "바보 멍청아 …": mild names before the question
    return " ".join(words)


def names_called(text: str, is_insult: Callable[[str], bool]) -> bool:
    """A rough name called in the first words ("이 깡통아 …", "멍청아 …"): said to the avatar."""
    return any(_VOCATIVE.fullmatch(w) and is_insult(w) for w in text.split()[:4])
