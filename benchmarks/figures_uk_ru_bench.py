"""The figure-reading benchmark in Ukrainian and Russian: the share of real figure spans
`claims` reads right, stores wrong or refuses, per language and part, and how fast it reads
digits and number words in each language.

    python benchmarks/figures_uk_ru_bench.py                 # dev parts, speed
    python benchmarks/figures_uk_ru_bench.py --split test_uk,test_ru   # the frozen test parts (score once)
    python benchmarks/figures_uk_ru_bench.py --misses dev_uk # what a part gets wrong or refuses
    python benchmarks/figures_uk_ru_bench.py --peer          # and number-parser on the number part

The cases are benchmarks/figures/{dev,test}_{uk,ru}.jsonl (origins, licences and the split rule:
SOURCES3.md). Scoring is figures_bench.py's: right when value, low and high are within 1 % and the
unit family is right (a "refuse" case is right when refused); stored wrong is any other reading.
Speed: digit figures as an import meets them (200,000 rows, half of them distinct, each distinct
text read once, then from the cache, as figures_bench.py does for English) and each read afresh;
word figures (num2words' Ukrainian or Russian, with hedges and units)
each read afresh. The English figures of figures_bench.py are the peer floor in the same run.
"""

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import figures_bench as base  # noqa: E402

HEDGES = {"uk": ["", "близько ", "понад ", "до ", "майже ", "не менше ", "щонайменше "],
          "ru": ["", "около ", "свыше ", "до ", "почти ", "не менее ", "более "]}
TAILS = {"uk": ["", " км", " солдатів", " осіб на добу", " квадратних кілометрів", " відсотків", " танків",
                " бойових броньованих машин", " га", " тис. гривень"],
         "ru": ["", " км", " военнослужащих", " человек в сутки", " квадратных километров", " процентов", " танков",
                " боевых бронированных машин", " га", " млн рублей"]}


def digit_texts(lang: str, n: int, seed: int = 5) -> list[str]:
    """Digit figures as the reports write them (no-break or plain spaces between thousands,
    decimal commas, scale words, hedges and nouns), as an import meets them: half of the n
    rows are distinct, the rest repeat them, as in figures_bench.py's English rows (98,261
    distinct of 200,000)."""
    rng = random.Random(seed)
    texts: set[str] = set()
    while len(texts) < n // 2:
        number = rng.choice([rng.randint(2, 999), rng.randint(1_000, 999_999), rng.randint(1_000_000, 99_999_999)])
        digits = f"{number:,}".replace(",", rng.choice([" ", "\u00a0"]))
        tails = TAILS[lang]
        if rng.random() < 0.2:
            digits = f"{number / 1000:.1f}".replace(".", ",") + (" тис." if lang == "uk" else " тыс.")
            tails = tails[:-1]  # no second scale word
        texts.add(rng.choice(HEDGES[lang]) + digits + rng.choice(tails))
    distinct = sorted(texts)
    rows = distinct + rng.choices(distinct, k=n - len(distinct))
    rng.shuffle(rows)
    return rows


def word_texts(lang: str, n: int, seed: int = 3) -> list[str]:
    from num2words import num2words

    rng = random.Random(seed)
    texts = set()
    while len(texts) < n:
        number = rng.choice([rng.randint(2, 99), rng.randint(100, 9_999), rng.randint(10_000, 9_999_999)])
        texts.add(rng.choice(HEDGES[lang]) + num2words(number, lang=lang) + rng.choice(TAILS[lang][:8]))
    return sorted(texts)


PEER_SCRIPT = r"""
import json, re, sys
from number_parser import parse
out = []
for line in sys.stdin:
    text, lang = json.loads(line)
    try:
        digits = parse(text, language=lang)
    except Exception:
        digits = ""
    found = re.findall(r"\d+(?:[.,]\d+)?", digits.replace("\u00a0", "").replace(" ", ""))
    out.append(float(found[0].replace(",", ".")) if found else None)
print(json.dumps(out))
"""


def number_peer(cases: list[dict], lang: str) -> tuple[float, float] | None:
    """The share of cases whose number (the best value, hedges and units aside) number-parser
    reads right, beside ours, on the same cases: number-parser reads Ukrainian and Russian
    cardinals, so it is the peer for the number part only."""
    import json
    import subprocess

    python = base.peer_python()
    if python is None:
        return None
    wanted = [c for c in cases if c["expect"] == "figure"]
    lines = "".join(json.dumps([c["text"], lang], ensure_ascii=False) + "\n" for c in wanted)
    done = subprocess.run([str(python), "-c", PEER_SCRIPT], input=lines, capture_output=True, text=True,
                          timeout=900, check=True)
    theirs = json.loads(done.stdout)
    ours = [base.claims_reading(c["text"]) for c in wanted]
    right = sum(t is not None and base._close(t, c["value"]) for t, c in zip(theirs, wanted))
    ours_right = sum(r is not None and base._close(r["value"], c["value"]) for r, c in zip(ours, wanted))
    return ours_right / len(wanted), right / len(wanted)


def speed(lang: str) -> dict:
    from claims.figures.reading import _parse, parse

    digits, spoken = digit_texts(lang, 200_000), word_texts(lang, 20_000)
    _parse.cache_clear()
    afresh = sorted(set(digits))[:50_000]
    return {"digits": base.rate(parse, digits), "digits_uncached": base.rate(_parse.__wrapped__, afresh),
            "words": base.rate(_parse.__wrapped__, spoken)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev_uk,dev_ru", help="parts to score, comma-separated")
    parser.add_argument("--misses", metavar="SPLIT", help="list the cases a part gets wrong or refuses, and stop")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--peer", action="store_true",
                        help="number-parser on the number part, in benchmarks/.data/venv-figures")
    args = parser.parse_args()
    if args.misses:
        base.misses(args.misses)
        return 0
    for split in args.split.split(","):
        cases = base.load(split)
        ours = base.tally(cases, [base.claims_reading(case["text"]) for case in cases])
        base.print_table(split, ours, None)
        base.verdicts(split, ours, None)
        if args.peer and (shares := number_peer(cases, split.rsplit("_", 1)[1])):
            print(f"  {split}: the number itself read right: claims {shares[0]:.3f}, number-parser {shares[1]:.3f}")
    if args.no_speed:
        return 0
    english = base.speed()
    print("\nspeed (one core), figures a second; English beside each as the floor, measured in this run:")
    print("| language | digits (import) | digits afresh | words afresh | words / English words |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| en | {english['digits']:,.0f} | {english['digits_uncached']:,.0f} | {english['words']:,.0f} | 1.00 |")
    for lang in ("uk", "ru"):
        rates = speed(lang)
        print(f"| {lang} | {rates['digits']:,.0f} | {rates['digits_uncached']:,.0f} | {rates['words']:,.0f} | "
              f"{rates['words'] / english['words']:.2f} |")
        print(f"  {lang}: digits {base._met(rates['digits'] >= base.TARGETS['digits'])} "
              f"(>= {base.TARGETS['digits']:,}), words {base._met(rates['words'] >= base.TARGETS['words'])} "
              f"(>= {base.TARGETS['words']:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
