"""The index vocabulary as the query side sees it: prefix matching for inflected words, typo correction.

Built from (word key, term, surface form, document count) rows the engine keeps for every indexed word.
"""

import bisect
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

# Prefix matching (Can et al. 2008): two Turkic word forms sharing their first five letters usually share a root.
PREFIX_LENGTH = 5
MIN_PREFIX_STEM = 4
PREFIX_WEIGHT = 0.7
MAX_PREFIX_EXPANSIONS = 20
TYPO_WEIGHT = 0.6
MAX_TYPO_EXPANSIONS = 3


def max_typo_distance(key):
    """Edits a misspelt word may be away from the word meant: none below 4 letters, 1 up to 7, then 2."""
    if len(key) < 4:
        return 0
    return 1 if len(key) <= 7 else 2


def common_prefix_length(first, second):
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


@dataclass(frozen=True)
class VocabularyWord:
    key: str
    term: str
    surface: str
    documents: int


class Vocabulary:
    def __init__(self, words=()):
        self._words = {}
        for word in words:
            self.add(word)
        self._sorted_terms = None
        self._sorted_keys = None

    def add(self, word):
        existing = self._words.get(word.key)
        if existing is None or word.documents > existing.documents:
            self._words[word.key] = word
        self._sorted_terms = None
        self._sorted_keys = None

    def __len__(self):
        return len(self._words)

    def _prepare(self):
        if self._sorted_terms is None:
            self._sorted_terms = sorted({word.term for word in self._words.values()})
            self._sorted_keys = sorted(self._words)

    def has_term(self, term):
        self._prepare()
        index = bisect.bisect_left(self._sorted_terms, term)
        return index < len(self._sorted_terms) and self._sorted_terms[index] == term

    def terms_with_prefix(self, prefix):
        self._prepare()
        start = bisect.bisect_left(self._sorted_terms, prefix)
        end = bisect.bisect_left(self._sorted_terms, prefix + "\x7f")
        return self._sorted_terms[start:end]

    def prefix_expansions(self, term):
        """Indexed terms sharing a long prefix with `term`, weighted by how much of them they share."""
        if len(term) < MIN_PREFIX_STEM:
            return {}
        shared = term[: min(len(term), PREFIX_LENGTH)]
        expansions = {}
        for candidate in self.terms_with_prefix(shared):
            if candidate == term:
                continue
            overlap = common_prefix_length(term, candidate) / max(len(term), len(candidate))
            expansions[candidate] = PREFIX_WEIGHT * (0.5 + 0.5 * overlap)
        best = sorted(expansions.items(), key=lambda item: -item[1])[:MAX_PREFIX_EXPANSIONS]
        return dict(best)

    def corrections(self, key):
        """Vocabulary words within typo distance of an unknown word key, closest and most frequent first."""
        distance = max_typo_distance(key)
        if not distance:
            return []
        self._prepare()
        matches = extract(key, self._sorted_keys, scorer=Levenshtein.distance, score_cutoff=distance, limit=None)
        words = [(self._words[candidate], edits) for candidate, edits, _index in matches]
        words.sort(key=lambda item: (item[1], -item[0].documents, item[0].key))
        return [word for word, _edits in words[:MAX_TYPO_EXPANSIONS]]

    def completions(self, key_prefix, limit):
        """Surface forms of the most frequent words whose key starts with `key_prefix`."""
        self._prepare()
        start = bisect.bisect_left(self._sorted_keys, key_prefix)
        end = bisect.bisect_left(self._sorted_keys, key_prefix + "\x7f")
        matches = [self._words[key] for key in self._sorted_keys[start:end]]
        matches.sort(key=lambda word: (-word.documents, word.surface))
        return [word.surface for word in matches[:limit]]


def expand_query(analyzed, vocabulary):
    """Add prefix and typo expansions to each query word; return the did-you-mean text or None."""
    corrected_any = False
    suggestion_words = []
    for word in analyzed.words:
        known = any(vocabulary.has_term(term) for term in word.terms)
        if not known:
            corrections = vocabulary.corrections(word.key)
            for correction in corrections:
                word.add(correction.term, TYPO_WEIGHT)
            if corrections:
                word.corrected = corrections[0].surface
                corrected_any = True
        for term in list(word.terms):
            for expansion, weight in vocabulary.prefix_expansions(term).items():
                word.add(expansion, weight * word.terms[term])
        suggestion_words.append(word.corrected or word.surface)
    return " ".join(suggestion_words) if corrected_any else None
