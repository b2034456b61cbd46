"""The standing series: importers by name, corrections and floors, the official figure
against the floor, anomalies, the map as a witness, and watching. The fixtures in
tests/data/series are small files of our own in each publisher's exact format."""

import json
import shutil
from pathlib import Path

import pytest

from claims.rules import geometry, series
from claims.storage.db import open_db
from tests.conftest import dump

DATA = Path(__file__).parent / "data" / "series"
GS = [DATA / "russia_losses_equipment.json", DATA / "russia_losses_personnel.json",
      DATA / "russia_losses_equipment_correction.json"]
ORYX = sorted(DATA.glob("totals_by_type_*.csv"))
MAPS = [DATA / "deepstatemap_data_20240930.geojson", DATA / "deepstatemap_data_20241031.geojson"]


def rows(db_path, topic: str) -> list[dict]:
    database = open_db(db_path)
    try:
        from claims.storage import queries

        return queries.list_claims(database, topic=topic)
    finally:
        database.close()


@pytest.fixture
def both(run, db_path):
    """The General Staff's series and Oryx's snapshots, imported."""
    assert run("import", "--from", "general-staff", *GS).exit_code == 0
    assert run("import", "--from", "oryx", *ORYX).exit_code == 0
    return db_path


def test_general_staff_is_read_as_published(run, db_path):
    result = run("import", "--from", "general-staff", *GS)
    assert result.exit_code == 0, result.output
    assert "imported 561 claims (0 already present, 1 earlier figures superseded)" in result.output
    assert "read russia_losses_equipment_correction.json as corrections (1 figure)" in result.output.replace(
        str(DATA) + "/", "")
    tanks = rows(db_path, "russia/losses/tanks")
    assert len(tanks) == 40 and {t["source_type"] for t in tanks} == {"official"} and {t["side"] for t in tanks} == {
        "ua"}
    assert all(t["as_of"] and t["qualifier"] == "exact" for t in tanks)
    people = rows(db_path, "russia/losses/personnel")
    assert [p["qualifier"] for p in people[4:7]] == ["about", "more_than", "about"]  # its own word, "more"
    assert people[0]["unit"] == "soldiers" and people[0]["value"] == 960000


def test_a_correction_supersedes_the_figure_it_corrects_and_says_so_in_history(run, db_path):
    run("import", "--from", "general-staff", *GS)
    vehicles = {(r["as_of"], r["status"]): r for r in rows(db_path, "russia/losses/armoured-combat-vehicles")}
    earlier, corrected = vehicles[("2025-05-20", "retracted")], vehicles[("2025-05-20", "unverified")]
    assert corrected["value"] == earlier["value"] - 40 and corrected["tags"] == ["correction"]
    assert corrected["reported_on"] == "2025-05-21"
    history = run("history", earlier["id"], "-f", "json")
    events = json.loads(history.output)
    assert any(e["action"] == "supersede" and corrected["id"] in e["why"] and "-40 on 2025-05-21" in e["why"]
               for e in events)


def test_a_correction_without_the_figure_it_corrects_is_refused(run, db_path):
    result = run("import", "--from", "general-staff", GS[2])
    assert result.exit_code == 1
    assert "corrects the figure of 2025-05-20, which is neither stored nor in these files" in result.output


def test_importing_again_adds_nothing_and_a_newer_file_only_its_new_days(run, db_path):
    older = DATA / "russia_losses_equipment_older.json"
    assert run("import", "--from", "general-staff", older).exit_code == 0
    before = dump(db_path)
    again = run("import", "--from", "general-staff", older)
    assert "imported 0 claims (429 already present)" in again.output and dump(db_path) == before
    newer = run("import", "--from", "general-staff", GS[0])
    assert "imported 91 claims (429 already present)" in newer.output  # 7 new days x 13 categories


