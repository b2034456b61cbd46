"""The extraction benchmark: precision and recall of `claims extract` on hand-labelled real
text, for figures alone and for figures with their claimant, and its throughput.

    python benchmarks/extract_bench.py                 # seed articles, dev and test parts, throughput
    python benchmarks/extract_bench.py --split dev     # one part
    python benchmarks/extract_bench.py --misses dev    # what the dev part gets wrong, text by text
    python benchmarks/extract_bench.py --split test2   # the second held-out part (score it once)

The corpus is fixtures/corpus/ (index.json: each text's kind, subject, outlet, date, licence;
SOURCES.md: origins and the labelling rules). The test part was labelled before the dev
part and is reported apart from it: the extractor is tuned on the dev part and the seed
articles only. The first test part has been scored and is spent; test2 (conflict reporting,
labelled and committed before the extractor changed for it) is the held-out part now, and
is not among the default parts, so that it is scored only when asked for. Each text is
extracted as `claims extract FILE --outlet OUTLET --date DATE` would, with no database.

A candidate matches a label when their low / best / high agree within 1% (an open side must
be open) in units of one family (counts of any noun match each other); for figure+claimant
the candidate's claimant must also be one of the label's spellings, the text's outlet for
"@article", or of type unattributed for "@unattributed". Each label is matched at most once.
"""

import argparse
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.extract import extract  # noqa: E402
from claims.figures import units  # noqa: E402

CORPUS = ROOT / "fixtures" / "corpus"
SEEDS = ROOT / "fixtures" / "articles"
TARGETS = {"test": 0.85, "seed": 0.9, "figure": 0.9, "throughput": 1.0}


def texts(split: str) -> list[dict]:
    """(file, text, outlet, date, labels) for every text of a part."""
    if split == "seed":
        labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))
        # the outlets the seed articles came from, as the demo's fixtures name them
        outlets = {"000_pokrovsk_within_1_mile.txt": "unnamed outlet of seed article 000",
                   "003_euromaidan_400_daily.txt": "Euromaidan Press"}
        return [{"file": name, "text": (SEEDS / name).read_text(encoding="utf-8"), "outlet": outlets[name],
                 "date": None, "labels": wanted} for name, wanted in labels.items() if not name.startswith("_")]
    index = [entry for entry in json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
             if entry["split"] == split]
    labels = json.loads((CORPUS / split / "labels.json").read_text(encoding="utf-8"))
    return [{"file": entry["file"], "text": (CORPUS / entry["file"]).read_text(encoding="utf-8"),
             "outlet": entry["outlet"], "date": entry["date"], "kind": entry["kind"],
             "labels": labels[Path(entry["file"]).name]} for entry in index]


# ---------------------------------------------------------------- matching

def _family(unit: str | None) -> str:
    try:
        dimension = units.dimension(units.canonical_unit(unit) if unit else None)
    except Exception:
        return "count"
    core = dimension.removesuffix("/time")
    core = "count" if core.startswith("count:") or core == "number" else core
    return core + ("/time" if dimension.endswith("/time") else "")


# The corpus was labelled when "nearly X" was read as "at most X" (SOURCES.md, figure
# conventions). The reader now reads a hedge just short of a figure as the band 0.9 X to X
# (README, Figures), and such a label is read the same way here: the convention changed, not
# the label. The hedges are the corpus convention's own words.
BANDED = re.compile(r"^(?:nearly|almost|just under|close to)\s", re.IGNORECASE)


def _reading(label: dict) -> dict:
    """A label's numbers; the seed labels give only a figure text, read with our reader."""
    if "value" in label:
        if BANDED.match(label["figure"]) and label["low"] is None and label["value"] is not None:
            return {**label, "low": label["value"] * 0.9}
        return label
    from claims.figures.reading import parse

    figure = parse(label["figure"])
    return {"value": figure.value, "low": figure.low, "high": figure.high, "unit": figure.unit}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(abs(b), 1e-9)


def figure_matches(candidate: dict, label: dict) -> bool:
    wanted = _reading(label)
    if _family(candidate["unit"]) != _family(wanted["unit"]):
        return False
    factor = 1.0
    if _family(wanted["unit"]) not in ("count", "count/time"):
        try:
            factor = units.base_factor(units.canonical_unit(candidate["unit"])) / units.base_factor(
                units.canonical_unit(wanted["unit"]))
        except Exception:
            factor = 1.0
    return all(_close(None if candidate[k] is None else candidate[k] * factor, wanted[k])
               for k in ("low", "value", "high"))


