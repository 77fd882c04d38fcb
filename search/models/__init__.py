from .index import SearchDocument, SearchFacetValue, SearchPosting, SearchTerm, SearchWord

__all__ = ["SearchDocument", "SearchFacetValue", "SearchPosting", "SearchTerm", "SearchWord"]
