"""Sexual harassment of the reader: a sexual verb right next to the reader as its object
("panisin sua"), the reader and an intimate part as where something goes ("työnnän sua
perseeseen"), or a demand to show intimate parts ("näytä tissit")."""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import Word, readings

_SEXUAL_VERBS = frozenset({
    "panna", "nussia", "naida", "runkata", "sormettaa", "lääppiä", "kähmiä", "ahdistella",
    "pokata", "nuolla",
})  # fmt: skip
_SHOW = frozenset({"näytä", "näyttäkää", "näytäs"})
# The partitive: "panna sua" is sexual, "panin sinut odottamaan" is not.
_READER_OBJECTS = frozenset({"sua", "sinua", "teitä", "teitäkin", "sinuakin", "suakin"})
_INTIMATE_PARTS = frozenset({
    "tissi", "rinta", "pillu", "perse", "kulli", "kyrpä", "pylly", "anus", "peräaukko",
    "persereikä", "vittu",
})  # fmt: skip
# The partitive reader and an illative part is penetration ("puskea sua anukseen"); the
# total object is a kick ("potkaisen sut perseeseen", a threat, not harassment).
_INTO_WINDOW = 2


def harassment(text_words: tuple[Word, ...], text: str) -> list[tuple[str, list[Word]]]:
    """Sexual remarks aimed at the reader: a sexual verb right next to "sua", "sinut" ...
    ("panisin sua", "nussin sinua"), or "näytä tissit"."""
    found = []
    for i, word in enumerate(text_words):
        if _into_body_part(word.lower):
            reader = [
                w
                for w in text_words[max(0, i - _INTO_WINDOW) : i]
                if w.sentence == word.sentence and w.lower in _READER_OBJECTS
            ]
            if reader and "," not in text[reader[0].end : word.start]:
                found.append(("seksuaalinen ehdotus lukijalle", [*reader, word]))
            continue
        if not (word.lower in _SHOW or _sexual_verb(word.lower)):
            continue
        neighbours = [
            w
            for w in text_words[max(0, i - 1) : i + 2]
            if w is not word and w.sentence == word.sentence
        ]
        if _sexual_verb(word.lower) and any(w.lower in _READER_OBJECTS for w in neighbours):
            found.append(("seksuaalinen ehdotus lukijalle", [word, *neighbours]))
        elif word.lower in _SHOW and any(_body_part(w.lower) for w in neighbours):
            found.append(("vaatii näyttämään intiimejä ruumiinosia", [word, *neighbours]))
    return found


@lru_cache(maxsize=65536)
def _sexual_verb(lower: str) -> bool:
    return any(r.baseform in _SEXUAL_VERBS and r.word_class == "teonsana" for r in readings(lower))


@lru_cache(maxsize=65536)
def _body_part(lower: str) -> bool:
    return any(r.baseform in _INTIMATE_PARTS for r in readings(lower))


@lru_cache(maxsize=65536)
def _into_body_part(lower: str) -> bool:
    """An intimate part in the illative ("perseeseen", "anukseen"), by any reading."""
    return any(r.baseform in _INTIMATE_PARTS and r.case == "sisatulento" for r in readings(lower))
