"""The truth-discovery benchmark: our estimator against Mean, Median, Majority vote and the
`truthdiscovery` library, on the public data sets in ../shared/benchmarks/truth/.

    python benchmarks/truth_bench.py [--data ../shared/benchmarks/truth]

Prints exact-match share, share off by more than 1%, MAE, RMSE and runtime for each method
on Population (raw, GTM-style) and Emotion, beside the published figures.
"""

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from claims.rules import truth  # noqa: E402

PUBLISHED = {
    "population-raw": "Investment (truthdiscovery 1.0.4): exact 0.834, MAE 1394, RMSE 5772",
    "population-gtm": "KDEm_d (Wan et al. 2016, Table 5): MAE 1547, RMSE 8884",
    "emotion": "Mean (Zheng et al. 2017, Table 6): MAE 12.02, RMSE 17.84",
}
TARGETS = {"population-raw": {"mae": 1394, "exact": 0.84}, "population-gtm": {"mae": 1547},
           "emotion": {"mae": 12.02}}


# ---------------------------------------------------------------- data

def population_raw(folder: Path):
    claims, truths = [], {}
    with open(folder / "population/spectrum/population_claims.csv", encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            claims.append((row["SourceID"], f"{row['ObjectID']}|{row['PropertyID']}", float(row["PropertyValue"])))
    with open(folder / "population/spectrum/population_truth.csv", encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            truths[f"{row['ObjectID']}|{row['PropertyID']}"] = float(row["PropertyValue"])
    return claims, truths


def population_gtm(folder: Path):
    claims, truths = [], {}
    with open(folder / "population/daz45/population-new-new.txt", encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                claims.append((parts[1], parts[0], float(parts[2])))
    with open(folder / "population/daz45/population-gd.txt", encoding="latin-1") as f:
        for line in f:
            parts = [p.strip() for p in line.strip().split(",")]
            if len(parts) >= 4:
                truths[f"{', '.join(parts[:-2])}_{parts[-2]}"] = float(parts[-1])
    return claims, truths


def emotion(folder: Path):
    claims, truths = [], {}
    with open(folder / "emotion/answer.csv", newline="") as f:
        for row in csv.DictReader(f):
            claims.append((row["worker"], row["question"], float(row["answer"])))
    with open(folder / "emotion/truth.csv", newline="") as f:
        for row in csv.DictReader(f):
            truths[row["question"]] = float(row["truth"])
    return claims, truths


DATASETS = {"population-raw": population_raw, "population-gtm": population_gtm, "emotion": emotion}


# ---------------------------------------------------------------- methods

def ours(claims):
    obs = [truth.Observation(o, s, v, v, v) for s, o, v in claims]
    estimates, _ = truth.learn(obs)
    return estimates


def per_object(claims):
    grouped = defaultdict(list)
    for _, o, v in claims:
        grouped[o].append(v)
    return grouped


def mean(claims):
    return {o: statistics.fmean(vs) for o, vs in per_object(claims).items()}


def median(claims):
    return {o: statistics.median_low(vs) for o, vs in per_object(claims).items()}


def majority(claims):
    """The most claimed value; a tie goes to the lower median of the tied values."""
    result = {}
    for o, vs in per_object(claims).items():
        counts = defaultdict(int)
        for v in vs:
            counts[v] += 1
        top = max(counts.values())
        result[o] = statistics.median_low(sorted(v for v, n in counts.items() if n == top))
    return result


METHODS = {"claims truth": ours, "mean": mean, "median": median, "majority vote": majority}


# ---------------------------------------------------------------- scoring

def score(estimates: dict, truths: dict) -> dict:
    errors, exact, off = [], 0, 0
    for o, t in truths.items():
        if o not in estimates:
            continue
        e = estimates[o]
        errors.append(abs(e - t))
        exact += e == t
        off += abs(e - t) > 0.01 * abs(t)
    n = len(errors)
    return {"objects": n, "exact": exact / n, "off_1pct": off / n, "mae": sum(errors) / n,
            "rmse": math.sqrt(sum(x * x for x in errors) / n)}


# ---------------------------------------------------------------- the truthdiscovery library

TD_VENV = HERE / ".data" / "venv-truthdiscovery"
TD_PINS = ["numpy==1.24.2", "scipy==1.10.1", "bidict==0.22.1", "imageio==2.27.0", "Pillow==9.4.0", "pyyaml"]
TD_SCRIPT = """
import json, sys, time, types
sys.modules["cairo"] = types.ModuleType("cairo")  # used only for drawing graphs
from truthdiscovery import Dataset, Investment, TruthFinder, MajorityVoting
claims = json.load(open(sys.argv[1]))
data = Dataset([(s, o, int(v)) for s, o, v in claims])
out = {}
for name, alg in (("Investment", Investment()), ("TruthFinder", TruthFinder()), ("MajorityVoting", MajorityVoting())):
    start = time.perf_counter()
    result = alg.run(data)
    seconds = time.perf_counter() - start
    estimates = {}
    for o, beliefs in result.belief.items():
        top = max(beliefs.values())
        tied = sorted(v for v, b in beliefs.items() if b == top)
        estimates[o] = tied[(len(tied) - 1) // 2]
    out[name] = {"estimates": estimates, "seconds": seconds}
json.dump(out, sys.stdout)
"""


def truthdiscovery_python() -> Path | None:
    """A private venv with truthdiscovery 1.0.4, installed as the data README describes."""
    python = TD_VENV / "bin" / "python"
    if python.exists():
        return python
    try:
        TD_VENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(TD_VENV)], check=True, capture_output=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run(pip + ["--no-deps", "truthdiscovery==1.0.4"], check=True, capture_output=True, timeout=600)
        subprocess.run(pip + TD_PINS, check=True, capture_output=True, timeout=900)
        return python
    except (subprocess.SubprocessError, OSError) as error:
        print(f"  skipped truthdiscovery: could not install it ({error})")
        return None


def run_truthdiscovery(claims, name: str) -> dict:
    python = truthdiscovery_python()
    if python is None:
        return {}
    data = HERE / ".data" / f"td-{name}.json"
    data.write_text(json.dumps(claims))
    try:
        done = subprocess.run([str(python), "-c", TD_SCRIPT, str(data)], capture_output=True, text=True,
                              check=True, timeout=1800)
    except subprocess.SubprocessError as error:
        print(f"  skipped truthdiscovery on {name}: {error}")
        return {}
    return {f"truthdiscovery {k}": v for k, v in json.loads(done.stdout).items()}


# ---------------------------------------------------------------- the run

def run(folder: Path, with_library: bool = True) -> list[dict]:
    rows = []
    for name, load in DATASETS.items():
        claims, truths = load(folder)
        print(f"{name}: {len(claims):,} claims, {len(truths)} truths  [published: {PUBLISHED[name]}]", flush=True)
        for method, fn in METHODS.items():
            start = time.perf_counter()
            estimates = fn(claims)
            seconds = time.perf_counter() - start
            rows.append({"dataset": name, "method": method, "seconds": seconds, **score(estimates, truths)})
            _show(rows[-1])
        if with_library:
            for method, result in run_truthdiscovery(claims, name).items():
                estimates = {o: float(v) for o, v in result["estimates"].items()}
                rows.append({"dataset": name, "method": method, "seconds": result["seconds"],
                             **score(estimates, truths)})
                _show(rows[-1])
    return rows


def _show(r: dict) -> None:
    print(f"  {r['method']:<32} exact {r['exact']:.3f}  off>1% {r['off_1pct']:.3f}  MAE {r['mae']:>12,.2f}  "
          f"RMSE {r['rmse']:>14,.2f}  {r['seconds']:.2f} s", flush=True)


def verdicts(rows: list[dict]) -> list[str]:
    lines = []
    for name, target in TARGETS.items():
        mine = next(r for r in rows if r["dataset"] == name and r["method"] == "claims truth")
        met = mine["mae"] < target["mae"] and mine["exact"] >= target.get("exact", 0)
        lines.append(f"{name}: MAE {mine['mae']:,.2f} (target < {target['mae']:,})"
                     + (f", exact {mine['exact']:.3f} (target >= {target['exact']})" if "exact" in target else "")
                     + f", {mine['seconds']:.2f} s: {'met' if met else 'MISSED'}")
    raw = next(r for r in rows if r["dataset"] == "population-raw" and r["method"] == "claims truth")
    lines.append(f"population-raw runtime {raw['seconds']:.2f} s (target <= 1 s): "
                 f"{'met' if raw['seconds'] <= 1 else 'MISSED'}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks" / "truth"))
    parser.add_argument("--no-library", action="store_true", help="skip the truthdiscovery library")
    args = parser.parse_args()
    folder = Path(args.data)
    if not folder.exists():
        print(f"no data at {folder}: pass --data")
        return 1
    rows = run(folder, with_library=not args.no_library and not os.environ.get("CLAIMS_NO_TD"))
    print()
    for line in verdicts(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
