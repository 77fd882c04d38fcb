"""The text pipeline shared by every search engine, at index time and at query time.

normalise + case-fold (normalize) → tokenise → Cyrillic↔Latin matching key (transliteration) →
stem: Snowball for en/ru, a light suffix stripper for Turkic languages (stemming); queries add
language detection (language), prefix and typo expansion over the index vocabulary (vocabulary).
"""

from .analysis import MAX_QUERY_CHARS, AnalyzedQuery, QueryWord, analyze, analyze_query
from .highlight import excerpt_of, excerpt_terms, highlight, highlight_excerpt
from .language import CONTENT_LANGUAGES, detect_language
from .normalize import normalize, script_of, tokenize
from .stemming import MAX_TERM_CHARS, stem
from .transliteration import matching_key
from .vocabulary import Vocabulary, VocabularyWord, did_you_mean, expand_query

__all__ = [
    "CONTENT_LANGUAGES",
    "MAX_TERM_CHARS",
    "MAX_QUERY_CHARS",
    "AnalyzedQuery",
    "QueryWord",
    "Vocabulary",
    "VocabularyWord",
    "analyze",
    "analyze_query",
    "detect_language",
    "did_you_mean",
    "excerpt_of",
    "excerpt_terms",
    "expand_query",
    "highlight",
    "highlight_excerpt",
    "matching_key",
    "normalize",
    "script_of",
    "stem",
    "tokenize",
]
