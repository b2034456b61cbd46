"""Reports: comparisons, conflicts and the over-time view in every format (a terminal
table with interval bars, CSV, JSON, Markdown, HTML, a workbook), the demo's tour, and
schema.org ClaimReview for fact-checkers. Built on `output`, which makes each format safe.
"""


from claims.basics.errors import ClaimsError
from claims.basics.vocab import REVIEW_RATING
from claims.output import output as out
from claims.output.output import (
    Target,
    csv_text,
    emit,
    json_text,
    left_out,
    markdown_cell,
    markdown_text,
    note,
    render,
    say,
    say_wrapped,
    shorten,
    table,
)
from claims.output.words import COMPARE_KEYS, comparison_rows, summary_lines
from claims.rules.comparison import public

PEOPLE_TYPES = ("official", "milblogger", "analyst")


def claim_reviews(reviewed: list[tuple[dict, str]], reviewer: str, review_url: str | None = None) -> list[dict]:
    """schema.org ClaimReview JSON-LD for each (claim, the day its status was set)."""
    return [claim_review(row, reviewed_on, reviewer, review_url) for row, reviewed_on in reviewed]


def claim_review(row: dict, reviewed_on: str, reviewer: str, review_url: str | None) -> dict:
    value, label = REVIEW_RATING[row["status"]]
    # a quote carries its own words of likelihood ("probably"); a bare figure is given its band
    band = f" ({row['likelihood'].replace('_', ' ')})" if row.get("likelihood") else ""
    text = row["quote"] or f"{row['source']}: {row['figure']}{band}"
    author_type = "Person" if row["source_type"] in PEOPLE_TYPES and len(row["source"].split()) >= 2 else "Organization"
    item = {"@type": "Claim", "author": {"@type": author_type, "name": row["source"]},
            "datePublished": row["reported_on"] or row["as_of"]}
    if row["url"]:
        item["appearance"] = [{"@type": "CreativeWork", "url": row["url"]}]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": row["url"]}
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{review_url.rstrip('#')}#{row['id']}" if review_url else f"urn:claims:{row['id']}",
        "claimReviewed": shorten(text, 74, squeeze=True),
        "datePublished": reviewed_on,
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": label},
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
    }


def demo(result: dict, path: str, article: str) -> None:
    """What `claims demo` shows: the claims by topic, an extraction, a comparison, the conflicts."""
    loaded = result["loaded"]
    say(f"database: {path}; loaded {loaded['imported']} claims ({loaded['unchanged']} already there), "
        f"{loaded['sources_created']} new sources")
    claims = [{**c, "figure": c["figure"] or shorten(f"“{c['quote']}”", 60)} for c in result["claims"]]
    table(claims, ["topic", "source", "admiralty", "figure", "status", "via"],
          title="claims from the two seed articles, by topic", group_by="topic")
    table(result["extract"], ["extracted", "claimant", "via", "stored as", "stored figure"],
          title=f"claims extract {article}, beside the claims stored from it")
    render_comparison(result["comparison"], "table")
    render_conflicts(result["conflicts"], "table")




COMPARE_READ = ["id", "source", "source_type", "side", "admiralty", "status", "as_of",
                "figure", "low", "value", "high", "unit", "flags"]


COMPARE_TABLE = ["id", "source", "admiralty", "status", "as_of", "figure", "low", "value", "high",
                 "interval", "flags"]


COMPARE_HTML = COMPARE_READ + ["quote"]


def render_comparison(result: dict, fmt: str, output: "Target | str | None" = None) -> None:
    learned_note(result)
    COMPARISON_WRITERS[str(fmt)](result, output)


def _comparison_page(result: dict, output) -> None:
    from claims.output import pages

    emit(pages.page(result["topic"], [pages.comparison(result, level=1)]), output, _what(result))


def _comparison_workbook(result: dict, output) -> None:
    from claims.output import workbook

    workbook.write([result], output)


def _what(result: dict) -> str:
    return f"the comparison of {result['topic']}"


def comparison_json(result: dict) -> dict:
    keep = ("topic", "title", "unit", "kind", "policy", "basis", "tolerance", "window", "consensus",
            "spread", "claims_count", "independent_sources", "grade", "conflict_pairs", "severity", "conflicts")
    return {**{k: result[k] for k in keep}, "claims": [public(c) for c in result["claims"]],
            "undated": [public(c) for c in result.get("undated", ())]}


def comparison_markdown(result: dict) -> str:
    head = f"## {markdown_cell(result['topic'])} ({markdown_cell(result['unit'] or 'no unit')}, {result['kind']})\n\n"
    body = markdown_text(comparison_rows(result, width=80), COMPARE_READ)
    return head + body + "\n" + "".join(f"- {markdown_cell(line)}\n" for line in summary_lines(result))


def comparison_table(result: dict) -> None:
    rows = comparison_rows(result, width=32)
    axis = _axis(rows)
    for row in rows:
        row["interval"] = interval_bar(row.get("low"), row.get("value"), row.get("high"), axis)
        if row.get("source_type"):  # type and side under the name keep the table narrow
            row["source"] = f"{row['source']}\n{row['source_type']}, {row['side']}"
    title = f"{result['topic']} in {result['unit'] or 'plain numbers'} ({result['kind']})"
    n = len(result["claims"])  # then the consensus row, which always shows, then the undated claims, apart
    claims, consensus, undated = rows[:n], rows[n:n + 1], rows[n + 1:]
    table(claims[:out.TABLE_ROWS] + consensus + undated[:out.TABLE_ROWS], COMPARE_TABLE, title=title, show_all=True,
          no_wrap=("id", "admiralty", "as_of", "low", "value", "high", "interval"))
    left_out(min(len(claims), out.TABLE_ROWS), len(claims), "claims")
    for line in summary_lines(result):
        say_wrapped(line)


