"""Body text of interchange records: plain text or simple HTML in, sanitised StreamField blocks out, and back.

The format carries text only; images, videos, documents and tables stay in the site and are not exported.
"""

import html
import re

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from wagtail.rich_text import RichText, expand_db_html

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "blockquote", "hr"} | {
    f"h{level}" for level in range(1, 7)
}
BODY_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Rich text fields (interventions, outcomes, ...) allow only h3 and h4 (RICH_TEXT_FEATURES).
RICH_TEXT_HEADING_LEVELS = {"h1": "h3", "h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Wagtail's database format writes <b> and <i>; importing the same makes re-exports identical.
INLINE_RENAMES = {"strong": "b", "em": "i"}
BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "hr"}
# Blocks the format carries; every other block type stays in the site when a record updates a page.
TEXT_BLOCK_TYPES = {"heading", "paragraph", "quote"}
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def looks_like_html(text):
    return bool(HTML_TAG.search(text))


def sanitise_html(source):
    """Keep paragraphs, headings, lists, emphasis and http(s)/mailto links; drop scripts and every other attribute."""
    return nh3.clean(
        source,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def _plain_text_to_html(text):
    paragraphs = [part.strip() for part in PARAGRAPH_BREAK.split(text.strip()) if part.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line.strip(), quote=False) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )


def _top_level_nodes(source):
    """Sanitised, normalised top-level nodes; loose inline content is wrapped in paragraphs.

    Malformed nesting (a heading in a heading, a paragraph in a link) is reshaped by each parse, so the
    markup is parsed again until it no longer changes: what is stored then reads back the same.
    """
    nodes = _one_pass(source)
    for _attempt in range(3):
        serialised = "".join(map(str, nodes))
        again = _one_pass(serialised)
        if "".join(map(str, again)) == serialised:
            break
        nodes = again
    return nodes


def _one_pass(source):
    soup = BeautifulSoup(sanitise_html(source), "html.parser")
    for old, new in INLINE_RENAMES.items():
        for tag in soup.find_all(old):
            tag.name = new
    nodes, inline_run = [], []

    def flush_inline():
        if any(not isinstance(node, NavigableString) or node.strip() for node in inline_run):
            paragraph = soup.new_tag("p")
            for node in inline_run:
                if isinstance(node, Tag):
                    # A block inside a loose inline element (<a><p>…</p></a>) cannot sit inside <p>.
                    for nested in node.find_all(BLOCK_TAGS | set(BODY_HEADING_LEVELS) | {"li"}):
                        nested.unwrap()
                paragraph.append(node)
            nodes.append(paragraph)
        inline_run.clear()

    for node in list(soup.contents):
        node.extract()
        if isinstance(node, Tag) and (node.name in BLOCK_TAGS or node.name in BODY_HEADING_LEVELS):
            flush_inline()
            for nested in node.find_all(set(BODY_HEADING_LEVELS)):
                nested.unwrap()
            nodes.append(node)
        else:
            inline_run.append(node)
    flush_inline()
    return [node for node in nodes if node.name == "hr" or node.get_text(strip=True)]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_newlines(text):
    """Windows and old Mac line ends become \\n; other control characters have no place in text."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_html(text, heading_levels=RICH_TEXT_HEADING_LEVELS):
    """Plain text or HTML → the sanitised HTML of one rich text value."""
    text = _normalise_newlines(text or "")
    if not text.strip():
        return ""
    if not looks_like_html(text):
        return _plain_text_to_html(text)
    parts = []
    for node in _top_level_nodes(text):
        if node.name in heading_levels:
            node.name = heading_levels[node.name]
        parts.append(str(node))
    return "".join(parts)


def to_stream_blocks(text):
    """Plain text or HTML → [(block type, value)] for BodyStreamBlock: headings become heading blocks."""
    text = _normalise_newlines(text or "")
    if not text.strip():
        return []
    if not looks_like_html(text):
        return [("paragraph", RichText(_plain_text_to_html(text)))]
    blocks, run = [], []
    for node in _top_level_nodes(text):
        if node.name in BODY_HEADING_LEVELS:
            if run:
                blocks.append(("paragraph", RichText("".join(run))))
                run = []
            blocks.append(
                ("heading", {"text": node.get_text(" ", strip=True), "level": BODY_HEADING_LEVELS[node.name]})
            )
        else:
            run.append(str(node))
    if run:
        blocks.append(("paragraph", RichText("".join(run))))
    return blocks


def _as_plain_text(nodes):
    """The text of `nodes` when they are only paragraphs of text and line breaks, else None."""
    paragraphs = []
    for node in nodes:
        if node.name != "p":
            return None
        lines, current = [], []
        for child in node.contents:
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif child.name == "br":
                lines.append("".join(current))
                current = []
            else:
                return None
        lines.append("".join(current))
        # Plain text is read back line by line, stripped: only text that survives that is written plainly.
        if any(not line or line != line.strip() or "\n" in line for line in lines):
            return None
        paragraphs.append("\n".join(lines))
    text = "\n\n".join(paragraphs)
    # Text that itself looks like markup would be read back as HTML: keep it as HTML.
    return None if looks_like_html(text) else text


def from_html(source):
    """Stored rich text → the interchange text: plain paragraphs when that says it all, else sanitised HTML."""
    if not source:
        return ""
    nodes = _top_level_nodes(expand_db_html(source))
    plain = _as_plain_text(nodes)
    return plain if plain is not None else "".join(str(node) for node in nodes)


def from_stream(stream_value):
    """A BodyStreamBlock value → (interchange text, number of blocks the format cannot carry)."""
    parts, skipped = [], 0
    for block in stream_value:
        if block.block_type == "heading":
            level = block.value["level"]
            parts.append(f"<{level}>{html.escape(block.value['text'], quote=False)}</{level}>")
        elif block.block_type == "paragraph":
            parts.append(block.value.source)
        elif block.block_type == "quote":
            parts.append(f"<blockquote><p>{html.escape(block.value['text'], quote=False)}</p></blockquote>")
        else:
            skipped += 1
    return from_html("".join(parts)), skipped
