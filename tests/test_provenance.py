"""Provenance: one claim relayed many times is proposed as one cluster, reviewed, recorded
as links and undone; an accepted cluster counts once. Evidence kept: cited pages archived
as WARC files from a local server (redirects, 404, a slow server, an oversized page, a page
that changes), verified, and a run killed part-way resumed without losing a snapshot."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claims.operations import archive, clusters, compare, credibility
from claims.rules.clusters import Row, propose, step, words
from claims.storage import queries

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- the rule, pure


def row(claim_id, voice, day, value, quote, reported=None, seq=0):
    return Row(claim_id, seq, voice, day, reported or f"2025-01-{day:02d}", value, words(quote), step(value))


def test_relays_in_other_words_and_under_other_names_are_one_cluster_first_appearance_first():
    rows = [row("b", 2, 9, 259, "The death toll has risen to 259, officials say, BBC reported.", "2018-08-10"),
            row("a", 1, 9, 259, "The number of confirmed deaths has risen to 259, the disaster agency said.",
                "2018-08-09"),
            row("c", None, 9, 259, "Death toll after the disaster rises to 259", "2018-08-11"),
            row("d", 3, 9, 319, "The death toll has risen to 319, the security minister said.", "2018-08-09")]
    assert propose(rows) == [("a", ["b", "c"])]


def test_the_same_figure_a_week_later_or_far_apart_is_another_claim():
    quote = "The death toll has risen to 1,234, the national disaster agency said."
    other = "Officials counted the dead in the provinces hit by the storm."
    assert propose([row("a", 1, 1, 1234, quote), row("b", 2, 7, 1234, other)]) == [("a", ["b"])]  # within 7 days
    assert propose([row("a", 1, 1, 1234, quote), row("b", 2, 8, 1234, other)]) == []  # a week on: a new statement
    assert propose([row("a", 1, 1, 1234, quote), row("b", 2, 8, 1234, other)], window=8) == [("a", ["b"])]
    assert propose([row("a", 1, 1, 1234, quote), row("b", 2, 3, 1259, other)]) == []  # two counts


def test_past_the_window_only_the_very_same_figure_reprinted_restates_it():
    """A standing figure repeated for months, word for word or by its own claimant, is one
    statement; a new figure, or new words from another voice, is not."""
    quote = "An estimated 24.8 million people need humanitarian assistance, the UN said."
    reprint = "24.8 million people need humanitarian assistance, according to the UN."
    month, year = 40, 400
    assert propose([row("a", 1, 1, 24.8e6, quote), row("b", 2, month, 24.8e6, reprint)]) == [("a", ["b"])]
    assert propose([row("a", 1, 1, 24.8e6, quote), row("b", 1, month, 24.8e6, "Other words.")]) == [("a", ["b"])]
    assert propose([row("a", 1, 1, 24.8e6, quote), row("b", 2, month, 24.8e6, "Other words.")]) == []
    assert propose([row("a", 1, 1, 24.8e6, quote), row("b", 2, month, 24.9e6, reprint)]) == []  # updated
    assert propose([row("a", 1, 1, 24.8e6, quote), row("b", 2, year, 24.8e6, reprint)]) == []  # past a year
    assert propose([row("a", 1, 1, 100, quote), row("b", 2, 1, 120, quote)]) == []  # 20% apart
    assert propose([row("a", 1, 1, 100, quote), row("b", 2, 1, 105, quote)]) == [("a", ["b"])]  # 100: a round figure
    assert propose([row("a", 1, 1, 259, quote), row("b", 2, 1, 281, quote)]) == []  # two tolls, 8% apart


def test_a_round_figure_restates_one_precise_figure_but_never_bridges_two():
    quote = "The death toll in Haiti has risen, the civil protection office said."
    rows = [row("p271", 1, 7, 271, quote, "2016-10-07"), row("about", 2, 7, 300, quote, "2016-10-07", seq=1),
            row("p283", 3, 7, 283, quote, "2016-10-08")]
    found = propose(rows)
    assert len(found) == 1 and len([found[0].first, *found[0].relays]) == 2
    assert not {"p271", "p283"} <= {found[0].first, *found[0].relays}


def test_two_days_of_a_published_series_are_two_observations_never_one_claim():
    """A standing series repeats its figure (the General Staff's unchanged count, ACLED's 3
    fatalities twice in a week): each day is its own observation. A statement relaying the
    series' figure is still a relay."""
    gs = "General Staff daily total"
    day1, day2 = row("a", 1, 1, 28, gs)._replace(series=True), row("b", 1, 2, 28, gs)._replace(series=True)
    assert propose([day1, day2]) == []
    assert propose([day1, row("b", 1, 1, 28, gs)._replace(series=True)]) == [("a", ["b"])]  # one day: one figure
    relay = row("r", 1, 2, 28, "General Staff daily total, as relayed")
    assert propose([day1, relay]) == [("a", ["r"])]


