"""Extraction: the seed articles score, and each attribution pattern works on its own."""

import json
from pathlib import Path

import pytest

from claims.extraction.extract import extract, score, strip_html

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
LABELS = json.loads((ARTICLES / "labels.json").read_text(encoding="utf-8"))


def one(text: str, **kwargs) -> dict:
    found = extract(text, **kwargs)
    assert len(found) == 1, [c["figure"] for c in found]
    return found[0]


# the outlets the seed articles came from, as the demo's fixtures name them
OUTLETS = {"000_pokrovsk_within_1_mile.txt": "unnamed outlet of seed article 000",
           "003_euromaidan_400_daily.txt": "Euromaidan Press"}


@pytest.mark.parametrize("name", [n for n in LABELS if not n.startswith("_")])
def test_seed_articles_meet_precision_and_recall(name):
    candidates = extract((ARTICLES / name).read_text(encoding="utf-8"), outlet=OUTLETS[name])
    result = score(candidates, LABELS[name], OUTLETS[name])
    assert result["figure"]["precision"] >= 0.9 and result["figure"]["recall"] >= 0.9, result
    assert result["figure+claimant"]["precision"] >= 0.9 and result["figure+claimant"]["recall"] >= 0.9, result


def test_according_to_names_the_claimant():
    c = one("Russian forces have advanced to within 1 mile of Pokrovsk, according to battlefield reports.")
    assert (c["source"], c["source_type"], c["value"], c["unit"], c["qualifier"]) == (
        "battlefield reports", "unattributed", 1, "mi", "within")


@pytest.mark.parametrize("verb", ["said", "says", "claimed", "reported", "told reporters", "estimated", "confirmed"])
def test_speech_verbs_name_the_claimant(verb):
    c = one(f"Ukrainian military spokesperson Nazar Voloshyn {verb} that two positions had been destroyed.")
    assert (c["source"], c["source_type"], c["side"]) == ("Nazar Voloshyn", "official", "ua")


def test_reported_that_with_a_cue_for_the_type():
    c = one("The Ukrainian military monitoring group DeepState reported that Russian forces are now as close as "
            "3 kilometers (1.9 miles) from the southern edge of the city.")
    assert (c["source"], c["source_type"], c["figure"], c["value"], c["unit"]) == (
        "DeepState", "monitoring_group", "as close as 3 kilometers (1.9 miles)", 3, "km")


def test_appositive_between_name_and_verb():
    c = one("On 3 January, Victor Trehubov, spokesperson for the Khortytsia Operational-Strategic Grouping of "
            "Forces, said that Ukrainian defenders repelled 38 Russian attacks over the past day.",
            dateline="2025-01-05")
    assert (c["source"], c["source_type"], c["unit"], c["as_of"], c["reported_on"]) == (
        "Victor Trehubov", "official", "attacks/day", "2025-01-03", "2025-01-05")


def test_quoted_speech_then_said_name():
    c = one("“We destroyed 12 tanks this week,” said Commander Lytvyn.")
    assert c["source"] == "Lytvyn" and c["value"] == 12 and c["unit"] == "tanks"


def test_he_said_resolves_to_the_person_named_before():
    text = ("Vitalii Lytvyn, an artillery reconnaissance unit commander, spoke to reporters. Lytvyn says the front "
            "is holding.\n\nHe noted that one brigade can destroy up to 30 mortar systems in a month.")
    c = one(text)
    assert (c["source"], c["source_type"], c["unit"]) == ("Vitalii Lytvyn", "official", "mortar systems/month")


def test_a_surname_resolves_to_the_full_name():
    text = ("Oleksandr Syrskyi, the commander-in-chief, said the situation was fierce. "
            "Syrskyi added that 40 attacks were repelled.")
    assert one(text)["source"] == "Oleksandr Syrskyi"


def test_relay_chain_keeps_claimant_and_outlets_apart():
    text = ("Vitalii Lytvyn, an artillery reconnaissance unit commander, says Ukrainian forces are making maximum "
            "efforts, according to UNIAN.\n\nHe said defenders eliminate 300 to 400 Russian soldiers daily.")
    c = one(text, outlet="Euromaidan Press")
    assert (c["source"], c["via"]) == ("Vitalii Lytvyn", ["UNIAN", "Euromaidan Press"])
    assert (c["low"], c["high"], c["unit"]) == (300, 400, "soldiers/day")


