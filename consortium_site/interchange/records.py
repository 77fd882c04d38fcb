"""One validator per record type of the interchange format (docs/interchange.md).

They check shape and types; the page models' own validators (ranges, URLs, dates) run on import too,
so the admin and the importer reject the same values with the same messages.
"""

import datetime
import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Literal

from django_countries import countries
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, ValidationError

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from consortium_site.models import LibraryType

RECORD_TYPES = ("article", "case_study", "member_library")
COMMON_FIELDS = ("id", "type", "locale", "title", "summary", "body", "themes", "country", "published")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _locale(value):
    codes = [code for code, _name in settings.LANGUAGES]
    if value not in codes:
        raise ValueError(f"unknown locale {value!r} (expected one of {', '.join(codes)})")
    return value


def _country(value):
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in countries:
        raise ValueError(f"unknown country {value!r} (expected an ISO 3166-1 alpha-2 code such as KZ)")
    return value.upper()


def _required_country(value):
    if value is None:
        raise ValueError("a member library needs its country (an ISO 3166-1 alpha-2 code such as KZ)")
    return _country(value)


def _iso_date(value):
    if value is None:
        return None
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date ({error})") from None


def _theme(value):
    if not isinstance(value, str) or not slugify(value, allow_unicode=True):
        raise ValueError(f"theme {value!r} must be a non-empty string")
    return value


def _library_type(value):
    if value is None:
        return None
    if value not in LibraryType.values:
        raise ValueError(f"unknown library type {value!r} (expected one of {', '.join(LibraryType.values)})")
    return value


def _email(value):
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(f"{value!r} is not a valid email address") from None
    return value


def decimal_places(places):
    """Numbers arrive as JSON numbers; coordinates and percentages are stored with fixed decimals."""
    quantum = Decimal(1).scaleb(-places)

    def to_decimal(value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{value!r} is not a number")
        return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)

    return BeforeValidator(to_decimal)


Text = Annotated[str, Field(strict=True)]
Title = Annotated[
    str, Field(strict=True, min_length=1), BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)
]
Count = StrictInt | None
Coordinate = Annotated[Decimal | None, decimal_places(6)]
OneDecimal = Annotated[Decimal | None, decimal_places(1)]
Country = Annotated[str | None, BeforeValidator(_country)]
IsoDate = Annotated[datetime.date | None, BeforeValidator(_iso_date)]
Theme = Annotated[str, BeforeValidator(_theme)]
Kind = Annotated[str | None, BeforeValidator(_library_type)]


class InterchangeRecord(BaseModel):
    """The fields every record has; type-specific fields are added by the subclasses."""

    # Unknown fields are kept aside and reported as warnings, never silently dropped.
    model_config = ConfigDict(extra="allow", frozen=True)

    id: Annotated[str, Field(strict=True, min_length=1, max_length=100, pattern=r"^\S+$")]
    type: str
    locale: Annotated[str, BeforeValidator(_locale)]
    title: Title
    summary: Text
    body: Text
    themes: list[Theme]
    country: Country
    published: IsoDate
    translation_of: Annotated[str, Field(strict=True, min_length=1)] | None = None

    @property
    def unknown_fields(self):
        return sorted(self.model_extra or {})


class ArticleRecord(InterchangeRecord):
    type: Literal["article"]
    countries: list[Annotated[str, BeforeValidator(_country)]] = []
    sdg_goals: list[Annotated[StrictInt, Field(ge=1, le=17)]] = []
    related_libraries: list[Annotated[str, Field(strict=True, min_length=1)]] = []


class CaseStudyRecord(InterchangeRecord):
    type: Literal["case_study"]
    reporting_library: Annotated[str, Field(strict=True, min_length=1)] | None = None
    library_type: Kind = None
    period_start: Count = None
    period_end: Count = None
    challenges: list[Annotated[str, Field(strict=True)]] = []
    interventions: Text = ""
    outcomes: Text = ""
    lessons_learned: Text = ""
    staff_count_before: Count = None
    staff_count_after: Count = None
    turnover_before_pct: OneDecimal = None
    turnover_after_pct: OneDecimal = None


class ContactRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(strict=True, min_length=1, max_length=200)]
    role: Annotated[str, Field(strict=True, max_length=200)] = ""
    email: Annotated[str, Field(strict=True, max_length=254), BeforeValidator(_email)] = ""
    phone: Annotated[str, Field(strict=True, max_length=40)] = ""


class MemberLibraryRecord(InterchangeRecord):
    type: Literal["member_library"]
    country: Annotated[str, BeforeValidator(_required_country)]
    short_name: Text = ""
    institution: Text = ""
    city: Text = ""
    address: Text = ""
    latitude: Coordinate = None
    longitude: Coordinate = None
    website: Text = ""
    library_type: Kind = None
    year_joined: Count = None
    collection_size: Count = None
    staff_fte: OneDecimal = None
    registered_users: Count = None
    collection_languages: list[Annotated[str, Field(strict=True)]] = []
    services: list[Annotated[str, Field(strict=True)]] = []
    library_system: Text = ""
    contacts: list[ContactRecord] = []


RECORD_CLASSES = {"article": ArticleRecord, "case_study": CaseStudyRecord, "member_library": MemberLibraryRecord}


class RecordError(ValueError):
    """A record that cannot be imported; the message says which field and why."""


def parse_record(data):
    """Validate one decoded JSON value; returns the typed record or raises RecordError."""
    if not isinstance(data, dict):
        raise RecordError(f"a line must hold one JSON object, not {type(data).__name__}")
    missing = [name for name in COMMON_FIELDS if name not in data]
    if missing:
        raise RecordError(f"missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if _holds_nul(data):
        raise RecordError("a text value holds a NUL character (\\u0000), which the database cannot store")
    record_type = data["type"]
    if record_type not in RECORD_CLASSES:
        raise RecordError(f"unknown type {record_type!r} (expected one of {', '.join(RECORD_TYPES)})")
    try:
        return RECORD_CLASSES[record_type].model_validate(data)
    except ValidationError as error:
        raise RecordError("; ".join(_describe(problem) for problem in error.errors())) from None


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _describe(problem):
    where = ".".join(str(part) for part in problem["loc"])
    message = problem["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
