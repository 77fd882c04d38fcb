"""What every search engine offers, and the query and result shapes they share (the API contract)."""

from dataclasses import asdict, dataclass, field

from search.text import AnalyzedQuery, analyze_query, expand_query, highlight

DOCUMENT_TYPES = ("article", "case_study", "member_library")
FACETS = ("type", "theme", "country", "lang", "year")
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
# Documents in the query's language come first: this is added to their score, above any BM25 score.
LANGUAGE_PRIORITY = 1000.0
BM25_K1 = 1.2
BM25_B = 0.75


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
    notice: str | None = None

    def as_dict(self):
        return asdict(self)


@dataclass
class PreparedQuery:
    """A query after the pipeline: words with their weighted index terms, and which words must match."""

    query: SearchQuery
    analyzed: AnalyzedQuery
    suggestion: str | None
    required_words: list
    minimum_should_match: int

    @property
    def matched_terms(self):
        return self.analyzed.all_terms


def prepare_query(query, vocabulary):
    """Run the pipeline on `query.q`: analysis, vocabulary expansion, which words a match needs."""
    analyzed = analyze_query(query.q, lang=query.lang)
    suggestion = expand_query(analyzed, vocabulary)
    # A word the index does not know at all (no term, no correction) cannot be required of any document.
    required = [word for word in analyzed.words if any(vocabulary.has_term(term) for term in word.terms)]
    return PreparedQuery(
        query=query,
        analyzed=analyzed,
        suggestion=suggestion,
        required_words=required,
        minimum_should_match=analyzed.minimum_should_match(required),
    )


def make_snippet(document, prepared):
    """The highlighted snippet of a stored document: summary and body, best matching window."""
    text = " ".join(part for part in (document.get("summary"), document.get("body")) if part)
    return highlight(text, prepared.matched_terms, document.get("locale"))


class SearchEngine:
    """Base class: an engine indexes documents made by `search.documents.page_to_document` and answers
    `SearchQuery`s with `SearchResults`, whatever it runs on."""

    name = "base"

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