def test_importing_a_series_proposes_no_cluster_of_its_own_days(run):
    data = ROOT / "tests" / "data" / "series"
    assert run("import", "--from", "general-staff", data / "russia_losses_equipment.json",
               data / "russia_losses_personnel.json").exit_code == 0
    assert run("import", "--from", "acled", data / "acled_ukraine.csv").exit_code == 0
    result = run("clusters", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == [], result.output


def test_one_voice_is_enough_and_an_unattributed_source_is_no_voice():
    assert propose([row("a", 7, 1, 50, "Fifty were killed."), row("b", 7, 1, 50, "Quite other words here.")]) \
        == [("a", ["b"])]
    # two unattributed claims of one figure whose words have nothing in common stay apart...
    assert propose([row("a", None, 1, 50, "Fifty were killed in the blast."), row("b", None, 1, 50, "Q: why?")]) \
        == []
    # ...but words in two alphabets cannot be compared: the figure and the day decide
    assert propose([row("a", None, 1, 50, "Fifty were killed."), row("b", None, 1, 50, "Загинули п'ятдесят осіб.")]) \
        == [("a", ["b"])]


# ---------------------------------------------------------------- on the command line

LOMBOK = "lombok/deaths"


def add(run, source, figure, quote, as_of="2018-08-09", reported=None, source_type="official", via=()):
    args = ["add", "--topic", LOMBOK, "--source", source, "--source-type", source_type, figure,
            "--as-of", as_of, "--reported-on", reported or as_of, "--quote", quote, "--new-topic", "--new-source"]
    for outlet in via:
        args += ["--via", outlet]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


@pytest.fixture
def relayed(run, db_path):
    """Four outlets carry BNPB's 259, one drops the attribution, one names it its own way; a
    minister's 319 the same day is another claim."""
    ids = {
        "bnpb": add(run, "BNPB", "259", "The number of confirmed deaths has risen to 259, the agency said.",
                    reported="2018-08-09"),
        "bbc": add(run, "officials", "259", "The death toll from the earthquake has risen to 259, officials say.",
                   reported="2018-08-10", source_type="unattributed", via=["BBC"]),
        "metro": add(run, "the disaster mitigation agency", "259",
                     "The number of confirmed deaths from the earthquake has risen to 259, the agency said.",
                     reported="2018-08-10", via=["Metro TV"]),
        "minister": add(run, "Wiranto", "319", "The chief security minister said 319 people had died."),
        "other": add(run, "Red Cross", "around 150", "About 150 are feared dead, the Red Cross said.",
                     as_of="2018-08-09", source_type="ngo"),
    }
    return ids


def test_clusters_lists_the_proposal_with_its_first_appearance(run, relayed):
    out = run("clusters", LOMBOK, "-f", "csv").stdout.splitlines()
    assert out[0] == "cluster,topic,first,source,reported_on,figure,claims,relays,relay_ids"
    assert out[1:] == [f"1,{LOMBOK},{relayed['bnpb']},BNPB,2018-08-09,259,3,"
                       f"{relayed['bbc']} (officials); {relayed['metro']} (the disaster mitigation agency),"
                       f"{relayed['bbc']}; {relayed['metro']}"]
    found = json.loads(run("clusters", LOMBOK, "-f", "json").stdout)
    assert [(c["id"], c["source"], c["via"], c["reported_on"]) for c in found[0]["claims"]] == [
        (relayed["bnpb"], "BNPB", [], "2018-08-09"), (relayed["bbc"], "officials", ["BBC"], "2018-08-10"),
        (relayed["metro"], "the disaster mitigation agency", ["Metro TV"], "2018-08-10")]
    assert run("clusters", "lombok/deths").exit_code == 1  # a typo is named, not an empty list


def test_an_accepted_cluster_counts_once_and_can_be_undone(run, relayed, db_path):
    before = json.loads(run("compare", LOMBOK, "-f", "json").stdout)
    assert before["independent_sources"] == 5 and before["clusters"] == []
    result = run("clusters", "--review", "--why", "wire copy", input="y\n")
    assert result.exit_code == 0, result.output
    assert "accepted 1, rejected 0, left 0" in result.stdout
    after = json.loads(run("compare", LOMBOK, "-f", "json").stdout)
    assert after["independent_sources"] == 3
    assert after["clusters"] == [{"cluster": 1, "first": relayed["bnpb"], "relays": [relayed["bbc"], relayed["metro"]],
                                  "source": "BNPB", "reported_on": "2018-08-09"}]
    assert "cluster 1 (one claim, counted once): first appeared as" in run("compare", LOMBOK).stdout
    # the consensus counts the cluster once: median of 150, 259, 319, not of 150, 259 x3, 319
    assert (before["consensus"]["value"], after["consensus"]["value"]) == (259, 259)
    mean_like = json.loads(run("compare", LOMBOK, "-f", "json", "--policy", "weighted").stdout)
    assert mean_like["consensus"]["value"] is not None
    history = json.loads(run("history", relayed["bbc"], "-f", "json").stdout)
    assert [(h["action"], h["field"], h["new"]) for h in history][-1] == ("link", "relays", relayed["bnpb"])
    assert run("clusters", LOMBOK, "-f", "json").stdout.strip() == "[]"  # decided: not proposed again
    assert run("clusters", "--undo", "1").exit_code == 1  # needs --why
    undone = run("clusters", "--undo", "1", "--why", "two statements after all")
    assert undone.exit_code == 0 and "2 links removed" in undone.stdout
    assert json.loads(run("compare", LOMBOK, "-f", "json").stdout)["independent_sources"] == 5
    assert run("clusters", "--undo", "1", "--why", "again").exit_code == 1


def test_review_answers_no_edit_and_quit(run, relayed):
    asked = run("clusters", "--review", input="maybe\nn\n")
    assert "'maybe': answer y, n, e or q" in asked.stdout and "rejected 1" in asked.stdout
    assert run("clusters", "-f", "json").stdout.strip() == "[]"  # a rejection is not asked again
    recorded = json.loads(run("clusters", "--recorded", "-f", "json").stdout)
    assert [(c["status"], len(c["members"])) for c in recorded] == [("rejected", 3)]


def test_review_edit_leaves_a_claim_out_and_the_rest_is_recorded(run, relayed, db_path):
    result = run("clusters", "--review", input="e\n2\n\ny\n")
    assert result.exit_code == 0, result.output
    recorded = json.loads(run("clusters", "--recorded", "-f", "json").stdout)
    assert [(c["status"], sorted(c["members"])) for c in recorded] == [
        ("accepted", sorted([relayed["bnpb"], relayed["metro"]])),
        ("rejected", sorted([relayed["bnpb"], relayed["bbc"], relayed["metro"]]))]
    assert run("clusters", "-f", "json").stdout.strip() == "[]"
    quit_early = run("clusters", "--review", input="q\n")
    assert "no clusters to review" in quit_early.stdout


def test_relays_leave_the_track_record_of_the_source_that_relayed(db, run, relayed):
    pass  # exercised through the database below


def test_a_relay_does_not_count_on_its_sources_record(db):
    from claims.operations import recording
    from claims.rules.models import new_claim

    first = recording.add_claim(db, new_claim(topic="t/x", source="A", source_type="official", figure="10",
                                          as_of="2025-01-01", status="confirmed", quote="Ten were killed, A said."),
                            new_topic=True, new_source=True)["id"]
    relay = recording.add_claim(db, new_claim(topic="t/x", source="B", source_type="media", figure="10",
                                          as_of="2025-01-01", status="confirmed", quote="Ten were killed, B reports."),
                            new_source=True)["id"]
    counts = lambda: {e["name"]: e["counts"] for e in queries.status_counts(db).values()}
    assert counts()["B"] == {"confirmed": 1}
    assert compare.compare(db, "t/x")["grade"]["grade"] == "confirmed"
    assert compare.compare(db, "t/x")["independent_sources"] == 2
    found = clusters.proposals(db)
    assert [(p["first"], p["relays"]) for p in found] == [(first, [relay])]
    clusters.accept(db, found[0], "same wire story")
    assert counts()["B"] == {} and counts()["A"] == {"confirmed": 1}
    dossier = credibility.source_dossier(db, "B")
    assert (dossier["claims"], dossier["relaying"], dossier["by_status"], dossier["record"]["settled"]) == (1, 1, {}, 0)
    assert [r["name"] for r in credibility.rank(db, learned=False).rows if r["claims"]] == ["A"]
    assert compare.compare(db, "t/x")["independent_sources"] == 1


def test_two_outlets_of_one_claim_grade_weak_once_recorded(db):
    """Fair (two independent sources) while they look like two; weak (one source) once the
    relay is recorded: the grade counts the cluster once."""
    from claims.operations import recording
    from claims.rules.models import new_claim

    for source, quote in (("DeepState", "Russian forces are 3 km from the city, DeepState said."),
                          ("Ukrainian analysts", "Russian forces are 3 km from the city, analysts say.")):
        recording.add_claim(db, new_claim(topic="p/d", source=source, source_type="monitoring_group", figure="3 km",
                                      as_of="2025-01-03", quote=quote), new_topic=True, new_source=True)
    assert compare.compare(db, "p/d")["grade"]["grade"] == "fair"
    clusters.accept(db, clusters.proposals(db, "p/d")[0])
    assert compare.compare(db, "p/d")["grade"]["grade"] == "weak"


# ---------------------------------------------------------------- evidence kept

class Pages(BaseHTTPRequestHandler):
    """A local site: pages, a redirect, a 404, a slow page, an oversized page, a page that
    changes each time it is fetched."""

    changed = 0

    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path.startswith("/page/"):
            return self._send(200, f"<html><body>page {self.path[6:]}</body></html>".encode())
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page/1")
            self.end_headers()
            return None
        if self.path == "/slow":
            time.sleep(3)
            return self._send(200, b"too late")
        if self.path == "/big":
            return self._send(200, b"x" * 300_000)
        if self.path == "/changing":
            Pages.changed += 1
            return self._send(200, f"version {Pages.changed}".encode())
        return self._send(404, b"not here")

    def _send(self, status: int, body: bytes):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the archive gave up waiting (the slow page)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def cite(run, url, figure="3 km", source="S"):
    result = run("add", "--topic", "t/x", "--source", source, "--source-type", "media", figure, "--url", url,
                 "--as-of", "2025-01-01", "--new-topic", "--new-source")
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_archive_keeps_pages_names_failures_and_skips_what_it_kept(run, db_path, site, tmp_path):
    folder = tmp_path / "snapshots"
    ok = cite(run, f"{site}/page/7")
    moved = cite(run, f"{site}/moved", source="T")
    for path in ("/missing", "/slow", "/big"):
        cite(run, site + path, source=path)
    assert run("verify", ok, "--status", "confirmed", "--note", "seen", "--evidence", f"{site}/page/8").exit_code == 0
    refused = run("archive", "--all", "--archive-dir", folder)  # a claim's address is untrusted: no local fetches
    assert f"not kept: {site}/page/7: refused: 127.0.0.1 is a local or private address" in refused.stderr
    assert not folder.exists() or not any(folder.iterdir())
    args = ["archive", "--all", "--archive-dir", folder, "--timeout", "0.5", "--max-size", "100000", "--allow-local"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    assert "kept 3 snapshots" in first.stdout and "3 not kept" in first.stdout
    assert f"not kept: {site}/missing: HTTP status 404" in first.stderr
    assert f"not kept: {site}/slow: timed out" in first.stderr
    assert f"not kept: {site}/big: larger than the size limit (100,000 bytes): not kept" in first.stderr
    shown = json.loads(run("show", moved, "-f", "json").stdout)[0]["snapshots"]
    assert [(s["url"], s["final_url"], s["status"]) for s in shown] == [(f"{site}/moved", f"{site}/page/1", 200)]
    body = archive.body_digest(folder / shown[0]["file"])
    import hashlib

    assert body == shown[0]["sha256"] == hashlib.sha256(b"<html><body>page 1</body></html>").hexdigest()
    evidence = json.loads(run("show", ok, "-f", "json").stdout)[0]["snapshots"]
    assert [s["url"] for s in evidence] == [f"{site}/page/7", f"{site}/page/8"]
    again = run(*args)
    assert "kept 0 snapshots" in again.stdout and "3 kept before, skipped" in again.stdout
    assert run("archive", "--verify", "--archive-dir", folder).stdout.startswith("ok: ")
    page = tmp_path / "t.html"
    assert run("compare", "t/x", "-f", "html", "-o", page).exit_code == 0
    assert f"SHA-256 {shown[0]['sha256']}, file {shown[0]['file']}" in page.read_text(encoding="utf-8")
    dossier = tmp_path / "d.html"
    assert run("report", "t/x", "-o", dossier).exit_code == 0
    assert f"SHA-256 {shown[0]['sha256']}" in dossier.read_text(encoding="utf-8")
    assert any(h["action"] == "archive" for h in json.loads(run("history", moved, "-f", "json").stdout))
    unkept = run("check")
    assert "claims cite pages with no snapshot kept" in unkept.stderr


def test_verify_names_a_changed_and_a_missing_snapshot(run, db_path, site, tmp_path):
    folder = tmp_path / "snapshots"
    cite(run, f"{site}/page/1")
    cite(run, f"{site}/page/2", source="T")
    assert run("archive", "--all", "--archive-dir", folder, "--allow-local").exit_code == 0
    first, second = sorted(folder.iterdir())
    first.write_bytes(first.read_bytes() + b"tampered")
    second.unlink()
    result = run("archive", "--verify", "--archive-dir", folder)
    assert result.exit_code == 1
    assert f"changed: {first.name}" in result.stdout and f"missing: {second.name}" in result.stdout
    assert "2 of 2 snapshots changed or missing" in result.stderr


def test_a_page_that_changes_keeps_the_version_archived(run, db_path, site, tmp_path):
    folder = tmp_path / "snapshots"
    claim = cite(run, f"{site}/changing")
    assert run("archive", claim, "--archive-dir", folder, "--allow-local").exit_code == 0
    kept = json.loads(run("show", claim, "-f", "json").stdout)[0]["snapshots"][0]
    import urllib.request

    assert urllib.request.urlopen(f"{site}/changing").read() != b"version 1"  # the live page moved on
    assert archive.body_digest(folder / kept["file"]) == __import__("hashlib").sha256(b"version 1").hexdigest()
    assert run("archive", "--verify", "--archive-dir", folder).exit_code == 0


def test_archive_asks_what_to_archive_and_a_shared_base_for_a_folder(run, db_path, tmp_path):
    cite(run, "https://example.invalid/x")
    assert "name the claims to archive" in run("archive", "--archive-dir", tmp_path).stderr
    assert "give 1 to 64" in run("archive", "--all", "--parallel", "0", "--archive-dir", tmp_path).stderr


@pytest.mark.slow
@pytest.mark.file_only
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_archive_run_loses_nothing_and_the_next_run_finishes(tmp_path, site, stop):
    """100 local pages; the run is killed (SIGKILL) or stopped with Ctrl-C (SIGINT) part-way,
    then run again: every page is kept once, and every snapshot verifies."""
    from claims.operations import recording
    from claims.rules.models import new_claim
    from claims.storage.db import open_db

    path = tmp_path / "k.db"
    db = open_db(path)
    for n in range(100):
        recording.add_claim(db, new_claim(topic="t/x", source=f"S{n}", source_type="media", figure="1 km",
                                      url=f"{site}/page/{n}"), new_topic=not n, new_source=True)
    db.close()
    folder = tmp_path / "snapshots"
    command = [sys.executable, "-m", "claims", "--db", str(path), "archive", "--all", "--parallel", "1",
               "--archive-dir", str(folder), "--allow-local"]
    env = {**os.environ, "CLAIMS_SLOW_FETCH": "0.02"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while _kept(path) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(stop)
    _, err = process.communicate()
    part = _kept(path)
    if stop == signal.SIGINT:
        assert process.returncode == 130
        assert err.startswith("error: interrupted: ") and "run the same command again to go on" in err
    assert 20 <= part < 100
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{part} kept before, skipped" in rerun.stdout
    assert _kept(path) == 100
    check = subprocess.run([sys.executable, "-m", "claims", "--db", str(path), "archive", "--verify",
                            "--archive-dir", str(folder)], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.startswith("ok: 100 snapshots"), check.stdout + check.stderr


def _kept(path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        try:
            return conn.execute("SELECT count(DISTINCT url) FROM snapshots WHERE status < 400").fetchone()[0]
        except sqlite3.OperationalError:
            return 0
