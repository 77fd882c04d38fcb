"""Snippets: the part of a stored text that best matches the query, HTML-escaped, matches in <mark>.

Both engines call this on the stored text, so a snippet marks exactly the words the pipeline matched.
"""

from django.utils.html import escape

from .normalize import iter_word_spans
from .stemming import stem

SNIPPET_CHARS = 240
# Snippets come from the start of long texts: scanning a whole 100 kB body for every result costs too much.
SCANNED_CHARS = 4000


def _marked_spans(text, terms, lang):
    return [(start, end) for start, end, word in iter_word_spans(text) if stem(word, lang) in terms]


def highlight(text, terms, lang, max_chars=SNIPPET_CHARS):
    """The best window of `text` around its matching words, escaped, with <mark> around each match."""
    text = " ".join((text or "")[:SCANNED_CHARS].split())
    spans = _marked_spans(text, terms, lang)
    start = 0
    if len(text) > max_chars and spans:
        # Slide a window over the matches and keep the one covering most of them.
        best_count = 0
        for index, (span_start, _end) in enumerate(spans):
            count = sum(1 for other_start, other_end in spans[index:] if other_end <= span_start + max_chars)
            if count > best_count:
                best_count, start = count, span_start
        start = max(0, start - max_chars // 6)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + max_chars)
    while end < len(text) and end > start and not text[end].isspace():
        end -= 1
    if end <= start:
        end = min(len(text), start + max_chars)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)
