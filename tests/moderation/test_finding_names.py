"""Every finding code the service can store has a Finnish name for the moderator."""

from __future__ import annotations

import re

from comments import PROJECT_ROOT
from comments.moderation.finding_names import FINDING_NAMES, GROUP_NAMES, finding_name
from comments.policy.wordlist import CATEGORIES

CODE = re.compile(r"\"((?:identity|email|civility|ads|illegal|spam|review|import)\.[a-z_]+)\"")


def stored_codes() -> set[str]:
    """The codes written out in the service's source, and the civility codes built from the
    word list's categories."""
    sources = (PROJECT_ROOT / "comments").rglob("*.py")
    written = {code for path in sources for code in CODE.findall(path.read_text("utf-8"))}
    return written | {f"civility.{category}" for category in CATEGORIES}


def test_every_code_has_a_finnish_name():
    codes = stored_codes()
    assert len(codes) > 30
    missing = sorted(code for code in codes if code not in FINDING_NAMES)
    assert missing == []


def test_every_group_has_a_name_and_unknown_codes_show_as_themselves():
    assert {code.split(".")[0] for code in stored_codes()} <= set(GROUP_NAMES)
    assert finding_name("civility") == "Hyvät tavat (kaikki)"
    assert finding_name("uusi.tarkistus") == "uusi.tarkistus"
