"""People compared to animals or vermin: an insult, or an identity attack with a group."""

import pytest

from comments.policy.civility import find_civility
from comments.policy.normalise import normalise
from comments.policy.wordlist import lexicon


def findings(text: str) -> dict[str, str]:
    return {f.code: f.message for f in find_civility(normalise(text), lexicon())}


@pytest.mark.parametrize(
    "text",
    [
        "Ne käyttäytyivät bussissa kuin eläimet.",
        "Juopot mellastivat torilla kuin villieläimet.",
        "He ovat loisia, jotka eivät tee mitään.",
        "Nuo ihmiset ovat pelkkiä rottia.",
        "Te olette lampaita, jotka uskovat mitä tahansa.",
    ],
)
def test_people_compared_to_animals_are_insulted(text):
    assert "Rinnastaa ihmisiä eläimiin" in findings(text).get("civility.insult", "")


def test_a_group_compared_to_animals_is_an_identity_attack():
    found = findings("Turvapaikanhakijat lisääntyvät kuin rotat.")
    assert "Rinnastaa ihmisiä eläimiin" in found.get("civility.slur", "")


@pytest.mark.parametrize(
    "text",
    [
        "Lapset juoksivat niityllä kuin vasikat keväällä.",  # no verb of conduct
        "Varastotyöntekijöitä kohdellaan kuin eläimiä, ja se on väärin.",  # the treatment
        "Setä elää eläkkeellä kuin sika pellossa.",  # the idiom of living well
        "Koirat käyttäytyvät välillä kuin sudet.",  # animals compared to animals
        "Rotat juoksivat varastossa, ja kauppa kutsui tuholaistorjujan.",
        "Ne ovat loisia, sanoi eläinlääkäri punkeista.",  # "ne" may be ticks
        "Hän käyttäytyi kuin herrasmies koko illan.",
    ],
)
def test_animals_and_comparisons_that_are_not_about_people_pass(text):
    assert not any("Rinnastaa" in message for message in findings(text).values())
