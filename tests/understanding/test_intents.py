"""The trained intent classifier: held-out accuracy on its own corpus, the knowledge base's questions
(never in its training data) read as questions, emergencies and hard negatives."""

from __future__ import annotations

import numpy as np
import pytest

from models.understanding import URGENT, Understanding, load_understanding
from models.understanding.intents import EmbeddingCache, IntentClassifier, read_corpus


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return load_understanding()


def test_held_out_accuracy_on_the_corpus(understanding: Understanding) -> None:
    """Five folds: trained on four fifths, scored on the rest (embeddings come from the cache)."""
    from models.retrieval.retriever import fast_query_encoder

    pairs = read_corpus()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(pairs))
    embed = EmbeddingCache(fast_query_encoder())
    right = urgent_missed = urgent_n = 0
    for fold in range(5):
        test_idx = set(order[fold::5].tolist())
        train = [p for i, p in enumerate(pairs) if i not in test_idx]
        model = IntentClassifier.train(train, embed, understanding.normalize)
        for i in test_idx:
            label, text = pairs[i]
            got = model.predict(understanding.normalize(text)).label
            right += got == label
            if label in URGENT:
                urgent_n += 1
                urgent_missed += got not in URGENT
    embed.save()
    assert right / len(pairs) >= 0.85
    # the classifier alone (the dialogue adds the cue rules under it); 4.6 % measured on 2026-12-04 after the
    # corpus gained indirect emergencies next to their idiom look-alikes and the urgent rule needs one kind >= 0.3;
    # 5.9 % after round 3 added near neighbours on purpose (sharing, sexual remarks about 가슴, worried service
    # questions, third-party suicide signals: 36 of 606, most caught by the cue rules in the dialogue). The
    # figure that matters, urgent recall of the whole engine, is measured on the blind sets (docs/understanding.md).
    assert urgent_missed / urgent_n <= 0.065


def test_knowledge_base_questions_are_questions(understanding: Understanding) -> None:
    """The KB's own questions (not in the corpus) must not read as control, abuse or an emergency."""
    from models.knowledge import default_entries

    safety = ("화재", "침입", "낯선", "실종", "가스", "109", "보이스피싱", "학대", "자살")
    wrong = []
    texts = [t for e in default_entries() if not any(k in e.topic for k in safety) for t in (e.question, e.paraphrases[0])]
    for text in texts:
        label = understanding.understand(text).intent.label
        if label in URGENT or label == "abusive":
            wrong.append((text, label))
    assert len(wrong) / len(texts) <= 0.01, wrong


@pytest.mark.parametrize(("text", "kind"), [
    ("할아버지가 갑자기 쓰러져서 말을 못 해요", "urgent_medical"),
    ("가슴이 막 쪼이고 아파 죽겠어", "urgent_medical"),
    ("부엌에서 불이 났어요", "urgent_fire"),
    ("어머니가 치매가 있는데 아침에 나가서 안 들어와요", "urgent_missing"),
    ("모르는 남자가 문을 계속 두드리고 안 가요", "urgent_intruder"),
    ("아들이라고 해서 벌써 돈을 보내 버렸어요", "urgent_fraud_paid"),
    ("사는 게 너무 힘들어서 죽고 싶어요", "crisis"),
    ("진통제를 한 주먹 삼켰어요", "urgent_medical"),
    ("계단에 연기가 꽉 차서 못 내려가요", "urgent_fire"),
    ("거실에 모르는 남자가 들어와 있어요", "urgent_intruder"),
    ("내 계좌에서 돈이 막 빠져나가요", "urgent_fraud_paid"),
    ("며느리가 때려서 무서워 죽겠어요 지금도 집에 있어요", "urgent_abuse"),
])
def test_emergencies(understanding: Understanding, text: str, kind: str) -> None:
    intent = understanding.understand(text).intent
    assert intent.urgent, (text, intent.label)


@pytest.mark.parametrize("text", [
    "병신년 생인데 기초연금 받을 수 있어요?", "새끼발가락이 아파서 병원 가요", "시발점이 어디예요",
    "더워 죽겠어요 무더위쉼터 어디 있어요", "가슴이 설레요 손주가 온대요", "불고기 맛있게 하는 법",
])
def test_hard_negatives_are_neither_abuse_nor_emergencies(understanding: Understanding, text: str) -> None:
    intent = understanding.understand(text).intent
    assert intent.label != "abusive" and not intent.urgent, (text, intent.label)


@pytest.mark.parametrize(("text", "label"), [
    ("선생님은 고향이 어디세요", ("chitchat", "who_are_you")),
    ("이건 어떻게 쓰는 거예요 처음이라", ("how_to_use",)),
    ("쪽바리 같은 목소리", ("abusive",)),
    ("늙은이라고 우습게 보냐", ("abusive",)),
])
def test_small_talk_and_insult_labels(understanding: Understanding, text: str, label: tuple[str, ...]) -> None:
    assert understanding.understand(text).intent.label in label


def test_kb_questions_join_training_without_safety_topics() -> None:
    from models.knowledge import default_entries
    from models.understanding.intents import SAFETY_TOPIC_WORDS, kb_question_pairs

    pairs = kb_question_pairs()
    assert pairs and {label for label, _ in pairs} == {"question"}
    def key(text: str) -> str:
        return "".join(ch for ch in text if ch.isalnum())

    own = {key(t) for e in default_entries() for t in (e.question, *e.paraphrases)}
    assert not own & {key(t) for _, t in pairs}  # never the KB's own questions or held-out paraphrases
    safety = {t for e in default_entries() if any(w in e.topic for w in SAFETY_TOPIC_WORDS) for t in (e.question,)}
    assert not safety & {t for _, t in pairs}
