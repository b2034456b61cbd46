"""Pydantic models for what crosses the edges: a source or claim typed or imported.

The enums themselves live in `claims.vocab` (so that `--help` need not import
pydantic) and are re-exported here: one vocabulary for pydantic, Typer and SQLite.
Inside the library, rows travel as plain dicts.
"""

import re
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    with_config,
)
from typing_extensions import Required, TypedDict  # noqa: UP035  (pydantic needs this TypedDict before Python 3.12)

from claims.basics.dates import check_date, date_key, end_of, parse_date  # noqa: F401  (re-exported)
from claims.basics.errors import ClaimsError
from claims.basics.names import CONTROL, CONTROL_CHARACTER, normal_name
from claims.basics.vocab import (
    Likelihood,
    Qualifier,
    Reliability,
    SourceType,
    Status,
)

TOPIC_KEY = re.compile(r"^[a-z0-9][a-z0-9_.:/-]*$")
SIDE = re.compile(r"^[a-z]{2,12}$")


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
# A name (of a source, an alias, a relay, a tag) never holds a control character: a bare
# \x1c would make one name look like another (Python's strip() drops it, SQLite's index
# does not), and an escape or bidi override would disguise it. Refused, with one line.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200,
                                        pattern=f"^[^{CONTROL}]*$")]
# A list item (a relay, a tag, an alias): CSV cells hold lists as 'a; b', so no item holds ';'
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200,
                                        pattern=f"^[^;{CONTROL}]*$")]
Items = Annotated[list[Item], BeforeValidator(_split_list)]
# evidence: addresses, which may be long; still no ';' (the CSV list separator)
Links = Annotated[list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000,
                                                        pattern=r"^[^;]*$")]], BeforeValidator(_split_list)]
Number = Annotated[float, Field(allow_inf_nan=False)] | None


def check_side(value: str | None) -> str:
    """A side is a short lower-case code (ua, ru, us, none) or 'unknown'."""
    value = (value or "unknown").strip().lower()
    if value != "unknown" and not SIDE.match(value):
        raise ValueError(f"bad side {value!r}: use a short code such as ua, ru, us, none")
    return value


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    name: Name
    type: SourceType
    side: str = "unknown"
    reliability: Reliability = Reliability.F
    aliases: Items = []
    notes: Text = None
    url: Text = None

    @field_validator("side", mode="before")
    @classmethod
    def _side(cls, value):
        return check_side(value)

    @field_validator("name", "aliases")
    @classmethod
    def _composed(cls, value):
        return [normal_name(v) for v in value] if isinstance(value, list) else normal_name(value)


