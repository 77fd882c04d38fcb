"""The index vocabulary as the query side sees it: prefix matching for inflected words, typo correction.

Built from (word key, term, surface form, document count) rows the engine keeps for every indexed word.
"""

import bisect
import threading
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

# Prefix matching (Can et al. 2008): two Turkic word forms sharing their first five letters usually share a root.
PREFIX_LENGTH = 5
MIN_PREFIX_STEM = 4
PREFIX_WEIGHT = 0.7
MAX_PREFIX_EXPANSIONS = 12
MAX_PREFIX_CANDIDATES = 2000
MAX_LENGTH_CHANGE = 6
MAX_COMPLETION_CANDIDATES = 5000
INCREMENTAL_LIMIT = 5000
TYPO_WEIGHT = 0.6
MAX_TYPO_EXPANSIONS = 3
MAX_TERMS_PER_WORD = 16


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


class VocabularyWord(NamedTuple):
    """One indexed word (a tuple: hundreds of thousands are loaded at once)."""

    key: str
    term: str
    surface: str
    documents: int
    locale: str | None = None


class _Lookups(NamedTuple):
    """The sorted views queries read. A rebuild makes them together and swaps them in whole, so a thread never
    sees half of them; a small update inserts into them in place, under the lock, one list insert at a time."""

    sorted_terms: list
    sorted_keys: list
    keys_by_length: dict
    terms_by_length: dict
    word_of_term: dict


