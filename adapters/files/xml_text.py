"""An XML document as its own text: elements located by their offsets, changed by splicing that text.

Parsers rebuild what they serialise (quotes, empty elements, entities, the
declaration), so a file written back through one is never the editor's own
text. Here the document is tokenised once into elements with the offsets of
their tags; an edit replaces a span of the original text (an attribute's
value, a leaf's text, a whole element) and every byte outside the spans
edited comes back as it came.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from workprint.engine.errors import InputError

_NAME = r"[A-Za-z_][\w.:-]*"
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<\?.*?\?>"
    r"|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    rf"|</(?P<close>{_NAME})\s*>"
    rf"|<(?P<open>{_NAME})(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/?)>",
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


@dataclass(eq=False)
class Node:
    """One element: where its start tag, content and end tag lie in the document's text."""

    tag: str
    start: int
    #: Just after the start tag: where the content begins.
    open_end: int
    #: Where the end tag begins (== open_end for an empty element).
    close_start: int = -1
    end: int = -1
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def path(self) -> str:
        """Where the element is, for messages: tags from the root with each one's position among its kind."""
        parts = []
        node: Node | None = self
        while node is not None:
            if node.parent is None:
                parts.append(node.tag)
            else:
                same = [c for c in node.parent.children if c.tag == node.tag]
                parts.append(f"{node.tag}[{same.index(node) + 1}]")
            node = node.parent
        return "/".join(reversed(parts))


class XmlText:
    """The text of an XML document and its element tree, in document order."""

    def __init__(self, text: str, source: str = "the document") -> None:
        self.text = text
        self.source = source
        self.root = self._tokenise()

    def _tokenise(self) -> Node:
        stack: list[Node] = []
        root: Node | None = None
        for match in _TOKEN.finditer(self.text):
            if match.group("open"):
                node = Node(match.group("open"), match.start(), match.end(), parent=stack[-1] if stack else None)
                if node.parent is not None:
                    node.parent.children.append(node)
                elif root is None:
                    root = node
                if match.group("empty"):
                    node.close_start = node.end = match.end()
                else:
                    stack.append(node)
            elif match.group("close"):
                if not stack or stack[-1].tag != match.group("close"):
                    line = self.text.count("\n", 0, match.start()) + 1
                    raise InputError(f"{self.source}: line {line}: </{match.group('close')}> closes nothing open")
                node = stack.pop()
                node.close_start, node.end = match.start(), match.end()
        if stack:
            line = self.text.count("\n", 0, stack[-1].start) + 1
            raise InputError(f"{self.source}: line {line}: <{stack[-1].tag}> is never closed")
        if root is None:
            raise InputError(f"{self.source}: no XML element in it")
        return root

    def line(self, node: Node) -> int:
        return self.text.count("\n", 0, node.start) + 1

    def attrs(self, node: Node) -> dict[str, str]:
        return {name: unescape(value[1:-1]) for name, value in _ATTR.findall(self.text[node.start : node.open_end])}

    def attr(self, node: Node, name: str) -> str | None:
        return self.attrs(node).get(name)

    def attr_span(self, node: Node, name: str) -> tuple[int, int] | None:
        """The span of an attribute's value inside its quotes."""
        tag = self.text[node.start : node.open_end]
        for match in _ATTR.finditer(tag):
            if match.group(1) == name:
                return node.start + match.start(2) + 1, node.start + match.end(2) - 1
        return None

    def leaf_text(self, node: Node | None) -> str | None:
        if node is None or node.children:
            return None
        return unescape(self.text[node.open_end : node.close_start])

    def child_text(self, node: Node, tag: str) -> str | None:
        return self.leaf_text(node.find(tag))

    def indent_of(self, node: Node) -> str:
        """The whitespace before an element on its line: what a sibling written after it starts with."""
        line_start = self.text.rfind("\n", 0, node.start) + 1
        lead = self.text[line_start : node.start]
        return lead if not lead.strip() else ""


class Splices:
    """Replacements of spans of one text, applied together; spans may not overlap."""

    def __init__(self, text: str, base: int = 0) -> None:
        self.text = text
        self.base = base
        self.edits: dict[tuple[int, int], str] = {}

    def replace(self, start: int, end: int, value: str) -> None:
        self.edits[(start - self.base, end - self.base)] = value

    def insert(self, at: int, value: str) -> None:
        key = (at - self.base, at - self.base)
        self.edits[key] = self.edits.get(key, "") + value

    def apply(self) -> str:
        out, cursor = [], 0
        for (start, end), value in sorted(self.edits.items()):
            if start < cursor:
                raise ValueError("overlapping edits")
            out.append(self.text[cursor:start])
            out.append(value)
            cursor = end
        out.append(self.text[cursor:])
        return "".join(out)


def unescape(value: str) -> str:
    if "&" not in value:
        return value

    def entity(match: re.Match) -> str:
        ref = match.group(0)
        if ref in _ENTITIES:
            return _ENTITIES[ref]
        if ref.startswith("&#x"):
            return chr(int(ref[3:-1], 16))
        if ref.startswith("&#"):
            return chr(int(ref[2:-1]))
        return ref

    return re.sub(r"&(?:#x[0-9a-fA-F]+|#\d+|\w+);", entity, value)


def text_value(value: str) -> str:
    return escape(value)


def attr_value(value: str) -> str:
    """An attribute's value escaped for the double quotes it is written in."""
    return quoteattr(value)[1:-1] if '"' not in value else escape(value, {'"': "&quot;"})
