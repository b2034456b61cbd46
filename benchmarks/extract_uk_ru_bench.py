"""The extraction benchmark in Ukrainian and Russian: precision and recall of `claims extract`
on real texts (General Staff and Ministry of Defence reports, official documents, short news
items), for figures alone and for figures with their claimant, per language and part.

    python benchmarks/extract_uk_ru_bench.py                   # dev parts
    python benchmarks/extract_uk_ru_bench.py --split test      # the frozen test parts (score once)
    python benchmarks/extract_uk_ru_bench.py --split testb     # the second held-out part (score once)
    python benchmarks/extract_uk_ru_bench.py --split testc     # the third, Ukrainian only (score once)
    python benchmarks/extract_uk_ru_bench.py --misses dev      # what the dev part gets wrong

The corpus is fixtures/corpus_uk_ru/ (index.json: url, licence, date, language of each text;
labels_uk.json / labels_ru.json a part; origins and rules: benchmarks/figures/SOURCES3.md).
Matching is extract_bench.py's: low / best / high within 1 % in one unit family (counts of
any noun match each other), the claimant one of the label's spellings. The labels give each
distinct figure text of a text once, so a candidate repeating one (same text, reading and
claimant) is scored once. Each text is extracted
as `claims extract FILE --date DATE` would, with no outlet and no database.
"""

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import extract_bench as base  # noqa: E402

from claims.extraction.extract import extract  # noqa: E402

CORPUS = HERE.parent / "fixtures" / "corpus_uk_ru"
TARGET = 0.8


def texts(split: str, lang: str) -> list[dict]:
    index = [e for e in json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
             if e["split"] == split and e["language"] == lang]
    if not index:
        return []
    labels = json.loads((CORPUS / split / f"labels_{lang}.json").read_text(encoding="utf-8"))
    return [{"file": e["file"], "text": (CORPUS / e["file"]).read_text(encoding="utf-8"), "date": e["date"],
             "labels": labels[Path(e["file"]).name]} for e in index]


def distinct(candidates: list[dict]) -> list[dict]:
    """One candidate for each figure text and reading in a text: the labels list each distinct
    figure text of a text once (SOURCES3.md), so a figure the text repeats is scored once."""
    seen, kept = set(), []
    for c in candidates:
        key = (c["figure"].casefold(), c["value"], c["low"], c["high"], c["unit"], c["source"])
        if key not in seen:
            seen.add(key)
            kept.append(c)
    return kept


def run(split: str, lang: str) -> dict:
    totals = {level: [0, 0, 0] for level in ("figure", "figure+claimant")}
    for item in texts(split, lang):
        candidates = distinct(extract(item["text"], dateline=item["date"]))
        for level, hits in base.score(candidates, item["labels"], None).items():
            totals[level][0] += len(hits)
            totals[level][1] += len(candidates)
            totals[level][2] += len(item["labels"])
    return {level: {"precision": tp / n if n else 0.0, "recall": tp / m if m else 0.0, "labels": m}
            for level, (tp, n, m) in totals.items()}


def misses(split: str) -> None:
    for lang in ("uk", "ru"):
        for item in texts(split, lang):
            candidates = distinct(extract(item["text"], dateline=item["date"]))
            found = base.score(candidates, item["labels"], None)
            figure_hits, both = dict(found["figure"]), dict(found["figure+claimant"])
            print(f"\n== {item['file']}")
            for c, candidate in enumerate(candidates):
                if c in both:
                    continue
                if c in figure_hits:
                    label = item["labels"][figure_hits[c]]
                    print(f"  WHO   {candidate['figure']!r}: got {candidate['source']!r}; wanted {label['claimant']}")
                else:
                    print(f"  EXTRA {candidate['figure']!r} ({candidate['unit']}) -> {candidate['source']!r}")
            matched = set(figure_hits.values())
            for i, label in enumerate(item["labels"]):
                if i not in matched:
                    print(f"  MISS  {label['figure']!r} by {label['claimant']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", help="parts to score, comma-separated (dev, test)")
    parser.add_argument("--misses", metavar="SPLIT")
    args = parser.parse_args()
    if args.misses:
        misses(args.misses)
        return 0
    print("| language | part | texts | labels | figure P | figure R | figure+claimant P | figure+claimant R |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for split in args.split.split(","):
        for lang in ("uk", "ru"):
            if not texts(split, lang):
                continue
            r = run(split, lang)
            f, fc = r["figure"], r["figure+claimant"]
            print(f"| {lang} | {split} | {len(texts(split, lang))} | {f['labels']} | {f['precision']:.3f} | "
                  f"{f['recall']:.3f} | {fc['precision']:.3f} | {fc['recall']:.3f} |", flush=True)
    print(f"\ntarget: figure+claimant precision and recall >= {TARGET} in each language")
    return 0


if __name__ == "__main__":
    sys.exit(main())