def test_byline_is_the_relay_when_no_outlet_is_given():
    text = "Headline\nbyOlena Mukhina\n03/01/2025\nDeepState reported that the front moved 2 km."
    c = one(text)
    assert (c["source"], c["via"], c["reported_on"]) == ("DeepState", ["Olena Mukhina"], "2025-01-03")


def test_an_unattributed_figure_belongs_to_the_article():
    c = one("Shevchenko is a village about 3 miles from Pokrovsk.", outlet="Kyiv Independent")
    assert (c["source"], c["source_type"], c["via"]) == ("Kyiv Independent", "media", [])


@pytest.mark.parametrize("phrase,kind,side", [
    ("Pro-Russian military blogger Yuri Podolyaka claimed", "milblogger", "ru"),
    ("The think tank analysts at ISW estimated", "analyst", "unknown"),
    ("Russia's Defence Ministry spokesman Igor Konashenkov said", "official", "ru"),
    ("Sources said", "unattributed", "unknown"),
])
def test_cue_words_suggest_type_and_side(phrase, kind, side):
    c = one(f"{phrase} that 500 soldiers were killed.")
    assert (c["source_type"], c["side"]) == (kind, side)


def test_known_sources_and_aliases_win_over_cues():
    known = {"victor trehubov": {"name": "Viktor Trehubov", "type": "official", "side": "ua"}}
    c = one("Victor Trehubov told a blogger that 38 attacks were repelled.", known=known)
    assert (c["source"], c["source_type"], c["side"]) == ("Viktor Trehubov", "official", "ua")
    assert c["confidence"] > one("Victor Trehubov told a blogger that 38 attacks were repelled.")["confidence"]


def test_dates_in_the_sentence_or_from_the_dateline():
    assert one("In October the army said 40 tanks were lost.", dateline="2025-01-03")["as_of"] == "2024-10"
    assert one("On 23 May the army said 40 tanks were lost.", dateline="2025-06-01")["as_of"] == "2025-05-23"
    assert one("The army said 40 tanks were lost.", dateline="2025-06-01")["as_of"] == "2025-06-01"
    assert one("date 2025-01-03 Eng\nThe army said 40 tanks were lost.")["reported_on"] == "2025-01-03"


def test_hedges_set_status_and_notes():
    c = one("Podolyaka claimed 20 tanks were destroyed, though this remains unverified.")
    assert c["status"] == "unverified" and "unverified" in c["notes"]
    assert one("The figure of 20 tanks is disputed, the army said.")["status"] == "disputed"


@pytest.mark.parametrize("text", [
    "byOlena Mukhina", "03/01/2025", "2 minute read", "On 26 October 2024 the town was shelled.",
    "The war began in 2022.", "He is a 45-year-old officer.", "The attack came at 10:30.",
    "Aftermath of the attack. Photo: Facebook/Roman Padun", "Su-25 jets were seen.", "12. Russian forces moved.",
    "One National Guard brigade fought there.", "It happened on the 3rd day.",
])
def test_not_figures(text):
    assert extract(text) == []


def test_json_keys_and_spans():
    text = "Intro line.\nDeepState reported that Russian forces are 3 km from the city."
    c = one(text)
    assert text[c["span"][0]:c["span"][1]] == "3 km"
    assert {"id", "topic", "source", "source_type", "side", "value", "low", "high", "unit", "qualifier", "as_of",
            "reported_on", "status", "credibility", "via", "quote", "confidence", "span"} <= set(c)
    assert 0 <= c["confidence"] <= 1 and c["quote"].startswith("DeepState reported")


def test_html_is_read_as_text():
    page = ("<html><head><style>p {color: red}</style><script>var x = 5;</script></head><body>"
            "<p>DeepState reported that forces are 3&nbsp;km away.</p></body></html>")
    assert "var x" not in strip_html(page)
    c = one(page)
    assert (c["source"], c["value"], c["unit"]) == ("DeepState", 3, "km")


def test_suggested_topics_say_what_of_where():
    found = {c["figure"]: c["topic"] for c in extract(
        (ARTICLES / "003_euromaidan_400_daily.txt").read_text(encoding="utf-8"))}
    assert found["300 to 400 Russian soldiers every day"] == "pokrovsk/russian-soldiers-eliminated-per-day"
    assert found["38 Russian attacks in the Pokrovsk direction over the past day"] == \
        "pokrovsk/russian-attacks-repelled-per-day"
    assert found["75%"] == "pokrovsk/share-of-residential-buildings-destroyed"


