"""Text → index terms (documents) and query text → weighted term groups (queries)."""

from dataclasses import dataclass, field

from .language import detect_language
from .normalize import tokenize
from .stemming import MAX_WORD_CHARS, candidate_stems, stem
from .transliteration import matching_key

MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 12


def analyze(text, lang=None):
    """The index terms of `text` in order: normalised, keyed across scripts and stemmed for `lang`."""
    return [stem(word, lang) for word in tokenize(text)]


@dataclass
class QueryWord:
    """One word of a query and the terms that may stand for it in the index, with their weights."""

    surface: str
    key: str
    terms: dict = field(default_factory=dict)  # term -> weight in (0, 1]
    corrections: list = field(default_factory=list)  # (surface, term) of vocabulary words a misspelt word may be

    def add(self, term, weight):
        if term and weight > self.terms.get(term, 0):
            self.terms[term] = weight


@dataclass
class AnalyzedQuery:
    text: str
    lang: str | None
    words: list

    def minimum_should_match(self, known_words):
        """How many of the `known_words` (words the index has) a document must match."""
        count = len(known_words)
        if count <= 2:
            return count
        if count <= 4:
            return count - 1
        return -(-count * 3 // 4)


def analyze_query(text, lang=None, word_locales=None):
    """Split a query into words, each with the stems it may be indexed under (before vocabulary expansion).

    The stem for the detected language weighs 1; the stems the word would get in another language of its
    script (a Cyrillic word may be Russian or Kazakh) weigh a little less, so a misdetected language
    costs ranking, never recall. `word_locales` (matching key -> languages whose documents use the word)
    lets the index's own words help tell the language.
    """
    text = (text or "")[:MAX_QUERY_CHARS]
    detected = lang or detect_language(text, word_locales=word_locales)
    words = []
    seen = set()
    for surface in tokenize(text)[:MAX_QUERY_WORDS]:
        surface = surface[:MAX_WORD_CHARS]
        key = matching_key(surface)
        if not key or key in seen:
            continue
        seen.add(key)
        word = QueryWord(surface=surface, key=key)
        preferred = stem(surface, detected) if detected else None
        for term in candidate_stems(surface):
            word.add(term, 1.0 if term == preferred or detected is None else 0.9)
        if preferred:
            word.add(preferred, 1.0)
        word.add(key, 0.95)
        words.append(word)
    return AnalyzedQuery(text=text, lang=detected, words=words)
