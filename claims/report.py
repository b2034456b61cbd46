"""Reports: comparisons, conflicts and the over-time view in every format (a terminal
table with interval bars, CSV, JSON, Markdown, HTML, a workbook), the demo's tour, and
schema.org ClaimReview for fact-checkers. Built on `output`, which makes each format safe.
"""

import html
import math
import re

from . import output as out
from .comparison import public
from .errors import ClaimsError
from .output import (
    Target,
    csv_text,
    emit,
    html_page,
    html_text,
    json_text,
    left_out,
    markdown_cell,
    markdown_text,
    note,
    plain,
    render,
    say,
    say_wrapped,
    shorten,
    table,
    terminal_safe,
    written,
)
from .vocab import REVIEW_RATING

PEOPLE_TYPES = ("official", "milblogger", "analyst")


def claim_reviews(reviewed: list[tuple[dict, str]], reviewer: str, review_url: str | None = None) -> list[dict]:
    """schema.org ClaimReview JSON-LD for each (claim, the day its status was set)."""
    return [claim_review(row, reviewed_on, reviewer, review_url) for row, reviewed_on in reviewed]


def claim_review(row: dict, reviewed_on: str, reviewer: str, review_url: str | None) -> dict:
    value, label = REVIEW_RATING[row["status"]]
    text = row["quote"] or f"{row['source']}: {row['figure']}"
    author_type = "Person" if row["source_type"] in PEOPLE_TYPES and len(row["source"].split()) >= 2 else "Organization"
    item = {"@type": "Claim", "author": {"@type": author_type, "name": row["source"]},
            "datePublished": row["reported_on"] or row["as_of"]}
    if row["url"]:
        item["appearance"] = [{"@type": "CreativeWork", "url": row["url"]}]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": row["url"]}
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{review_url.rstrip('#')}#{row['id']}" if review_url else f"urn:claims:{row['id']}",
        "claimReviewed": _short(text, 74),
        "datePublished": reviewed_on,
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": label},
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
    }


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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


COMPARE_KEYS = ["id", "source", "source_type", "side", "admiralty", "status", "as_of",
                "figure", "low", "value", "high", "unit", "flags", "conflicts_with", "quote"]


COMPARE_READ = ["id", "source", "source_type", "side", "admiralty", "status", "as_of",
                "figure", "low", "value", "high", "unit", "flags"]


COMPARE_TABLE = ["id", "source", "admiralty", "status", "as_of", "figure", "low", "value", "high",
                 "interval", "flags"]


COMPARE_HTML = COMPARE_READ + ["quote"]


def comparison_rows(result: dict, width: int | None = None) -> list[dict]:
    """The claims of a comparison, then one row for the consensus.

    With `width` (formats people read), a claim without a number shows its
    quote, shortened, where the figure would be.
    """
    rows = [{**public(c), "unit": result["unit"]} for c in result["claims"]]
    if width:
        for row in rows:
            if not row["figure"] and row.get("quote"):
                row["figure"] = shorten(f"“{row['quote']}”", width)
    consensus = result["consensus"]
    rows.append({"id": "consensus", "source": result["policy"],
                 "unit": result["unit"], **consensus, "flags": [], "conflicts_with": []})
    return rows


def summary_lines(result: dict) -> list[str]:
    """The comparison in sentences: counts, spread, conflicts, grade, and the consensus in
    words ("at most 1.61 km"), rounded to the precision the figures were written with."""
    window = result["window"]
    if not result["claims"]:
        where = f" in the window {window['start']} to {window['end']}" if window else ""
        return [f"no claims{where}: nothing to compare"]
    lines = [f"{_count(result['claims_count'], 'claim')} from "
             f"{_count(result['independent_sources'], 'independent source')}"
             + (f", as of {window['start']} to {window['end']}" if window else "")]
    spread = result["spread"]
    lines.append(f"spread (max / min of best values): {plain(spread) if spread is not None else 'n/a'}")
    if result["conflict_pairs"]:
        pairs = ", ".join(f"{p['a']} vs {p['b']} (x{plain(p['ratio'])})" for p in result["conflicts"][:10])
        more = result["conflict_pairs"] - min(10, len(result["conflicts"]))
        pairs_word = "pair" if result["conflict_pairs"] == 1 else "pairs"
        lines.append(f"conflicts ({result['conflict_pairs']} {pairs_word}, tolerance {result['tolerance']:.0%}): "
                     + pairs + (f" and {more} more" if more > 0 else ""))
    else:
        lines.append(f"conflicts: none (tolerance {result['tolerance']:.0%})")
    lines.append(f"grade: {result['grade']['grade']} ({result['grade']['rule']})")
    c = result["consensus"]
    words = "no figure to go on" if c["value"] is None else interval_words(
        c["low"], c["value"], c["high"], result["unit"], result.get("digits", 3))
    lines.append(f"consensus ({result['policy']}: {result['basis']}): {words}")
    return lines


def interval_words(low, value, high, unit: str | None, digits: int = 3) -> str:
    """An interval as a reader says it: '2.3 km', 'at most 1.61 km', 'at least 20,000',
    '350 (from 300 to 400)', rounded to `digits` significant digits."""
    u = f" {unit}" if unit else ""
    best = rounded(value, digits)
    if low is None and high is None or low == high == value:
        return f"{best}{u}"
    if low is None:
        return f"at most {rounded(high, digits)}{u}" + ("" if high == value else f", best estimate {best}")
    if high is None:
        return f"at least {rounded(low, digits)}{u}" + ("" if low == value else f", best estimate {best}")
    return f"{best}{u} (from {rounded(low, digits)} to {rounded(high, digits)})"