@pytest.mark.parametrize("text, topic", [
    ("DeepState said Russian forces are 3 km from Pokrovsk.", "pokrovsk/distance-to-front"),
    ("Officials said Shevchenko is 12 km from Pokrovsk.", "shevchenko/distance-to-pokrovsk"),
    ("Voloshyn said two positions had been destroyed.", "general/positions-destroyed"),
    ("Voloshyn said two positions had been lost.", "general/positions-lost"),
    ("The army said it killed 20 soldiers and wounded 30 in Bakhmut.", "bakhmut/soldiers-killed"),
    ("Officials said 90% of the homes in Derna were destroyed.", "derna/share-of-homes-destroyed"),
    ("Officials said 90% of the roads in Derna were closed.", "derna/share-of-roads"),
    ("The ministry said it captured 300 km2 of territory in the past month.",
     "general/territory-captured-per-month"),
    ("The UN said donors pledged $2 billion in aid to Sudan.", "sudan/money-aid-pledged"),
])
def test_topics_name_the_quantity_and_what_it_is_of(text, topic):
    assert extract(text)[0]["topic"] == topic


def test_different_quantities_never_share_a_topic():
    killed, wounded = extract("The army said it killed 20 soldiers and wounded 30 in Bakhmut.")
    assert (killed["topic"], wounded["topic"]) == ("bakhmut/soldiers-killed", "bakhmut/soldiers-wounded")
    ours, theirs = extract("The ministry said 300 Russian soldiers and 40 Ukrainian soldiers were killed.")
    assert ours["topic"] != theirs["topic"]


@pytest.mark.parametrize("suggested, unit, expected", [
    ("pokrovsk/distance-to-front", "mi", "pokrovsk/front-distance"),  # same words, a unit that converts
    ("pokrovsk/positions-destroyed", "positions", "pokrovsk/positions-destroyed"),  # not "positions-lost"
    ("myrnohrad/distance-to-front", "km", "myrnohrad/distance-to-front"),  # another place
    ("pokrovsk/share-of-residential-buildings-destroyed", "%", "pokrovsk/residential-buildings-destroyed"),
    ("pokrovsk/soldiers-eliminated-per-day", "soldiers/day", "pokrovsk/soldiers-eliminated-per-day"),  # per day
])
def test_a_suggested_topic_reuses_the_databases_topic_for_the_same_quantity(suggested, unit, expected):
    from claims.extraction.extract import reuse_topic

    topics = [{"key": "pokrovsk/front-distance", "unit": "km"},
              {"key": "pokrovsk/positions-lost", "unit": "positions"},
              {"key": "pokrovsk/residential-buildings-destroyed", "unit": "%"},
              {"key": "pokrovsk/soldiers-eliminated", "unit": "soldiers"}]
    assert reuse_topic(suggested, unit, topics) == expected


def test_extract_uses_the_databases_topic(run, tmp_path):
    assert run("topics", "add", "pokrovsk/front-distance", "--unit", "km").exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("DeepState said Russian forces are 3 km from Pokrovsk.\n", encoding="utf-8")
    assert json.loads(run("extract", article, "-f", "json").stdout)[0]["topic"] == "pokrovsk/front-distance"


# ---- the command

def test_extract_formats_and_jsonl_imports_unchanged(run, tmp_path):
    article = ARTICLES / "003_euromaidan_400_daily.txt"
    table = run("extract", article)
    assert table.exit_code == 0 and "Vitalii Lytvyn" in table.stdout
    rows = json.loads(run("extract", article, "-f", "json").stdout)
    assert len(rows) == 7 and all("confidence" in r and "span" in r for r in rows)
    assert run("extract", article, "-f", "csv").stdout.startswith("id,topic,source,")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(run("extract", article, "-f", "jsonl").stdout, encoding="utf-8")
    result = run("import", jsonl)
    assert result.exit_code == 0 and result.stdout.startswith("imported 7 claims"), result.output


def test_extract_reads_standard_input(run):
    result = run("extract", "-", "-f", "json", input="DeepState reported that forces are 3 km away.")
    assert json.loads(result.stdout)[0]["source"] == "DeepState"


