"""What seniors said, by kind: training examples for the intent classifier.

Why: the hand-written corpus (``data/intents.tsv``) holds a few thousand short, tidy lines. The
development sets (earlier blind sets, written by people who never saw the KB or the rules) hold
over ten thousand utterances in the words seniors use: sexual remarks said as invitations ("옆에
누워 봐라"), threats with no swear word in them, hard negatives, urgent cases said calmly. Each row
already carries its writer's kind; ``data/said_intents.tsv`` names each row (set, id) with the
classifier label that kind maps to:

- abusive rows: ``abusive``, or ``abusive_sexual`` / ``abusive_threat`` / ``abusive_hate`` where the
  writer's subkind says so (the reply differs: a plain no to a sexual remark, the anger heard for a
  threat; a group put down is judged by the text filter's hate rules, which need a sweeping judgement);
- urgent rows: an urgent label, or ``fraud_question`` for a scam going on and not yet paid;
- every other kind: the label, among those the kind allows, that the classifier trained on the
  hand-written corpus alone found likeliest (``question`` or ``fraud_question`` for an in-domain
  question; for a hard negative, never abuse or an emergency: a question when its writer expects a
  service answered, else a control or out-of-domain label).

Training also joins each bit of talk to a question said (``talk_then_question``). Only the
references are stored, never the text. Regenerate with
``python -m models.understanding.said_intents SET [SET …]`` (it trains the corpus-only classifier).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from models.understanding.dev_sets import SETS_DIR, read_rows, set_texts
from models.understanding.intents import CONTROL, OUT_OF_DOMAIN, URGENT

LABELS_FILE = Path(__file__).with_name("data") / "said_intents.tsv"

#: the labels a writer's kind allows (abusive rows are labelled from their subkind instead)
KIND_LABELS: dict[str, tuple[str, ...]] = {
    "in_domain": ("question", "fraud_question"),
    "out_of_domain": OUT_OF_DOMAIN,
    "hard_negative": ("question", "fraud_question", *CONTROL, *OUT_OF_DOMAIN),
    "control": CONTROL,
    # a scam going on now, not yet paid, is the corpus' fraud question (the dialogue hears "now" itself)
    "urgent": (*URGENT, "fraud_question"),
}

_SEXUAL = re.compile(r"sexual(?!_minority)|flirt|lewd|lover|kiss|undress|propos|motel|moan|girlfriend|boyfriend"
                     r"|lie_beside|lie_next|sleep_together|skirt|underwear|touch|show_face|night_call|innuendo")
_THREAT = re.compile(r"threat|smash|break_screen|arson|burn_down|kill")


def abusive_label(subkind: str) -> str:
    """``abusive_sexual`` / ``abusive_threat`` / ``abusive_hate`` by the writer's subkind, else
    ``abusive`` (a group put down, "hate_sexuality", is hate, not a sexual remark)."""
    sub = subkind.lower()
    if sub.startswith("hate") or "sexis" in sub or "slur" in sub:
        return "abusive_hate"
    if _SEXUAL.search(sub):
        return "abusive_sexual"
    if _THREAT.search(sub):
        return "abusive_threat"
    return "abusive"


#: a hard negative whose writer expects a service answered ("Recognises the idiom and answers about
#: computer classes"): a question with a look-alike word in it, not talk
_EXPECTS_ANSWER = re.compile(r"\b(?:answers?|answering|explains?|explaining|gives?|giving|mentions?|tells?|information"
                             r"|how to find)\b", re.IGNORECASE)
_ASKED = ("question", "fraud_question")
#: an out-of-domain row is a matter of law (``ood_legal``, sent to 132) only when its writer says so:
#: a private insurance claim, a used car or a fortune teller read as "legal" taught the classifier to
#: send shopping to 132
_LEGAL_SUBKIND = re.compile(r"legal|lawsuit|(?<!in_)law(?!n)|sue|dispute|inherit|divorce|alimony|custody|lawyer"
                            r"|landlord|tenant|deposit|boundary|will\b|loan_to|unpaid_loan|contract")
#: nor a doctor's matter (``ood_medical``) when its writer names a product, a policy or money
_MONEY_SUBKIND = re.compile(r"insurance|pension_product|financ|loan|stock|invest|shop|price|product")


def label_row(row: Mapping[str, str], probs: Callable[[str], Mapping[str, float]]) -> str | None:
    """The training label of one development row (``probs``: the corpus-only classifier's reading of
    its text), or None for a kind with no label."""
    if row["kind"] == "abusive":
        return abusive_label(row.get("subkind", ""))
    allowed = KIND_LABELS.get(row["kind"])
    subkind = row.get("subkind", "").lower()
    if row["kind"] == "out_of_domain" and subkind and not _LEGAL_SUBKIND.search(subkind):
        allowed = tuple(label for label in allowed if label != "ood_legal")
    if row["kind"] == "out_of_domain" and _MONEY_SUBKIND.search(subkind):
        allowed = tuple(label for label in allowed if label != "ood_medical")
    if row["kind"] == "hard_negative":
        asked = bool(_EXPECTS_ANSWER.search(row.get("expect", "")))
        allowed = tuple(label for label in allowed if (label in _ASKED) == asked)
    if not allowed:
        return None
    p = probs(row["text"])
    return max(allowed, key=lambda label: p.get(label, 0.0))


def read_said_intents(path: Path = LABELS_FILE, sets_dir: Path = SETS_DIR) -> list[tuple[str, str]]:
    """(label, said text) for every row of ``path`` whose set file is present."""
    if not path.exists():
        return []
    sets: dict[str, dict[str, dict[str, str]]] = {}
    out: list[tuple[str, str]] = []
    for r in read_rows(path):
        number = r["set"].strip()
        if number not in sets:
            sets[number] = set_texts(number, sets_dir)
        row = sets[number].get(r["id"].strip())
        if row and row["text"].strip():
            out.append((r["label"].strip(), row["text"].strip()))
    return out


#: what joins a bit of talk to the question after it ("손주 재롱에 웃겨 죽겠는데 틀니는 몇 살부터 …")
_JOINS = ("", "근데", "그건 그렇고", "아 그리고", "근디")


def talk_then_question(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each bit of talk said (``chitchat``: idioms, a TV scene, a pest killed) followed by a question
    said, labelled as that question. Why: the talk alone teaches its words as chat ("웃겨 죽겠다" is no
    emergency), and without these the same words before a real question made the question chat too."""
    talk = sorted(text for label, text in pairs if label == "chitchat")
    asked = sorted((text, label) for label, text in pairs if label in _ASKED)
    if not talk or not asked:
        return []
    out = []
    for i, said in enumerate(talk):
        question, label = asked[(i * 7919) % len(asked)]
        out.append((label, " ".join(part for part in (said, _JOINS[i % len(_JOINS)], question) if part)))
    return out


