"""Rule cues under the trained classifier (``models.understanding``): a safety net for emergencies,
the kind of a voice-phishing situation (pressure or already a victim), and noise.

Intents themselves (control, small talk, abuse, out of domain) are the classifier's. These rules
only catch what must never be missed (an emergency the classifier scored low) or what a pattern
decides exactly (a Whisper hallucination on silence). All matching runs on ``compact(text)``:
lower case, Hangul/digits/latin only, no spaces.

The cues are split by family; import them from here, as before the split:

- ``kin``: the words for family and the people around (one vocabulary the rules below join);
- ``text``: ``compact``, the words that say "now", telling or asking (``is_statement``), noise;
- ``not_urgent``: emergency words that are not one now (sayings, ``plain``, a what-if, the past, a story);
- ``emergency``: a body in danger, pills swallowed (``clear_urgent``, ``urgent_kind``);
- ``hazards``: fire, gas, water or earth, shut in, an intruder;
- ``abuse``: harm, money or freedom taken by family or carers, harm heard next door;
- ``crisis``: a wish to die and its signs, who is the one in danger;
- ``phishing``: voice phishing (``phishing_kind``), ransom calls, investment scams;
- ``call``: the call itself (goodbye, thanks, wait, quieter, recorded, said to the avatar);
- ``talk``: what is told or asked about (news, wants, law, state help, private finance, crops).

Imports between them go one way: ``kin`` and ``text`` import none; ``not_urgent`` only ``text``; ``crisis``,
``hazards`` and ``phishing`` those two; ``emergency`` those two and ``crisis``; ``abuse``, ``call`` and
``talk`` only ``text``. Each shared pattern is defined once, in the module that owns it.
"""

from __future__ import annotations

from models.dialogue.cues.abuse import (
    abuse_by_family,
    abuse_signs,
    abuse_signs_by_others,
    family_named,
    neighbour_harm,
)
from models.dialogue.cues.call import (
    apologises,
    asks_how_to_end,
    asks_if_recorded,
    asks_if_seen,
    asks_in_writing,
    asks_once_more,
    asks_quieter,
    asks_quieter_plainly,
    asks_wait,
    calls_avatar_a_cheat,
    compliments,
    first_time_nervous,
    frustrated,
    greets_again,
    misspoke,
    said_to_avatar,
    says_goodbye,
    thanks_plainly,
    worried_about_dialect,
)
from models.dialogue.cues.crisis import (
    better_off_gone,
    crisis_hint,
    crisis_now,
    crisis_signs,
    final_farewell,
    means_asked,
    names_suicide,
    settling_affairs,
    someone_else,
    wish_to_die,
)
from models.dialogue.cues.emergency import (
    _overdose,
    body_in_trouble,
    clear_urgent,
    heart_or_stroke_signs,
    is_overdose,
    stroke_signs,
    urgent_kind,
    without_food,
)
from models.dialogue.cues.hazards import (
    cold_at_home,
    disaster,
    disaster_now,
    fire_trapped,
    flood_below,
    gas_checked_fine,
    gas_leak,
    intruder_inside,
    intruder_words,
    shut_out_in_cold,
    threat_at_the_door,
    trapped,
    wildfire,
)
from models.dialogue.cues.not_urgent import (
    arms_as_skill,
    as_if_dying,
    asks_for_help,
    exaggeration,
    hypothetical,
    idiom_of_death,
    past_event,
    plain,
    remembered,
    saying_nobody_hurt,
    told_as_over,
    told_as_story,
    told_of_past,
)
from models.dialogue.cues.phishing import (
    asks_prevention,
    cash_pickup,
    gift_card_sent,
    happening_now,
    identity_sent,
    investing,
    investment_pitch,
    loss_asked_after,
    names_money,
    near_miss,
    phishing_kind,
    ransom_threat,
    remote_installed,
    someone_in_touch,
)
from models.dialogue.cues.talk import (
    about_crops,
    asks_a_service,
    asks_state_help,
    family_law,
    family_matter,
    heard_of_something,
    law_words,
    phone_how_to,
    private_finance,
    tells_news,
    wants,
)
from models.dialogue.cues.text import (
    compact,
    is_noise,
    is_statement,
    said_now,
)

__all__ = [
    "as_if_dying",
    "arms_as_skill",
    "wish_to_die",
    "family_law",
    "family_matter",
    "heard_of_something",
    "about_crops",
    "abuse_by_family",
    "abuse_signs",
    "abuse_signs_by_others",
    "apologises",
    "asks_for_help",
    "asks_how_to_end",
    "asks_if_recorded",
    "asks_if_seen",
    "asks_in_writing",
    "asks_once_more",
    "asks_prevention",
    "asks_quieter",
    "asks_quieter_plainly",
    "asks_a_service",
    "asks_state_help",
    "asks_wait",
    "better_off_gone",
    "body_in_trouble",
    "without_food",
    "shut_out_in_cold",
    "threat_at_the_door",
    "cold_at_home",
    "cash_pickup",
    "clear_urgent",
    "compact",
    "compliments",
    "crisis_hint",
    "final_farewell",
    "crisis_now",
    "crisis_signs",
    "disaster",
    "disaster_now",
    "exaggeration",
    "family_named",
    "fire_trapped",
    "first_time_nervous",
    "flood_below",
    "frustrated",
    "gas_checked_fine",
    "gas_leak",
    "gift_card_sent",
    "happening_now",
    "loss_asked_after",
    "heart_or_stroke_signs",
    "hypothetical",
    "identity_sent",
    "idiom_of_death",
    "intruder_inside",
    "intruder_words",
    "investing",
    "investment_pitch",
    "is_noise",
    "is_overdose",
    "is_statement",
    "law_words",
    "phone_how_to",
    "means_asked",
    "misspoke",
    "names_money",
    "names_suicide",
    "near_miss",
    "neighbour_harm",
    "past_event",
    "phishing_kind",
    "plain",
    "private_finance",
    "ransom_threat",
    "remembered",
    "remote_installed",
    "said_now",
    "calls_avatar_a_cheat",
    "said_to_avatar",
    "saying_nobody_hurt",
    "greets_again",
    "says_goodbye",
    "settling_affairs",
    "someone_else",
    "someone_in_touch",
    "stroke_signs",
    "tells_news",
    "thanks_plainly",
    "told_as_over",
    "told_as_story",
    "told_of_past",
    "trapped",
    "urgent_kind",
    "wants",
    "wildfire",
    "worried_about_dialect",
    # the old single module's private helper, still importable from here
    "_overdose",
]
