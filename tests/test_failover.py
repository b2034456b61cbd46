"""Team mode survives losing its primary: a 3-node PostgreSQL cluster under Patroni, in
synchronous mode, on loopback. Several processes add claims and import files while every
process of the primary is killed (SIGKILL); after the failover every claim whose write was
acknowledged is there, and `claims check` passes on the new primary.

Slow (about 40 s) and run only where Patroni is installed (`.ci/run` installs Debian's).
"""

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATRONI = shutil.which("patroni")
BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PATRONI or not BIN, reason="needs Patroni and PostgreSQL"),
    pytest.mark.skipif(os.environ.get("CLAIMS_TEST_ENGINE") == "postgresql",
                       reason="runs once, in the pass on the SQLite default (it starts its own cluster)"),
]

NODES = (1, 2, 3)
ADDRESS = ("postgresql://postgres@127.0.0.1:15441,127.0.0.1:15442,127.0.0.1:15443/postgres"
           "?target_session_attrs=read-write&connect_timeout=2")

CONFIG = """
scope: claims-test
name: pg{n}
restapi: {{listen: 127.0.0.1:1800{n}, connect_address: 127.0.0.1:1800{n}}}
raft: {{data_dir: {dir}/raft{n}, self_addr: 127.0.0.1:1222{n}, partner_addrs: [{partners}]}}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      parameters: {{synchronous_commit: 'on', wal_level: replica, hot_standby: 'on', max_wal_senders: 10,
                   max_replication_slots: 10, wal_log_hints: 'on'}}
  initdb: [{{encoding: UTF8}}, {{locale: C.UTF-8}}]
  pg_hba: [local all all trust, host replication replicator 127.0.0.1/32 trust, host all all 127.0.0.1/32 trust]
postgresql:
  listen: 127.0.0.1:1544{n}
  connect_address: 127.0.0.1:1544{n}
  data_dir: {dir}/data{n}
  bin_dir: {bin}
  pgpass: {dir}/pgpass{n}
  authentication:
    replication: {{username: replicator, password: rep}}
    superuser: {{username: postgres, password: pg}}
    rewind: {{username: rewinder, password: rw}}
  parameters: {{unix_socket_directories: '{dir}', shared_buffers: 32MB}}
"""

# Each writer adds claims until told to stop, printing each id once its commit returned:
# those are the acknowledged writes. A failed write (the primary gone) is not acknowledged;
# the writer opens the base again (the connection is tried once more while the cluster is
# between primaries) and goes on.
WRITER = """
import sys, time
from pathlib import Path
from claims.operations import recording
from claims.storage.db import open_db
from claims.basics.errors import ClaimsError
from claims.rules.models import new_claim
address, name, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
db, n = None, 0
while not stop.exists():
    try:
        db = db or open_db(address)
        n += 1
        claim = new_claim(topic="failover/claims", source=name, source_type="media", figure=f"{n} km",
                          as_of="2025-01-03")
        done = recording.add_claim(db, claim, new_topic=True, new_source=True)
        print(done["id"], flush=True)
    except ClaimsError:
        db = None
        time.sleep(0.2)
"""

# The importer imports small files of claims with ids of its own, printing the ids of each
# file once its import returned. Every row differs from every other (its quote), so that none
# is skipped as a claim already stored.
IMPORTER = """
import json, sys, time
from pathlib import Path
from claims.operations import importing
from claims.storage.db import open_db
from claims.basics.errors import ClaimsError
address, folder, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
batch = 0
while not stop.exists():
    batch += 1
    ids = [f"imp-{batch}-{i}" for i in range(50)]
    path = folder / f"batch-{batch}.jsonl"
    # each row its own quote: rows equal to a stored claim would be skipped as already present
    path.write_text("".join(json.dumps({"id": i, "topic": "failover/imports", "source": "Importer",
                                        "source_type": "media", "figure": "3 km", "quote": i}) + "\\n"
                            for i in ids))
    try:
        db = open_db(address)
        importing.import_claims(db, str(path), new_topics=True, new_sources=True)
        db.close()
        print(" ".join(ids), flush=True)
    except ClaimsError:
        time.sleep(0.2)
"""


def _as_postgres():
    if os.getuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("postgres")
        return lambda: (os.setgid(user.pw_gid), os.setuid(user.pw_uid))
    return None


