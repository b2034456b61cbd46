"""A claim's own rules, apart from where it is stored: when it can be dated, what sign its
figure can have. Pure: no database, no terminal.
"""

import datetime

from .dates import date_key

# A claim dated tomorrow (UTC) may be today where it was made: one day of slack.
SLACK = datetime.timedelta(days=1)
# Only shares and changes can be below zero; a negative count, distance or area is a typo.
SIGNED_DIMENSIONS = ("percent",)
SIGNED_KINDS = ("change",)


def latest_date(today: datetime.date | None = None) -> str:
    """The last day a claim may be dated without --allow-future."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    return (today + SLACK).isoformat()


def future_problem(claim: dict, latest: str | None) -> str | None:
    """Why a claim's dates lie in the future, or None. `latest=None` allows any date."""
    if latest is None:
        return None
    for field in ("as_of", "reported_on"):
        if claim[field] and date_key(claim[field]) > latest:
            return f"field {field}: {claim[field]} is in the future (--allow-future keeps it)"
    return None


def is_negative(figure) -> bool:
    return figure is not None and any(x is not None and x < 0 for x in (figure.low, figure.value, figure.high))


def sign_problem(figure, kind: str | None) -> str | None:
    """Why a figure's sign is impossible for its topic, or None."""
    if not is_negative(figure):
        return None
    return negative_problem(figure.dimension, figure.text or figure.value, kind)


def negative_problem(dimension: str, shown, kind: str | None) -> str | None:
    """Why a negative figure of this dimension cannot belong to a topic of this kind, or None."""
    if dimension.split("/")[0] in SIGNED_DIMENSIONS or kind in SIGNED_KINDS:
        return None
    return (f"field figure: {shown} is negative, and a {_what(dimension)} cannot be "
            "(only percentages, and topics of kind change, can be below zero)")


def _what(dimension: str) -> str:
    core = dimension.split("/")[0]
    return "count" if core.startswith(("count:", "number")) else ("sum of money" if core.startswith("currency:")
                                                               else core)
