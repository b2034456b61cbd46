"""The series analysts follow, read exactly as they are published: the General Staff's
daily totals (JSON, with a file of corrections), Oryx's snapshots (CSV) and ACLED's event
exports (CSV). Maps of controlled territory are `rules.geometry`'s.

Each reader turns the text of one file into plain figures, each dated, and knows nothing
of topics or storing: which topic a category becomes is the mapping's job
(`rules.series`), storing them `operations.series`'. Pure: the caller reads the file. A
file in another shape is refused with one line naming the file and the row or field.
"""

import csv
import datetime
import io
import json
import re
from pathlib import Path
from typing import NamedTuple

from claims.basics.errors import ClaimsError


class Figure(NamedTuple):
    """One published number: on `date`, `category` (as the publisher names it) stood at
    `value`; `parts` keeps a breakdown (Oryx's destroyed, damaged, abandoned, captured),
    `qualifier` how the publisher worded it, `where` the row it came from."""

    date: str
    country: str
    category: str
    value: float
    where: str
    qualifier: str = "exact"
    parts: tuple = ()
    note: str = ""


class Published(NamedTuple):
    """A file read: which of the publisher's files it is, and its figures."""

    kind: str  # "totals", "personnel", "corrections", "snapshot", "events", "map"
    figures: list
    warnings: tuple = ()  # what the reader took as published, though it looks like a slip


DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
GS_META = ("date", "day", "greatest losses direction", "personnel*")
ORYX_COLUMNS = ("country", "equipment_type", "destroyed", "abandoned", "captured", "damaged", "type_total")
ORYX_PARTS = ("destroyed", "damaged", "abandoned", "captured")
ACLED_NEEDED = ("event_id_cnty", "event_date", "fatalities", "country")
GS_WORDING = {"about": "about", "more": "more_than"}  # the personnel figure's own word


def iso_date(text, where: str) -> str:
    """A publisher's date as YYYY-MM-DD: ISO, or ACLED's older '05 January 2024'."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ClaimsError(f"{where}: {text!r} is not a date")


def date_in_name(path) -> str | None:
    """The date a file's name carries (totals_by_type_2025-07-19.csv, deepstatemap_data_20241031.geojson)."""
    found = DATE.search(Path(path).name)
    if not found:
        return None
    try:
        return datetime.date(*map(int, found.groups())).isoformat()
    except ValueError:
        return None


