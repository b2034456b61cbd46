"""Topics as an analyst keeps them tidy (issue 22, items 5 and 6): units that follow the
claims (a bare number is any count's), kinds that stay as given, and topics renamed, merged,
removed and restored, each with its reason in the history."""

import json

from conftest import dump

# ---- units and kinds (item 5)


def test_a_bare_number_first_then_a_counted_figure_shares_the_topic(run):
    assert run("add", "--topic", "x/killed", "--new-topic", "--source", "A", "--source-type", "media", "400",
               "--as-of", "2025-01-01").exit_code == 0
    counted = run("add", "--topic", "x/killed", "--source", "B", "--source-type", "media", "300 soldiers",
                  "--as-of", "2025-01-01")
    assert counted.exit_code == 0, counted.stderr
    assert run("add", "--topic", "x/killed", "--source", "B", "250", "--as-of", "2025-01-01").exit_code == 0
    topic = json.loads(run("topics", "show", "x/killed", "-f", "json").stdout)[0]
    assert (topic["unit"], topic["kind"]) == ("soldiers", "cumulative")
    compared = json.loads(run("compare", "x/killed", "-f", "json").stdout)
    assert compared["unit"] == "soldiers" and compared["claims_count"] == 3
    assert run("check").stdout.startswith("ok")


def test_a_unit_can_be_edited_while_no_live_claim_contradicts_it(run):
    run("topics", "add", "x/d", "--unit", "soldiers")
    assert run("topics", "edit", "x/d", "--unit", "km", "--why", "a distance after all").exit_code == 0
    run("add", "--topic", "x/d", "--source", "A", "--source-type", "media", "3 km", "--as-of", "2025-01-01")
    refused = run("topics", "edit", "x/d", "--unit", "soldiers", "--why", "no")
    assert refused.exit_code == 1 and refused.stderr.startswith(
        "error: cannot measure topic 'x/d' in soldiers (a count of soldiers): "
        "1 live claim of it is in km (length, such as")
    assert "claims edit ID --topic KEY --why" in refused.stderr and "claims rm ID --why" in refused.stderr
    claim = json.loads(run("list", "-f", "json").stdout)[0]["id"]
    run("rm", claim, "--why", "wrong topic")
    assert run("topics", "edit", "x/d", "--unit", "mi", "--why", "miles").exit_code == 0
    assert run("topics", "edit", "x/d", "--unit", "soldiers", "--why", "nothing left").exit_code == 0
    back = run("restore", claim)  # a claim comes back only where its unit fits
    assert back.exit_code == 1 and "is now measured in soldiers: give it another topic first" in back.stderr


def test_a_change_topic_made_without_a_unit_takes_a_negative_first_figure(run):
    assert run("topics", "add", "x/gain", "--kind", "change").exit_code == 0
    result = run("add", "--topic", "x/gain", "--source", "A", "--source-type", "media", "--", "-5 km")
    assert result.exit_code == 0, result.stderr
    topic = json.loads(run("topics", "show", "x/gain", "-f", "json").stdout)[0]
    assert (topic["unit"], topic["kind"]) == ("km", "change")


def test_a_refused_figure_names_the_fix(run):
    run("topics", "add", "x/d", "--unit", "km")
    unit = run("add", "--topic", "x/d", "--source", "A", "--source-type", "media", "300 soldiers")
    assert unit.exit_code == 1 and "give the claim another --topic, or change the topic's unit (claims topics " \
        "edit x/d --unit UNIT --why ...)" in unit.stderr
    sign = run("add", "--topic", "x/d", "--source", "A", "--source-type", "media", "--", "-5 km")
    assert sign.exit_code == 1 and sign.stderr.endswith(
        "for a gain or loss: claims topics edit x/d --kind change --why ...)\n")


# ---- rename, merge, rm, restore, history (item 6)

def test_rename_keeps_the_claims_and_the_history(run, seeded):
    result = run("topics", "rename", "pokrovsk/distance-to-front", "pokrovsk/front", "--why", "shorter")
    assert result.exit_code == 0 and result.stdout == "renamed topic pokrovsk/distance-to-front to pokrovsk/front\n"
    assert json.loads(run("compare", "pokrovsk/front", "-f", "json").stdout)["claims_count"] == 3
    gone = run("compare", "pokrovsk/distance-to-front")
    assert gone.exit_code == 1 and gone.stderr == \
        "error: unknown topic 'pokrovsk/distance-to-front': it was renamed 'pokrovsk/front'\n"
    trail = json.loads(run("topics", "history", "pokrovsk/front", "-f", "json").stdout)
    assert [(t["topic"], t["action"], t["why"]) for t in trail] == [
        ("pokrovsk/distance-to-front", "create", "claims demo"), ("pokrovsk/front", "rename", "shorter")]
    taken = run("topics", "rename", "pokrovsk/front", "pokrovsk/fiber-optic-drones", "--why", "x")
    assert taken.exit_code == 1 and "claims topics merge pokrovsk/front pokrovsk/fiber-optic-drones" in taken.stderr


