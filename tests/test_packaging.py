"""What a user installs: a wheel built from the repository carries the demo's data, runs
`claims demo` and `python -m claims` outside the checkout, and installs no top-level module but
`claims` (the design card's `cli.py` stays a development entry point)."""

import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "claims").rglob("__init__.py")}
    assert listed == folders | {"claims.demo_data", "claims.demo_data.articles"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("claims-*.whl"))


@pytest.mark.slow
def test_the_wheel_ships_the_demo_data_and_no_stray_module(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"claims"}
    assert {"claims/demo_data/pokrovsk.jsonl", "claims/demo_data/sources.json", "claims/demo_data/topics.json",
            "claims/demo_data/articles/003_euromaidan_400_daily.txt"} <= set(names)


@pytest.mark.slow
def test_the_wheel_runs_the_demo_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    target = str(venv / "lib")
    # the dependencies come from this environment's site-packages, which hold no `claims` of their own
    env = {**os.environ, "PYTHONPATH": sysconfig.get_path("purelib"), "CLAIMS_DB": str(tmp_path / "demo.db")}
    python = str(venv / "bin" / "python")
    where = subprocess.run([python, "-c", "import claims; print(claims.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(target)
    helped = subprocess.run([python, "-m", "claims", "--help"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert helped.returncode == 0 and "Usage: python -m claims" in helped.stdout
    demo = subprocess.run([str(venv / "bin" / "claims"), "demo"], cwd=tmp_path, env=env, capture_output=True,
                          text=True)
    assert demo.returncode == 0, demo.stderr
    assert "loaded 20 claims" in demo.stdout
    stray = subprocess.run([python, "-c", "import cli"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert stray.returncode != 0