def parsed_json(path, text: str, what: str = "valid JSON") -> object:
    """A published file's JSON, or one line naming the file and where it stops being `what`."""
    if not text.strip():
        raise ClaimsError(f"{path} is empty")
    try:
        return json.loads(text)
    except RecursionError:
        raise ClaimsError(f"{path}: JSON nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ClaimsError(f"{path}: not {what}: {error.msg} at line {error.lineno} column {error.colno}") from None


def _count(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ClaimsError(f"{where}: {value!r} is not a number")
    return value


# -- the General Staff ---------------------------------------------------------------

def read_general_staff(path, text: str) -> Published:
    """russia_losses_equipment.json, russia_losses_personnel.json or
    russia_losses_equipment_correction.json, as the public dataset keeps them: an array
    of one object per day, {"date": ..., "day": ..., category: running total, ...}."""
    data = parsed_json(path, text)
    if not isinstance(data, list) or not data or not all(isinstance(d, dict) for d in data):
        raise ClaimsError(f"{path}: not a General Staff file: expected a JSON array of daily objects "
                          "with \"date\" and the running totals")
    kind = "corrections" if "correction" in Path(path).name.lower() else \
        "personnel" if "personnel*" in data[0] or set(data[0]) <= {"date", "day", "personnel", "POW"} else "totals"
    figures = []
    for number, day in enumerate(data, 1):
        where = f"{path}: day {number}"
        if "date" not in day:
            raise ClaimsError(f"{where}: no \"date\"")
        date = iso_date(day["date"], f"{where}: field date")
        wording = GS_WORDING.get(str(day.get("personnel*", "")).strip(), "exact")
        for category, value in day.items():
            if category in GS_META or value is None:
                continue
            if kind == "corrections" and value == 0:
                continue  # a correction file lists every category, most with nothing to correct
            qualifier = wording if category == "personnel" else "exact"
            figures.append(Figure(date, "Russia", category, _count(value, f"{where}: field {category}"),
                                  f"day {number}", qualifier))
    if not figures and kind != "corrections":
        raise ClaimsError(f"{path}: no figures")
    return Published(kind, figures)


# -- Oryx ----------------------------------------------------------------------------

def read_oryx(path, text: str, as_of: str | None = None) -> Published:
    """An Oryx snapshot as the scrapers keep it (totals_by_type.csv: country,
    equipment_type, destroyed, abandoned, captured, damaged, type_total), dated by its
    file name or `as_of`; or the scrapers' daily_count.csv, which dates each row itself
    (date_recorded)."""
    rows = _csv_rows(path, text)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ORYX_COLUMNS if c not in header]
    if missing:
        raise ClaimsError(f"{path}: not an Oryx snapshot: no column {', '.join(missing)} "
                          f"(an Oryx file has {', '.join(ORYX_COLUMNS)})")
    at = {name: header.index(name) for name in header}
    dated = "date_recorded" in at
    date = None if dated else as_of or date_in_name(path)
    if not dated and date is None:
        raise ClaimsError(f"{path}: an Oryx snapshot carries no date: name the file with it "
                          "(totals_by_type_2025-07-19.csv) or give --as-of")
    figures = [_oryx_row(path, number, cells, at, date) for number, cells in enumerate(rows[1:], 2)
               if any(c.strip() for c in cells)]
    return Published("snapshot", figures, _repeated(path, figures))


def _repeated(path, figures: list) -> tuple:
    """A category a snapshot lists twice for one date (a scraper's slip): both rows count,
    and the import says so."""
    seen: dict = {}
    for figure in figures:
        seen.setdefault((figure.date, figure.country, figure.category), []).append(figure.where)
    return tuple(f"{path}: {country} {category} is listed twice on {date} ({' and '.join(where)}); both "
                 "are counted" for (date, country, category), where in seen.items() if len(where) > 1)


def _oryx_row(path, number: int, cells: list, at: dict, date: str | None) -> Figure:
    where = f"{path}: row {number}"
    if len(cells) < len(at):
        raise ClaimsError(f"{where}: {len(cells)} cells where the header has {len(at)}")
    parts = tuple(_whole(cells[at[p]], f"{where}: field {p}") for p in ORYX_PARTS)
    total = _whole(cells[at["type_total"]], f"{where}: field type_total")
    if date is None:
        date = iso_date(cells[at["date_recorded"]], f"{where}: field date_recorded")
    # a category's name can carry a stray line break in the published file
    return Figure(date, cells[at["country"]].strip(), " ".join(cells[at["equipment_type"]].split()), total,
                  f"row {number}", "at_least", parts)


def _whole(cell: str, where: str) -> int:
    try:
        return int(cell.strip())
    except ValueError:
        raise ClaimsError(f"{where}: {cell!r} is not a whole number") from None


def _csv_rows(path, text: str) -> list:
    if not text.strip():
        raise ClaimsError(f"{path} is empty")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ClaimsError(f"{path}: not CSV: {error}") from None


# -- ACLED ---------------------------------------------------------------------------

def read_acled(path, text: str) -> Published:
    """An ACLED export (CSV, one event a row: event_id_cnty, event_date, ..., admin1,
    location, ..., source, notes, fatalities, ...). Each event's fatalities are ACLED's
    own conservative figure, kept with the event's place and the sources it names."""
    rows = _csv_rows(path, text)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ACLED_NEEDED if c not in header]
    if missing:
        raise ClaimsError(f"{path}: not an ACLED export: no column {', '.join(missing)}")
    figures = []
    for number, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        where = f"{path}: row {number}"
        if len(cells) != len(header):
            raise ClaimsError(f"{where}: {len(cells)} cells where the header has {len(header)}")
        cell = dict(zip(header, cells))
        place = cell.get("location", "").strip()
        note = cell.get("source", "").strip()
        date = iso_date(cell["event_date"], f"{where}: field event_date")
        fatalities = _whole(cell["fatalities"], f"{where}: field fatalities")
        figures.append(Figure(date, cell["country"].strip(), cell.get("event_type", "").strip(), fatalities,
                              cell["event_id_cnty"].strip(), "exact", (place, cell.get("admin1", "").strip()), note))
    return Published("events", figures)
