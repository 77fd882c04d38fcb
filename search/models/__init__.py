from .index import SearchDocument, SearchFacetValue, SearchPosting, SearchTerm, SearchWord
from .queue import IndexQueueEntry
from .reports import ZeroResultQuery

__all__ = [
    "IndexQueueEntry",
    "SearchDocument",
    "SearchFacetValue",
    "SearchPosting",
    "SearchTerm",
    "SearchWord",
    "ZeroResultQuery",
]
