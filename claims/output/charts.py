"""Charts, drawn with matplotlib and written as SVG to put inline in a page (or as PNG, for a
workbook): the claims on one topic as intervals on a shared axis, and a topic's figures over
time, source by source, with the consensus band and, where a topic has both, the ratio of
an official claimant's figures to a monitoring group's floor.

matplotlib is imported only when a chart is drawn, so that start-up does not pay for it.
Claim text comes from the web: the SVG backend writes text as escaped XML, and no text is
read as mathematics (`text.parse_math` off), so a source name cannot become markup.
"""

from __future__ import annotations

import io
import re

WIDTH = 11.0  # inches: at 96 dots an inch, 1,056 pixels; a page of 1280 holds it, and A4 scales it down
ROW = 0.32  # inches a claim takes
MAX_ROWS = 60  # claims drawn; a caption says how many were left out
COLOURS = {"claim": "#1f4e79", "conflict": "#c0392b", "set aside": "#9e9e9e", "consensus": "#2e7d32"}
# a source's series over time: none in the consensus green (Okabe-Ito, which colour-blind
# readers tell apart), each with a marker of its own as well
SERIES = ["#0072b2", "#d55e00", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8e44ad"]
MARKERS = ["o", "s", "D", "^", "v", "P", "X"]
MAX_SERIES = len(SERIES) * len(MARKERS)  # every pair of colour and marker once; the legend names those left out
STYLE = {"svg.fonttype": "none", "svg.hashsalt": "claims", "text.parse_math": False, "font.size": 9,
         "font.family": "sans-serif", "axes.spines.top": False, "axes.spines.right": False}


def _figure(height: float):
    import matplotlib

    matplotlib.rcParams.update(STYLE)
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), layout="constrained")


