"""A seeded generator of a realistic claims database: long-tail sources, mixed units.

`rows(n, topics, sources, seed)` yields claims as import rows (the keys of
`claims list --format json`). The first topic is a big one (`big/losses-per-day`,
10,000 claims at the default sizes): a rate, so that `compare` weighs every one
of its claims, not one week's worth.
"""

import json
import random
from datetime import date, timedelta

SOURCE_TYPES = ["official", "monitoring_group", "milblogger", "media", "analyst", "ngo", "unattributed", "other"]
SIDES = ["ua", "ru", "us", "uk", "none", "unknown"]
OUTLETS = ["UNIAN", "Euromaidan Press", "Ukrainska Pravda", "TASS", "RIA Novosti", "Reuters", "AP", "BBC",
           "Kyiv Independent", "Meduza"]
# topic families: (unit words, typical magnitude, qualifier mix)
FAMILIES = [
    ("km", 8.0), ("miles", 5.0), ("sq km", 300.0), ("%", 60.0), ("soldiers daily", 400.0),
    ("tanks", 3000.0), ("attacks a day", 40.0), ("people", 1500.0), ("positions", 5.0),
]
FORMS = ["{a}", "about {a}", "at least {a}", "up to {a}", "{a} to {b}", "more than {a}", "within {a}",
         "between {a} and {b}", "nearly {a}", "{a}"]


def topic_specs(topics: int, rng: random.Random) -> list[tuple[str, str, float]]:
    specs = []
    for t in range(topics):
        unit, scale = FAMILIES[t % len(FAMILIES)] if t else ("soldiers daily", 400.0)
        key = "big/losses-per-day" if t == 0 else f"area-{t // 50}/topic-{t}"
        specs.append((key, unit, scale * rng.uniform(0.3, 3.0)))
    return specs


def source_specs(sources: int, rng: random.Random) -> list[dict]:
    return [{"name": f"source {s:05d}", "source_type": rng.choice(SOURCE_TYPES), "side": rng.choice(SIDES),
             "reliability": rng.choice("ABCDEF")} for s in range(sources)]


def _number(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}".rstrip("0").rstrip(".")


def rows(n: int = 1_000_000, topics: int = 20_000, sources: int = 5_000, seed: int = 7, big: int = 10_000):
    rng = random.Random(seed)
    tspecs = topic_specs(topics, rng)
    sspecs = source_specs(sources, rng)
    start = date(2022, 2, 24)
    for i in range(n):
        t = 0 if i < big else 1 + (i * 7919) % (topics - 1)
        key, unit, scale = tspecs[t]
        # a long tail: a few prolific sources, most with a handful of claims
        s = min(int(rng.paretovariate(1.1)) - 1, sources - 1)
        s = s if rng.random() < 0.7 else rng.randrange(sources)
        src = sspecs[s]
        a = scale * rng.lognormvariate(0, 0.25)
        form = rng.choice(FORMS)
        figure = form.format(a=_number(a), b=_number(a * rng.uniform(1.05, 1.6))) + " " + unit
        when = start + timedelta(days=rng.randrange(1000))
        via = rng.sample(OUTLETS, rng.choice([0, 0, 1, 1, 2]))
        yield {"id": f"g{seed}x{i:07d}", "topic": key, "source": src["name"], "source_type": src["source_type"],
               "side": src["side"], "reliability": src["reliability"], "figure": figure,
               "as_of": when.isoformat(), "reported_on": (when + timedelta(days=rng.randrange(3))).isoformat(),
               "status": rng.choice(["unverified"] * 6 + ["corroborated", "confirmed", "disputed", "refuted"]),
               "credibility": rng.randint(1, 6), "via": via, "quote": f"Claim {i} as quoted in the source.",
               "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"}


def write_jsonl(path, n, **kw) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows(n, **kw):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(path, n, **kw) -> None:
    import csv

    keys = ["id", "topic", "source", "source_type", "side", "reliability", "figure", "as_of", "reported_on",
            "status", "credibility", "via", "quote", "created", "updated"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(keys)
        for row in rows(n, **kw):
            writer.writerow(["; ".join(row[k]) if k == "via" else row[k] for k in keys])


NARROW_KEYS = ("topic", "source", "source_type", "figure", "as_of")


def write_narrow(path, n: int = 300_000, topics: int = 20_000, sources: int = 5_000, seed: int = 11) -> None:
    """A narrow file as a spreadsheet export gives it: five columns, no ids, many topics and
    sources for its rows (each new topic and source is created by the import)."""
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows(n, topics=topics, sources=sources, seed=seed, big=min(10_000, n // 30)):
            handle.write(json.dumps({k: row[k] for k in NARROW_KEYS}, ensure_ascii=False) + "\n")
