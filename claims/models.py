"""Pydantic models for what crosses the edges: a source or claim typed or imported.

The enums themselves live in `claims.vocab` (so that `--help` need not import
pydantic) and are re-exported here: one vocabulary for pydantic, Typer and SQLite.
Inside the library, rows travel as plain dicts.
"""

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

from .dates import date_key, end_of, parse_date  # noqa: F401  (re-exported)
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

TOPIC_KEY = re.compile(r"^[a-z0-9][a-z0-9_.:/-]*$")
SIDE = re.compile(r"^[a-z]{2,12}$")
CLAIM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _split_list(value):
    """CSV cells hold lists as 'a; b'; JSON holds real lists."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _clean_text(value):
    """Surrounding white space goes; an empty text is no text."""
    if isinstance(value, str):
        return value.strip() or None
    return value


Text = Annotated[str | None, BeforeValidator(_clean_text)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Names = Annotated[list[Name], BeforeValidator(_split_list)]
Number = Annotated[float, Field(allow_inf_nan=False)] | None


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
    """A claim as typed, imported or extracted: the keys of `claims list --format json`.

    Kept lean on purpose: imports validate a million of these, so white space is
    stripped by pydantic's core and empty texts become None when the row is stored.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    id: str | None = None
    topic: Name
    source: Name
    source_type: SourceType | None = None
    side: str | None = None
    reliability: Reliability | None = None
    admiralty: str | None = None  # derived from reliability and credibility; accepted, not stored
    figure: str | None = None
    value: Number = None
    low: Number = None
    high: Number = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    as_of: str | None = None
    reported_on: str | None = None
    status: Status = Status.unverified
    credibility: Annotated[int, Field(ge=1, le=6)] = 6
    via: Names = []
    quote: str | None = None
    url: str | None = None
    place: str | None = None
    notes: str | None = None
    tags: Names = []
    created: str | None = None
    updated: str | None = None
    # what `claims extract` adds to each candidate; accepted so its output imports unchanged
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    span: Annotated[list[int] | None, BeforeValidator(_split_list)] = None

    @field_validator("id")
    @classmethod
    def _id(cls, value):
        if not value:
            return None
        if not CLAIM_ID.match(value):
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
