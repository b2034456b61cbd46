"""Web pages: one topic's comparison, its timeline, and the dossier of many topics, each one
self-contained file (inline style and charts; no scripts, nothing fetched) that fits a
window 1280 pixels wide and prints on A4.

Claim text comes from the web: every value is escaped on the way in (`html_text`), links
open without handing the page to the site they lead to (`rel="noopener noreferrer"`) and
only web addresses become links.
"""

from __future__ import annotations

import html

from claims.output import charts
from claims.output.output import html_text, plain, shorten
from claims.output.words import band_lines, interval_words, rounded, summary_lines, undated_lines
from claims.rules.comparison import public

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;padding:16px 20px;
 max-width:1240px;box-sizing:border-box}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 4px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:18px 0 4px}.unit{color:#666;font-weight:normal;font-size:14px}
.title{color:#444;margin:0 0 8px}.lede{color:#444}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0 12px}
dl.summary dt{color:#666}dl.summary dd{margin:0}
figure{margin:8px 0 14px}figure svg{max-width:100%;height:auto}figcaption{color:#666;font-size:12px}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:6px 0 14px;font-size:13px}
th,td{border-bottom:1px solid #e4e4e4;padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f5f5f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.conflict td{background:#fdecea}tr.aside td{color:#888}tr.consensus td{background:#eef6ee;font-weight:600}
.tag{display:inline-block;border:1px solid #ccc;border-radius:3px;padding:0 4px;margin:1px 2px 1px 0;
 font-size:11px;color:#444}.code{font-family:ui-monospace,monospace;font-weight:600}
.quote{color:#555;font-size:12px}nav ol{columns:2;margin:4px 0}
@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:11px}
 table{font-size:10px}h2{break-before:page}h2:first-of-type{break-before:auto}figure{break-inside:avoid}
 tr{break-inside:avoid}}
"""


def page(title: str, sections: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def link(url: str | None, text: str) -> str:
    """A link only to a web address; anything else (javascript:, data:) stays text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url.strip(), quote=True)}" rel="noopener noreferrer">{html_text(text)}</a>'
    return html_text(text)


# ---------------------------------------------------------------- one comparison

COLUMNS = [("claim", "8%"), ("source", "17%"), ("status", "9%"), ("as of", "8%"), ("figure", "28%"),
           ("low", "7%"), ("best", "7%"), ("high", "7%"), ("flags", "9%")]


def comparison(result: dict, level: int = 2) -> str:
    """One topic: heading, summary, the interval chart, the claims table, the quotes."""
    unit = result["unit"] or "plain numbers"
    head = (f"<h{level} id=\"{_anchor(result['topic'])}\">{html_text(result['topic'])} "
            f"<span class=\"unit\">({html_text(unit)}, {html_text(result['kind'])})</span></h{level}>")
    title = f"<p class=\"title\">{html_text(result['title'])}</p>" if result.get("title") else ""
    if not result["claims"]:
        return head + title + "".join(f"<p>{html_text(line)}</p>" for line in summary_lines(result))
    return head + title + summary(result) + chart(result) + claims_table(result)


def summary(result: dict) -> str:
    c, digits = result["consensus"], result.get("digits", 3)
    consensus = "no figure to go on" if c["value"] is None else interval_words(
        c["low"], c["value"], c["high"], result["unit"], digits)
    window = result["window"]
    rows = [("claims", f"{result['claims_count']:,} from {result['independent_sources']:,} independent "
                       f"source{'s' * (result['independent_sources'] != 1)}"
                       + (f", as of {window['start']} to {window['end']}" if window else "")),
            ("consensus", f"{consensus} ({result['policy']}: {result['basis']})"),
            ("grade", f"{result['grade']['grade']}: {result['grade']['rule']}"),
            ("conflicts", _conflicts(result)),
            ("spread", "n/a" if result["spread"] is None else f"{plain(result['spread'])} (max / min of best values)")]
    rows += [("readings", line) for line in band_lines(result.get("bands", ()))]
    rows += [("undated", line) for line in undated_lines(result)]
    return "<dl class=\"summary\">" + "".join(f"<dt>{k}</dt><dd>{html_text(v)}</dd>" for k, v in rows) + "</dl>"


def _conflicts(result: dict) -> str:
    if not result["conflict_pairs"]:
        return f"none (tolerance {result['tolerance']:.0%})"
    worst = ", ".join(f"{p['a']} vs {p['b']} (x{plain(p['ratio'])})" for p in result["conflicts"][:5])
    pairs = "pair" if result["conflict_pairs"] == 1 else "pairs"
    return f"{result['conflict_pairs']:,} {pairs} at tolerance {result['tolerance']:.0%}; worst: {worst}"


def chart(result: dict) -> str:
    drawn = [c for c in result["claims"] if c["value"] is not None]
    if not drawn:
        return ""
    left_out = max(0, len(drawn) - charts.MAX_ROWS)
    caption = (f"Each claim as an interval in {html_text(result['unit'] or 'plain numbers')}: a bar is a range, an "
               "arrow an open end, a dot the best value; red: in conflict; grey: set aside; green: the consensus."
               + (f" The first {charts.MAX_ROWS} of {len(drawn):,} claims with figures." if left_out else ""))
    return f"<figure>{charts.svg(charts.intervals(result))}<figcaption>{caption}</figcaption></figure>"


def claims_table(result: dict) -> str:
    digits = result.get("digits", 3)
    head = "".join(f'<th style="width:{w}">{name}</th>' for name, w in COLUMNS)
    rows = [_claim_row(public(c), c, digits) for c in result["claims"]]
    c = result["consensus"]
    numbers = "".join(f'<td class="n">{_number(c[k], digits)}</td>' for k in ("low", "value", "high"))
    rows.append(f'<tr class="consensus"><td>consensus</td><td>{html_text(result["policy"])}</td><td></td><td></td>'
                f"<td></td>{numbers}<td></td></tr>")
    rows += [_claim_row(public(c), c, digits) for c in result.get("undated", ())]  # apart: after the consensus
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _claim_row(row: dict, claim: dict, digits: int) -> str:
    css = "conflict" if "conflict" in row["flags"] else (
        "aside" if set(row["flags"]) & {"superseded", "refuted", "retracted"} else "")
    source = (f"{html_text(row['source'])}<br><span class=\"tag\">{html_text(row['source_type'])}</span>"
              f"<span class=\"tag\">{html_text(row['side'])}</span>"
              f"<span class=\"code\">{html_text(row['admiralty'])}</span>")
    likely = f' <span class="tag">{html_text(row["likelihood"].replace("_", " "))}</span>' \
        if row.get("likelihood") else ""
    figure = link(claim.get("url"), row["figure"] or "") + likely + (
        f"<div class=\"quote\">{html_text(shorten(row['quote'], 220, squeeze=True))}</div>" if row.get("quote") else "")
    numbers = "".join(f'<td class="n">{_number(row[k], digits)}</td>' for k in ("low", "value", "high"))
    return (f'<tr class="{css}"><td>{html_text(row["id"])}</td><td>{source}</td><td>{html_text(row["status"])}</td>'
            f"<td>{html_text(row['as_of'])}</td><td>{figure}</td>{numbers}<td>{html_text(', '.join(row['flags']))}</td>"
            "</tr>")


def _number(x, digits: int) -> str:
    return "" if x is None else html_text(rounded(x, digits))


def _anchor(topic: str) -> str:
    return "t-" + "".join(ch if ch.isalnum() else "-" for ch in topic)


# ---------------------------------------------------------------- over time

def timeline(result: dict, level: int = 2) -> str:
    """A topic window by window: each source's figures as its own series, the consensus band,
    an official claimant over a monitoring group's floor where the topic has both; and the
    windows as a table."""
    head = (f"<h{level}>{html_text(result['topic'])} over time <span class=\"unit\">"
            f"({html_text(result['unit'] or 'plain numbers')}, {result['window_days']}-day windows, "
            f"consensus: {html_text(result['policy'])})</span></h{level}>")
    figure = charts.timeline(result["series"], result["windows"], result["unit"], result.get("official_over_floor"))
    ratio = ("Below: the official claimant's figure over the monitoring group's floor (“at least”), date by date."
             if result.get("official_over_floor") else "")
    caption = (f"<figcaption>Each source's figures over their as_of dates (bars: ranges); green: the consensus of "
               f"each window. {ratio}</figcaption>")
    return head + f"<figure>{charts.svg(figure)}{caption}</figure>" + _anomalies(result) + _windows_table(result)


ANOMALY_COLUMNS = ["date", "source", "kind", "detail"]


def _anomalies(result: dict) -> str:
    """A running total's anomalies, each marked (`claims anomalies`)."""
    found = result.get("anomalies") or []
    if not found:
        return ""
    head = "".join(f"<th>{k}</th>" for k in ANOMALY_COLUMNS)
    rows = "".join('<tr class="conflict">' + "".join(f"<td>{html_text(a[k])}</td>" for k in ANOMALY_COLUMNS)
                   + "</tr>" for a in found)
    return (f"<p>{len(found):,} anomal{'y' if len(found) == 1 else 'ies'}: a jump far beyond the usual daily "
            "increment, a step down, an official jump the floor follows only in part, a correction.</p>"
            f'<table class="anomalies"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')


def _windows_table(result: dict) -> str:
    keys = ["start", "end", "claims", "sources", "low", "value", "high", "spread", "conflicts"]
    head = "".join(f"<th>{'best' if k == 'value' else k}</th>" for k in keys)
    rows = ["<tr>" + "".join(f'<td class="n">{html_text(plain(w[k]) if not isinstance(w[k], float) else rounded(w[k]))}'
                             "</td>" for k in keys) + "</tr>" for w in result["windows"]]
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"


# ---------------------------------------------------------------- many topics

CONFLICT_COLUMNS = ["topic", "unit", "claims", "sources", "conflicting_claims", "conflict_pairs", "severity",
                    "grade", "consensus"]


def conflicts(rows: list[dict], results: list[dict]) -> list[str]:
    """The conflicting topics, most severe first, each linked to its comparison below."""
    head = "".join(f"<th>{k.replace('_', ' ')}</th>" for k in CONFLICT_COLUMNS)
    body = []
    for row in rows:
        cells = [f'<a href="#{_anchor(row["topic"])}">{html_text(row["topic"])}</a>'] + [
            html_text(plain(row[k], human=True)) for k in CONFLICT_COLUMNS[1:]]  # rounded as the terminal does
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
    return ["<h1>Conflicting topics</h1>", table, *[comparison(result) for result in results]]


# ---------------------------------------------------------------- the dossier

def dossier(found: dict) -> list[str]:
    """`compare.dossier`'s result as one page: contents, a section per topic (chart, table,
    conflicts, grade, timeline), the sources' track records, and the method."""
    comparisons = found["comparisons"]
    contents = "".join(f'<li><a href="#{_anchor(r["topic"])}">{html_text(r["topic"])}</a></li>' for r in comparisons)
    sections = ["<h1>Claims dossier</h1>",
                f"<p class=\"lede\">{len(comparisons)} topic{'s' * (len(comparisons) != 1)}, compared under the "
                f"{html_text(found['settings'].get('policy', 'median'))} policy; each claim is an interval in its "
                "topic's unit, and two claims conflict when their intervals miss each other by more than the "
                "tolerance.</p>",
                f'<nav><h2 style="border:0">Contents</h2><ol>{contents}'
                '<li><a href="#sources">Sources</a></li><li><a href="#method">Method</a></li></ol></nav>']
    if found["conflicts"] is not None:
        sections += conflicts(found["conflicts"], [])[1:2]
    for result in comparisons:
        sections.append(comparison(result))
        timeline_of = found["timelines"].get(result["topic"])
        if timeline_of:
            sections.append(timeline(timeline_of, level=3))
    return sections + [sources(found["sources"]), method()]


RECORD_COLUMNS = ["name", "type", "side", "claims", "settled", "score", "low", "high", "suggested", "grade"]


def sources(rows: list[dict]) -> str:
    head = "".join(f"<th>{k}</th>" for k in RECORD_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html_text(row[k])}</td>" for k in RECORD_COLUMNS) + "</tr>" for row in rows)
    return ('<h2 id="sources">Sources</h2><p>Each source\'s track record: of its settled claims (confirmed or '
            "corroborated against refuted or retracted), the share that held up, as a Beta posterior with its 90% "
            "interval, and the Admiralty reliability grade that record suggests beside the analyst's own.</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def method() -> str:
    from claims.basics.vocab import CREDIBILITY_MEANING, GRADE_RULE, RELIABILITY_MEANING
    from claims.rules.comparison import POLICY_BASIS

    def listing(items: dict) -> str:
        return "<ul>" + "".join(f"<li><b>{html_text(k)}</b>: {html_text(v)}</li>" for k, v in items.items()) + "</ul>"

    return ('<h2 id="method">Method</h2>'
            "<h3>Consensus policies</h3>" + listing(POLICY_BASIS)
            + "<h3>NATO Admiralty code (STANAG 2511 / AJP-2.1)</h3><p>Source reliability:</p>"
            + listing(RELIABILITY_MEANING) + "<p>Information credibility:</p>" + listing(CREDIBILITY_MEANING)
            + "<h3>Topic grades (after Airwars)</h3>" + listing(GRADE_RULE))