def test_apply_adds_everything_in_one_transaction_with_auto_created_sources(run):
    result = run("extract", ARTICLES / "000_pokrovsk_within_1_mile.txt", "--apply", "--outlet", "Example News")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added 6 claims")
    source = json.loads(run("sources", "show", "DeepState", "-f", "json").stdout)[0]
    assert source["auto_created"] is True and source["type"] == "monitoring_group"
    rows = json.loads(run("list", "-f", "json").stdout)
    assert {r["status"] for r in rows} == {"unverified"} and len(rows) == 6


def test_review_answers_y_n_e_q_and_asks_again_otherwise(run):
    article = ARTICLES / "000_pokrovsk_within_1_mile.txt"
    answers = ["maybe", "y",  # 1: not an answer, asked again; then yes
               "e", "topic", "pokrovsk/shevchenko-distance", "soruce", "Example News",  # 2: edit; a typo of source
               "source_type", "newspaper", "media", "figure", "lots", "4 km", "", "yes",  # invalid values asked again
               "n", "no", "quit"]  # 3 and 4 left out; 5 stops the review
    result = run("extract", article, "--review", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "'maybe': answer y, n, e or q" in result.stdout
    assert "source_type: Input should be" in result.stdout and "cannot read figure 'lots'" in result.stdout
    assert "added 2 claims" in result.stdout
    rows = json.loads(run("list", "-f", "json").stdout)
    assert [(r["source"], r["source_type"], r["topic"], r["figure"], r["value"], r["unit"]) for r in rows] == [
        ("battlefield reports", "unattributed", "pokrovsk/distance-to-front", "within 1 mile", 1, "mi"),
        ("Example News", "media", "pokrovsk/shevchenko-distance", "4 km", 4, "km")]


def test_review_shows_each_candidate_as_read(run):
    result = run("extract", ARTICLES / "000_pokrovsk_within_1_mile.txt", "--review", input="q\n")
    lines = result.stdout.splitlines()
    assert lines[1].startswith("[1/6] Russian forces have advanced to within 1 mile of Pokrovsk, a key")
    start = next(n for n, line in enumerate(lines) if line.startswith("  figure")) - 1
    assert lines[start + 1:start + 7] == [
        "  figure    within 1 mile: at most 1 mi (within)",
        "  claimant  battlefield reports (unattributed, side unknown)",
        "  via       nobody: first hand",
        "  dates     as of unknown; reported unknown",
        "  topic     pokrovsk/distance-to-front (new)",
        "  status    unverified; stored: no"]
    assert result.stdout.rstrip().endswith("nothing added")


def test_review_stops_at_the_end_of_input_keeping_what_was_accepted(run):
    result = run("extract", ARTICLES / "000_pokrovsk_within_1_mile.txt", "--review", input="y\n")
    assert result.exit_code == 0 and "added 1 claims" in result.stdout, result.output


def test_applying_twice_adds_nothing_and_review_passes_stored_over(run):
    article = ARTICLES / "000_pokrovsk_within_1_mile.txt"
    assert run("extract", article, "--apply").stdout.startswith("added 6 claims")
    again = run("extract", article, "--apply")
    assert again.exit_code == 0 and again.stdout == "nothing added; 6 already stored, not added again\n"
    assert all(row["stored"] for row in json.loads(run("extract", article, "-f", "json").stdout))
    reviewed = run("extract", article, "--review", input="")
    assert reviewed.stdout.count("already stored: passed over") == 6
    assert len(json.loads(run("list", "-f", "json").stdout)) == 6


def test_a_changed_figure_or_quote_is_a_new_claim(run, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("DeepState reported that forces are 3 km away.\n", encoding="utf-8")
    second.write_text("DeepState reported that forces are 4 km away.\n", encoding="utf-8")
    assert run("extract", first, "--apply").stdout.startswith("added 1 claims")
    assert run("extract", second, "--apply").stdout.startswith("added 1 claims")
    assert run("extract", first, "--apply").stdout.startswith("nothing added; 1 already stored")


def test_extract_bad_input(run, db_path):
    assert run("extract", "missing.txt").stderr == "error: file not found: missing.txt\n"
    assert "invalid --format 'xml'" in run("extract", ARTICLES / "000_pokrovsk_within_1_mile.txt", "-f", "xml").stderr


def test_hostile_article_text_is_shown_harmlessly(run, tmp_path):
    article = tmp_path / "evil.txt"
    article.write_text("=HYPERLINK(1) \x1b[2J[bold]DeepState[/bold] reported that forces are 3 km away.\n",
                       encoding="utf-8")
    table = run("extract", article).stdout
    assert "\x1b" not in table
    rows = run("extract", article, "-f", "csv").stdout.splitlines()[1:]
    assert rows and all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.split(","))


def test_according_to_a_known_outlet_is_the_outlet_reporting():
    c = one("At least 12 people were killed in the strike, according to Reuters.")
    assert (c["source"], c["source_type"], c["value"], c["unit"]) == ("Reuters", "media", 12, "people")


# ---- one reading of every hedge, in add, import and extract (issue 22, items 1 and 3)

HEDGED = ["nearly 400 soldiers", "almost 400 soldiers", "close to 400 soldiers", "just under 400 soldiers",
          "just short of 400 soldiers", "just over 400 soldiers", "up to 400 soldiers", "as many as 400 soldiers",
          "at most 400 soldiers", "some 400 soldiers", "about 400 soldiers", "several hundred soldiers",
          "several dozen soldiers", "hundreds of soldiers", "scores of soldiers", "at least 400 soldiers",
          "more than 400 soldiers", "less than 400 soldiers", "nearly half of the soldiers"]


def _readings(rows: list[dict]) -> dict:
    return {row["figure"]: (row["low"], row["value"], row["high"], row["qualifier"]) for row in rows}


def test_add_import_and_extract_read_every_hedge_alike(run, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Kyiv, March 3, 2025\n\n" + "\n\n".join(
        f"The General Staff said {hedge} were killed." for hedge in HEDGED) + "\n", encoding="utf-8")
    extracted = _readings(json.loads(run("extract", article, "-f", "json").stdout))
    table = tmp_path / "hedges.csv"
    table.write_text("topic,source,source_type,figure,as_of\n" + "".join(
        f"i/{n},General Staff,official,{hedge},2025-03-03\n" for n, hedge in enumerate(HEDGED)), encoding="utf-8")
    assert run("import", table, "--new-topic").exit_code == 0
    imported = _readings(json.loads(run("list", "-f", "json").stdout))
    for n, hedge in enumerate(HEDGED):
        assert run("add", "--topic", f"a/{n}", "--new-topic", "--source", "General Staff", hedge).exit_code == 0
    added = _readings(json.loads(run("list", "-f", "json", "--source", "General Staff").stdout))
    shown = {hedge: (hedge.removesuffix(" of the soldiers") if hedge.endswith("the soldiers") else hedge)
             for hedge in HEDGED}
    for hedge in HEDGED:
        assert extracted[shown[hedge]] == imported[hedge] == added[hedge], hedge
    assert added["nearly 400 soldiers"] == (360, 400, 400, "just_under")
    assert added["just over 400 soldiers"] == (400, 400, 440, "just_over")
    assert added["several hundred soldiers"] == (300, 300, None, "at_least")


