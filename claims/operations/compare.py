"""Comparing claims, as operations: one topic (`compare`), one topic window by window
(`over_time`), and every topic whose current claims conflict (`conflicts`). Each reads its
rows (`queries`), the context a verdict needs (who copies whom, links, learned trust), and
hands them to the rules in `comparison`.
"""

from claims.basics.collector import paused
from claims.basics.errors import ClaimsError
from claims.basics.vocab import TIMED_KINDS, TopicKind
from claims.rules.comparison import (
    Rows,
    assess,
    check_options,
    check_policy,
    conflict_summary,
    over_time_windows,
    severity_key,
)
from claims.storage.queries import (
    current_claims,
    fetch,
    get_topic,
    links_among,
    links_of_topic,
    series_claims,
    source_roots,
    topics_by_id,
)


@paused()  # a big topic builds tens of thousands of objects
def compare(db, topic_key: str, policy: str = "median", tolerance: float = 0.10,
            window: int = 7, as_of: str | None = None, progress=None) -> dict:
    """The comparison of one topic's claims, ready to render in any format."""
    check_policy(policy)
    topic = get_topic(db, topic_key)
    read = Rows(*fetch(db, topic))
    ctx = context(db, policy, topic["id"], progress)
    return {**assess(topic, read, policy, tolerance, window, as_of, ctx), "weights_stored": ctx["weights_stored"]}


def context(db, policy: str, topic_id: int | None = None, progress=None) -> dict:
    """What a comparison needs beyond the claims: who copies whom, links, learned trust.

    Links are those of one topic, or all of them when comparing every topic."""
    links = links_among(db) if topic_id is None else links_of_topic(db, topic_id)
    ctx = {"roots": source_roots(db), "links": links, "weights": None, "weights_stored": None}
    if policy == "truth":
        from claims.operations import learning

        learned = learning.weights(db, progress)
        ctx.update(weights={source_id: w for source_id, (w, _) in learned.weights.items()},
                   weights_stored=learned.stored)
    return ctx


def over_time(db, topic_key: str, policy: str = "median", tolerance: float = 0.10, window: int = 7) -> dict:
    """One comparison per window of as_of dates, oldest first; empty windows are skipped."""
    check_options(tolerance, window)
    check_policy(policy)
    topic = get_topic(db, topic_key)
    names, rows = fetch(db, topic)
    dated = [row for row in rows if row[names.index("dated")]]
    ctx = context(db, policy, topic["id"])
    if not dated:
        raise ClaimsError(f"topic {topic_key!r} has no dated claims to put in windows")
    result = over_time_windows(topic, Rows(names, dated), policy, tolerance, window, ctx)
    return {**result, "weights_stored": ctx["weights_stored"], "anomalies": _anomalies(db, topic)}


def _anomalies(db, topic: dict) -> list[dict]:
    """A running total's anomalies (`claims anomalies`), which its pages mark."""
    if topic["kind"] != TopicKind.cumulative.value:
        return []
    from claims.rules import series

    return series.topic_anomalies(topic["key"], series_claims(db, topic["key"]))


@paused()  # hundreds of thousands of rows, and a claim for each in a conflicting topic
def conflicts(db, policy: str = "median", tolerance: float = 0.10, window: int = 7, progress=None) -> dict:
    """Every topic whose current claims conflict, the most severe first (`rows`), and
    whether learned weights were read back (`weights_stored`)."""
    check_options(tolerance, window)
    check_policy(policy)
    ctx = context(db, policy, progress=progress)
    topics = topics_by_id(db)
    found = []
    for topic_id, names, rows in current_claims(db, window):
        summary = conflict_summary(topics[topic_id], rows, names, policy, tolerance, window, ctx)
        if summary:
            found.append(summary)
    found.sort(key=lambda r: (-severity_key(r["severity"]), r["topic"]))
    return {"rows": found, "weights_stored": ctx["weights_stored"]}


def conflicts_report(db, detail: bool = False, progress=None, **settings) -> dict:
    """The conflicting topics, and with `detail` each one's full comparison (`detail`: for a
    workbook or a web page)."""
    found = conflicts(db, progress=progress, **settings)
    details = [compare(db, row["topic"], **settings) for row in found["rows"]] if detail else None
    return {**found, "detail": details}


def dossier(db, topics: list[str], conflicting: bool = False, progress=None, **settings) -> dict:
    """What `claims report` puts on one page: each topic's comparison and, for levels and
    totals with more than one window, its timeline; the conflicting topics (with
    `conflicting`) added after those named; the track records of every source in them."""
    from claims.operations import credibility

    found = conflicts(db, progress=progress, **settings) if conflicting else {"rows": [], "weights_stored": None}
    keys = list(dict.fromkeys([*topics, *(row["topic"] for row in found["rows"])]))
    if not keys:
        raise ClaimsError("name the topics to report on, or give --conflicts for every conflicting one")
    comparisons = [compare(db, key, **settings) for key in keys]
    timelines = {key: _timeline(db, key, settings) for key in keys}
    named = {c["source"] for result in comparisons for c in result["claims"]}
    sources = [row for row in credibility.rank(db, learned=False).rows if row["name"] in named]
    stored = [r["weights_stored"] for r in comparisons if r["weights_stored"] is not None]
    return {"comparisons": comparisons, "timelines": timelines, "conflicts": found["rows"] if conflicting else None,
            "sources": sources, "settings": settings, "weights_stored": all(stored) if stored else None}


def _timeline(db, key: str, settings: dict) -> dict | None:
    """The topic window by window, when that shows more than one window."""
    topic = get_topic(db, key)
    if topic["kind"] not in TIMED_KINDS:
        return None
    try:
        result = over_time(db, key, **settings)
    except ClaimsError:  # no dated claims
        return None
    return result if len(result["windows"]) > 1 else None
