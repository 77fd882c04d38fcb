"""What every search engine offers, and the query and result shapes they share (the API contract)."""

import math
from dataclasses import asdict, dataclass, field, replace

from search.text import AnalyzedQuery, QueryWord, analyze_query, did_you_mean, expand_query, highlight_excerpt

DOCUMENT_TYPES = ("article", "case_study", "member_library")
FACETS = ("type", "theme", "country", "lang", "year")
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
# Documents in the query's language come first: this is added to their score, above any BM25 score.
LANGUAGE_PRIORITY = 1000.0
BM25_K1 = 1.2
BM25_B = 0.75
# A word's own stems (in the detected or another language of its script) count as its main terms.
MAIN_TERM_WEIGHT = 0.9


class SearchEngineError(Exception):
    """The engine could not answer (unreachable, timed out, refused the request)."""


@dataclass
class SearchQuery:
    q: str = ""
    type: str | None = None
    theme: str | None = None
    country: str | None = None
    lang: str | None = None
    year: int | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self):
        self.page = max(1, int(self.page))
        self.page_size = min(MAX_PAGE_SIZE, max(1, int(self.page_size)))

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def filters(self):
        """Facet name -> the value the query is restricted to."""
        values = {"type": self.type, "theme": self.theme, "country": self.country, "lang": self.lang}
        values["year"] = str(self.year) if self.year else None
        return {name: value for name, value in values.items() if value}


@dataclass
class SearchResult:
    id: int
    external_id: str | None
    type: str
    title: str
    url: str
    locale: str
    snippet: str
    score: float
    publication_date: str | None = None


@dataclass
class SearchResults:
    count: int
    engine: str
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {name: {} for name in FACETS})
    suggestion: str | None = None
    lang: str | None = None  # the language detected in (or given with) the query
    fallback: bool = False  # True when the configured engine failed and the database engine answered
    partial: bool = False  # True when no document matched enough words and these match only some of them
    notice: str | None = None

    def as_dict(self):
        return asdict(self)


@dataclass
class TermGroup:
    """One query word as the engines see it: alternative index terms, each with its final weight."""

    word: QueryWord
    weights: dict


@dataclass
class PreparedQuery:
    """A query after the pipeline: per required word, its index terms with their final weights."""

    query: SearchQuery
    analyzed: AnalyzedQuery
    suggestion: str | None
    groups: list  # one TermGroup per word a document may match
    minimum_should_match: int
    frequencies: dict  # term -> documents containing it
    document_count: int

    @property
    def matched_terms(self):
        return {term for group in self.groups for term in group.weights}

    def relaxed(self):
        """The same query needing only half of its words, or None when it already needs no more than that."""
        relaxed_count = max(1, len(self.groups) // 2)
        if relaxed_count >= self.minimum_should_match:
            return None
        return replace(self, minimum_should_match=relaxed_count)

    @property
    def is_browse(self):
        """No words at all: list documents (filters still apply) instead of matching."""
        return not self.analyzed.words


def idf(document_count, document_frequency):
    """Lucene's BM25 idf, so both engines weigh terms the same way."""
    return math.log(1 + (document_count - document_frequency + 0.5) / (document_frequency + 0.5))


def prepare_query(query, vocabulary, statistics):
    """Run the pipeline on `query.q`: analysis, vocabulary expansion, term weights, which words must match.

    `statistics` gives document frequencies and the document count. A word's alternatives (its stems in
    other languages, prefix and typo expansions) share one idf, that of its most frequent main term, so
    a rare expansion cannot outweigh the word itself.
    """
    analyzed = analyze_query(query.q, lang=query.lang, word_locales=vocabulary.locales_of)
    expand_query(analyzed, vocabulary)
    frequencies = statistics.frequencies({term for word in analyzed.words for term in word.terms})
    suggestion = did_you_mean(analyzed, frequencies)
    document_count = max(statistics.document_count(), 1)
    groups = []
    for word in analyzed.words:
        known = {term: weight for term, weight in word.terms.items() if frequencies.get(term)}
        if not known:
            # A word the index does not know at all (no term, no correction) cannot be required.
            continue
        main = [term for term, weight in known.items() if weight >= MAIN_TERM_WEIGHT] or list(known)
        word_idf = idf(document_count, max(frequencies[term] for term in main))
        groups.append(TermGroup(word, {term: weight * word_idf for term, weight in known.items()}))
    return PreparedQuery(
        query=query,
        analyzed=analyzed,
        suggestion=suggestion,
        groups=groups,
        minimum_should_match=analyzed.minimum_should_match(groups),
        frequencies=frequencies,
        document_count=document_count,
    )


def make_snippet(document, prepared):
    """The highlighted snippet of a stored document: the best matching window of its excerpt (the start of
    summary and body), from the terms stored with it."""
    return highlight_excerpt(
        document.get("excerpt") or "", document.get("excerpt_terms"), prepared.matched_terms, document.get("locale")
    )


class SearchEngine:
    """Base class: an engine indexes documents made by `search.documents.page_to_document` and answers
    `SearchQuery`s with `SearchResults`, whatever it runs on."""

    name = "base"

    def _answer(self, prepared):
        """SearchResults for a prepared query: matched, counted, faceted, paged (each engine's own)."""
        raise NotImplementedError

    def answer(self, prepared):
        """Answer a prepared query; a long question no document fully matches (most of its words are
        function words the pages lack) is asked again needing only half of its words."""
        results = self._answer(prepared)
        if results.count == 0 and (relaxed := prepared.relaxed()) is not None:
            results = self._answer(relaxed)
            results.partial = results.count > 0
        return results

    def index_documents(self, documents):
        raise NotImplementedError

    def delete_documents(self, page_ids):
        raise NotImplementedError

    def search(self, query):
        raise NotImplementedError

    def suggest(self, prefix, lang=None, limit=8):
        raise NotImplementedError

    def rebuild(self, documents, total=None):
        """Replace the whole index with `documents` (an iterable); returns stats {"documents": n, ...}."""
        raise NotImplementedError

    def indexed_versions(self):
        """{page_id: version} of every indexed document, for reconciliation."""
        raise NotImplementedError

    def health(self):
        """{"ok": bool, "engine": name, "documents": n, ...}; never raises."""
        raise NotImplementedError

    def refresh(self):
        """Make what was just indexed searchable now (tests; Elasticsearch otherwise does it within a second)."""

    def vocabulary(self):
        """The `search.text.Vocabulary` used for typo correction and prefix matching."""
        raise NotImplementedError