def test_a_file_exported_before_the_bands_imports_with_the_band(run, tmp_path):
    old = tmp_path / "old.csv"
    old.write_text("topic,source,source_type,figure,value,low,high,unit,qualifier\n"
                   "k/killed,General Staff,official,nearly 400 soldiers,400,,400,soldiers,at_most\n"
                   "k/killed,Rybar,milblogger,,400,,,soldiers,just_under\n", encoding="utf-8")
    assert run("import", old, "--new-topic").exit_code == 0
    rows = json.loads(run("list", "-f", "json").stdout)
    assert [(r["low"], r["value"], r["high"], r["qualifier"]) for r in rows] == [
        (360, 400, 400, "just_under"), (360, 400, 400, "just_under")]


def test_extract_warns_when_it_found_no_date_and_none_was_given(run, tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text("DeepState said Russian forces were 4 km from Pokrovsk.\n", encoding="utf-8")
    result = run("extract", article, "-f", "csv")
    assert result.exit_code == 0 and result.stderr == (
        f"warning: no date found in {article} for 1 of 1 candidates: they would be undated, left out of every "
        "dated comparison (give --date YYYY-MM-DD)\n")
    dated = run("extract", article, "-f", "csv", "--date", "2025-01-05")
    assert dated.exit_code == 0 and dated.stderr == "" and ",2025-01-05," in dated.stdout
