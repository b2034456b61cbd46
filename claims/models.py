"""Pydantic models for what crosses the edges: a source or claim typed or imported.

The enums themselves live in `claims.vocab` (so that `--help` need not import
pydantic) and are re-exported here: one vocabulary for pydantic, Typer and SQLite.
Inside the library, rows travel as plain dicts.
"""

import datetime
import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ValidationError,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from .errors import ClaimsError
from .vocab import (  # noqa: F401  (re-exported vocabulary)
    CREDIBILITY_MEANING,
    RELIABILITY_MEANING,
    STATUS_MEANING,
    FileFormat,
    Format,
    Policy,
    Qualifier,
    Reliability,
    ReportFormat,
    SourceType,
    Status,
    TopicKind,
    admiralty,
)

LIST_SEPARATOR = "; "
TOPIC_KEY = re.compile(r"^[a-z0-9][a-z0-9_.:/-]*$")
SIDE = re.compile(r"^[a-z]{2,12}$")
CLAIM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DATE_FORMATS = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}


def parse_date(text: str | None, field: str = "date") -> str | None:
    """Check a date of day, month or year precision: '2025-01-03', '2025-01', '2025'."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text).strip()
    fmt = DATE_FORMATS.get(len(text))
    try:
        if not fmt:
            raise ValueError
        datetime.datetime.strptime(text, fmt[0])
    except ValueError:
        raise ValueError(f"bad {field} {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY") from None
    return text


def date_key(text: str | None) -> str | None:
    """The first day a partial date covers, for sorting and windows."""
    if not text:
        return None
    return {10: text, 7: text + "-01", 4: text + "-01-01"}[len(text)]


def _split_list(value):
    """CSV cells hold lists as 'a; b'; JSON holds real lists."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _blank_to_none(value):
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def _clean_text(value):
    """Surrounding white space goes; an empty text is no text."""
    if isinstance(value, str):
        return value.strip() or None
    return value


Text = Annotated[str | None, BeforeValidator(_clean_text)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Names = Annotated[list[Name], BeforeValidator(_split_list)]
Number = Annotated[Annotated[float, Field(allow_inf_nan=False)] | None, BeforeValidator(_blank_to_none)]


def check_side(value: str | None) -> str:
    """A side is a short lower-case code (ua, ru, us, none) or 'unknown'."""
    value = (value or "unknown").strip().lower()
    if value != "unknown" and not SIDE.match(value):
        raise ValueError(f"bad side {value!r}: use a short code such as ua, ru, us, none")
    return value


def _no_separator(items: list[str]) -> list[str]:
    for item in items:
        if ";" in item:
            raise ValueError(f"{item!r} contains ';', which separates list items")
    return items


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    name: Name
    type: SourceType
    side: str = "unknown"
    reliability: Reliability = Reliability.F
    aliases: Names = []
    notes: Text = None
    url: Text = None

    @field_validator("side", mode="before")
    @classmethod
    def _side(cls, value):
        return check_side(value)

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value):
        return _no_separator(value)


class ClaimIn(BaseModel):
    """A claim as typed, imported or extracted: the keys of `claims list --format json`."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    id: Text = None
    topic: Name
    source: Name
    source_type: Annotated[SourceType | None, BeforeValidator(_blank_to_none)] = None
    side: Text = None
    reliability: Annotated[Reliability | None, BeforeValidator(_blank_to_none)] = None
    admiralty: Text = None  # derived from reliability and credibility; accepted, not stored
    figure: Text = None
    value: Number = None
    low: Number = None
    high: Number = None
    unit: Text = None
    qualifier: Annotated[Qualifier | None, BeforeValidator(_blank_to_none)] = None
    as_of: Text = None
    reported_on: Text = None
    status: Annotated[Status, BeforeValidator(lambda v: _blank_to_none(v) or "unverified")] = Status.unverified
    credibility: Annotated[int, BeforeValidator(lambda v: 6 if _blank_to_none(v) is None else v),
                           Field(ge=1, le=6)] = 6
    via: Names = []
    quote: Text = None
    url: Text = None
    place: Text = None
    notes: Text = None
    tags: Names = []
    created: Text = None
    updated: Text = None

    @field_validator("id")
    @classmethod
    def _id(cls, value):
        if value is not None and not CLAIM_ID.match(value):
            raise ValueError("an id is 1-64 letters, digits, '-' or '_'")
        return value

    @field_validator("topic")
    @classmethod
    def _topic(cls, value):
        if not TOPIC_KEY.match(value):
            raise ValueError(f"bad topic key {value!r}: use lower case, digits and / - _ . : (e.g. pokrovsk/distance-to-front)")
        return value

    @field_validator("as_of", "reported_on")
    @classmethod
    def _date(cls, value, info):
        return parse_date(value, info.field_name)

    @field_validator("via", "tags")
    @classmethod
    def _lists(cls, value):
        return _no_separator(value)

    @field_validator("side")
    @classmethod
    def _side(cls, value):
        return check_side(value) if value else value


def describe_validation(error: ValidationError) -> str:
    """Pydantic's complaint as one line: 'field credibility: Input should be less than or equal to 6'."""
    parts = []
    for item in error.errors()[:3]:
        field = ".".join(str(x) for x in item["loc"]) or "row"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        parts.append(f"field {field}: {message}")
    return "; ".join(parts)


def build(model: type[BaseModel], **data) -> BaseModel:
    """Validate typed input, raising the library's own error with one clear line."""
    try:
        return model(**data)
    except ValidationError as error:
        raise ClaimsError(describe_validation(error)) from None