def test_a_figure_a_newer_file_revises_supersedes_the_stored_one(run, db_path, tmp_path):
    assert run("import", "--from", "general-staff", GS[0]).exit_code == 0
    days = json.loads(GS[0].read_text())
    days[3]["tank"] += 2
    revised = tmp_path / "russia_losses_equipment.json"
    revised.write_text(json.dumps(days))
    result = run("import", "--from", "general-staff", revised)
    assert "imported 1 claims (519 already present, 1 earlier figures superseded)" in result.output
    day = [r for r in rows(db_path, "russia/losses/tanks") if r["as_of"] == days[3]["date"]]
    assert sorted((r["status"], r["value"], r["tags"]) for r in day) == [
        ("retracted", days[3]["tank"] - 2, []), ("unverified", days[3]["tank"], ["revision"])]


def test_oryx_figures_are_floors_with_their_split(run, db_path):
    result = run("import", "--from", "oryx", *ORYX)
    assert result.exit_code == 0, result.output
    assert "left out 4 categories the mapping does not name: Russia All Types" in result.output
    tanks = rows(db_path, "russia/losses/tanks")
    assert [(t["as_of"], t["value"], t["low"], t["high"], t["qualifier"]) for t in tanks][-1] == (
        "2025-06-08", 4065, 4065, None, "at_least")
    assert tanks[-1]["notes"] == "destroyed 2982, damaged 158, abandoned 392, captured 533"
    armour = rows(db_path, "russia/losses/armoured-combat-vehicles")  # AFV + IFV + APC + MRAP + IMV
    assert armour[0]["value"] == (1500 + 150 + 300 + 60) + (3300 + 250 + 700 + 120) + (500 + 40 + 120 + 20) + (
        80 + 5 + 20 + 4) + (400 + 20 + 90 + 15)
    assert [t["value"] for t in rows(db_path, "ukraine/losses/tanks")] == [1110, 1111, 1112, 1113]


def test_an_undated_snapshot_needs_a_date(run, db_path, tmp_path):
    plain = tmp_path / "totals_by_type.csv"
    shutil.copy(ORYX[0], plain)
    result = run("import", "--from", "oryx", plain)
    assert result.exit_code == 1
    assert "carries no date: name the file with it (totals_by_type_2025-07-19.csv) or give --as-of" in result.output
    dated = run("import", "--from", "oryx", plain, "--as-of", "2025-05-20")
    assert dated.exit_code == 0 and rows(db_path, "russia/losses/tanks")[0]["as_of"] == "2025-05-20"


def test_the_official_figure_against_the_floor(both, run):
    result = run("series", "russia/losses/aircraft", "--shared", "-f", "csv")
    assert result.output == (
        "date,official,official_increment,floor,floor_increment,ratio,anomaly\n"
        "2025-05-20,370,0,150,,2.4667,\n"
        "2025-05-27,370,0,150,0,2.4667,\n"
        "2025-06-01,370,0,150,0,2.4667,\n"
        "2025-06-08,412,0,156,6,2.641,\n")
    every = run("series", "russia/losses/aircraft", "-f", "csv").output.splitlines()
    assert "2025-06-03,411,41,,,,\"floor follows in part, jump\"" in every


def test_the_series_page_marks_the_anomalies(both, run, tmp_path):
    page = tmp_path / "aircraft.html"
    assert run("series", "russia/losses/aircraft", "-f", "html", "-o", page).exit_code == 0
    html = page.read_text()
    assert '<tr class="conflict"><td>2025-06-03</td><td class="n">411</td>' in html
    assert "floor follows in part, jump" in html and "<script" not in html


def test_as_published_leaves_the_corrections_out(both, run):
    corrected = run("series", "russia/losses/armoured-combat-vehicles", "-f", "csv").output
    published = run("series", "russia/losses/armoured-combat-vehicles", "-f", "csv", "--as-published").output
    assert "2025-05-20,22768," in corrected and "2025-05-20,22808," in published