class Vocabulary:
    """Indexed terms (sorted, for prefix matching) and indexed words (for typo correction and completion).

    Shared by a worker's threads: updates and rebuilds of the lookups hold a lock; queries take the current
    lookups once and keep them for the whole call, so a rebuild meanwhile (which drops them) cannot pull them
    away; a concurrent small update may or may not show in that call.
    """

    def __init__(self, words=(), terms=()):
        self._words = {}
        self._locales = {}
        self._terms = set()
        self._lookups = None
        self._lock = threading.Lock()
        self.update(words, terms)

    def update(self, words=(), terms=()):
        with self._lock:
            new_keys, new_terms = [], []
            for word in words:
                if word.locale:
                    self._locales.setdefault(word.key, set()).add(word.locale)
                existing = self._words.get(word.key)
                if existing is None:
                    new_keys.append(word.key)
                if existing is None or word.documents > existing.documents:
                    self._words[word.key] = word
                if word.term not in self._terms:
                    self._terms.add(word.term)
                    new_terms.append(word.term)
            for term in terms:
                if term not in self._terms:
                    self._terms.add(term)
                    new_terms.append(term)
            lookups = self._lookups
            if lookups is None or len(new_keys) + len(new_terms) > INCREMENTAL_LIMIT:
                self._lookups = None
                return
            # A few new entries (pages published since the last query) are inserted, not re-sorted.
            for term in new_terms:
                bisect.insort(lookups.sorted_terms, term)
                bisect.insort(lookups.terms_by_length.setdefault(len(term), []), term)
            for key in new_keys:
                bisect.insort(lookups.sorted_keys, key)
                bisect.insort(lookups.keys_by_length.setdefault(len(key), []), key)
                self._remember_surface(lookups.word_of_term, self._words[key])

    @staticmethod
    def _remember_surface(word_of_term, word):
        best = word_of_term.get(word.term)
        if best is None or word.documents > best.documents:
            word_of_term[word.term] = word

    def __len__(self):
        return len(self._words)

    def _prepare(self):
        lookups = self._lookups
        if lookups is not None:
            return lookups
        with self._lock:
            if self._lookups is None:
                sorted_terms = sorted(self._terms)
                sorted_keys = sorted(self._words)
                keys_by_length, terms_by_length, word_of_term = {}, {}, {}
                for key in sorted_keys:
                    keys_by_length.setdefault(len(key), []).append(key)
                for term in sorted_terms:
                    terms_by_length.setdefault(len(term), []).append(term)
                for word in self._words.values():
                    self._remember_surface(word_of_term, word)
                self._lookups = _Lookups(sorted_terms, sorted_keys, keys_by_length, terms_by_length, word_of_term)
            return self._lookups

    def locales_of(self, key):
        """Languages of the indexed documents that contain the word with this matching key."""
        return self._locales.get(key, frozenset())

    def has_term(self, term):
        return term in self._terms

    def _range(self, sorted_values, prefix):
        start = bisect.bisect_left(sorted_values, prefix)
        end = bisect.bisect_left(sorted_values, prefix + "\x7f")
        return sorted_values[start:end]

    def prefix_expansions(self, term):
        """Indexed terms sharing a long prefix with `term`, weighted by how much of them they share.

        Only alphabetic candidates count (not `term` + digits): shorter ones that `term` begins with (the same
        root with endings left on the query word), and others a few letters longer or shorter.
        """
        if len(term) < MIN_PREFIX_STEM or not term.isalpha():
            return {}
        lookups = self._prepare()
        shared = term[: min(len(term), PREFIX_LENGTH)]
        expansions = {}
        for candidate in self._range(lookups.sorted_terms, shared)[:MAX_PREFIX_CANDIDATES]:
            if candidate == term or not candidate.isalpha():
                continue
            if abs(len(candidate) - len(term)) > MAX_LENGTH_CHANGE and not term.startswith(candidate):
                continue
            overlap = common_prefix_length(term, candidate) / max(len(term), len(candidate))
            expansions[candidate] = PREFIX_WEIGHT * (0.5 + 0.5 * overlap)
        best = sorted(expansions.items(), key=lambda item: (-item[1], item[0]))[:MAX_PREFIX_EXPANSIONS]
        return dict(best)

    @staticmethod
    def _near(value, by_length):
        """(candidate, edits) of the values in `by_length` (length -> values) within typo distance of `value`."""
        distance = max_typo_distance(value)
        if not distance:
            return []
        found = []
        for length in range(len(value) - distance, len(value) + distance + 1):
            candidates = by_length.get(length, ())
            matches = extract(value, candidates, scorer=Levenshtein.distance, score_cutoff=distance, limit=None)
            found += [(candidate, edits) for candidate, edits, _index in matches]
        return found

    def corrections(self, key, stems=()):
        """Vocabulary words within typo distance of an unknown word, closest and most frequent first.

        The word's key is compared with indexed words, and its stems with indexed stems, so a typo inside
        an inflected word (исследовательскх) is corrected whatever ending the index has it with."""
        lookups = self._prepare()
        found = {}
        for candidate, edits in self._near(key, lookups.keys_by_length):
            found[candidate] = (self._words[candidate], edits)
        for stem in stems:
            for candidate, edits in self._near(stem, lookups.terms_by_length):
                word = lookups.word_of_term.get(candidate)
                if word is not None and (word.key not in found or found[word.key][1] > edits):
                    found[word.key] = (word, edits)
        words = sorted(found.values(), key=lambda item: (item[1], -item[0].documents, item[0].key))
        return [word for word, _edits in words[:MAX_TYPO_EXPANSIONS]]

    def completions(self, key_prefix, limit, locale=None):
        """Surface forms of the most frequent words whose key starts with `key_prefix` (used in `locale`)."""
        lookups = self._prepare()
        keys = self._range(lookups.sorted_keys, key_prefix)[:MAX_COMPLETION_CANDIDATES]
        if locale:
            keys = [key for key in keys if locale in self._locales.get(key, ())]
        matches = [self._words[key] for key in keys]
        matches.sort(key=lambda word: (-word.documents, word.surface))
        return [word.surface for word in matches[:limit]]


def expand_query(analyzed, vocabulary):
    """Add typo corrections (for words the index does not know) and prefix expansions to each query word."""
    for word in analyzed.words:
        if not any(vocabulary.has_term(term) for term in word.terms):
            corrections = vocabulary.corrections(word.key, stems=list(word.terms))
            for correction in corrections:
                word.add(correction.term, TYPO_WEIGHT)
            # The same word indexed under another stem (another language, another script) is no misspelling.
            word.corrections = [
                (correction.surface, correction.term) for correction in corrections if correction.key != word.key
            ]
        for term in list(word.terms):
            for expansion, weight in vocabulary.prefix_expansions(term).items():
                word.add(expansion, weight * word.terms[term])
        if len(word.terms) > MAX_TERMS_PER_WORD:
            # Every term costs a posting-list read; the weakest expansions go first.
            strongest = sorted(word.terms.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS_PER_WORD]
            word.terms = dict(strongest)


def did_you_mean(analyzed, frequencies):
    """The query with each misspelt word replaced by its best correction still in the index, or None."""
    replaced = False
    words = []
    for word in analyzed.words:
        surface = next((surface for surface, term in word.corrections if frequencies.get(term)), None)
        replaced = replaced or surface is not None
        words.append(surface or word.surface)
    return " ".join(words) if replaced else None
