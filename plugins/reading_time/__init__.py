"""Reading time: sets `article.reading_time`, the whole minutes a reader needs for the text.

Finnish words are long (compounds, inflection), so a reader gets through fewer of them per minute
than in English; `READING_TIME_WPM` (default 180) sets the pace. Code blocks and markup do not
count. The result is at least one minute.
"""

import math
import re
from html import unescape

from pelican import signals
from pelican.contents import Article

DEFAULT_WORDS_PER_MINUTE = 180

_CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:[-–]\w+)*")


def reading_minutes(html: str, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Return the reading time of an HTML fragment in whole minutes (at least 1)."""
    text = unescape(_TAG.sub(" ", _CODE_BLOCK.sub(" ", html)))
    words = len(_WORD.findall(text))
    return max(1, math.ceil(words / words_per_minute))


def set_reading_time(content: object) -> None:
    """Attach `reading_time` to each article as it is created."""
    if not isinstance(content, Article):
        return
    words_per_minute = content.settings.get("READING_TIME_WPM", DEFAULT_WORDS_PER_MINUTE)
    content.reading_time = reading_minutes(content._content or "", words_per_minute)


def register() -> None:
    signals.content_object_init.connect(set_reading_time)
