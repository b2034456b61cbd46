"""A comparison in rows and sentences, as every format shows it: the claims then the
consensus as rows; counts, spread, conflicts, grade and the consensus in words, rounded to
the precision the figures were written with.
"""

import math

from claims.output.output import plain, shorten
from claims.rules.comparison import public

COMPARE_KEYS = ["id", "source", "source_type", "side", "admiralty", "status", "as_of",
                "figure", "likelihood", "low", "value", "high", "unit", "flags", "conflicts_with", "quote"]


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
            if row.get("likelihood"):  # beside the figure: "3 km (likely)"
                row["figure"] = f"{row['figure'] or ''} ({row['likelihood'].replace('_', ' ')})".strip()
    consensus = result["consensus"]
    rows.append({"id": "consensus", "source": result["policy"],
                 "unit": result["unit"], **consensus, "flags": [], "conflicts_with": []})
    return rows + [{**public(c), "unit": result["unit"]} for c in result.get("undated", ())]  # apart, after


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
    return lines + band_lines(result.get("bands", ())) + undated_lines(result)


# how a hedge read as a band is said to the reader (figures.reading.BANDS)
BAND_WORDS = {"just_under": "nearly, almost, close to, just under X: read as 0.9 X to X",
              "just_over": "just over, slightly more than X: read as X to 1.1 X"}


def band_lines(bands) -> list[str]:
    return [f"hedges read as bands: {'; '.join(BAND_WORDS[b] for b in bands)}"] if bands else []


def undated_lines(result: dict) -> list[str]:
    """The claims without a date, which a dated window leaves out: named, never silently dropped."""
    undated = result.get("undated") or []
    if not undated:
        return []
    named = ", ".join(c["id"] for c in undated[:10]) + (f" and {len(undated) - 10} more" if len(undated) > 10 else "")
    return [f"{_count(len(undated), 'undated claim')} listed apart, in no window and not compared: {named} "
            "(give each its date: claims edit ID --as-of DATE --why ...)"]


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
