"""Credibility: verification, links, independence, grades, track records, ClaimReview, truth."""

import json
import random

import pytest

from claims.basics.errors import ClaimsError
from claims.operations import compare, credibility, learning, recording
from claims.rules import record, truth
from claims.rules.models import new_claim
from claims.storage import queries
from claims.storage.dialect import SQLITE, dialect_of


def add(db, source, figure, topic="t", as_of="2025-01-03", **extra):
    known = queries.find_source(db, source)
    claim = new_claim(topic=topic, source=source, source_type=None if known else extra.pop("source_type", "media"),
                    figure=figure, as_of=as_of, **extra)
    return recording.add_claim(db, claim)["id"]


# ---- verification workflow

def test_verify_records_who_when_why_and_evidence(run, seeded):
    result = run("verify", "s0c02", "--status", "confirmed", "--credibility", "2", "--note", "satellite imagery",
                 "--evidence", "https://example.org/a", "--evidence", "https://example.org/b")
    assert result.exit_code == 0 and result.stdout == "s0c02 is confirmed (F2)\n"
    trail = json.loads(run("history", "s0c02", "-f", "json").stdout)
    assert [(h["action"], h["field"], h["old"], h["new"], h["why"]) for h in trail][1:] == [
        ("verify", "status", "unverified", "confirmed", "satellite imagery"),
        ("verify", "credibility", "6", "2", "satellite imagery")]
    assert all(h["who"] for h in trail)


def test_verify_keeps_the_evidence_in_the_history(db):
    claim = add(db, "DeepState", "3 km")
    credibility.verify(db, claim, "confirmed", "imagery", evidence=["https://example.org/x"])
    row = db.execute("SELECT evidence FROM history WHERE action = 'verify'").fetchone()
    assert json.loads(row[0]) == ["https://example.org/x"]


def test_corroborated_needs_an_independent_source(db):
    a = add(db, "Vitalii Lytvyn", "400 soldiers daily", via=["UNIAN"])
    relay = add(db, "Vitalii Lytvyn", "300 to 400 soldiers daily", via=["Euromaidan Press"])
    credibility.link(db, a, relay, "corroborates")
    with pytest.raises(ClaimsError, match="cannot be corroborated"):
        credibility.verify(db, a, "corroborated", "same man, twice")
    copier = add(db, "Copy Channel", "400 soldiers daily", source_type="milblogger")
    credibility.mark_copying(db, "Copy Channel", "Vitalii Lytvyn", why="reposts him")
    credibility.link(db, a, copier, "corroborates")
    with pytest.raises(ClaimsError, match="cannot be corroborated"):
        credibility.verify(db, a, "corroborated", "a copy is not a second source")
    other = add(db, "DeepState", "350 soldiers daily", source_type="monitoring_group")
    credibility.link(db, other, a, "corroborates")
    assert credibility.verify(db, a, "corroborated", "DeepState agrees")["status"] == "corroborated"


def test_relay_and_duplicate_links_make_one_voice(db):
    a = add(db, "UNIAN", "400 soldiers daily", source_type="media")
    b = add(db, "Euromaidan Press", "400 soldiers daily")
    c = add(db, "DeepState", "380 soldiers daily")
    assert compare.compare(db, "t")["independent_sources"] == 3
    credibility.link(db, b, a, "relays")
    assert compare.compare(db, "t")["independent_sources"] == 2
    credibility.link(db, c, a, "duplicates")
    assert compare.compare(db, "t")["independent_sources"] == 1


def test_link_refuses_self_and_repeats(db):
    a, b = add(db, "A", "1 km"), add(db, "B", "2 km")
    with pytest.raises(ClaimsError, match="itself"):
        credibility.link(db, a, a, "corroborates")
    credibility.link(db, a, b, "contradicts")
    with pytest.raises(ClaimsError, match="already linked"):
        credibility.link(db, a, b, "contradicts")


# ---- topic grades (Airwars)

def grade_of(db, topic="t"):
    return compare.compare(db, topic)["grade"]["grade"]


def test_grade_weak_then_fair_then_contested_then_confirmed(db):
    a = add(db, "A", "10 km")
    assert grade_of(db) == "weak"
    add(db, "B", "about 10 km")
    assert grade_of(db) == "fair"
    c = add(db, "C", "30 km")
    assert grade_of(db) == "contested"
    credibility.verify(db, a, "confirmed", "imagery")
    assert grade_of(db) == "contested"  # a live claim still conflicts with the confirmed one
    credibility.verify(db, c, "refuted", "imagery shows 10 km")
    assert grade_of(db) == "confirmed"


