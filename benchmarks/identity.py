"""Proof that a change of structure changed no behaviour: every read command's JSON, CSV and
Markdown output, on the demo's fixtures and on a generated database, from two checkouts, compared
byte for byte.

    python benchmarks/identity.py OLD_CHECKOUT [NEW_CHECKOUT] [--claims 100000]

The databases are built once, by the new checkout, and each checkout reads its own copy of them
(a read never writes, so the copies stay equal). Each checkout runs as `python cli.py ...` from its
own folder, so it imports its own `claims`. Prints one line per database and the commands that
differ, and exits 1 if any does. Make the old checkout with `git worktree add /tmp/old REV`.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ["json", "csv", "markdown"]
LISTS = [["list", "--limit", "0"], ["sources", "list"], ["topics", "list"], ["sources", "rank"],
         ["conflicts"], ["conflicts", "--policy", "range", "--tolerance", "0.25"]]
EXPORTS = ["json", "csv", "jsonl"]
POLICIES = ["conservative", "range", "weighted"]


def run(checkout: Path, database: Path, args: list[str]) -> bytes:
    env = {**os.environ, "CLAIMS_DB": str(database), "COLUMNS": "120"}
    done = subprocess.run([sys.executable, str(checkout / "cli.py"), *args], cwd=checkout, env=env,
                          capture_output=True)
    return done.stdout + b"\n--- exit %d\n" % done.returncode + done.stderr


def commands(checkout: Path, database: Path, topics: int) -> list[list[str]]:
    """What is asked of both checkouts: every list in every format, every export, and the
    comparison (and the timeline) of the first `topics` topics in every format."""
    keys = [t["key"] for t in json.loads(run(checkout, database, ["topics", "list", "-f", "json"]).split(b"\n---")[0])]
    asked = [[*words, "-f", fmt] for words in LISTS for fmt in FORMATS]
    asked += [["export", "-f", fmt] for fmt in EXPORTS]
    for key in keys[:topics]:
        asked += [["compare", key, "-f", fmt] for fmt in FORMATS]
        asked += [["compare", key, "--over-time", "-f", fmt] for fmt in FORMATS]
        asked += [["compare", key, "--policy", policy, "-f", "json"] for policy in POLICIES]
        asked.append(["topics", "show", key, "-f", "json"])
    return asked


def build(new: Path, folder: Path, claims: int) -> dict[str, Path]:
    demo, generated = folder / "demo.db", folder / "generated.db"
    subprocess.run([sys.executable, str(new / "cli.py"), "--db", str(demo), "demo"], cwd=new, check=True,
                   capture_output=True)
    sys.path.insert(0, str(HERE))
    import generate

    rows = folder / "generated.jsonl"
    generate.write_jsonl(rows, claims, topics=max(claims // 50, 10), sources=max(claims // 200, 10),
                         big=min(10_000, claims // 10))
    subprocess.run([sys.executable, str(new / "cli.py"), "--db", str(generated), "import", str(rows)], cwd=new,
                   check=True, capture_output=True)
    return {"demo": demo, "generated": generated}


def digest(checkout: Path, database: Path, asked: list[list[str]]) -> dict[str, str]:
    return {" ".join(words): hashlib.sha256(run(checkout, database, words)).hexdigest() for words in asked}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=HERE.parent)
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the generated database")
    parser.add_argument("--topics", type=int, default=10, help="topics compared on each database")
    options = parser.parse_args()
    different = 0
    with tempfile.TemporaryDirectory() as scratch:
        built = build(options.new.resolve(), Path(scratch), options.claims)
        for name, database in built.items():
            copies = [Path(scratch) / f"{side}-{database.name}" for side in ("old", "new")]
            for copy in copies:
                shutil.copyfile(database, copy)
            asked = commands(options.new.resolve(), copies[1], options.topics)
            old = digest(options.old.resolve(), copies[0], asked)
            new = digest(options.new.resolve(), copies[1], asked)
            changed = [words for words in asked if old[" ".join(words)] != new[" ".join(words)]]
            different += len(changed)
            print(f"{name}: {len(asked)} outputs compared, {len(asked) - len(changed)} identical, "
                  f"{len(changed)} different")
            for words in changed:
                print("  differs: claims " + " ".join(words))
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
