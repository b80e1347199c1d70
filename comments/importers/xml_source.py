"""Reading an export file safely and in bounded memory.

* The file is opened as bytes (a ``.gz`` file is read through gzip) and its kind is detected
  from its first 64 KiB (`detect`).
* It is parsed as a stream (`records`): each element at the records' depth (a WordPress
  ``<item>``, an Atom ``<entry>``, a Disqus ``<post>``) is handed over whole and then freed, so a
  200 MB export needs no more memory than its largest record.
* Entities are never resolved and nothing is fetched: defusedxml refuses entity declarations
  (external entities, "billion laughs") and external references.
* Real Blogger exports use prefixes such as ``app:`` that are declared on each element, and
  some that are not declared at all. Well-known prefixes are declared on the root element as
  the stream passes by (`PrefixDeclaringReader`); if the parser still meets an undeclared
  prefix, the caller scans the file for every prefix it uses and parses again
  (`UndeclaredPrefix`, `used_prefixes`).

Every problem becomes an `ImportRefused` with a Finnish message; nothing has been written then.
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_tree

from comments.importers.model import ImportRefused

HEAD_BYTES = 64 * 1024
KNOWN_NAMESPACES = {
    "app": "http://purl.org/atom/app#",
    "thr": "http://purl.org/syndication/thread/1.0",
    "gd": "http://schemas.google.com/g/2005",
    "georss": "http://www.georss.org/georss",
    "openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "blogger": "http://schemas.google.com/blogger/2018",
    "media": "http://search.yahoo.com/mrss/",
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "dsq": "http://disqus.com/disqus-internals",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
FORMATS = ("wxr", "blogger", "blogger-takeout", "disqus")
_EXPAT_UNBOUND_PREFIX = 27
_EXPAT_TRUNCATED = {3, 5}  # "no element found", "unclosed token"
_EXPAT_BAD_CHARACTER = {2, 4}  # "syntax error", "not well-formed (invalid token)"
_EXPAT_UNDEFINED_ENTITY = 11
_PREFIX_USE = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[\w.-]+\s*=")
_DECLARED = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")


class UndeclaredPrefix(Exception):
    """The parser met a prefix nobody declared: scan the file and parse again."""


def open_export(path: Path) -> BinaryIO:
    """The export's bytes (decompressed when it is gzipped); a Finnish error when unreadable."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the caller)
    except OSError as error:
        raise ImportRefused(f"Tiedostoa {path} ei voi lukea: {error.strerror}.") from error
    if handle.read(2) == b"\x1f\x8b":
        handle.seek(0)
        return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
    handle.seek(0)
    return handle


def detect(path: Path) -> str:
    """Which export ``path`` is: one of ``FORMATS``; a Finnish error for anything else."""
    with open_export(path) as handle:
        try:
            head = handle.read(HEAD_BYTES)
        except (OSError, EOFError) as error:
            raise ImportRefused(f"Tiedostoa {path.name} ei voi lukea: se on vioittunut.") from error
    text = head.decode("latin-1")
    stripped = text.lstrip("\ufeff\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ImportRefused(f"Tiedosto {path.name} on tyhjä: siinä ei ole mitään tuotavaa.")
    if head.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            f"{path.name} on zip-paketti. Pura se ensin ja anna tuotavaksi sen sisältämä "
            "XML- tai feed.atom-tiedosto."
        )
    root = re.search(r"<([A-Za-z_][\w.:-]*)[\s>/]", _without_prolog(stripped))
    name = root.group(1).split(":")[-1] if root else ""
    if name == "rss" and "wordpress.org/export/" in text:
        return "wxr"
    if name == "feed" and "schemas.google.com/blogger/2018" in text:
        return "blogger-takeout"
    if name == "feed" and ("blogger.com" in text or "schemas.google.com/blogger/" in text):
        return "blogger"
    if name == "disqus":
        return "disqus"
    raise ImportRefused(
        f"Tiedosto {path.name} ei ole WordPressin (WXR), Bloggerin eikä Disqusin vientitiedosto. "
        "Vie blogi uudelleen sen hallintapaneelista (WordPress: Työkalut → Vie; Blogger: "
        "Asetukset → Varmuuskopioi sisältö; Disqus: Admin → Export)."
    )


def records(handle: BinaryIO, depth: int, extra_prefixes: frozenset[bytes] = frozenset()):
    """Yield each element that ends ``depth`` levels below the root (the root is depth 0), with
    its whole subtree, and free it afterwards; the root comes first as ``(0, root)``.

    Raises `ImportRefused` (Finnish) for hostile or malformed XML and `UndeclaredPrefix` when a
    prefix is used that neither the file nor `KNOWN_NAMESPACES` declares."""
    reader = PrefixDeclaringReader(handle, extra_prefixes)
    stack: list[Element] = []
    try:
        for event, element in safe_tree.iterparse(
            reader, events=("start", "end"), forbid_dtd=False, forbid_entities=True
        ):
            if event == "start":
                stack.append(element)
                if len(stack) == 1:
                    yield 0, element
                continue
            stack.pop()
            if len(stack) == depth:
                yield depth, element
                element.clear()
                if stack:
                    stack[-1].remove(element)
    except defusedxml.EntitiesForbidden as error:
        raise ImportRefused(
            "Tiedosto määrittelee XML-entiteettejä (DOCTYPE ja ENTITY). Niitä ei tulkita "
            "turvallisuussyistä (ulkoiset entiteetit, ”billion laughs”). Vie blogi uudelleen."
        ) from error
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as error:
        raise ImportRefused(
            "Tiedosto viittaa ulkoisiin XML-määrittelyihin. Niitä ei haeta eikä tulkita."
        ) from error
    except ParseError as error:
        if error.code == _EXPAT_UNBOUND_PREFIX and not extra_prefixes:
            raise UndeclaredPrefix() from error
        raise ImportRefused(_parse_error_message(error)) from error
    except (OSError, EOFError) as error:
        raise ImportRefused(
            "Tiedostoa ei voi lukea loppuun: se on vioittunut tai katkennut."
        ) from error


