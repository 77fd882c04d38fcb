from .index import SearchDocument, SearchFacetValue, SearchPosting, SearchWord

__all__ = ["SearchDocument", "SearchFacetValue", "SearchPosting", "SearchWord"]
