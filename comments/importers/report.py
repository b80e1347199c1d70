"""What an import did (or, in a dry run, would do), in Finnish for the author and as JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT_NAMES = {
    "wxr": "WordPress (WXR)",
    "blogger": "Blogger (klassinen vienti)",
    "blogger-takeout": "Blogger (Google Takeout)",
    "disqus": "Disqus",
}
STATUS_NAMES = {
    "approved": "hyväksyttyjä",
    "pending": "moderointijonoon",
    "spam": "roskapostia",
    "rejected": "hylättyjä",
}
EXAMPLES = 10


@dataclass
class ImportReport:
    """Counts and lists; ``skipped`` maps a Finnish reason to how many items it applied to."""

    format: str
    source: str = ""
    dry_run: bool = False
    articles: int = 0
    pages: int = 0
    drafts: int = 0
    unpublished: list[dict[str, str]] = field(default_factory=list)
    comments: Counter = field(default_factory=Counter)
    threads: int = 0  # articles whose discussion got comments
    replies: int = 0  # comments placed under another comment
    orphans: int = 0
    flagged: int = 0
    already_imported: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    slug_changes: list[dict[str, str]] = field(default_factory=list)
    images_copied: list[str] = field(default_factory=list)
    images_missing: list[str] = field(default_factory=list)
    images_remote: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    unmatched_threads: list[str] = field(default_factory=list)
    redirects: int = 0
    files: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def found_nothing(self) -> bool:
        """Whether the export held nothing at all: no post, comment or thread, not even one
        imported before or skipped."""
        return not (
            self.articles
            or self.pages
            or self.comments
            or self.already_imported
            or self.skipped
            or self.unmatched_threads
            or self.threads
        )

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON types."""
        data = asdict(self)
        for key in ("comments", "already_imported", "skipped", "unknown_shortcodes"):
            data[key] = dict(sorted(getattr(self, key).items()))
        return data

    def to_text(self) -> str:
        """The report for people, in Finnish."""
        head = "Kuivaharjoitus: mitään ei kirjoitettu." if self.dry_run else "Tuonti valmis."
        lines = [f"{head} Lähde: {FORMAT_NAMES.get(self.format, self.format)} ({self.source})"]
        lines.append(
            f"Artikkeleita {self.articles}, sivuja {self.pages}, joista luonnoksina {self.drafts}."
        )
        for item in self.unpublished:
            lines.append(f"  Tuotiin luonnoksena ({item['status']}): {item['title']}")
        total = sum(self.comments.values())
        by_status = ", ".join(
            f"{STATUS_NAMES[s]} {self.comments[s]}" for s in STATUS_NAMES if self.comments[s]
        )
        if total:
            lines.append(
                f"Kommentteja {total} ({by_status}) {self.threads} artikkelin keskusteluihin; "
                f"vastauksina toisiin kommentteihin {self.replies}."
            )
        else:
            lines.append("Kommentteja ei tuotu.")
        if self.orphans:
            lines.append(
                f"Vastauksia, joiden alkuperäistä kommenttia ei ollut: {self.orphans} "
                "(tuotiin ylimmälle tasolle)."
            )
        if self.flagged:
            lines.append(
                f"Kommentointiohjeiden tarkistus huomautti {self.flagged} tuodusta kommentista: "
                "ne löytyvät moderointijonosta suodattimella import.flagged."
            )
        if self.already_imported:
            parts = ", ".join(f"{k} {v}" for k, v in sorted(self.already_imported.items()))
            lines.append(f"Tuotu jo aiemmin, ei tuotu uudelleen: {parts}.")
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"Ohitettiin {count}: {reason}.")
        for change in self.slug_changes[:EXAMPLES]:
            lines.append(f"Osoite muuttui: {change['old']} → {change['new']}")
        if len(self.slug_changes) > EXAMPLES:
            lines.append(f"  … ja {len(self.slug_changes) - EXAMPLES} muuta osoitetta.")
        lines += self._list("Kuvia kopioitiin", self.images_copied, show=False)
        lines += self._list("Kuvia ei löytynyt (tarkista --uploads)", self.images_missing)
        lines += self._list(
            "Kuvat jäivät vanhaan osoitteeseensa (anna --uploads kopioidaksesi ne)",
            self.images_remote,
        )
        lines += self._list(
            "Kuvia ilman vaihtoehtoista tekstiä (nyt ”Kuva”; kirjoita kuvaus)",
            self.images_without_alt,
        )
        if self.unknown_shortcodes:
            names = ", ".join(f"[{k}] ×{v}" for k, v in sorted(self.unknown_shortcodes.items()))
            lines.append(f"Tuntemattomat lyhytkoodit jäivät tekstiin, korjaa käsin: {names}")
        lines += self._list("Disqus-ketjut, joille ei löytynyt artikkelia", self.unmatched_threads)
        lines.append(f"Uudelleenohjauksia vanhoista osoitteista: {self.redirects}.")
        return "\n".join(lines)

    @staticmethod
    def _list(title: str, items: list[str], show: bool = True) -> list[str]:
        if not items:
            return []
        lines = [f"{title}: {len(items)}"]
        if show:
            lines += [f"  {item}" for item in items[:EXAMPLES]]
            if len(items) > EXAMPLES:
                lines.append(f"  … ja {len(items) - EXAMPLES} muuta.")
        return lines