def test_merge_moves_every_claim_with_its_history_and_refuses_units_that_do_not_fit(run, seeded):
    run("topics", "add", "pokrovsk/front-distance", "--unit", "mi")
    run("add", "--topic", "pokrovsk/front-distance", "--source", "Rybar", "--source-type", "milblogger", "2 miles",
        "--as-of", "2025-01-03")
    result = run("topics", "merge", "pokrovsk/front-distance", "pokrovsk/distance-to-front", "--why", "same")
    assert result.exit_code == 0 and result.stdout.startswith("moved 1 claim from topic pokrovsk/front-distance")
    compared = json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json").stdout)
    assert compared["claims_count"] == 4 and any(c["source"] == "Rybar" for c in compared["claims"])
    moved = next(c["id"] for c in compared["claims"] if c["source"] == "Rybar")
    last = json.loads(run("history", moved, "-f", "json").stdout)[-1]
    assert (last["field"], last["old"], last["new"], last["why"]) == (
        "topic", "pokrovsk/front-distance", "pokrovsk/distance-to-front", "same")
    before = dump(seeded)
    drones = run("topics", "merge", "pokrovsk/russian-soldiers-eliminated-per-day", "pokrovsk/distance-to-front",
                 "--why", "no")
    assert drones.exit_code == 1 and drones.stderr.startswith(
        "error: cannot merge topic 'pokrovsk/russian-soldiers-eliminated-per-day' into 'pokrovsk/distance-to-front'")
    assert dump(seeded) == before


def test_rm_refuses_live_claims_unless_forced_and_restore_brings_them_back(run, seeded):
    before = dump(seeded)
    refused = run("topics", "rm", "pokrovsk/distance-to-front", "--why", "tidy")
    assert refused.exit_code == 1 and refused.stderr == (
        "error: topic 'pokrovsk/distance-to-front' has 3 live claims: move them first (claims topics merge "
        "pokrovsk/distance-to-front OTHER --why ...), or remove them with it (--force)\n")
    assert dump(seeded) == before
    run("rm", "s0c01", "--why", "a duplicate")  # removed before the topic: stays removed after its restore
    forced = run("topics", "rm", "pokrovsk/distance-to-front", "--why", "tidy", "--force")
    assert forced.exit_code == 0 and "and its 2 live claims" in forced.stdout
    assert "pokrovsk/distance-to-front" not in run("topics", "list", "-f", "csv").stdout
    assert run("restore", "s0c02").stderr.startswith("error: claim s0c02's topic 'pokrovsk/distance-to-front' was "
                                                     "removed: `claims topics restore")
    again = run("topics", "add", "pokrovsk/distance-to-front")
    assert again.exit_code == 1 and "claims topics restore pokrovsk/distance-to-front" in again.stderr
    assert run("topics", "restore", "pokrovsk/distance-to-front").stdout == \
        "restored topic pokrovsk/distance-to-front and 2 claims\n"
    compared = json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json").stdout)
    assert [c["id"] for c in compared["claims"]] == ["s0c02", "s0c03"]
    actions = [t["action"] for t in json.loads(run("topics", "history", "pokrovsk/distance-to-front",
                                                   "-f", "json").stdout)]
    assert actions == ["create", "remove", "restore"]
    assert run("topics", "restore", "pokrovsk/distance-to-front").stderr == \
        "error: topic 'pokrovsk/distance-to-front' is not removed\n"


def test_a_typo_in_a_topic_command_changes_nothing(run, seeded):
    before = dump(seeded)
    for args in (("rename", "pokrovsk/distance-to-frnt", "a/b"), ("merge", "pokrovsk/distance-to-frnt", "a/b"),
                 ("rm", "pokrovsk/distance-to-frnt")):
        result = run("topics", *args, "--why", "typo")
        assert result.exit_code == 1 and "did you mean 'pokrovsk/distance-to-front'?" in result.stderr
    assert dump(seeded) == before