def svg(figure) -> str:
    """The figure as an <svg> element, without the XML prolog, to put inline in a page."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)  # who drew it, not the chart
    return text[text.index("<svg"):]


def png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=110)
    return out.getvalue()


# ---------------------------------------------------------------- intervals

def intervals(result: dict):
    """One row per claim (the first MAX_ROWS), on one axis in the topic's unit: a range as a
    bar, an open end as an arrow to the edge, a best value as a dot; conflicting claims in
    red, claims set aside (refuted, retracted, superseded) in grey; the consensus as a band."""
    claims = [c for c in result["claims"] if c["value"] is not None][:MAX_ROWS]
    figure = _figure(max(1.8, ROW * len(claims) + 1.3))
    axes = figure.add_subplot()
    left, right, log = _axis(claims, result["consensus"])
    for row, claim in enumerate(claims):
        _interval(axes, len(claims) - 1 - row, claim, left, right)
    _band(axes, result["consensus"], result["policy"])
    axes.set_yticks(range(len(claims)), list(reversed(labels(claims))))
    axes.set_xscale("log" if log else "linear")
    axes.set_xlim(left, right)
    axes.set_ylim(-0.7, len(claims) - 0.3)
    axes.set_xlabel(result["unit"] or "plain numbers")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    figure.legend(handles=_legend(axes), loc="outside upper right", ncols=4, fontsize=7, frameon=False)
    return figure


def _kind(claim: dict) -> str:
    if "conflict" in claim["flags"]:
        return "conflict"
    if set(claim["flags"]) & {"superseded", "refuted", "retracted"}:
        return "set aside"
    return "claim"


def _interval(axes, y: float, claim: dict, left: float, right: float) -> None:
    colour = COLOURS[_kind(claim)]
    low, value, high = claim["low"], claim["value"], claim["high"]
    start, end = (left if low is None else low), (right if high is None else high)
    if start != end:
        axes.plot([start, end], [y, y], color=colour, linewidth=4, alpha=0.45, solid_capstyle="butt")
    if low is None:
        axes.plot([left], [y], marker="<", color=colour, markersize=6)
    if high is None:
        axes.plot([right], [y], marker=">", color=colour, markersize=6)
    axes.plot([value], [y], marker="X" if colour == COLOURS["conflict"] else "o", color=colour, markersize=6)


def _band(axes, consensus: dict, policy: str) -> None:
    if consensus.get("value") is None:
        return
    low = consensus["low"] if consensus["low"] is not None else consensus["value"]
    high = consensus["high"] if consensus["high"] is not None else consensus["value"]
    if high > low:
        axes.axvspan(low, high, color=COLOURS["consensus"], alpha=0.12, linewidth=0)
    axes.axvline(consensus["value"], color=COLOURS["consensus"], linestyle="--", linewidth=1)


def _legend(axes) -> list:
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=COLOURS["claim"], marker="o", linestyle="", label="claim"),
            Line2D([], [], color=COLOURS["conflict"], marker="X", linestyle="", label="in conflict"),
            Line2D([], [], color=COLOURS["set aside"], marker="o", linestyle="", label="set aside"),
            Line2D([], [], color=COLOURS["consensus"], linestyle="--", label="consensus")]


def labels(claims: list[dict], width: int = 48) -> list[str]:
    """Each claim's row label: its source, shortened so that its date always shows, and its
    id besides when two rows would otherwise read alike (one source, one day)."""
    def label(claim: dict, room: int) -> str:
        date = claim["as_of"] or "undated"
        return f"{_short(claim['source'], max(8, room - len(date) - 3))} · {date}"

    found = [label(c, width) for c in claims]
    alike = {text for text in found if found.count(text) > 1}
    return [f"{label(c, width - len(c['id']) - 3)} · {c['id']}" if text in alike else text
            for c, text in zip(claims, found)]


def _axis(claims: list[dict], consensus: dict) -> tuple[float, float, bool]:
    """(left, right, log scale?) with room around every bound for the arrows of open ends."""
    values = [x for c in claims for x in (c["low"], c["value"], c["high"]) if x is not None]
    values += [x for x in (consensus.get("low"), consensus.get("high")) if x is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low > 0 and high / low > 1000:
        return low / 2, high * 2, True
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    if low >= 0 and any(c["low"] is None for c in claims):  # "at most": open down to nothing
        return 0.0, high + pad, False
    return low - pad, high + pad, False


# ---------------------------------------------------------------- over time

def timeline(series: list[dict], windows: list[dict], unit: str | None, ratio: list[dict] | None = None):
    """Each source's figures over as_of dates as its own series (ranges as error bars), the
    consensus of each window as a band; below, where given, an official claimant's figures
    over a monitoring group's floor."""
    import datetime

    figure = _figure(4.2 if ratio else 3.2)
    grid = figure.add_gridspec(2 if ratio else 1, 1, height_ratios=[3, 1] if ratio else [1])
    axes = figure.add_subplot(grid[0])
    drawn = series[:MAX_SERIES]
    names = [_short(s["source"], 40) for s in drawn]
    names = [s["source"] if names.count(name) > 1 else name for s, name in zip(drawn, names)]  # never two alike
    for n, (source, name) in enumerate(zip(drawn, names)):
        _points(axes, source, name, SERIES[n % len(SERIES)], MARKERS[(n + n // len(SERIES)) % len(MARKERS)],
                datetime)
    _windows(axes, windows, datetime)
    axes.set_ylabel(unit or "plain numbers")
    axes.grid(color="#eeeeee", linewidth=0.6)
    left_out = len(series) - MAX_SERIES
    # beside the plot, never over it: a legend inside the axes covers the points it names
    figure.legend(handles=axes.get_legend_handles_labels()[0], loc="outside right upper", fontsize=7, frameon=False,
                  title=f"{left_out} more sources not drawn" if left_out > 0 else None, title_fontsize=7)
    if ratio:
        below = figure.add_subplot(grid[1], sharex=axes)
        below.plot([datetime.date.fromisoformat(r["date"]) for r in ratio], [r["ratio"] for r in ratio],
                   color="#555555", marker="o", markersize=3)
        below.axhline(1, color="#bbbbbb", linewidth=0.8)
        below.set_ylabel("official / floor", fontsize=8)
    _date_axis(figure, axes, {p["date"] for source in series for p in source["points"]} | {w["end"] for w in windows})
    return figure


def _date_axis(figure, axes, days: set[str]) -> None:
    """Ticks on whole days, never at hours: the figures are dated by the day, and a tick
    at "12:00" would say a time nobody gave."""
    import datetime

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DayLocator

    first, last = (datetime.date.fromisoformat(d) for d in (min(days), max(days)))
    if (last - first).days < 7:  # a few days: a week around them (matplotlib would spread hours, or years)
        before = (7 - (last - first).days) // 2
        axes.set_xlim(first - datetime.timedelta(days=before), first + datetime.timedelta(days=7 - before))
    span = max(7, (last - first).days)
    for each in figure.axes:  # one locator per axis: a locator follows the axis it is on
        locator = DayLocator(interval=max(1, span // 7)) if span <= 60 else AutoDateLocator(maxticks=8)
        each.xaxis.set_major_locator(locator)
        each.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _points(axes, source: dict, name: str, colour: str, marker: str, datetime) -> None:
    dates = [datetime.date.fromisoformat(p["date"]) for p in source["points"]]
    values = [p["value"] for p in source["points"]]
    below = [p["value"] - p["low"] if p["low"] is not None else 0 for p in source["points"]]
    above = [p["high"] - p["value"] if p["high"] is not None else 0 for p in source["points"]]
    floor = all(p["high"] is None for p in source["points"])  # "at least": a floor
    ceiling = all(p["low"] is None for p in source["points"])  # "at most": a ceiling
    axes.errorbar(dates, values, yerr=[below, above], color=colour, marker=marker, markersize=4, linewidth=1,
                  capsize=2, label=name + (" (at least)" if floor else
                                                                   " (at most)" if ceiling else ""))


def _windows(axes, windows: list[dict], datetime) -> None:
    ends = [datetime.date.fromisoformat(w["end"]) for w in windows if w["value"] is not None]
    lows = [w["low"] if w["low"] is not None else w["value"] for w in windows if w["value"] is not None]
    highs = [w["high"] if w["high"] is not None else w["value"] for w in windows if w["value"] is not None]
    if ends:
        axes.fill_between(ends, lows, highs, color=COLOURS["consensus"], alpha=0.15, linewidth=0)
        axes.plot(ends, [w["value"] for w in windows if w["value"] is not None], color=COLOURS["consensus"],
                  linestyle="--", linewidth=1.2, label="consensus")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"

