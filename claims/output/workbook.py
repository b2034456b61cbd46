"""Workbooks (`-f xlsx`): a Summary sheet (each topic's consensus, policy, grade, spread and
conflicts), then a sheet per topic with its claims: numbers formatted in the topic's unit,
the header frozen, columns sized to what they hold, conflicting rows filled, and the
interval chart beside the table. Numbers are numbers; text is never a formula.
"""

import io
import math
import re

from claims.basics.errors import ClaimsError
from claims.output import charts
from claims.output.output import Target, plain, terminal_safe, written
from claims.output.words import COMPARE_KEYS, comparison_rows, rounded

SUMMARY_KEYS = ["topic", "unit", "policy", "low", "best", "high", "grade", "spread", "conflict_pairs", "claims",
                "independent_sources"]
CONFLICT = "FDECEA"  # the fill of a conflicting claim's row, as in the web page
HEADER = "F3F3F3"
WIDEST = 60  # characters a column may take


def write(results: list[dict], output: "Target | str | None", conflicts: list[dict] | None = None) -> None:
    """A workbook of these comparisons (and, for `conflicts`, the list of conflicting topics)."""
    from openpyxl import Workbook

    if not output:
        raise ClaimsError("xlsx needs --output FILE")
    book = Workbook()
    book.remove(book.active)
    used: set = {"summary"}
    _summary(book.create_sheet("summary"), results)
    if conflicts is not None:
        used.add("conflicts")
        rounded_rows = [{k: significant(v) if k in ("consensus", "severity") else v for k, v in row.items()}
                        for row in conflicts]
        _finish(book.create_sheet("conflicts"), rounded_rows, list(conflicts[0]) if conflicts else [])
    for result in results:
        _topic(book.create_sheet(sheet_name(result["topic"], used)), result)
    with written(output, f"a workbook of {len(book.sheetnames)} sheet{'s' * (len(book.sheetnames) != 1)}") as path:
        book.save(path)


def _summary(sheet, results: list[dict]) -> None:
    """Each topic's consensus rounded as the terminal says it (to the precision its figures
    were written with), in its unit; the spread to three significant digits."""
    rows = [{"topic": r["topic"], "unit": r["unit"], "policy": r["policy"],
             **{key: significant(r["consensus"][k], r.get("digits", 3)) for key, k in CONSENSUS_KEYS},
             "grade": r["grade"]["grade"], "spread": significant(r["spread"]), "conflict_pairs": r["conflict_pairs"],
             "claims": r["claims_count"], "independent_sources": r["independent_sources"]} for r in results]
    _finish(sheet, rows, SUMMARY_KEYS)
    for n, result in enumerate(results, 2):
        shown = number_format(result["unit"], result.get("digits", 3))
        for column in (SUMMARY_KEYS.index(key) + 1 for key, _ in CONSENSUS_KEYS):
            sheet.cell(row=n, column=column).number_format = shown


CONSENSUS_KEYS = [("low", "low"), ("best", "value"), ("high", "high")]


def significant(x, digits: int = 3):
    """A number to `digits` significant digits (as `words.rounded` writes it), kept a number."""
    if not isinstance(x, float) or not math.isfinite(x) or x == 0:
        return x
    return float(rounded(x, digits).replace(",", ""))


def _topic(sheet, result: dict) -> None:
    rows = comparison_rows(result)
    _finish(sheet, rows, COMPARE_KEYS, number_format=number_format(result["unit"], result.get("digits", 3)))
    from openpyxl.styles import PatternFill

    red = PatternFill("solid", start_color=CONFLICT, end_color=CONFLICT)
    for n, row in enumerate(rows, 2):
        if "conflict" in (row.get("flags") or []):
            for cell in sheet[n]:
                cell.fill = red
    _chart(sheet, result, len(COMPARE_KEYS) + 2)


def _finish(sheet, rows: list[dict], keys: list[str], number_format: str | None = None) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill(sheet, rows, keys)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", start_color=HEADER, end_color=HEADER)
    sheet.freeze_panes = "A2"
    for col, key in enumerate(keys, 1):
        letter = get_column_letter(col)
        cells = sheet[letter][1:]
        if number_format and key in ("low", "value", "high"):
            for cell in cells:
                cell.number_format = number_format
        widest = max([len(key)] + [len(_shown(cell.value)) for cell in cells])
        sheet.column_dimensions[letter].width = min(WIDEST, widest + 2)


def _shown(value) -> str:
    return rounded(value) if isinstance(value, float) else plain(value)


def number_format(unit: str | None, digits: int) -> str:
    """Excel's number format for figures in `unit`, to the precision they were written with:
    '#,##0.###" km"', '0.#"%"'."""
    decimals = "0." + "#" * max(1, digits - 1)
    if unit == "%":
        return f'{decimals}"%"'
    return f'#,##{decimals}" {unit}"' if unit else f"#,##{decimals}"


def _chart(sheet, result: dict, column: int) -> None:
    """The interval chart, as a picture beside the table."""
    from openpyxl.drawing.image import Image
    from openpyxl.utils import get_column_letter

    if not any(c["value"] is not None for c in result["claims"]):
        return
    picture = Image(io.BytesIO(charts.png(charts.intervals(result))))
    sheet.add_image(picture, f"{get_column_letter(column)}2")


def sheet_name(topic: str, used: set) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", "-", topic)[:31] or "topic"
    base, n = name, 2
    while name.lower() in used:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def fill(sheet, rows: list[dict], keys: list[str]) -> None:
    """Rows under a header: numbers as numbers, text never a formula."""
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
