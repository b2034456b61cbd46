"""The standing series as people read them: what an import read and wrote (and what
changed since the last one), the official figure against the floor date by date, and the
anomalies, in every list format and as a web page that marks them."""

from claims.output import output as out
from claims.output.output import emit, html_text, json_text, render, table

SHOWN_CHANGES = 20  # new anomalies listed one by one; the rest are counted
MANY_FILES = 5  # more files than this are summed up in one line
SERIES_KEYS = ["date", "official", "official_increment", "floor", "floor_increment", "ratio", "anomaly"]
TABLE_NAMES = {"official_increment": "+official", "floor_increment": "+floor"}  # narrow enough for 80 columns
ANOMALY_KEYS = ["topic", "source", "date", "kind", "increment", "usual", "detail"]


def series_import(result: dict) -> None:
    """What an import read (each file as what), left out, wrote and set aside; with
    --report-changes, what is new since the import before. Standard error, but the count."""
    if len(result["read"]) <= MANY_FILES:
        for path, kind, count, noun in result["read"]:
            out.note(f"read {path} as {_reading(kind)} ({_count(count, noun)})")
    else:
        kinds = sorted({_reading(kind) for _, kind, _, _ in result["read"]})
        kinds = kinds if len(kinds) < 3 else ["maps"] if kinds[0].startswith("a map") else kinds
        out.note(f"read {len(result['read']):,} files as {', '.join(kinds)} "
                 f"({_count(sum(n for _, _, n, _ in result['read']), result['read'][0][3])})")
    if result["left_out"]:
        shown = [out.shorten(name, 40) or "" for name in result["left_out"][:8]]
        more = f" (and {len(result['left_out']) - len(shown)} more)" if len(result["left_out"]) > len(shown) else ""
        out.note(f"left out {_count(len(result['left_out']), 'category')} the mapping does not name: "
                 + ", ".join(shown) + more)
    for warning in result["warnings"][:SHOWN_CHANGES]:
        out.warning(warning)
    if len(result["warnings"]) > SHOWN_CHANGES:
        out.warning(f"(and {len(result['warnings']) - SHOWN_CHANGES:,} more like these)")
    superseded = f", {result['superseded']} earlier figures superseded" if result["superseded"] else ""
    out.say(f"imported {result['imported']:,} claims ({result['unchanged']:,} already present{superseded})")
    if result["changes"] is not None:
        _changes(result["changes"])


READINGS = {"totals": "daily running totals", "personnel": "daily personnel totals",
            "corrections": "corrections", "snapshot": "a snapshot", "events": "events"}


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {PLURALS.get(noun, noun + 's')}"


PLURALS = {"category": "categories"}


def _reading(kind: str) -> str:
    return READINGS.get(kind, kind)


def _changes(changes: dict) -> None:
    if not any(changes.values()):
        return out.say("nothing new: no new conflicts, anomalies or widened ratios")
    for row in changes["conflicts"]:
        out.say(f"new conflict: {row['topic']} ({row['conflicts']} conflicting pairs, {row['before']} before)")
    for row in changes["anomalies"][:SHOWN_CHANGES]:
        out.say(f"new anomaly: {row['topic']} {row['date']} {row['kind']} ({row['source']}): {row['detail']}")
    if len(changes["anomalies"]) > SHOWN_CHANGES:
        out.say(f"(and {len(changes['anomalies']) - SHOWN_CHANGES:,} more new anomalies: `claims anomalies` "
                "lists every one)")
    for row in changes["widened"]:
        out.say(f"widened ratio: {row['topic']} {row['before']:.4f} on {row['before_date']} -> "
                f"{row['ratio']:.4f} on {row['date']}")


def render_series(view: dict, fmt: str, output=None) -> None:
    fmt = str(fmt)
    rows = [{**r, "ratio": _ratio(r["ratio"], 4)} for r in view["rows"]]  # machine formats: four places
    what = f"{len(rows):,} dates of {view['topic']}"
    if fmt == "json":
        return emit(json_text({**view, "rows": rows}) + "\n", output, what)
    if fmt == "html":
        return emit(series_page(view), output, what)
    if fmt in ("csv", "jsonl"):
        return render(rows, fmt, SERIES_KEYS, output=output, noun=f"dates of {view['topic']}")
    # for reading: the ratio to two places (2.70, not 2.7); csv and json keep four
    shown = [{**r, "ratio": None if r["ratio"] is None else f"{r['ratio']:.2f}"} for r in view["rows"]]
    if fmt == "markdown":
        return render(shown, fmt, SERIES_KEYS, output=output, noun=f"dates of {view['topic']}")
    narrow = [{TABLE_NAMES.get(k, k): v for k, v in r.items()} for r in shown][-out.TABLE_ROWS:]
    latest = f" (the latest {len(narrow):,} dates)" if len(narrow) < len(rows) else ""
    table(narrow, [TABLE_NAMES.get(k, k) for k in SERIES_KEYS], total=len(rows), show_all=True,
          title=f"{view['topic']}: official ({view['official'] or 'none'}) against the floor "
                f"({view['floor'] or 'none'}){latest}")
    for role in ("official", "floor"):
        change = view["change"][role]
        if change:
            out.say(f"{view[role]}: {said_change(change)}")


def said_change(change: dict) -> str:
    sign = "+" if change["change"] >= 0 else "-"
    return (f"{sign}{_num(abs(change['change']))} from {change['from']} ({_num(change['before'])}) "
            f"to {change['to']} ({_num(change['after'])})")


def _num(x) -> str:
    """12,251; 110,246.5; 479.22: whole numbers whole, others to two places at most."""
    return f"{x:,.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else f"{x:,}"


def _ratio(ratio: float | None, places: int) -> float | None:
    """The exact ratio rounded once (rounding a rounded ratio again can move its last digit)."""
    return None if ratio is None else round(ratio, places)


def series_page(view: dict) -> str:
    """One page: the series table, each anomaly's row marked and named."""
    head = "".join(f"<th>{html_text(k)}</th>" for k in SERIES_KEYS)
    body = []
    for row in view["rows"]:
        cells = "".join(f"<td class=\"n\">{html_text(_cell(row[k]))}</td>" if k not in ("date", "anomaly")
                        else f"<td>{html_text(row[k])}</td>" for k in SERIES_KEYS)
        marked = " class=\"conflict\"" if row["anomaly"] else ""
        body.append(f"<tr{marked}>{cells}</tr>")
    title = f"{view['topic']}: official against the floor"
    intro = (f"<h1>{html_text(title)}</h1><p>official: {html_text(view['official'] or 'none')}; floor: "
             f"{html_text(view['floor'] or 'none')}; rows with an anomaly are marked.</p>")
    from claims.output import pages

    return pages.page(title, [intro, f"<table><tr>{head}</tr>\n" + "\n".join(body) + "</table>"])


def _cell(value):
    return f"{value:.2f}" if isinstance(value, float) and not value.is_integer() else value


def render_anomalies(rows: list[dict], fmt: str, output=None) -> None:
    fmt = str(fmt)
    if fmt == "table" and not rows:
        return out.say("no anomalies")
    render(rows, fmt, ANOMALY_KEYS, title="anomalies", output=output, noun="anomalies")