def test_anomalies_flag_the_jump_the_floor_follows_in_part_and_the_correction(both, run):
    result = run("anomalies", "russia/losses/aircraft", "-f", "csv")
    assert result.output == (
        "topic,source,date,kind,increment,usual,detail\n"
        "russia/losses/aircraft,General Staff of the Armed Forces of Ukraine,2025-06-03,floor follows in part,41,0,"
        "\"official up 41, the floor up 6 by 2025-06-10\"\n"
        "russia/losses/aircraft,General Staff of the Armed Forces of Ukraine,2025-06-03,jump,41,0,"
        "\"up 41 in a day, usually 0 (spread 1)\"\n")
    every = run("anomalies", "-f", "json")
    kinds = {(a["topic"], a["date"], a["kind"]) for a in json.loads(every.output)}
    assert ("russia/losses/armoured-combat-vehicles", "2025-05-21", "correction") in kinds
    assert ("russia/losses/tanks", "2025-06-06", "negative step") in kinds


def test_the_jump_rule_is_robust():
    steady = [series.Point(f"2025-01-{d:02d}", 100 + 10 * d + (d % 3)) for d in range(1, 31)]
    assert series.jumps_and_drops(steady) == []
    jumped = steady + [series.Point("2025-01-31", steady[-1].value + 200)]
    assert [(a.kind, a.increment) for a in series.jumps_and_drops(jumped)] == [("jump", 200)]


def test_acled_fatalities_per_day_region_and_type(run, db_path, tmp_path):
    result = run("import", "--from", "acled", DATA / "acled_ukraine.csv")
    assert result.exit_code == 0 and "left out 1 category the mapping does not name: Protests" in result.output
    battle = rows(db_path, "ukraine/donetsk/fatalities/battles")[0]
    assert (battle["value"], battle["as_of"], battle["place"], battle["source"], battle["side"]) == (
        3, "2025-06-01", "Pokrovsk", "ACLED", "none")
    assert battle["notes"] == "ACLED, 1 event: UKR900001 Pokrovsk: 3 (sources: Ukrainska Pravda; Telegram)"
    # a later export with one more event that day: the day's figure is revised, never set against itself
    lines = (DATA / "acled_ukraine.csv").read_text().splitlines()
    later = tmp_path / "acled_later.csv"
    later.write_text("\n".join([lines[0], lines[1], lines[1].replace("UKR900001", "UKR900009").replace(
        ",3,,1749513600", ",30,,1749513600")]) + "\n")
    again = run("import", "--from", "acled", later, "--report-changes")
    assert again.exit_code == 0 and "1 earlier figures superseded" in again.output
    assert [(r["value"], r["status"]) for r in rows(db_path, "ukraine/donetsk/fatalities/battles")] == [
        (3, "retracted"), (33, "unverified")]


def test_the_map_area_change_and_distance(run, db_path):
    result = run("import", "--from", "deepstate", *MAPS)
    assert result.exit_code == 0, result.output
    areas = rows(db_path, "ukraine/occupied-area")
    independent = [_equal_area_km2(path) for path in MAPS]
    for area, other in zip(areas, independent):
        assert area["value"] == pytest.approx(other, rel=1e-3)
    change = rows(db_path, "ukraine/occupied-area-monthly-change")
    assert [(c["as_of"], c["value"]) for c in change] == [("2024-10", round(areas[1]["value"] - areas[0]["value"], 2))]
    assert change[0]["notes"].startswith("from 2024-09-30 (") and " to 2024-10-31 (" in change[0]["notes"]
    distance = rows(db_path, "pokrovsk/distance-to-front")
    # 0.1172 and 0.0672 degrees of longitude east of Pokrovsk, at 48.2828 N (74.2 km a degree there)
    assert [d["value"] for d in distance] == [pytest.approx(8.70, abs=0.01), pytest.approx(4.99, abs=0.01)]


def _equal_area_km2(path) -> float:
    """The area in a Lambert azimuthal equal-area projection: another road to the same number."""
    from pyproj import Transformer
    from shapely import transform
    from shapely.geometry import shape

    laea = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84", always_xy=True)
    total = 0.0
    for feature in json.loads(Path(path).read_text())["features"]:
        if feature["geometry"]["type"] in ("Polygon", "MultiPolygon"):
            projected = transform(shape(feature["geometry"]), lambda xy: _stack(laea.transform(xy[:, 0], xy[:, 1])))
            total += projected.area / 1e6
    return total


