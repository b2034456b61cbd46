"""Importing the same claims twice does not double them: a row whose source, topic, figure,
dates and quote equal a live claim stored before the import is already present, skipped and
counted (`--allow-duplicates` adds it anyway). The same rule for a file, standard input,
`extract --apply` and `extract --review`."""

import csv

import pytest
from conftest import count_rows, dump

from claims import readers
from claims.operations import importing
from claims.storage.db import open_db

ARTICLE = "DeepState reported on 3 January 2025 that forces are 3 km away.\n"


def rows(n: int) -> list[dict]:
    """n claims without ids, as a spreadsheet export has them."""
    return [{"topic": f"front/t{i % 7}", "source": ("DeepState", "Rybar")[i % 2],
             "source_type": ("monitoring_group", "milblogger")[i % 2], "figure": f"{i % 50 + 1} km",
             "as_of": f"2025-01-{i % 28 + 1:02d}", "quote": f"claim {i}"} for i in range(n)]


def write_csv(path, items):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(items[0]))
        writer.writeheader()
        writer.writerows(items)
    return path


def test_a_file_without_ids_imported_twice_is_not_doubled(run, tmp_path, db_path):
    data = write_csv(tmp_path / "export.csv", rows(120))
    assert run("import", data).stdout == "imported 120 claims (0 already present, 2 new sources, 7 new topics)\n"
    before = dump(db_path)
    again = run("import", data)
    assert again.exit_code == 0, again.output
    assert again.stdout == "imported 0 claims (120 already present, 0 new sources, 0 new topics)\n"
    assert again.stderr == "skipped 120 rows equal to claims already stored (--allow-duplicates adds them)\n"
    assert dump(db_path) == before  # not even an empty import batch is left


@pytest.mark.parametrize("field,value", [("figure", "51 km"), ("as_of", "2024-12-31"), ("reported_on", "2025-01-09"),
                                         ("quote", "claim 0, again"), ("source", "Rybar"), ("topic", "front/t6")])
def test_a_row_that_differs_in_one_field_is_a_new_claim(run, tmp_path, db_path, field, value):
    first = rows(3)
    run("import", write_csv(tmp_path / "a.csv", first))
    changed = [dict(row) for row in first]
    changed[0][field] = value
    if field == "source":
        changed[0]["source_type"] = "milblogger"
    result = run("import", write_csv(tmp_path / "b.csv", changed))
    assert result.stdout.startswith("imported 1 claims (2 already present"), result.output
    assert count_rows(open_db(db_path), "claims") == 4


def test_allow_duplicates_adds_them_anyway(run, tmp_path, db_path):
    data = write_csv(tmp_path / "export.csv", rows(10))
    run("import", data)
    result = run("import", data, "--allow-duplicates")
    assert result.stdout.startswith("imported 10 claims (0 already present"), result.output
    assert result.stderr == ""
    assert count_rows(open_db(db_path), "claims") == 20


def test_rows_repeated_within_one_file_are_all_kept(run, tmp_path, db_path):
    """The rule is against what was stored before: a file is taken as its author made it."""
    data = write_csv(tmp_path / "twice.csv", rows(5) + rows(5))
    assert run("import", data).stdout.startswith("imported 10 claims (0 already present")
    assert run("import", data).stdout.startswith("imported 0 claims (10 already present")


def test_standard_input_follows_the_same_rule(run, tmp_path, db_path):
    text = write_csv(tmp_path / "export.csv", rows(30)).read_text(encoding="utf-8")
    assert run("import", "-", "-f", "csv", input=text).stdout.startswith("imported 30 claims")
    again = run("import", "-", "-f", "csv", input=text)
    assert again.stdout.startswith("imported 0 claims (30 already present"), again.output
    assert count_rows(open_db(db_path), "claims") == 30


def test_a_claim_added_by_hand_is_present_for_an_import(run, tmp_path, db_path):
    added = run("add", "1 km", "--topic", "front/t0", "--source", "DeepState", "--source-type", "monitoring_group",
                "--as-of", "2025-01-01", "--quote", "claim 0")
    assert added.exit_code == 0, added.output
    result = run("import", write_csv(tmp_path / "a.csv", rows(2)))
    assert result.stdout.startswith("imported 1 claims (1 already present"), result.output