def said_training_pairs(path: Path = LABELS_FILE, sets_dir: Path = SETS_DIR) -> list[tuple[str, str]]:
    """(label, text): the development sets' labelled utterances and their talk-then-question joins
    (the packaged files are read once per process: the classifier's and the scope guard's cache keys
    and training pairs all ask for them at start-up)."""
    if path == LABELS_FILE and sets_dir == SETS_DIR:
        return list(_packaged_pairs())
    return _with_joins(path, sets_dir)


def _with_joins(path: Path, sets_dir: Path) -> list[tuple[str, str]]:
    pairs = read_said_intents(path, sets_dir)
    return pairs + talk_then_question(pairs)


@functools.cache
def _packaged_pairs() -> tuple[tuple[str, str], ...]:
    return tuple(_with_joins(LABELS_FILE, SETS_DIR))


def write_labels(numbers: Iterable[str], probs: Callable[[str], Mapping[str, float]],
                 path: Path = LABELS_FILE, sets_dir: Path = SETS_DIR) -> int:
    """Label every row of the development sets ``numbers`` into ``path``; the number of rows written."""
    lines = ["# Development sets' utterances by reference (models/understanding/eval/blindN.tsv) with the intent",
             "# label their writer's kind maps to (see models/understanding/said_intents.py). Never a set still blind.",
             "set\tid\tlabel"]
    for number in numbers:
        for row_id, row in set_texts(number, sets_dir).items():
            label = label_row(row, probs)
            if label is not None:
                lines.append(f"{number}\t{row_id}\t{label}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 3


def main(argv: list[str]) -> None:
    from models.retrieval.retriever import fast_query_encoder
    from models.understanding.intents import (
        EmbeddingCache,
        IntentClassifier,
        training_embedder,
        training_pairs,
    )
    from models.understanding.lexicon import default_lexicon
    from models.understanding.normalize import normalize_spoken

    lexicon = default_lexicon()
    def normalize(text: str) -> str:
        return normalize_spoken(text, lexicon)

    embed = EmbeddingCache(training_embedder(fast_query_encoder()))
    classifier = IntentClassifier.train(training_pairs(said=False), embed, normalize)
    written = write_labels(argv, lambda text: classifier.predict(normalize(text)).probs)
    embed.save()
    print(f"{written} rows labelled into {LABELS_FILE}")


if __name__ == "__main__":
    main(sys.argv[1:])