def _stack(xy):
    import numpy

    return numpy.column_stack(xy)


def test_a_place_inside_the_held_area_is_at_distance_zero():
    text = MAPS[0].read_text()
    shape = geometry.read_map("deepstatemap_data_20240930.geojson", text).shape
    assert geometry.distance_km(shape, geometry.Place("inside", 48.3, 37.6)) == 0.0


def test_an_invalid_polygon_costs_nothing(run, db_path):
    run("import", "--from", "deepstate", MAPS[0])
    before = dump(db_path)
    result = run("import", "--from", "deepstate", MAPS[1], DATA / "deepstatemap_data_20241101_invalid.geojson")
    assert result.exit_code == 1
    assert result.output.strip().endswith("deepstatemap_data_20241101_invalid.geojson: feature 2: invalid polygon: "
                                          "self-intersection at 37.65 48.3 (longitude latitude)")
    assert "Traceback" not in result.output and dump(db_path) == before


@pytest.mark.parametrize(("publisher", "path", "says"), [
    ("general-staff", ORYX[0], "not valid JSON"),
    ("oryx", GS[0], "not an Oryx snapshot: no column country"),
    ("acled", ORYX[0], "not an ACLED export: no column event_id_cnty, event_date, fatalities"),
    ("deepstate", GS[0], "not GeoJSON: expected a FeatureCollection"),
])
def test_a_file_in_the_wrong_format_is_one_line_and_costs_nothing(run, db_path, publisher, path, says):
    run("import", "--from", "acled", DATA / "acled_ukraine.csv")
    before = dump(db_path)
    result = run("import", "--from", publisher, path)
    assert result.exit_code == 1 and says in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(db_path) == before


def test_a_missing_file_and_a_mistyped_publisher(run):
    assert "file not found: nope.json" in run("import", "--from", "general-staff", "nope.json").output
    typo = run("import", "--from", "generalstaff", GS[0])
    assert typo.exit_code == 2 and "general-staff" in typo.output
    several = run("import", GS[0], GS[1])
    assert several.exit_code == 2 and "go with --from" in several.output


def test_a_mapping_of_ones_own(run, db_path, tmp_path):
    mine = tmp_path / "mapping.toml"
    mine.write_text(run("series", "--show-mapping").output.replace('"tank" = { topic = "russia/losses/tanks"',
                                                                   '"tank" = { topic = "rf/tanks"'))
    assert run("import", "--from", "general-staff", GS[0], "--mapping", mine).exit_code == 0
    assert len(rows(db_path, "rf/tanks")) == 40
    broken = tmp_path / "broken.toml"
    broken.write_text("[oryx]\nsource = 'Oryx'\n")
    result = run("import", "--from", "oryx", ORYX[0], "--mapping", broken)
    assert result.exit_code == 1 and "[oryx] needs source_type, side" in result.output


def test_report_changes_says_what_is_new_and_exits_3_on_a_new_conflict(run, db_path, tmp_path):
    run("import", "--from", "oryx", *ORYX)
    run("import", "--from", "general-staff", DATA / "russia_losses_equipment_older.json")
    newer = run("import", "--from", "general-staff", GS[0], "--report-changes")
    assert newer.exit_code == 0, newer.output
    assert ("new anomaly: russia/losses/aircraft 2025-06-03 jump (General Staff of the Armed Forces of Ukraine): "
            "up 41 in a day, usually 0 (spread 1)") in newer.output
    assert "widened ratio: russia/losses/aircraft 2.4667 on 2025-06-01 -> 2.6410 on 2025-06-08" in newer.output
    again = run("import", "--from", "general-staff", GS[0], "--report-changes")
    assert again.exit_code == 0 and "nothing new: no new conflicts, anomalies or widened ratios" in again.output
    below = [{"date": "2025-06-10", "day": 1203, "aircraft": 100}]  # under the floor Oryx confirms
    late = tmp_path / "russia_losses_equipment.json"
    late.write_text(json.dumps(below))
    conflict = run("import", "--from", "general-staff", late, "--report-changes")
    assert conflict.exit_code == 3 and "new conflict: russia/losses/aircraft" in conflict.output


