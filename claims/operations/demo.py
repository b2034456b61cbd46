"""The demo: the two seed articles' claims, loaded into a database and compared.

Loading never alters the user's own data: a source that already exists is used
as it is, a claim already loaded is left alone, so running it twice changes nothing.
"""

import json
from importlib import resources
from pathlib import Path

from claims.basics.errors import ClaimsError
from claims.operations import compare, importing, recording
from claims.storage import queries
from claims.storage.db import write

CHECKOUT = Path(__file__).resolve().parents[2] / "fixtures"  # where a development install finds them
SOURCES_FILE = "sources.json"
TOPICS_FILE = "topics.json"
CLAIMS_FILE = "pokrovsk.jsonl"
SHOWCASE_TOPIC = "pokrovsk/distance-to-front"


def fixtures_dir():
    """The demo's data: inside the installed package (`claims.demo_data`, which a wheel carries),
    else the checkout's fixtures/ folder, which an editable install reads in place."""
    try:
        return resources.files("claims.demo_data")
    except ModuleNotFoundError:
        if (CHECKOUT / CLAIMS_FILE).exists():
            return CHECKOUT
    raise ClaimsError("the demo's data is missing from this installation: reinstall claims")


def load(db) -> dict:
    """Load the fixtures, in one transaction; returns how many sources and claims were new."""
    with write(db):
        return _load(db, fixtures_dir())


def _load(db, folder: Path) -> dict:
    new_sources = 0
    for spec in json.loads((folder / SOURCES_FILE).read_text(encoding="utf-8")):
        if not queries.find_source(db, spec["name"]):
            recording.add_source(db, **spec, why="claims demo")
            new_sources += 1
    for spec in json.loads((folder / TOPICS_FILE).read_text(encoding="utf-8")):
        if not queries.find_topic(db, spec["key"]):
            recording.add_topic(db, why="claims demo", **spec)
    counts = importing.import_claims(db, str(folder / CLAIMS_FILE), strict_sources=False)
    counts["sources_created"] += new_sources
    return counts


def fixture_ids() -> list[str]:
    lines = (fixtures_dir() / CLAIMS_FILE).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines if line.strip()]


ARTICLE = "articles/003_euromaidan_400_daily.txt"


def run(db, policy: str = "median") -> dict:
    """Everything the demo shows: the seed claims by topic, an extract of one seed article
    beside the claims stored from it, one comparison, the conflicts."""
    loaded = load(db)
    ids = set(fixture_ids())
    claims = [c for c in queries.list_claims(db) if c["id"] in ids]
    claims.sort(key=lambda c: c["topic"])
    return {
        "loaded": loaded,
        "claims": claims,
        "extract": extract_beside_stored(db, claims),
        "comparison": compare.compare(db, SHOWCASE_TOPIC, policy=policy),
        "conflicts": compare.conflicts_report(db, policy=policy),
    }


def extract_beside_stored(db, claims: list[dict]) -> list[dict]:
    """Each candidate `claims extract` finds in the seed article, and the stored claim it matches."""
    from claims.extraction import extract

    text = (fixtures_dir() / ARTICLE).read_text(encoding="utf-8")
    rows = []
    for candidate in extract.extract(text, known=queries.source_index(db), outlet="Euromaidan Press"):
        match = next((c for c in claims if c["source"] == candidate["source"] and c["value"] is not None
                      and _same_figure(c, candidate)), None)
        rows.append({"extracted": candidate["figure"], "claimant": candidate["source"],
                     "via": candidate["via"], "stored as": match["id"] if match else "(new)",
                     "stored figure": match["figure"] if match else None})
    return rows


def _same_figure(stored: dict, candidate: dict) -> bool:
    keys = ("low", "value", "high", "unit")
    return tuple(stored[k] for k in keys) == tuple(candidate[k] for k in keys)