@pytest.fixture
def cluster():
    """A cluster with a primary and a synchronous standby. Bringing one up is tried up to three times:
    on a busy 2-core machine two nodes can each bootstrap a cluster of their own, and that
    is Patroni's start, not the failover this file tests."""
    for attempt in (1, 2, 3):
        folder, nodes = _start_cluster()
        try:
            _wait_for_sync_standby(timeout=30)  # about 10 s when it comes up
            break
        except AssertionError as error:
            logs = "\n".join((folder / f"pg{n}.log").read_text()[-1500:] for n in NODES)
            _stop_cluster(folder, nodes)
            if attempt == 3:
                raise AssertionError(f"{error}\n{logs}") from None
    try:
        yield folder, nodes
    finally:
        _stop_cluster(folder, nodes)


def _start_cluster() -> tuple[Path, dict]:
    # not under pytest's folder: it is the test user's own, and PostgreSQL's user must get in
    folder = Path(tempfile.mkdtemp(prefix="claims-cluster-"))
    for n in NODES:
        partners = ", ".join(f"'127.0.0.1:1222{m}'" for m in NODES if m != n)
        (folder / f"pg{n}.yml").write_text(CONFIG.format(n=n, dir=folder, partners=partners, bin=BIN[-1]))
    if os.getuid() == 0:
        for path in [folder, *folder.iterdir()]:
            shutil.chown(path, "postgres")
    return folder, {n: _start_node(folder, n) for n in NODES}


def _stop_cluster(folder: Path, nodes: dict) -> None:
    for n, process in nodes.items():
        with _quiet():
            _kill_node(folder, n, process)
        process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def _start_node(folder: Path, n: int) -> subprocess.Popen:
    log = open(folder / f"pg{n}.log", "w")
    return subprocess.Popen([PATRONI, str(folder / f"pg{n}.yml")], stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=_as_postgres(), start_new_session=True, cwd=folder,
                            env={**os.environ, "HOME": str(folder)})  # the test's HOME is not theirs


class _quiet:
    def __init__(self, kind=ProcessLookupError):
        self.kind = kind

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        return kind is not None and issubclass(kind, self.kind)


def _kill_node(folder: Path, n: int, patroni: subprocess.Popen) -> None:
    """SIGKILL to Patroni and to every PostgreSQL process of node n, as a crash would."""
    with _quiet():
        os.killpg(patroni.pid, signal.SIGKILL)
    pid_file = folder / f"data{n}" / "postmaster.pid"
    if pid_file.exists():
        postmaster = int(pid_file.read_text().split()[0])
        with _quiet():
            os.killpg(os.getpgid(postmaster), signal.SIGKILL)
        with _quiet():
            os.kill(postmaster, signal.SIGKILL)


def _wait_for_sync_standby(timeout: float = 60, other_than: int | None = None) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(ADDRESS, autocommit=True) as conn:
                standbys = conn.execute("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")
                port = conn.execute("SELECT current_setting('port')").fetchone()[0]
                if standbys.fetchone()[0] >= 1 and int(port[-1]) != other_than:
                    return
        except psycopg.Error:
            pass
        time.sleep(0.5)
    raise AssertionError("the cluster did not come up with a synchronous standby")


def _primary_node() -> int:
    import psycopg

    with psycopg.connect(ADDRESS, autocommit=True) as conn:
        port = conn.execute("SELECT current_setting('port')").fetchone()[0]
    return int(port[-1])


def _start(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_no_acknowledged_claim_is_lost_when_the_primary_is_killed(cluster, tmp_path, run):
    folder, nodes = cluster
    assert run("demo", "--db", ADDRESS).exit_code == 0
    stop = tmp_path / "stop"
    writers = [_start(WRITER, ADDRESS, f"Writer {n}", stop) for n in range(3)]
    importer = _start(IMPORTER, ADDRESS, tmp_path, stop)
    time.sleep(4)
    killed = _primary_node()
    _kill_node(folder, killed, nodes[killed])
    killed_at = time.monotonic()
    _wait_for_sync_standby(other_than=killed)
    failover = time.monotonic() - killed_at
    time.sleep(4)  # writes go on against the new primary
    stop.touch()
    acknowledged = []
    for process in [*writers, importer]:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        acknowledged += out.split()
    assert _primary_node() != killed
    stored = json.loads(run("export", "-f", "json", "--db", ADDRESS).stdout)
    present = {claim["id"] for claim in stored}
    lost = [claim_id for claim_id in acknowledged if claim_id not in present]
    print(f"failover: {failover:.1f} s; acknowledged {len(acknowledged)}, present "
          f"{len(acknowledged) - len(lost)}, lost {len(lost)}")
    assert len(acknowledged) > 100 and lost == []
    checked = run("check", "--db", ADDRESS)
    assert checked.exit_code == 0, checked.output
    assert "warning" not in checked.output