# What a claim's fields must look like, checked inside pydantic's core (no Python
# call per field: imports validate a million claims). A pattern that fails is
# reported in the words of PATTERN_MESSAGES, not as the pattern itself.
ClaimId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{0,64}$")]
TopicKey = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=TOPIC_KEY.pattern)]
SideCode = Annotated[str, StringConstraints(to_lower=True, pattern=r"^(?:[A-Za-z]{2,12})?$")]
DateText = Annotated[str, StringConstraints(pattern=r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")]

PATTERN_MESSAGES = {
    "id": "an id is 1-64 letters, digits, '-' or '_'",
    "topic": "bad topic key {text!r}: use lower case, digits and / - _ . : (e.g. pokrovsk/distance-to-front)",
    "side": "bad side {lower!r}: use a short code such as ua, ru, us, none",
    "as_of": "bad as_of {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY",
    "reported_on": "bad reported_on {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY",
    "via": "{text!r} contains ';', which separates list items",
    "tags": "{text!r} contains ';', which separates list items",
    "evidence": "{text!r} contains ';', which separates list items",
    "aliases": "{text!r} contains ';', which separates list items",
}


@with_config(ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True))
class ClaimIn(TypedDict, total=False):
    """A claim as typed, imported or extracted: the keys of `claims list --format json`.

    A TypedDict, not a model: claims are validated by the million, straight into
    the plain dicts the library works on. `validate_claim` fills the defaults.
    """

    id: ClaimId | None
    topic: Required[TopicKey]
    source: Required[Name]
    source_type: SourceType | None
    side: SideCode | None
    reliability: Reliability | None
    admiralty: str | None  # derived from reliability and credibility; accepted, not stored
    figure: str | None
    value: Number
    low: Number
    high: Number
    unit: str | None
    qualifier: Qualifier | None
    likelihood: Likelihood | None  # the ICD 203 band its claimant attached
    as_of: DateText | None
    reported_on: DateText | None
    status: Status
    credibility: Annotated[int, Field(ge=1, le=6)]
    evidence: Links
    via: Items
    quote: str | None
    url: str | None
    place: str | None
    notes: str | None
    tags: Items
    created: str | None
    updated: str | None
    # what `claims extract` adds to each candidate; accepted so its output imports unchanged
    confidence: Annotated[float, Field(ge=0, le=1)] | None
    span: Annotated[list[int] | None, BeforeValidator(_split_list)]
    stored: bool | None  # already in the database when it was extracted


CLAIM_FIELDS = tuple(ClaimIn.__annotations__)
CLAIM_DEFAULTS = {**dict.fromkeys(CLAIM_FIELDS), "status": "unverified", "credibility": 6}
_adapters: dict = {}


def _adapter(shape):
    """Pydantic validators, built on first use (building one takes a while)."""
    if shape not in _adapters:
        _adapters[shape] = TypeAdapter(shape)
    return _adapters[shape]


def validate_claim(data: dict) -> dict:
    """One claim, validated, with every field present; raises pydantic's ValidationError
    or, for an impossible date, ValueError."""
    return finish_claim(_adapter(ClaimIn).validate_python(data))


def validate_claims(items, json_text: bool = False) -> list[dict]:
    """Many claims at once (a list, or the text of a JSON array), all or nothing:
    any problem raises, and the caller can look at the rows one by one."""
    adapter = _adapter(list[ClaimIn])
    claims = adapter.validate_json(items) if json_text else adapter.validate_python(items)
    return [finish_claim(claim) for claim in claims]


def finish_claim(claim: dict) -> dict:
    """Defaults filled in, empty texts as None, and dates checked against the calendar."""
    claim = {**CLAIM_DEFAULTS, "via": [], "tags": [], "evidence": [], **claim}  # fresh lists: no claim shares one
    claim["id"] = claim["id"] or None
    claim["side"] = claim["side"] or None
    for field in ("as_of", "reported_on"):
        if claim[field]:
            try:
                check_date(claim[field], field)
            except ValueError as error:
                raise ValueError(f"field {field}: {error}") from None
        else:
            claim[field] = None
    return claim


def new_claim(**fields) -> dict:
    """A claim typed by a person (or a test): validated, or one clear ClaimsError."""
    try:
        return validate_claim({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        raise ClaimsError(describe_validation(error)) from None
    except ValueError as error:
        raise ClaimsError(str(error)) from None


def describe_validation(error: ValidationError, skip: int = 0) -> str:
    """Pydantic's complaint as one line: 'field credibility: Input should be less than or equal to 6'.

    `skip` drops leading parts of each location (the row number of a batch)."""
    parts = []
    for item in error.errors()[:3]:
        loc = item["loc"][skip:]
        field = ".".join(str(x) for x in loc) or "row"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "string_pattern_mismatch" and (bad := CONTROL_CHARACTER.search(str(item["input"]))):
            message = f"{str(item['input'])!r} holds a control character ({ord(bad.group()):#04x})"
        elif item["type"] == "string_pattern_mismatch" and loc and loc[0] in PATTERN_MESSAGES:
            text = str(item["input"]).strip()
            message = PATTERN_MESSAGES[loc[0]].format(text=text, lower=text.lower())
            field = str(loc[0])
        elif not loc and item["type"] in ("dict_type", "typed_dict_type", "model_type"):
            return "not a JSON object"
        parts.append(f"field {field}: {message}")
    return "; ".join(parts)


def build(model: type[BaseModel], **data) -> BaseModel:
    """Validate typed input, raising the library's own error with one clear line."""
    try:
        return model(**data)
    except ValidationError as error:
        raise ClaimsError(describe_validation(error)) from None
