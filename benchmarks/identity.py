"""Proof that a change of structure changed no behaviour: every read command's JSON, CSV and
Markdown output, on the demo's fixtures and on a generated database, from two checkouts, compared
byte for byte; and a scripted run of every writing command (good input and bad), each checkout
on a database of its own, whose outputs, exports and history are compared once the claim ids
each run draws afresh are named by their order of appearance, and times and hashes blanked.

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
import re
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


# Every writing command, with input that works and input that is refused; {C1}... are the ids
# the adds printed, in order.
WRITES = [
    ["sources", "add", "DeepState", "--type", "monitoring_group", "--side", "ua", "--alias", "deepstatemap"],
    ["sources", "add", "deepstate", "--type", "media"],
    ["topics", "add", "pokrovsk/distance", "--unit", "km", "--kind", "level"],
    ["add", "--topic", "pokrovsk/distance", "--source", "DeepState", "3 km", "--as-of", "2025-01-03"],
    ["add", "--topic", "pokrovsk/distanc", "--source", "DeepState", "2 km"],
    ["add", "--topic", "pokrovsk/distance", "--source", "Battlefield reports", "--source-type", "media",
     "within 1 mile", "--as-of", "2025-01-03", "--via", "Euromaidan Press", "--quote", "within 1 mile"],
    ["add", "--topic", "pokrovsk/distance", "--source", "Someone", "--source-type", "media", "300 soldiers"],
    ["add", "--topic", "pokrovsk/distance", "--source", "DeepStat", "1 km"],
    ["add", "--topic", "losses/daily", "--source", "UNIAN", "--source-type", "media", "300 to 400 soldiers a day",
     "--as-of", "2025-01-02", "--likelihood", "likely"],
    ["add", "--topic", "pokrovsk/distance", "--source", "DeepState", "--value", "-5", "--unit", "km"],
    ["add", "--topic", "pokrovsk/distance", "--source", "DeepState", "4 km", "--as-of", "2099-01-01"],
    ["add", "--topic", "sudan/deaths", "--source", "UN", "--source-type", "official", "--value", "1500",
     "--unit", "people", "--reliability", "B", "--credibility", "2"],
    ["edit", "{C1}", "--figure", "2.5 km", "--why", "DeepState corrected its map"],
    ["edit", "{C1}", "--status", "corroborated", "--why", "too soon"],
    ["link", "{C1}", "{C2}", "--as", "corroborates", "--note", "both near the town"],
    ["edit", "{C1}", "--status", "corroborated", "--why", "linked now"],
    ["verify", "{C2}", "--status", "disputed", "--note", "no imagery", "--evidence", "https://example.org/a"],
    ["edit", "{C3}", "--topic", "pokrovsk/distance", "--why", "wrong topic"],
    ["edit", "{C3}", "--source", "New Voice", "--source-type", "analyst", "--side", "ua", "--why", "who said it"],
    ["rm", "{C2}", "--why", "entered twice"],
    ["rm", "{C2}", "--why", "again"],
    ["restore", "{C2}", "--why", "not a duplicate"],
    ["topics", "edit", "pokrovsk/distance", "--unit", "soldiers", "--why", "wrong"],
    ["topics", "edit", "pokrovsk/distance", "--title", "Distance to Pokrovsk", "--why", "a title"],
    ["topics", "rename", "losses/daily", "losses/per-day", "--why", "clearer"],
    ["topics", "add", "t/empty"],
    ["topics", "merge", "t/empty", "pokrovsk/distance", "--why", "empty"],
    ["topics", "rm", "sudan/deaths", "--why", "off topic"],
    ["topics", "rm", "sudan/deaths", "--why", "off topic", "--force"],
    ["topics", "restore", "sudan/deaths", "--why", "on topic after all"],
    ["sources", "edit", "DeepState", "--reliability", "B", "--why", "good record"],
    ["sources", "edit", "Battlefield reports", "--copies", "DeepState", "--why", "reposts it"],
    ["sources", "edit", "UNIAN", "--name", "DeepState", "--why", "clash"],
    ["export", "-f", "jsonl"], ["history", "-f", "json"], ["sources", "list", "-f", "json"],
    ["topics", "list", "-f", "json"], ["topics", "history", "pokrovsk/distance", "-f", "json"],
    ["sources", "show", "DeepState", "-f", "json"], ["check"],
]
_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")
_HASH = re.compile(rb"\b[0-9a-f]{64}\b")
_ID = re.compile(rb"^[a-z0-9]{12}$", re.M)


def writes(checkout: Path, folder: Path) -> list[bytes]:
    """Each writing command's output on a database of this checkout's own making, then the
    exports and history, with its fresh ids named by order of appearance, and times and hashes blanked."""
    database, ids, outputs = folder / "writes.db", [], []
    for words in WRITES:
        asked = [w.format(**{f"C{n}": i.decode() for n, i in enumerate(ids, 1)}) for w in words]
        out = run(checkout, database, asked)
        if words[0] == "add" and (found := _ID.search(out.split(b"\n--- exit")[0])):
            ids.append(found.group())
        outputs.append(out)
    text = b"\n=====\n".join(outputs).replace(str(folder).encode(), b"DIR")
    for n, claim_id in enumerate(ids, 1):
        text = text.replace(claim_id, b"C%d" % n)
    text = _HASH.sub(b"HASH", _STAMP.sub(b"TIME", text))  # two commands may share a second: no numbering
    text = re.sub(rb"such as C\d+", b"such as C?", text)  # the example a refusal names: the smallest random id
    return text.split(b"\n=====\n")


def compare_writes(old: Path, new: Path, folder: Path) -> int:
    old_out, new_out = writes(old, folder / "old"), writes(new, folder / "new")
    changed = [words for words, a, b in zip(WRITES, old_out, new_out) if a != b]
    print(f"writes: {len(WRITES)} commands run in each checkout, {len(WRITES) - len(changed)} alike, "
          f"{len(changed)} different")
    for words in changed:
        print("  differs: claims " + " ".join(words))
    return len(changed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=HERE.parent)
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the generated database")
    parser.add_argument("--topics", type=int, default=10, help="topics compared on each database")
    options = parser.parse_args()
    different = 0
    with tempfile.TemporaryDirectory() as scratch:
        for side in ("old", "new"):
            (Path(scratch) / side).mkdir()
        different += compare_writes(options.old.resolve(), options.new.resolve(), Path(scratch))
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
