"""Snippets: the part of a stored text that best matches the query, HTML-escaped, matches in <mark>.

Indexing stores each document's excerpt (the start of its summary and body, where snippets come from)
with the index term of every word in it (`excerpt_terms`), so answering a query only compares terms: no
word is normalised or stemmed again. Both engines store and highlight the same way, so a snippet marks
exactly the words the pipeline matched, whichever engine answered.
"""

import bisect
import unicodedata
from functools import lru_cache

# html.escape, not Django's: the same text, without the lazy-string wrapper that costs ten times more per call.
from html import escape

from .normalize import normalize, word_matches, words_of
from .stemming import stem

SNIPPET_CHARS = 240
# Snippets come from the start of long texts: scanning a whole 100 kB body for every result costs too much.
SCANNED_CHARS = 4000
# Stands for a word without an index term (no letter anyascii can fold), so terms stay aligned with words.
NO_TERM = "-"


def excerpt_of(text):
    """The text snippets are cut from: the first SCANNED_CHARS of `text`, NFC (the offsets of the words found
    in it are offsets in it), whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "")[:SCANNED_CHARS].split())


@lru_cache(maxsize=262_144)
def _word_term(word, lang):
    return stem(normalize(word), lang) or NO_TERM


def excerpt_terms(excerpt, lang):
    """The index term of each word of `excerpt` in order, space-separated (stored beside the excerpt)."""
    return " ".join([_word_term(word, lang) for word in words_of(excerpt)])


def highlight_excerpt(excerpt, terms, matched_terms, lang, max_chars=SNIPPET_CHARS):
    """The best window of a stored excerpt around the words whose term is in `matched_terms`, escaped,
    with <mark> around each. `terms` is the stored `excerpt_terms`; when it does not fit the excerpt (an
    index written before excerpts had terms) they are worked out again."""
    matches = list(word_matches(excerpt))
    term_list = terms.split(" ") if terms else []
    if len(term_list) != len(matches):
        term_list = [_word_term(match.group(), lang) for match in matches]
    spans = [match.span() for match, term in zip(matches, term_list, strict=True) if term in matched_terms]
    return _window(excerpt, spans, max_chars)


def highlight(text, terms, lang, max_chars=SNIPPET_CHARS):
    """The best window of `text` around its words whose index term is in `terms`, escaped, matches marked."""
    excerpt = excerpt_of(text)
    return highlight_excerpt(excerpt, excerpt_terms(excerpt, lang), terms, lang, max_chars)


def _window(text, spans, max_chars):
    start = 0
    if len(text) > max_chars and spans:
        # Slide a window over the matches and keep the one covering most of them (word spans never overlap,
        # so their ends are sorted and the matches inside a window are found by bisection).
        ends = [end for _start, end in spans]
        best_count = 0
        for index, (span_start, _end) in enumerate(spans):
            count = bisect.bisect_right(ends, span_start + max_chars, lo=index) - index
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
