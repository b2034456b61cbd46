"""mypy over the library, held to a baseline that may only shrink: a file may not gain type errors,
and a file without any may not get one. When a change removes errors, the test says to lower the
baseline (`python tests/test_types.py --write`), so the gain is kept."""

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "data" / "mypy_baseline.json"
ERROR = re.compile(r"^(?P<file>[^:]+\.py):\d+: error: ")


def errors_per_file() -> Counter:
    from mypy import api

    stdout, _, _ = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary",
                            "--cache-dir", str(ROOT / ".mypy_cache"), str(ROOT / "claims")])
    found = (ERROR.match(line) for line in stdout.splitlines())
    return Counter(Path(m["file"]).resolve().relative_to(ROOT).as_posix() for m in found if m)


@pytest.mark.slow
def test_type_errors_only_shrink():
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    now = errors_per_file()
    grown = {file: (baseline.get(file, 0), count) for file, count in now.items() if count > baseline.get(file, 0)}
    assert not grown, f"type errors grew (baseline, now): {grown}; run mypy and mend them"
    shrunk = sum(baseline.values()) - sum(now.values())
    assert shrunk == 0, f"{shrunk} fewer type errors than the baseline: `python tests/test_types.py --write` keeps it"


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    counts = errors_per_file()
    BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=1) + "\n", encoding="utf-8")
    print(f"{sum(counts.values())} errors in {len(counts)} files written to {BASELINE.relative_to(ROOT)}")