# A comparison in each of its formats (claims.basics.formats lists which): (result, output) -> None.
COMPARISON_WRITERS = {
    "table": lambda result, output: comparison_table(result),
    "csv": lambda result, output: emit(csv_text(comparison_rows(result), COMPARE_KEYS), output, _what(result)),
    "json": lambda result, output: emit(json_text(comparison_json(result)) + "\n", output, _what(result)),
    "markdown": lambda result, output: emit(comparison_markdown(result), output, _what(result)),
    "html": _comparison_page,
    "xlsx": _comparison_workbook,
}


def _axis(rows: list[dict]) -> tuple[float, float] | None:
    points = [x for r in rows for x in (r.get("low"), r.get("value"), r.get("high"))
              if isinstance(x, (int, float))]
    if not points:
        return None
    low, high = min(points), max(points)
    if low >= 0 and high > 0:
        low = 0.0  # distances, counts and shares read best from zero
    return (low, high) if high > low else (low - 1, high + 1)


def interval_bar(low, value, high, axis, width: int = 12) -> str:
    """A claim's interval drawn on the comparison's common axis: |---o---| or <---o."""
    if value is None or axis is None:
        return ""
    start, end = axis

    def at(x):
        return min(width - 1, max(0, round((x - start) / (end - start) * (width - 1))))

    left = 0 if low is None else at(low)
    right = width - 1 if high is None else at(high)
    cells = [" "] * width
    for i in range(left, right + 1):
        cells[i] = "-"
    cells[left] = "<" if low is None else "|"
    cells[right] = ">" if high is None else "|"
    cells[at(value)] = "o"
    return "".join(cells).rstrip()


def render_conflicts(found: dict, fmt: str, output: "Target | str | None" = None) -> None:
    """`compare.conflicts_report`'s result: the conflicting topics (and their comparisons,
    for a workbook or a web page)."""
    fmt, rows, results = str(fmt), found["rows"], found["detail"]
    learned_note(found)
    if fmt == "xlsx":
        from claims.output import workbook

        return workbook.write(results or [], output, conflicts=rows)
    if fmt == "html":
        from claims.output import pages

        return emit(pages.page("conflicting topics", pages.conflicts(rows, results or [])), output,
                    f"{len(rows):,} conflicting topics")
    columns = ["topic", "unit", "claims", "sources", "conflicting_claims", "conflict_pairs", "severity", "grade",
               "consensus"]
    return render(rows, fmt, columns=columns, output=output, title="topics with conflicting claims",
                  noun="conflicting topics")


def render_over_time(result: dict, fmt: str, output: "Target | str | None" = None) -> None:
    fmt = str(fmt)
    rows = result["windows"]
    learned_note(result)
    if fmt == "json":
        shown = {k: v for k, v in result.items() if k != "weights_stored"}
        return emit(json_text(shown) + "\n", output, f"{len(rows):,} windows of {result['topic']}")
    if fmt == "html":
        from claims.output import pages

        return emit(pages.page(f"{result['topic']} over time", [pages.timeline(result, level=1)]), output,
                    f"the timeline of {result['topic']}")
    if fmt == "xlsx":
        raise ClaimsError("--over-time gives table, csv, json, markdown or html")
    if fmt != "table":
        return render(rows, fmt, output=output, noun=f"windows of {result['topic']}")
    axis = _axis(rows)
    drawn = [{**r, "chart": interval_bar(r["low"], r["value"], r["high"], axis, width=32)} for r in rows]
    keys = ["start", "end", "claims", "sources", "low", "value", "high", "chart", "spread", "conflicts"]
    table(drawn, keys, no_wrap=("chart",), title=f"{result['topic']} over time, {result['unit'] or 'plain numbers'}, "
                             f"{result['window_days']}-day windows, consensus: {result['policy']}")


def learned_note(result: dict) -> None:
    """Say so when learned weights were worked out for this read and not kept."""
    if result.get("weights_stored") is False:
        note("learned weights worked out now and not kept: `claims learn` stores them")


RANK_COLUMNS = ["name", "type", "side", "claims", "settled", "score", "low", "high", "suggested", "grade",
                "learned_weight"]


def render_rank(ranked, fmt: str) -> None:
    learned_note({"weights_stored": ranked.weights_stored})
    render(ranked.rows, fmt, title="sources by track record", noun="sources", columns=RANK_COLUMNS)


def render_claim_reviews(reviewed: list[tuple[dict, str]], reviewer: str, review_url: str | None,
                         output: "Target | str | None" = None) -> None:
    reviews = claim_reviews(reviewed, reviewer, review_url)
    emit(json_text(reviews) + "\n", output, f"{len(reviews)} reviews")


def render_dossier(found: dict, output: Target) -> None:
    from claims.output import pages

    learned_note(found)
    topics = len(found["comparisons"])
    emit(pages.page("claims dossier", pages.dossier(found)), output,
         f"a dossier of {topics} topic{'s' * (topics != 1)}")
