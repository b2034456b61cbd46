"""Cluster proposals scored on real relays (benchmarks/relays/: see its SOURCES.md and
LABELLING.md): pairwise precision and recall of the proposed clusters against the
labelled ones, per part.

    python benchmarks/clusters_bench.py                      # the dev part (what the rule is tuned on)
    python benchmarks/clusters_bench.py --misses             # and what it gets wrong, pair by pair
    python benchmarks/clusters_bench.py --part open_test     # the held-out part: score it ONCE

Each labelled claim is imported as an analyst would record it: its claimant as the text
names it (a text that names none: the source `unattributed`, of type unattributed), its
outlets as `via`, its figure as written. A figure the reader cannot read (another
language's words around the number) is given as numbers, as `claims add --value` does; a
number grouped with dots or spaces ("4.460", "2 012") is read as the thousands it is.
"""

import argparse
import itertools
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from claims.figures.reading import FigureError, parse  # noqa: E402
from claims.operations import clusters, importing  # noqa: E402
from claims.storage.db import open_db  # noqa: E402

GROUPED = re.compile(r"\b\d{1,3}(?:[. ]\d{3})+\b")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def labelled(part: str) -> list[dict]:
    with open(HERE / "relays" / f"{part}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def import_row(claim: dict, units: dict) -> dict:
    """The claim as an import row (the keys of `claims list --format json`); `units`: each
    topic's unit, as read from its other claims."""
    row = {key: claim[key] for key in ("id", "topic", "source", "via", "as_of", "reported_on", "quote", "url")}
    row["source_type"] = "unattributed" if claim["source"] == "unattributed" else "other"
    figure = claim["figure"]
    grouped = GROUPED.search(figure)
    try:
        readable = parse(figure) if not grouped else None
    except FigureError:
        readable = None
    if readable is not None and readable.value is not None:
        row["figure"] = figure
        units.setdefault(claim["topic"], readable.unit)
    elif grouped:  # typed as the thousands it is
        row["figure"] = f"{int(grouped.group().replace('.', '').replace(' ', '')):,}"
    else:  # the words around the number are not English: the numbers given as numbers
        number = float(NUMBER.search(figure).group().replace(",", ""))
        row.update(figure=figure, value=number, unit=None)
    return row


def load(claims: list[dict], path: str):
    rows = path + ".jsonl"
    units: dict = {}
    made = [import_row(claim, units) for claim in claims]
    with open(rows, "w", encoding="utf-8") as handle:
        for row in made:
            if "value" in row:
                row["unit"] = units.get(row["topic"])
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = open_db(path)
    importing.import_claims(db, rows, new_topics=True, new_sources=True)
    return db


def pairs(groups) -> set:
    return {tuple(sorted(p)) for group in groups for p in itertools.combinations(group, 2)}


def score(part: str, misses: bool = False) -> dict:
    claims = labelled(part)
    with tempfile.TemporaryDirectory() as folder:
        db = load(claims, str(Path(folder) / "relays.db"))
        proposed = [[p["first"], *p["relays"]] for p in clusters.proposals(db, details=False)]
        db.close()
    gold: dict = {}
    for claim in claims:
        gold.setdefault(claim["cluster"], []).append(claim["id"])
    truth, found = pairs(gold.values()), pairs(proposed)
    hit = len(truth & found)
    result = {"part": part, "claims": len(claims), "labelled clusters": sum(len(g) > 1 for g in gold.values()),
              "proposed clusters": len(proposed), "true pairs": len(truth), "proposed pairs": len(found),
              "precision": round(hit / len(found), 3) if found else None,
              "recall": round(hit / len(truth), 3) if truth else None}
    if misses:
        by_id = {c["id"]: c for c in claims}
        for kind, wrong in (("wrongly joined", found - truth), ("missed", truth - found)):
            for a, b in sorted(wrong):
                print(f"{kind}: {a} {by_id[a]['cluster']} | {b} {by_id[b]['cluster']}")
                print(f"    {by_id[a]['source']!r}: {by_id[a]['quote'][:110]}")
                print(f"    {by_id[b]['source']!r}: {by_id[b]['quote'][:110]}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parts = sorted(path.stem for path in (HERE / "relays").glob("*.jsonl"))
    parser.add_argument("--part", default="open_dev", choices=parts)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    for key, value in score(args.part, args.misses).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