def test_grade_contested_by_contradiction_or_dispute(db):
    a, b = add(db, "A", "10 km"), add(db, "B", "10 km")
    assert grade_of(db) == "fair"
    credibility.link(db, a, b, "contradicts")
    assert grade_of(db) == "contested"
    add(db, "C", "10 km", topic="u")
    d = add(db, "D", "10 km", topic="u")
    credibility.verify(db, d, "disputed", "doubts")
    assert grade_of(db, "u") == "contested"


def test_grade_discounted_when_everything_is_refuted_or_retracted(db):
    a, b = add(db, "A", "10 km"), add(db, "B", "12 km")
    credibility.verify(db, a, "refuted", "wrong")
    credibility.verify(db, b, "retracted", "withdrawn")
    assert grade_of(db) == "discounted"


def test_compare_shows_the_grade_and_its_rule(run, seeded):
    out = run("compare", "pokrovsk/distance-to-front").stdout
    assert "grade: contested (live claims from independent sources conflict" in out


def test_admiralty_meanings_on_help(run):
    out = run("add", "--help").stdout
    assert "completely reliable" in " ".join(out.split()) and "truth cannot be judged" in " ".join(out.split())


# ---- track records

def test_beta_posterior_knows_two_lucky_claims_from_two_hundred():
    few = record.track_record({"confirmed": 2})
    many = record.track_record({"confirmed": 200})
    assert few["score"] == 0.75 and few["suggested"] == "F"
    assert many["score"] == pytest.approx(201 / 202, abs=1e-3) and many["suggested"] == "A"
    assert (few["high"] - few["low"]) > 5 * (many["high"] - many["low"])
    assert record.track_record({"refuted": 8, "confirmed": 2})["suggested"] == "E"
    assert record.beta_quantile(0.5, 2, 2) == pytest.approx(0.5, abs=1e-6)
    assert record.beta_quantile(0.05, 1, 1) == pytest.approx(0.05, abs=1e-6)


def test_sources_rank_shows_record_suggestion_and_learned_weight(run, seeded):
    for claim in ("s1c01", "s1c02", "s1c03"):
        run("verify", claim, "--status", "confirmed", "--note", "checked")
    run("verify", "s0c03", "--status", "refuted", "--note", "no imagery")
    rows = {r["name"]: r for r in json.loads(run("sources", "rank", "-f", "json").stdout)}
    lytvyn = rows["Vitalii Lytvyn"]
    assert (lytvyn["confirmed"], lytvyn["settled"], lytvyn["suggested"], lytvyn["grade"]) == (3, 3, "C", "F")
    assert lytvyn["learned_weight"] is not None
    assert rows["Yuri Podolyaka"]["refuted"] == 1 and rows["Yuri Podolyaka"]["score"] < lytvyn["score"]
    official = json.loads(run("sources", "rank", "--type", "official", "-f", "json").stdout)
    assert {r["type"] for r in official} == {"official"}
    shown = json.loads(run("sources", "show", "Vitalii Lytvyn", "-f", "json").stdout)[0]
    assert shown["reliability"] == "F"  # the suggestion is shown, never applied
    assert shown["over_time"] == [{"month": "2025-01", "claims": 6, "confirmed": 3, "corroborated": 0,
                                   "disputed": 0, "refuted": 0, "retracted": 0}]


# ---- ClaimReview

REQUIRED = {"@context", "@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"}


