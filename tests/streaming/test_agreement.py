"""Local agreement over successive partial transcripts of one growing turn."""

from streaming.agreement import LocalAgreement
from streaming.types import Transcript


def partial(tokens: list[int], word_starts: list[int]) -> Transcript:
    return Transcript("", is_final=False, tokens=tuple(tokens), word_starts=tuple(word_starts))


def test_only_words_two_partials_share_are_agreed_and_the_last_shared_word_is_held_back():
    la = LocalAgreement()
    assert la.update(partial([1, 2, 3, 4], [0, 2])) == ()  # nothing to compare with yet
    # words [1 2] [3 4] then [1 2] [3 4] [5]: both words shared, but [3 4] may have been cut off
    assert la.update(partial([1, 2, 3, 4, 5], [0, 2, 4])) == (1, 2)
    # the next partial confirms [3 4] (and [5] is shared, held back as the last shared word)
    assert la.update(partial([1, 2, 3, 4, 5, 6], [0, 2, 4, 5])) == (1, 2, 3, 4)


def test_a_disagreement_never_shrinks_what_was_agreed():
    la = LocalAgreement()
    la.update(partial([1, 2, 3, 4], [0, 2]))
    la.update(partial([1, 2, 3, 4, 7], [0, 2, 4]))
    assert la.agreed == (1, 2)
    # a partial that (against the forced prefix) changed the first word does not undo the agreement
    assert la.update(partial([9, 2, 3, 4, 7], [0, 2, 4])) == (1, 2)


def test_a_single_word_in_common_is_not_enough_and_reset_forgets_the_turn():
    la = LocalAgreement()
    la.update(partial([1, 2, 3], [0]))
    assert la.update(partial([1, 2, 3, 8], [0, 3])) == ()  # the only shared word may be cut off
    la.update(partial([1, 2, 3, 8, 9], [0, 3]))
    assert la.agreed == (1, 2, 3)
    la.reset()
    assert la.agreed == ()
    assert la.update(partial([5, 6], [0, 1])) == ()
