"""The standing series' import against a plain `claims import` of the same rows, timed in
turns as whole processes (A B A B ...), each into a new database.

    python benchmarks/series_bench.py            # 1,600 days x 15 categories; 600 Oryx snapshots
    python benchmarks/series_bench.py --runs 3   # fewer pairs, for a first look

The files are generated here, in the publishers' own formats (our own numbers): a General
Staff equipment series (a JSON array, one object a day) and Oryx snapshots (one CSV a
day, named by its date). The peer for each is the same claims, exported by `claims export
-f jsonl` after one series import, and imported plainly. Target: under 3x the peer.
"""

import argparse
import csv
import datetime
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GS_CATEGORIES = ["aircraft", "helicopter", "tank", "APC", "field artillery", "MRL", "drone", "naval ship",
                 "submarines", "anti-aircraft warfare", "special equipment", "vehicles and fuel tanks",
                 "cruise missiles", "ground robotic systems", "fuel tank"]
ORYX_TYPES = ["Tanks", "Armoured Fighting Vehicles", "Infantry Fighting Vehicles", "Armoured Personnel Carriers",
              "Mine-Resistant Ambush Protected", "Infantry Mobility Vehicles", "Towed Artillery",
              "Self-Propelled Artillery", "Multiple Rocket Launchers", "Aircraft", "Helicopters", "Radars",
              "Trucks, Vehicles, and Jeeps", "All Types"]
TARGET = 3.0


def general_staff(folder: Path, days: int) -> Path:
    start = datetime.date(2022, 2, 25)
    series, totals = [], dict.fromkeys(GS_CATEGORIES, 0)
    for i in range(days):
        for n, category in enumerate(GS_CATEGORIES):
            totals[category] += (i * (n + 3)) % 7
        series.append({"date": (start + datetime.timedelta(days=i)).isoformat(), "day": i + 2, **totals})
    path = folder / "russia_losses_equipment.json"
    path.write_text(json.dumps(series, indent=4))
    return path


def oryx(folder: Path, snapshots: int) -> list[Path]:
    start, paths = datetime.date(2022, 3, 28), []
    for i in range(snapshots):
        path = folder / f"totals_by_type_{(start + datetime.timedelta(days=2 * i)).isoformat()}.csv"
        with open(path, "w", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(["country", "equipment_type", "destroyed", "abandoned", "captured", "damaged", "type_total"])
            for country in ("Russia", "Ukraine"):
                for n, kind in enumerate(ORYX_TYPES):
                    parts = [100 + i * (n + 1), 10 + i // 7, 20 + i // 5, 5 + i // 11]
                    out.writerow([country, kind, *parts, sum(parts)])
        paths.append(path)
    return paths


def claims(*args) -> list[str]:
    return [sys.executable, "-m", "claims", *map(str, args)]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def in_turns(name: str, series_cmd, plain_cmd, runs: int, folder: Path) -> float:
    """Median of the pair-by-pair ratios, each run into a database of its own."""
    def fresh(make, n):
        db = folder / f"{name}-{n}.db"
        return make(db)

    pairs = []
    for n in range(runs + 1):  # the first pair warms the disk cache and is not counted
        plain = timed(fresh(plain_cmd, f"plain{n}"))
        ours = timed(fresh(series_cmd, f"series{n}"))
        if n:
            pairs.append((plain, ours))
    ratios = sorted(o / p for p, o in pairs)
    plain_median, ours_median = statistics.median(p for p, _ in pairs), statistics.median(o for _, o in pairs)
    ratio = statistics.median(ratios)
    verdict = "met" if ratio < TARGET else "MISSED"
    print(f"  {name}: series import {ours_median:.3f} s, plain import of the same rows {plain_median:.3f} s; "
          f"ratio pair by pair: median {ratio:.2f}x (min {ratios[0]:.2f}, max {ratios[-1]:.2f}); "
          f"target < {TARGET:.0f}x: {verdict}", flush=True)
    return ratio


def peer_file(folder: Path, name: str, series_cmd) -> tuple[Path, int]:
    """The same claims as plain rows: one series import, exported as JSON Lines."""
    db = folder / f"{name}-peer.db"
    subprocess.run(series_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    rows = folder / f"{name}.jsonl"
    subprocess.run(claims("export", "-f", "jsonl", "-o", rows, "--db", db), stderr=subprocess.DEVNULL, check=True)
    return rows, sum(1 for _ in open(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="counted pairs (after one warm-up pair)")
    parser.add_argument("--days", type=int, default=1600)
    parser.add_argument("--snapshots", type=int, default=600)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gs = general_staff(folder, args.days)
        snaps = oryx(folder, args.snapshots)
        for name, series_cmd in (
                ("general-staff", lambda db: claims("import", "--from", "general-staff", gs, "--db", db)),
                ("oryx", lambda db: claims("import", "--from", "oryx", *snaps, "--db", db))):
            rows, count = peer_file(folder, name, series_cmd)
            print(f"{name}: {count:,} claims", flush=True)
            ratio = in_turns(name, series_cmd, lambda db, rows=rows: claims("import", rows, "--db", db), args.runs,
                             folder)
            ok = ok and ratio < TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
