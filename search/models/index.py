"""The database search engine's index: documents, postings, facet values and the vocabulary.

Portable SQL (SQLite and PostgreSQL): BM25 over a postings table, no database-specific full-text feature,
so both databases give the same results as each other and as Elasticsearch (see docs/search.md).
"""

from django.db import models


class SearchDocument(models.Model):
    """One indexed page: what results show (title, url, the excerpt snippets are cut from, with its words'
    index terms) and its length for BM25."""

    page_id = models.BigIntegerField(primary_key=True)
    external_id = models.CharField(max_length=100, null=True, blank=True)
    content_type = models.CharField(max_length=20)
    locale = models.CharField(max_length=8, db_index=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    excerpt = models.TextField(blank=True)
    excerpt_terms = models.TextField(blank=True)
    publication_date = models.DateField(null=True, blank=True)
    length = models.PositiveIntegerField()
    version = models.CharField(max_length=100)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_document"

    def __str__(self):
        return f"{self.locale} {self.content_type} {self.page_id}: {self.title}"


class SearchPosting(models.Model):
    """How often one index term occurs in one document (title and summary count several times).

    The document's length and language are copied here so scoring reads postings alone, no join."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, db_column="page_id")
    term = models.CharField(max_length=64)
    frequency = models.PositiveIntegerField()
    length = models.PositiveIntegerField()
    locale = models.CharField(max_length=8)

    class Meta:
        db_table = "search_posting"
        indexes = [
            # Every column scoring reads, so PostgreSQL and SQLite answer from the index alone.
            models.Index(fields=["term", "document", "frequency", "length", "locale"], name="search_posting_scoring"),
            models.Index(fields=["document"], name="search_posting_document"),
        ]

    def __str__(self):
        return f"{self.term} ×{self.frequency} in {self.document_id}"


class SearchFacetValue(models.Model):
    """One facet value of a document (type, lang, theme, country, year), for filters and facet counts."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, db_column="page_id")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        db_table = "search_facet_value"
        constraints = [
            models.UniqueConstraint(fields=["facet", "value", "document"], name="search_facet_value_document")
        ]
        indexes = [models.Index(fields=["document"], name="search_facet_document")]

    def __str__(self):
        return f"{self.facet}={self.value} ({self.document_id})"


class SearchTerm(models.Model):
    """How many documents contain an index term (BM25's document frequency), kept exact on every update."""

    term = models.CharField(max_length=64, unique=True)
    documents = models.IntegerField(default=0)

    class Meta:
        db_table = "search_term"

    def __str__(self):
        return f"{self.term} in {self.documents}"


class SearchWord(models.Model):
    """A word seen in indexed text of one language: its matching key, index term and a readable form, for
    typo correction ("did you mean"), autocomplete and telling a query's language from the words it shares
    with the index. Counts are set on rebuild; words first seen later start at one."""

    key = models.CharField(max_length=64)
    locale = models.CharField(max_length=8)
    term = models.CharField(max_length=64)
    surface = models.CharField(max_length=64)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "search_word"
        constraints = [models.UniqueConstraint(fields=["key", "locale"], name="search_word_key_locale")]

    def __str__(self):
        return self.surface
