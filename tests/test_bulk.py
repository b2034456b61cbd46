"""The bulk import path: chunks, worker processes, blocks of JSON Lines, indexes set aside.

Small files take these paths only when told to, so each test shrinks the chunk,
the block or the size that makes an import big, and checks that the result is
exactly what the plain path stores.
"""

import gc
import json
import sqlite3

import pytest
from conftest import dump

from claims import readers
from claims.basics.errors import ClaimsError, ImportErrors
from claims.operations import importing
from claims.storage import queries
from claims.storage.db import open_db

SOURCES = [("DeepState", "monitoring_group", "ua"), ("Rybar", "milblogger", "ru"), ("UNIAN", "media", "ua")]


def rows(n: int) -> list[dict]:
    """n valid claims over a few sources and topics, with ids, so two imports are comparable."""
    out = []
    for i in range(n):
        name, kind, side = SOURCES[i % 3]
        out.append({"id": f"c{i:05d}", "topic": f"front/t{i % 7}", "source": name, "source_type": kind,
                    "side": side, "figure": f"{i % 50 + 1} km", "as_of": f"2025-01-{i % 28 + 1:02d}",
                    "via": ["Reuters"] if i % 2 else [], "quote": f"claim {i}",
                    "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"})
    return out


def write_jsonl(path, items, blank_every: int = 0):
    lines = []
    for i, item in enumerate(items, 1):
        lines.append(json.dumps(item) if isinstance(item, dict) else item)
        if blank_every and i % blank_every == 0:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 50 rows and JSON Lines blocks of 1 KB: a small file crosses many of each."""
    monkeypatch.setattr(readers, "CHUNK", 50)
    monkeypatch.setattr(readers, "BLOCK", 1024)


def claims_of(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    found = conn.execute("SELECT c.id, t.key, s.name, c.figure, c.base_value, c.via, c.as_of, c.dated "
                         "FROM claims c JOIN topics t ON t.id = c.topic_id JOIN sources s ON s.id = c.source_id "
                         "ORDER BY c.id").fetchall()
    conn.close()
    return found


def test_workers_store_exactly_what_the_plain_path_stores(tmp_path, small_chunks):
    path = write_jsonl(tmp_path / "in.jsonl", rows(600), blank_every=37)
    stored = {}
    for workers in (0, 2):
        target = tmp_path / f"w{workers}.db"
        counts = importing.import_claims(open_db(target), str(path), workers=workers)
        created = counts.pop("created")
        assert counts == {"imported": 600, "unchanged": 0, "duplicates": 0, "sources_created": 3, "topics_created": 7}
        assert sorted(what for what, _ in created) == ["source"] * 3 + ["topic"] * 7
        stored[workers] = claims_of(target)
    assert stored[0] == stored[2]
    assert len(stored[0]) == 600
    assert stored[0][1] == ("c00001", "front/t1", "Rybar", "2 km", 2000.0, '["Reuters"]', "2025-01-02",
                            "2025-01-02")


def test_a_bad_line_deep_in_a_block_is_named_by_its_number(tmp_path, small_chunks):
    items = rows(300)
    items[211] = {**items[211], "credibility": 9}
    items[250] = "{not json"
    path = write_jsonl(tmp_path / "in.jsonl", items, blank_every=10)
    db = open_db(tmp_path / "c.db")
    before = dump(tmp_path / "c.db")
    for workers in (0, 2):
        with pytest.raises(ImportErrors) as caught:
            importing.import_claims(db, str(path), workers=workers)
        # 10 items then a blank line: item k (from 1) sits on line k + (k - 1) // 10
        assert caught.value.problems == [
            "line 233: field credibility: Input should be less than or equal to 6",
            "line 276: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        ]
    assert dump(tmp_path / "c.db") == before


def test_ids_repeated_across_chunks_and_workers_are_caught(tmp_path, small_chunks):
    items = rows(200)
    items[180] = {**items[180], "id": items[3]["id"]}
    path = write_jsonl(tmp_path / "in.jsonl", items)
    with pytest.raises(ImportErrors) as caught:
        importing.import_claims(open_db(tmp_path / "c.db"), str(path), workers=2)
    assert caught.value.problems == ["line 181: field id: c00003 appears twice in the file"]


def test_a_bad_byte_names_its_line_and_writes_nothing(tmp_path, small_chunks):
    path = write_jsonl(tmp_path / "in.jsonl", rows(100))
    lines = path.read_bytes().split(b"\n")
    lines[57] = lines[57].replace(b"claim 57", b"claim \xe9")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ImportErrors) as caught:
        importing.import_claims(open_db(tmp_path / "c.db"), str(path), workers=0)
    assert caught.value.problems == [
        "line 58: the file is not UTF-8 text (byte 0xe9): save it as UTF-8 (or UTF-16 with a BOM)"]
    assert claims_of(tmp_path / "c.db") == []


def test_a_file_of_blank_lines_is_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="is empty"):
        importing.import_claims(open_db(tmp_path / "c.db"), str(path))


def index_sql(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
    conn.close()
    return found


def test_a_big_import_rebuilds_the_indexes_it_set_aside(tmp_path, small_chunks, monkeypatch):
    monkeypatch.setattr(importing, "BIG_IMPORT", 1)  # every file is big
    target = tmp_path / "c.db"
    db = open_db(target)
    indexes = index_sql(target)
    assert any(name == "claims_topic" for name, _ in indexes)
    importing.import_claims(db, str(write_jsonl(tmp_path / "in.jsonl", rows(300))), workers=2)
    assert index_sql(target) == indexes
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert gc.isenabled()  # the import pauses the cycle collector, and switches it back on
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM claims WHERE topic_id = 1").fetchall()
    assert "claims_topic" in str(plan)
    # the quote search was rebuilt with them, and goes on following changes
    assert db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'claim'").fetchone()[0] == 300
    db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')")  # raises if out of step
    triggers = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]
    assert triggers == 3


def test_a_big_import_that_fails_keeps_the_indexes(tmp_path, small_chunks, monkeypatch):
    monkeypatch.setattr(importing, "BIG_IMPORT", 1)
    target = tmp_path / "c.db"
    db = open_db(target)
    before = dump(target)
    items = rows(300)
    items[-1] = {**items[-1], "status": "rumoured"}
    with pytest.raises(ImportErrors, match="line 300: field status"):
        importing.import_claims(db, str(write_jsonl(tmp_path / "in.jsonl", items)), workers=2)
    assert dump(target) == before
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert gc.isenabled()


def test_a_big_import_into_a_filled_table_keeps_its_indexes_and_compares_ids(tmp_path, small_chunks, monkeypatch):
    monkeypatch.setattr(importing, "BIG_IMPORT", 1)
    target = tmp_path / "c.db"
    db = open_db(target)
    first = write_jsonl(tmp_path / "first.jsonl", rows(120))
    importing.import_claims(db, str(first), workers=0)
    more = write_jsonl(tmp_path / "more.jsonl", rows(240))  # the first 120 again, then 120 new
    counts = importing.import_claims(db, str(more), workers=2)
    assert counts == {"imported": 120, "unchanged": 120, "duplicates": 0, "sources_created": 0, "topics_created": 0,
                      "created": []}
    changed = rows(240)
    changed[5] = {**changed[5], "figure": "99 km"}
    with pytest.raises(ImportErrors) as caught:
        importing.import_claims(db, str(write_jsonl(tmp_path / "changed.jsonl", changed)), workers=2)
    assert caught.value.problems == ["line 6: field id: claim c00005 already exists with a different figure"]


def test_csv_in_chunks_matches_jsonl(tmp_path, small_chunks):
    items = rows(230)
    jsonl = write_jsonl(tmp_path / "in.jsonl", items)
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    importing.import_claims(open_db(a), str(jsonl), workers=0)
    from claims.output import output
    from claims.rules.claim import CLAIM_KEYS

    csv_path = tmp_path / "out.csv"
    csv_path.write_text(output.csv_text(queries.list_claims(open_db(a)), list(CLAIM_KEYS)), encoding="utf-8")
    importing.import_claims(open_db(b), str(csv_path), workers=2)
    assert claims_of(a) == claims_of(b)


def test_csv_blocks_keep_quoted_newlines_whole_and_count_rows_across_blocks(tmp_path, small_chunks):
    import csv

    items = rows(120)
    for i in range(0, 120, 7):  # quotes, commas and line breaks inside cells, across block ends
        items[i]["quote"] = f'He said "{i}, then\nmore,\r\nand more"'
    items[101]["credibility"] = 0
    path = tmp_path / "in.csv"
    keys = ["id", "topic", "source", "source_type", "side", "figure", "as_of", "quote", "credibility"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(keys)
        for item in items:
            writer.writerow([item.get(k, "") for k in keys])
    for workers in (0, 2):
        with pytest.raises(ImportErrors) as caught:
            importing.import_claims(open_db(tmp_path / f"bad{workers}.db"), str(path), workers=workers)
        assert caught.value.problems == ["row 102: field credibility: Input should be greater than or equal to 1"]
    items[101]["credibility"] = 2
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(keys)
        for item in items:
            writer.writerow([item.get(k, "") for k in keys])
    db = open_db(tmp_path / "good.db")
    assert importing.import_claims(db, str(path), workers=2)["imported"] == 120
    quotes = dict(db.execute("SELECT id, quote FROM claims").fetchall())
    assert quotes["c00014"] == 'He said "14, then\nmore,\r\nand more"'
    assert quotes["c00015"] == "claim 15"
