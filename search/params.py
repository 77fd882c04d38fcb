"""The whitelist of search parameters, shared by the JSON API and the /search/ page.

Decision (docs/architecture.md): the API answers 400 with a JSON error naming the parameter for a value
outside its domain (an unknown type or language, a malformed theme or country, page < 1, page_size outside
1..50, a page beyond the 10,000th result); a well-formed value that matches nothing (a theme no page carries)
is a valid filter and gives 200 with no results. The HTML page never errors: it drops a bad filter and
clamps the page, so a stale bookmark still shows results. Unknown parameters are ignored by both. The query
text is never an error: control characters are removed and it is cut to MAX_QUERY_LENGTH characters.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django_countries import countries

from django.conf import settings

TYPES = ("article", "case_study", "member_library")
MAX_QUERY_LENGTH = 200
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
# Deepest result reachable by paging (Elasticsearch's default max_result_window).
MAX_RESULT_WINDOW = 10_000
FILTERS = ("type", "theme", "country", "lang", "year")
API_FILTERS = ("type", "theme", "country", "lang")
# Format characters (bidi marks, soft hyphen, BOM) are dropped too; joiners shape Persian-script words.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
_THEME = re.compile(r"^[-\w]{1,100}$")
_WHOLE_NUMBER = re.compile(r"^\s*\+?[0-9]{1,18}\s*$")
_SPACES = re.compile(r"\s+")


class InvalidParameter(ValueError):
    def __init__(self, param, message):
        super().__init__(message)
        self.param = param
        self.message = str(message)

    def as_json(self):
        return {"error": {"code": "invalid_parameter", "param": self.param, "message": self.message}}


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    ignored: list = field(default_factory=list)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def url_params(self, **changes):
        """The query-string parameters of this search with `changes` applied (None removes one)."""
        params = {"q": self.q, **self.filters}
        if self.page != 1:
            params["page"] = self.page
        params.update(changes)
        return {key: value for key, value in params.items() if value not in (None, "")}


def clean_query_text(raw):
    """The query as the engines see it: control characters removed, spaces collapsed, length capped."""
    kept = []
    for char in raw[: MAX_QUERY_LENGTH * 4]:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char)[0] != "C" or char in _KEPT_FORMAT_CHARACTERS:
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()[:MAX_QUERY_LENGTH].strip()


def content_languages():
    return [code for code, _name in settings.LANGUAGES]


def parse_search_params(data, strict, allowed_filters=FILTERS):
    """Validate a QueryDict into SearchParams; `strict` raises InvalidParameter, otherwise bad values are dropped."""
    params = SearchParams(q=clean_query_text(data.get("q", "")))

    def reject(name, message):
        if strict:
            raise InvalidParameter(name, message)
        params.ignored.append(name)

    for name in allowed_filters:
        raw = data.get(name, "").strip()
        if not raw:
            continue
        value = _FILTER_CHECKS[name](raw)
        if value is None:
            reject(name, _FILTER_MESSAGES[name])
        else:
            params.filters[name] = value

    page_size = _whole_number(data.get("page_size", "")) if "page_size" in data else DEFAULT_PAGE_SIZE
    if page_size is None or not 1 <= page_size <= MAX_PAGE_SIZE:
        reject("page_size", f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.")
        page_size = DEFAULT_PAGE_SIZE
    params.page_size = page_size

    page = _whole_number(data.get("page", "")) if "page" in data else 1
    if page is None or page < 1:
        reject("page", "page must be a whole number from 1.")
        page = 1
    elif page * page_size > MAX_RESULT_WINDOW:
        reject("page", f"page is beyond the last reachable result (results 1 to {MAX_RESULT_WINDOW} can be paged).")
        page = MAX_RESULT_WINDOW // page_size
    params.page = page
    return params


def _whole_number(raw):
    return int(raw) if isinstance(raw, str) and _WHOLE_NUMBER.match(raw) else None


def _check_type(raw):
    return raw if raw in TYPES else None


def _check_theme(raw):
    return raw.lower() if _THEME.match(raw) else None


def _check_country(raw):
    code = raw.upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() and code in dict(countries) else None


def _check_lang(raw):
    code = raw.lower()
    return code if code in content_languages() else None


def _check_year(raw):
    year = _whole_number(raw)
    return year if year is not None and 1900 <= year <= 2100 else None


_FILTER_CHECKS = {
    "type": _check_type,
    "theme": _check_theme,
    "country": _check_country,
    "lang": _check_lang,
    "year": _check_year,
}
# API error messages are for the developers of other tools, so they stay in English.
_FILTER_MESSAGES = {
    "type": f"type must be one of: {', '.join(TYPES)}.",
    "theme": "theme must be a theme slug (letters, digits, hyphens).",
    "country": "country must be an ISO 3166-1 alpha-2 country code such as KZ.",
    "lang": f"lang must be one of the content languages: {', '.join(code for code, _name in settings.LANGUAGES)}.",
    "year": "year must be a year such as 2024.",
}