def rounded(x: float, digits: int = 3) -> str:
    """A number to `digits` significant digits, for reading: 2.304672 -> 2.3, 21250 -> 21,200."""
    if x == 0 or not math.isfinite(x):
        return plain(x)
    places = digits - 1 - math.floor(math.log10(abs(x)))
    value = round(x, places)
    if places <= 0:
        return f"{int(value):,}"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_comparison(result: dict, fmt: str, output: "Target | str | None" = None) -> None:
    fmt = str(fmt)
    learned_note(result)
    what = f"the comparison of {result['topic']}"
    if fmt == "json":
        return emit(json_text(comparison_json(result)) + "\n", output, what)
    if fmt == "csv":
        return emit(csv_text(comparison_rows(result), COMPARE_KEYS), output, what)
    if fmt == "markdown":
        return emit(comparison_markdown(result), output, what)
    if fmt == "html":
        return emit(html_page(result["topic"], [comparison_html(result)]), output, what)
    if fmt == "xlsx":
        return write_xlsx([result], output)
    return comparison_table(result)


def comparison_json(result: dict) -> dict:
    keep = ("topic", "title", "unit", "kind", "policy", "basis", "tolerance", "window", "consensus",
            "spread", "claims_count", "independent_sources", "grade", "conflict_pairs", "severity", "conflicts")
    return {**{k: result[k] for k in keep}, "claims": [public(c) for c in result["claims"]]}


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
    claims, consensus = rows[:-1], rows[-1:]  # the consensus row always shows
    table(claims[:out.TABLE_ROWS] + consensus, COMPARE_TABLE, title=title, show_all=True,
          no_wrap=("id", "admiralty", "as_of", "low", "value", "high", "interval"))
    left_out(min(len(claims), out.TABLE_ROWS), len(claims), "claims")
    for line in summary_lines(result):
        say_wrapped(line)


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


def comparison_html(result: dict) -> str:
    e = html.escape
    head = "".join(f"<th>{e(k)}</th>" for k in COMPARE_HTML)
    body = []
    for row in comparison_rows(result):
        css = ' class="conflict"' if "conflict" in row.get("flags", []) else ""
        cells = "".join(
            f'<td class="n">{html_text(row.get(k))}</td>' if isinstance(row.get(k), (int, float))
            else f"<td>{html_text(row.get(k))}</td>" for k in COMPARE_HTML)
        body.append(f"<tr{css}>{cells}</tr>")
    summary = "".join(f"<li>{html_text(line)}</li>" for line in summary_lines(result))
    return (f"<h2>{e(result['topic'])} <small>({e(result['unit'] or 'no unit')}, {e(result['kind'])})</small></h2>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body)
            + f"\n</tbody></table>\n<ul class=\"summary\">{summary}</ul>")


def sheet_name(topic: str, used: set) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", "-", topic)[:31] or "topic"
    base, n = name, 2
    while name.lower() in used:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def write_xlsx(results: list[dict], output: "Target | str | None", summary: list[dict] | None = None) -> None:
    """A workbook, one sheet per topic; numbers are numbers, text is never a formula."""
    from openpyxl import Workbook

    if not output:
        raise ClaimsError("xlsx needs --output FILE")
    book = Workbook()
    book.remove(book.active)
    used: set = set()
    if summary is not None:
        _fill_sheet(book.create_sheet("conflicts"), summary, list(summary[0]) if summary else [])
        used.add("conflicts")
    for result in results:
        _fill_sheet(book.create_sheet(sheet_name(result["topic"], used)), comparison_rows(result), COMPARE_KEYS)
    with written(output, f"a workbook of {len(book.sheetnames)} sheet{'s' * (len(book.sheetnames) != 1)}") as path:
        book.save(path)


def _fill_sheet(sheet, rows: list[dict], keys: list[str]) -> None:
    sheet.append(keys)
    for row in rows:
        sheet.append([None] * len(keys))
        for col, key in enumerate(keys, 1):
            value = row.get(key)
            cell = sheet.cell(row=sheet.max_row, column=col)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            elif value is not None:
                cell.value = terminal_safe(plain(value))
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula


def render_conflicts(found: dict, fmt: str, output: "Target | str | None" = None) -> None:
    """`compare.conflicts_report`'s result: the conflicting topics (and their comparisons,
    for a workbook or a web page)."""
    fmt, rows, results = str(fmt), found["rows"], found["detail"]
    learned_note(found)
    if fmt == "xlsx":
        return write_xlsx(results or [], output, summary=rows)
    if fmt == "html":
        sections = ["<h1>Conflicting topics</h1>", _rows_html(rows)]
        sections += [comparison_html(r) for r in results or []]
        return emit(html_page("conflicts", sections), output, f"{len(rows):,} conflicting topics")
    columns = ["topic", "unit", "claims", "sources", "conflicting_claims", "conflict_pairs", "severity", "grade",
               "consensus"]
    return render(rows, fmt, columns=columns, output=output, title="topics with conflicting claims",
                  noun="conflicting topics")


def _rows_html(rows: list[dict]) -> str:
    if not rows:
        return "<p>No conflicts.</p>"
    keys = list(rows[0])
    head = "".join(f"<th>{html.escape(k)}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td>{html_text(r.get(k))}</td>" for k in keys) + "</tr>\n"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>"


def render_over_time(result: dict, fmt: str, output: "Target | str | None" = None) -> None:
    fmt = str(fmt)
    rows = result["windows"]
    learned_note(result)
    if fmt == "json":
        shown = {k: v for k, v in result.items() if k != "weights_stored"}
        return emit(json_text(shown) + "\n", output, f"{len(rows):,} windows of {result['topic']}")
    if fmt in ("html", "xlsx"):
        raise ClaimsError("--over-time gives table, csv, json or markdown")
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
