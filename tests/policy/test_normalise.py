"""Normalising disguises keeps a map back to what the writer typed, whichever steps a text
needs: folding copies the runs between foldable characters as they are, leet is undone only
inside words, and a text that needs nothing comes back as it is."""

from comments.policy.normalise import normalise


def original_of(text: str, normalised_word: str) -> str:
    norm = normalise(text)
    start = norm.text.index(normalised_word)
    low, high = norm.original_span(start, start + len(normalised_word))
    return text[low:high]


def test_a_text_that_needs_nothing_is_returned_as_it_is():
    text = "Palvelu oli hidas, mutta asiakaspalvelija oli ystävällinen."
    norm = normalise(text)
    assert norm.text == text
    assert norm.original_span(8, 11) == (8, 11)
    assert norm.joined == ()


def test_every_step_at_once_keeps_the_offsets_of_the_original():
    # Zero-width space, a Cyrillic "а", a decomposed "ä" and an accent, then leet, then letters
    # written apart, with plain runs between them that folding copies as they are.
    text = "Hyvä\u200b juttu: pа\u0301ska kä\u0308sittely, p4sk4 ja v i t t u. Kiitos!"
    norm = normalise(text)
    assert norm.text == "Hyvä juttu: paska käsittely, paska ja vittu. Kiitos!"
    assert original_of(text, "paska käsittely") == "pа\u0301ska kä\u0308sittely"
    assert original_of(text, "paska ja") == "p4sk4 ja"
    assert original_of(text, "vittu") == "v i t t u"
    assert original_of(text, "Kiitos!") == "Kiitos!"
    assert len(norm.joined) == 1


def test_punctuation_after_a_word_is_not_leet():
    text = "Hieno juttu! Ja 3 kertaa parempi kuin ennen, 2024 asti."
    assert normalise(text).text == text


def test_leet_inside_a_word_is_undone_but_the_length_is_kept():
    text = "Ihan p4ska homma, v!ttu"
    norm = normalise(text)
    assert norm.text == "Ihan paska homma, vittu"
    assert len(norm.text) == len(text)