def claimant_matches(candidate: dict, label: dict, outlet: str | None) -> bool:
    names = [label["claimant"]] if isinstance(label["claimant"], str) else label["claimant"]
    source = candidate["source"].casefold()
    for name in names:
        if name == "@article" and outlet and source == outlet.casefold():
            return True
        if name == "@unattributed" and candidate["source_type"] == "unattributed":
            return True
        if name.casefold() == source:
            return True
    return False


def score(candidates: list[dict], labels: list[dict], outlet: str | None) -> dict:
    """True positives for each level, and the pairs that matched (for --misses)."""
    found = {}
    for level in ("figure", "figure+claimant"):
        used, hits = set(), []
        for c, candidate in enumerate(candidates):
            for i, label in enumerate(labels):
                if i in used or not figure_matches(candidate, label):
                    continue
                if level == "figure+claimant" and not claimant_matches(candidate, label, outlet):
                    continue
                used.add(i)
                hits.append((c, i))
                break
        found[level] = hits
    return found


# ---------------------------------------------------------------- runs

def run(split: str) -> dict:
    totals = {level: [0, 0, 0] for level in ("figure", "figure+claimant")}
    for item in texts(split):
        candidates = extract(item["text"], outlet=item["outlet"], dateline=item["date"])
        for level, hits in score(candidates, item["labels"], item["outlet"]).items():
            totals[level][0] += len(hits)
            totals[level][1] += len(candidates)
            totals[level][2] += len(item["labels"])
    return {level: {"tp": tp, "candidates": n, "labels": m, "precision": tp / n if n else 0.0,
                    "recall": tp / m if m else 0.0} for level, (tp, n, m) in totals.items()}


def misses(split: str) -> None:
    for item in texts(split):
        candidates = extract(item["text"], outlet=item["outlet"], dateline=item["date"])
        found = score(candidates, item["labels"], item["outlet"])
        figure_hits = dict(found["figure"])
        both = dict(found["figure+claimant"])
        print(f"\n== {item['file']} ({item.get('kind', 'seed')}; outlet {item['outlet']})")
        for c, candidate in enumerate(candidates):
            if c in both:
                continue
            if c in figure_hits:
                label = item["labels"][figure_hits[c]]
                print(f"  WHO   {candidate['figure']!r}: got {candidate['source']!r} ({candidate['source_type']}); "
                      f"wanted {label['claimant']}")
            else:
                print(f"  EXTRA {candidate['figure']!r} ({candidate['unit']}) -> {candidate['source']!r}")
        matched = set(figure_hits.values())
        for i, label in enumerate(item["labels"]):
            if i not in matched:
                print(f"  MISS  {label['figure']!r} ({label.get('unit')}) by {label['claimant']}: "
                      f"{label.get('sentence', '')!r}")


def throughput(repeat: int = 10) -> tuple[float, float]:
    """MB/s of extraction over every labelled text (dev, test, seed), each pass from cold
    caches (a text is read once in real use), against a bare regex scan for numbers."""
    from claims.extraction import attribution
    from claims.figures import reading as figures

    corpus = [item["text"] for split in ("seed", "dev", "test") for item in texts(split)]
    megabytes = sum(len(t.encode()) for t in corpus) / 1e6
    extract(corpus[0])  # what the first run loads once (the unit registry)
    digits = re.compile(r"\d[\d,.]*")
    best = bare = float("inf")
    for _ in range(repeat):
        attribution._matches.cache_clear()
        figures._parse.cache_clear()
        start = time.perf_counter()
        for text in corpus:
            extract(text)
        best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        for text in corpus:
            digits.findall(text)
        bare = min(bare, time.perf_counter() - start)
    return megabytes / best, bare / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="seed,dev,test", help="parts to score, comma-separated")
    parser.add_argument("--misses", metavar="SPLIT", help="list what a part gets wrong, text by text, and stop")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    if args.misses:
        misses(args.misses)
        return 0
    print("| part | texts | labels | figure P | figure R | figure+claimant P | figure+claimant R |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for split in args.split.split(","):
        result = run(split)
        f, fc = result["figure"], result["figure+claimant"]
        print(f"| {split} | {len(texts(split))} | {f['labels']} | {f['precision']:.3f} | {f['recall']:.3f} | "
              f"{fc['precision']:.3f} | {fc['recall']:.3f} |", flush=True)
    if not args.no_speed:
        rate, ratio = throughput()
        print(f"\nthroughput: {rate:.2f} MB/s (target >= {TARGETS['throughput']} MB/s), "
              f"{ratio:.3f}x a bare regex scan for numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
