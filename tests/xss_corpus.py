"""The XSS corpus in ``tests/data/xss_payloads.txt``, placeholders expanded."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "xss_payloads.txt"
PLACEHOLDERS = {
    "{NUL}": "\x00",
    "{TAB}": "\t",
    "{LF}": "\n",
    "{CR}": "\r",
    "{FF}": "\x0c",
    "{ZWSP}": "\u200b",
    "{ZWNJ}": "\u200c",
    "{ZWJ}": "\u200d",
    "{LRO}": "\u202d",
    "{RLO}": "\u202e",
    "{BOM}": "\ufeff",
    "{NBSP}": "\u00a0",
}


def xss_payloads() -> list[str]:
    """Every payload of the corpus, in file order."""
    payloads = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#~ "):
            continue
        for placeholder, character in PLACEHOLDERS.items():
            line = line.replace(placeholder, character)
        payloads.append(line)
    return payloads
