"""Two commands timed in turns (A B A B ...), as whole processes, so that a ratio holds while
a noisy machine speeds up and slows down: the median of each, and the median of the
ratios pair by pair. Used to hold a change to "no slower than before" (two checkouts, the
same command in each).

    python benchmarks/turns.py --runs 7 --a-dir ../before --b-dir . -- python -m cli conflicts -f json --db big.db

With one command after `--`, both run it, each in its own folder; with `--b 'OTHER'`, B runs
that instead. Output goes to /dev/null; a command that fails stops the run.
"""

import argparse
import shlex
import statistics
import subprocess
import sys
import time


def timed(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="counted pairs (after one warm-up pair)")
    parser.add_argument("--a-dir", default=".", help="where A runs")
    parser.add_argument("--b-dir", default=".", help="where B runs")
    parser.add_argument("--b", help="B's own command, if not the same as A's")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="A's command, after --")
    args = parser.parse_args()
    a = [part for part in args.command if part != "--"] if args.command[:1] == ["--"] else args.command
    b = shlex.split(args.b) if args.b else a
    timed(a, args.a_dir), timed(b, args.b_dir)  # warm the disk cache for both
    pairs = [(timed(a, args.a_dir), timed(b, args.b_dir)) for _ in range(args.runs)]
    times_a, times_b = [p[0] for p in pairs], [p[1] for p in pairs]
    ratios = sorted(tb / ta for ta, tb in pairs)
    print(f"A: median {statistics.median(times_a):.3f} s (min {min(times_a):.3f}, max {max(times_a):.3f})")
    print(f"B: median {statistics.median(times_b):.3f} s (min {min(times_b):.3f}, max {max(times_b):.3f})")
    print(f"B / A, pair by pair: median {statistics.median(ratios):.3f} (min {ratios[0]:.3f}, max {ratios[-1]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