def test_the_timeline_page_marks_the_anomalies(both, run, tmp_path):
    page = tmp_path / "timeline.html"
    assert run("compare", "russia/losses/aircraft", "--over-time", "-f", "html", "-o", page).exit_code == 0
    html = page.read_text()
    assert ('<tr class="conflict"><td>2025-06-03</td><td>General Staff of the Armed Forces of Ukraine</td>'
            "<td>jump</td><td>up 41 in a day, usually 0 (spread 1)</td></tr>") in html
    shown = json.loads(run("compare", "russia/losses/aircraft", "--over-time", "-f", "json").output)
    assert [a["kind"] for a in shown["anomalies"]] == ["floor follows in part", "jump"]


def test_oryx_daily_count_dates_each_row(run, db_path):
    result = run("import", "--from", "oryx", DATA / "daily_count.csv")
    assert result.exit_code == 0, result.output
    assert [(r["as_of"], r["value"]) for r in rows(db_path, "russia/losses/aircraft")] == [
        ("2025-06-01", 150), ("2025-06-08", 156)]
    again = run("import", "--from", "oryx", *ORYX)  # the same floors, from the snapshots
    assert "imported 24 claims (4 already present)" in again.output


def test_the_change_between_two_dates(run, db_path):
    run("import", "--from", "deepstate", *MAPS)
    areas = [r["value"] for r in rows(db_path, "ukraine/occupied-area")]
    result = run("series", "ukraine/occupied-area", "--since", "2024-09-30", "--until", "2024-10")
    change = areas[1] - areas[0]
    assert f"DeepState: +{change:,.2f} from 2024-09-30 ({areas[0]:,.2f}) to 2024-10-31 ({areas[1]:,.2f})" in (
        result.output)
    shown = json.loads(run("series", "ukraine/occupied-area", "-f", "json").output)
    assert shown["change"]["official"]["change"] == pytest.approx(change)
    assert run("series", "ukraine/occupied-area", "--since", "2024-10-01").output.count("DeepState:") == 0


def test_the_ratio_is_rounded_once(capsys):
    from claims.output import series as shown

    row = {"date": "2025-01-01", "official": 172496, "official_increment": None, "floor": 100000,
           "floor_increment": None, "ratio": 1.72496, "anomaly": None}
    view = {"topic": "t", "official": "A", "floor": "B", "rows": [row], "change": {"official": None, "floor": None}}
    shown.render_series(view, "markdown")
    shown.render_series(view, "csv")
    out = capsys.readouterr().out
    assert "| 1.72 |" in out and "2025-01-01,172496,,100000,,1.725," in out  # not 1.73 from 1.725


def test_a_category_listed_twice_is_counted_and_said(run, db_path, tmp_path):
    snapshot = tmp_path / "totals_by_type_2025-06-08.csv"
    snapshot.write_text(ORYX[-1].read_text() + "Ukraine,Tanks,1,0,1,0,2\n")
    result = run("import", "--from", "oryx", snapshot)
    assert result.exit_code == 0
    assert ("warning: " + str(snapshot) + ": Ukraine Tanks is listed twice on 2025-06-08 (row 16 and row 18); "
            "both are counted") in result.output
    assert rows(db_path, "ukraine/losses/tanks")[0]["value"] == 1113 + 2


def test_exit_3_keeps_a_database_the_import_created(run, tmp_path, monkeypatch):
    from claims.operations import series as operations

    conflict = {"conflicts": [{"topic": "t", "conflicts": 1, "before": 0}], "anomalies": [], "widened": []}
    monkeypatch.setattr(operations, "what_changed", lambda before, after: conflict)
    fresh = tmp_path / "new.db"
    result = run("import", "--from", "general-staff", GS[0], "--db", fresh, "--report-changes")
    assert result.exit_code == 3 and "new conflict: t" in result.output
    assert fresh.exists() and len(rows(fresh, "russia/losses/tanks")) == 40