def test_a_removed_claim_is_not_present(run, tmp_path, db_path):
    """A removed claim no longer counts: importing it again stores it anew."""
    data = write_csv(tmp_path / "a.csv", rows(1))
    run("import", data)
    claim_id = open_db(db_path).execute("SELECT id FROM claims").fetchone()[0]
    assert run("rm", claim_id, "--why", "test").exit_code == 0
    assert run("import", data).stdout.startswith("imported 1 claims (0 already present")


def test_the_bulk_path_with_workers_skips_what_was_stored(tmp_path, monkeypatch, db_path):
    """A big import into a table that holds claims: many chunks, worker processes."""
    monkeypatch.setattr(readers, "CHUNK", 50)
    monkeypatch.setattr(readers, "BLOCK", 1024)
    monkeypatch.setattr(importing, "BIG_IMPORT", 10)
    items = rows(400)
    database = open_db(db_path)
    importing.import_claims(database, str(write_csv(tmp_path / "half.csv", items[:200])), workers=0)
    counts = importing.import_claims(database, str(write_csv(tmp_path / "all.csv", items)), workers=2)
    assert (counts["imported"], counts["duplicates"]) == (200, 200)
    assert count_rows(database, "claims") == 400


def test_evidence_of_a_skipped_row_is_not_recorded(tmp_path, db_path):
    database = open_db(db_path)
    item = {**rows(1)[0], "evidence": ["https://example.org/a"]}
    path = tmp_path / "one.jsonl"
    import json

    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    importing.import_claims(database, str(path))
    before = count_rows(database, "history")
    counts = importing.import_claims(database, str(path))
    assert counts["duplicates"] == 1
    assert count_rows(database, "history") == before


def test_extract_apply_and_review_follow_the_same_rule(run, tmp_path, db_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run("extract", article, "--apply").stdout.startswith("added 1 claims")
    assert run("extract", article, "--apply").stdout == "nothing added; 1 already stored, not added again\n"
    assert run("extract", article, "--review", input="y\n").stdout.endswith(
        "nothing added; 1 already stored, not added again\n")
    doubled = run("extract", article, "--apply", "--allow-duplicates")
    assert doubled.stdout.startswith("added 1 claims"), doubled.output
    assert count_rows(open_db(db_path), "claims") == 2


def test_extract_of_the_same_words_on_another_day_is_a_new_claim(run, tmp_path, db_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    later = tmp_path / "b.txt"
    later.write_text(ARTICLE.replace("3 January", "10 January"), encoding="utf-8")
    assert run("extract", article, "--apply").stdout.startswith("added 1 claims")
    assert run("extract", later, "--apply").stdout.startswith("added 1 claims")


# ---------------------------------------------------------------- ids repeated, found by the database

def rows_with_ids(n: int) -> list[dict]:
    return [{**row, "id": f"c{i:05d}"} for i, row in enumerate(rows(n))]


def write_jsonl(path, items):
    import json

    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("stored_first", [False, True])
def test_an_id_repeated_after_a_bad_row_is_still_named(tmp_path, monkeypatch, stored_first):
    """Ids are no longer kept in memory: the database, holding the import's earlier rows,
    finds a repeat, into an empty table (its key) or not (a look-up), even after a bad row."""
    from claims.basics.errors import ImportErrors

    monkeypatch.setattr(readers, "CHUNK", 50)
    monkeypatch.setattr(readers, "BLOCK", 1024)
    database = open_db(tmp_path / "c.db")
    if stored_first:
        importing.import_claims(database, write_jsonl(tmp_path / "other.jsonl", [{**rows(1)[0], "id": "other"}]))
    items = rows_with_ids(200)
    items[20] = {**items[20], "figure": "nonsense"}
    items[180] = {**items[180], "id": items[3]["id"]}
    with pytest.raises(ImportErrors) as caught:
        importing.import_claims(database, write_jsonl(tmp_path / "in.jsonl", items), workers=0)
    assert caught.value.problems[0].startswith("line 21: field figure")
    assert caught.value.problems[1:] == ["line 181: field id: c00003 appears twice in the file"]
    assert count_rows(database, "claims") == (1 if stored_first else 0)


def test_topics_and_sources_made_at_once_keep_the_history_chain(tmp_path):
    """A chunk's new topics and sources are created in one statement each, their history
    too: chained like every other entry."""
    from claims.storage import queries

    database = open_db(tmp_path / "c.db")
    importing.import_claims(database, write_jsonl(tmp_path / "in.jsonl", rows(120)))
    assert queries.chain_problems(database) == []
    broken, count, _ = queries.history_chain(database)
    assert broken is None and count >= 2 + 7  # 2 sources, 7 topics, the import
