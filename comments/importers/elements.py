"""Reading fields out of parsed export elements by local name, whatever namespace URI the
exporter used (WordPress writes ``http://`` and ``https://wordpress.org/export/1.x/``, Blogger
files differ in their ``app:`` URI), and reading their timestamps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import Element


def local_name(tag: str) -> str:
    """``{uri}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """``{uri}name`` -> ``uri`` ('' without one)."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: Element, name: str, ns_part: str | None = None) -> Iterator[Element]:
    """Direct children called ``name`` (and, when given, whose namespace contains ``ns_part``)."""
    for child in element:
        if local_name(child.tag) == name and (ns_part is None or ns_part in namespace(child.tag)):
            yield child


def child(element: Element, name: str, ns_part: str | None = None) -> Element | None:
    """The first direct child called ``name``, or None."""
    return next(children(element, name, ns_part), None)


def text(element: Element | None, name: str | None = None, ns_part: str | None = None) -> str:
    """The text of ``element`` (or of its child ``name``), stripped; '' when missing."""
    if element is not None and name is not None:
        element = child(element, name, ns_part)
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


class Fields:
    """An element's direct children by local name, for reading many fields of one element:
    `text` on the element scans every child each time, and a WordPress item has a child for
    each of its comments."""

    def __init__(self, element: Element) -> None:
        self._children: dict[str, list[Element]] = {}
        for child in element:
            self._children.setdefault(local_name(child.tag), []).append(child)

    def all(self, name: str, ns_part: str | None = None) -> list[Element]:
        """The children called ``name`` (and, when given, whose namespace has ``ns_part``)."""
        found = self._children.get(name, [])
        if ns_part is None:
            return found
        return [child for child in found if ns_part in namespace(child.tag)]

    def text(self, name: str, ns_part: str | None = None) -> str:
        """The first such child's text, stripped; '' when there is none."""
        for child in self._children.get(name, ()):
            if ns_part is None or ns_part in namespace(child.tag):
                return text(child)
        return ""


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 / RFC 3339 time (``Z``, offsets and fractions allowed); naive without an
    offset. None when empty, zero (WordPress drafts: ``0000-00-00 00:00:00``) or unreadable."""
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None


def utc_iso(moment: datetime) -> str:
    """``moment`` as the store writes times (``store.now()``): UTC, ISO 8601, microseconds. A
    naive time is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")