def test_claimreview_export_has_the_required_fields(run, seeded):
    run("edit", "s0c02", "--url", "https://deepstatemap.live/en", "--why", "source page")
    run("verify", "s0c02", "--status", "confirmed", "--note", "imagery")
    run("verify", "s0c03", "--status", "refuted", "--note", "no sign of it")
    run("verify", "s1c04", "--status", "disputed", "--note", "unclear")
    reviews = json.loads(run("export", "-f", "claimreview", "--reviewer", "Example Checks",
                             "--review-url", "https://example.org/reviews").stdout)
    assert len(reviews) == 3  # unverified claims are not reviewed
    for review in reviews:
        assert REQUIRED <= set(review)
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert 0 < len(review["claimReviewed"]) < 75
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["author"]["@type"] in ("Person",
                                                                                                    "Organization")
        assert item["datePublished"] == "2025-01-03"
        assert review["author"] == {"@type": "Organization", "name": "Example Checks"}
        assert review["url"].startswith("https://example.org/reviews#")
    by_id = {r["url"].split("#")[1]: r for r in reviews}
    assert by_id["s0c02"]["reviewRating"]["ratingValue"] == 5
    assert by_id["s0c02"]["itemReviewed"]["firstAppearance"]["url"] == "https://deepstatemap.live/en"
    assert by_id["s0c03"]["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                                              "worstRating": 1, "alternateName": "False"}
    assert by_id["s0c03"]["itemReviewed"]["author"] == {"@type": "Person", "name": "Yuri Podolyaka"}
    assert by_id["s1c04"]["reviewRating"]["ratingValue"] == 3


# ---- the learned consensus

def synthetic(seed=3):
    """A reliable source, a biased one, a relay of the reliable one, one-sided claims, an absurd outlier."""
    rng = random.Random(seed)
    obs, truths = [], {}
    for topic in range(60):
        t = rng.uniform(100, 10_000)
        truths[topic] = t
        obs.append(truth.Observation(topic, "reliable", t, t, t))
        obs.append(truth.Observation(topic, "relay of reliable", t, t, t) if topic % 3 == 0 else
                   truth.Observation(topic, "biased", t * 1.3, t * 1.3, t * 1.3))
        if topic % 2 == 0:
            obs.append(truth.Observation(topic, "biased", t * 1.3, t * 1.3, t * 1.3))
        if topic % 4 == 0:
            obs.append(truth.Observation(topic, "floor", t * 0.8, t * 0.8, None))  # "at least", true
        if topic % 5 == 0:
            obs.append(truth.Observation(topic, "troll", t * 1e6, t * 1e6, t * 1e6))
    return obs, truths


def test_truth_recovers_values_and_ranks_sources():
    obs, truths = synthetic()
    estimates, weights = truth.learn(obs)
    assert all(estimates[t] == pytest.approx(truths[t]) for t in truths)
    assert weights["reliable"] > weights["biased"]
    assert weights["floor"] > weights["biased"]  # true one-sided claims are not penalised
    assert weights["troll"] < weights["reliable"]


def test_truth_counts_a_relay_once():
    obs = [truth.Observation("x", "a", 10, 10, 10), truth.Observation("x", "a", 10, 10, 10),
           truth.Observation("x", "a", 10, 10, 10), truth.Observation("x", "b", 20, 20, 20),
           truth.Observation("x", "c", 20, 20, 20)]
    estimates, _ = truth.learn(obs)
    assert estimates["x"] == 20


def test_truth_picks_a_claimed_value_not_a_mean_that_an_outlier_drags():
    obs = [truth.Observation("x", "a", 100, 100, 100), truth.Observation("x", "b", 101, 101, 101),
           truth.Observation("x", "c", 6.9e14, 6.9e14, 6.9e14)]
    assert truth.learn(obs)[0]["x"] in (100, 101)


def full_rounds(observations, iterations=truth.ITERATIONS):
    """The learning written plainly: every object re-estimated and every voice re-weighed each
    round. The real one skips what cannot change; it must agree with this to the last bit."""
    from collections import defaultdict

    by_object = truth.one_per_voice(observations)
    shared = {o: obs for o, obs in by_object.items() if len(obs) >= 2}
    experience = truth.voice_experience(by_object)
    weights = defaultdict(lambda: truth.hit_rate(0, 0))
    weights.update({v: truth.hit_rate(0, 0) * f for v, f in experience.items()})
    crowd = truth.crowd_rule(by_object)
    truths = {o: obs[0].value for o, obs in by_object.items() if len(obs) == 1}
    prepared = {o: truth.Prepared(obs) for o, obs in shared.items()}
    for _ in range(iterations):
        previous = {o: truths.get(o) for o in shared}
        for o, obs in shared.items():
            truths[o] = truth.estimate(obs, weights, crowd, prepared[o])
        hits, totals = defaultdict(float), defaultdict(float)
        for o, p in prepared.items():
            c = p.coordinate(truths[o])
            for voice, low, high in zip(p.voices, p.lows, p.highs):
                totals[voice] += 1
                hits[voice] += low - truth.AGREE <= c <= high + truth.AGREE
        before, weights = weights, defaultdict(lambda: truth.hit_rate(0, 0))
        for voice, factor in experience.items():
            weights[voice] = truth.hit_rate(hits[voice], totals[voice]) * factor
        if all(truths[o] == previous[o] for o in shared) or \
                all(abs(before.get(v, w) - w) <= 1e-3 for v, w in weights.items()):
            break
    return truths, dict(weights)


@pytest.mark.parametrize("seed", range(6))
def test_learning_that_skips_settled_objects_matches_full_rounds(seed):
    rng = random.Random(seed)
    voices = [f"v{i}" for i in range(40)]
    skill = {v: rng.random() for v in voices}
    obs = []
    for topic in range(300):
        t = rng.choice([rng.uniform(10, 1000), 500.0])
        for voice in rng.sample(voices, rng.randint(1, 6)):
            x = t if rng.random() < skill[voice] else t * rng.choice([0.5, 0.9, 1.1, 2.0])
            low, high = rng.choice([(x, x), (x * 0.9, x * 1.1), (x, None), (None, x)])
            obs.append(truth.Observation(topic, voice, low, x, high))
    assert truth.learn(obs) == full_rounds(obs)


def test_learning_from_the_database_is_learning_over_every_live_claim(db):
    """The database path groups claims into objects in SQL (a topic, and a week of dates for
    levels and totals) and leaves out objects with one claim, which count only towards their
    voice's experience. It must give every source the weight that learning over all of its
    live claims, grouped in Python, gives."""
    import datetime
    import gc
    from collections import Counter

    rng = random.Random(7)
    fronts = [f"front-{i}" for i in range(4)]
    for key in fronts:
        recording.add_topic(db, key, unit="km", kind="level")
    recording.add_topic(db, "losses", unit="soldiers per day", kind="rate")
    sources = [f"s{i}" for i in range(12)]
    for n in range(400):
        topic = rng.choice(fronts + ["losses"])
        day = datetime.date(2024, 12, 20) + datetime.timedelta(days=rng.randrange(300))
        value = rng.choice([3, 5, 8]) * rng.choice([1, 1, 1.5]) if topic != "losses" else rng.choice([300, 400, 1000])
        unit = " km" if topic != "losses" else " soldiers a day"
        add(db, rng.choice(sources), f"{value:g}{unit}", topic=topic, as_of=day.isoformat(),
            status=rng.choice(["unverified"] * 5 + ["refuted"]), id=f"c{n}")
    rows = db.execute("SELECT c.topic_id, t.kind, c.source_id, c.dated, c.base_low, c.base_value, c.base_high "
                      "FROM claims c JOIN topics t ON t.id = c.topic_id WHERE c.status != 'refuted' "
                      f"ORDER BY c.topic_id, c.dated, c.{dialect_of(db).recorded}").fetchall()
    observations = [truth.Observation(
        (topic, datetime.date.fromisoformat(dated).toordinal() // 7 if kind == "level" else None),
        source, low, value, high) for topic, kind, source, dated, low, value, high in rows]
    _, expected = truth.learn(observations)
    learned = learning.learn_from_db(db)
    assert gc.isenabled()  # learning pauses the cycle collector, and must switch it back on
    heard = Counter(o.object for o in observations)
    assert sum(n == 1 for n in heard.values()) > 10 and sum(n > 1 for n in heard.values()) > 10
    assert len(learned) == len(sources)
    assert {s: w for s, (w, _) in learned.items()} == {s: expected[s] for s in learned}
    assert len(set(expected.values())) > 3  # the sources earned different weights: the test can tell


def test_the_sql_speaks_the_vocabulary():
    """The big queries write the excluded statuses and the timed kinds out as literals (bound
    lists made the learning's reading a third slower): they must be exactly the vocabulary's."""
    import re

    from claims.basics.vocab import EXCLUDED_STATUSES, TIMED_KINDS

    def words(sql, column, negated):
        lists = re.findall(rf"{column} {'NOT IN' if negated else 'IN'} \(([^)]*)\)", sql)
        assert lists, (column, sql)
        return [set(re.findall(r"'(\w+)'", found)) for found in lists]

    assert words(queries.truth_sql(SQLITE), "t.kind", False) == [TIMED_KINDS]
    assert words(queries.truth_sql(SQLITE), "c.status", True) == [EXCLUDED_STATUSES]
    assert words(queries.current_claims_sql(SQLITE), "t.kind", True) == [TIMED_KINDS]


def test_compare_with_the_truth_policy(run, seeded):
    run("add", "--topic", "pokrovsk/distance-to-front", "--source", "Rybar", "--source-type", "milblogger",
        "3 km", "--as-of", "2025-01-03")
    data = json.loads(run("compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "json").stdout)
    assert data["policy"] == "truth" and data["consensus"]["value"] == 3
    assert "truth" in run("conflicts", "--policy", "truth", "-f", "csv").stdout