def used_prefixes(handle: BinaryIO) -> frozenset[bytes]:
    """Every namespace prefix the file uses, found by a streaming scan (bounded memory)."""
    found: set[bytes] = set()
    tail = b""
    while chunk := handle.read(1 << 20):
        data = tail + chunk
        found.update(a or b for a, b in _PREFIX_USE.findall(data))
        tail = data[-256:]
    return frozenset(found - {b"xmlns", b"xml"})


class PrefixDeclaringReader(io.RawIOBase):
    """The file's bytes with namespace declarations added to the root element's start tag for
    every well-known prefix (and ``extra`` ones) it does not declare itself. A declaration on
    an inner element still wins, as XML says."""

    def __init__(self, handle: BinaryIO, extra: frozenset[bytes] = frozenset()) -> None:
        self._handle = handle
        self._extra = extra
        self._pending = b""
        self._root_done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self._root_done:
            self._pending += self._read_root()
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._handle.read(size if size and size > 0 else 1 << 16)

    def _read_root(self) -> bytes:
        """Read up to the end of the root start tag and add the declarations it lacks."""
        self._root_done = True
        head = b""
        while True:
            chunk = self._handle.read(1 << 16)
            head += chunk
            end = _root_tag_end(head)
            if end is not None or not chunk or len(head) > 4 * HEAD_BYTES:
                break
        if end is None:
            return head
        start = _root_tag_start(head)
        declared = set(_DECLARED.findall(head[start:end]))
        wanted = {name.encode(): uri.encode() for name, uri in KNOWN_NAMESPACES.items()}
        wanted |= {p: b"urn:vastine:undeclared:" + p for p in self._extra if p not in wanted}
        additions = b"".join(
            b' xmlns:%s="%s"' % (prefix, uri)
            for prefix, uri in sorted(wanted.items())
            if prefix not in declared
        )
        insert_at = end - 1  # before the ">" (or the "/>" of an empty root)
        if head[insert_at - 1 : insert_at] == b"/":
            insert_at -= 1
        return head[:insert_at] + additions + head[insert_at:]


def _without_prolog(text: str) -> str:
    """The text from the root element on: XML declaration, comments and DOCTYPE removed."""
    return re.sub(
        r"^(\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>))*", "", text, flags=re.S
    )


def _root_tag_start(head: bytes) -> int:
    position = 0
    while True:
        position = head.find(b"<", position)
        if position < 0:
            return -1
        following = head[position + 1 : position + 2]
        if following in (b"?", b"!"):
            closing = b"-->" if head.startswith(b"<!--", position) else b">"
            if head.startswith(b"<!DOCTYPE", position) and b"[" in head[position : position + 4096]:
                closing = b"]>"
            found = head.find(closing, position)
            if found < 0:
                return -1
            position = found + len(closing)
            continue
        return position


def _root_tag_end(head: bytes) -> int | None:
    """The index just past the root start tag's ``>``, or None when it is not in ``head``."""
    start = _root_tag_start(head)
    if start < 0:
        return None
    quote = None
    for index in range(start, len(head)):
        byte = head[index : index + 1]
        if quote:
            if byte == quote:
                quote = None
        elif byte in (b'"', b"'"):
            quote = byte
        elif byte == b">":
            return index + 1
    return None


def _parse_error_message(error: ParseError) -> str:
    line, column = error.position
    where = f"rivillä {line}, sarakkeessa {column + 1}"
    if error.code in _EXPAT_TRUNCATED:
        return (
            f"Tiedosto loppuu kesken ({where}): se on ehkä katkennut latauksessa. Vie blogi "
            "uudelleen ja tuo koko tiedosto."
        )
    if error.code in _EXPAT_BAD_CHARACTER:
        return (
            f"Tiedostossa on merkki, joka ei kelpaa XML:ään ({where}), esimerkiksi "
            "ohjausmerkki tai rikkinäinen tagi. Poista merkki tai vie blogi uudelleen."
        )
    if error.code == _EXPAT_UNDEFINED_ENTITY:
        return f"Tiedostossa on tuntematon XML-entiteetti ({where})."
    if error.code == _EXPAT_UNBOUND_PREFIX:
        return f"Tiedostossa on nimiavaruuden etuliite, jota ei ole määritelty ({where})."
    return f"Tiedosto ei ole kelvollista XML:ää ({where})."
