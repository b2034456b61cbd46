"""A consensus that learns whom to trust: truth discovery for numeric claims.

It jointly estimates every topic's value and every source's reliability, and is
built for this tool's data rather than for dense crowds:

- few claims per topic and a long tail of sources with one or two claims: a
  source's trust is a Beta posterior on how often the truth fell inside its
  claims, with a prior that one claim cannot overturn (shrinkage);
- ranges and one-sided claims are intervals: "at least 300" is a censored
  observation, and a source is never penalised when the truth falls inside it;
- figures over orders of magnitude are compared on a log scale;
- absurd outliers cannot drag the estimate: with few claims it picks the best
  supported claimed value (a density mode), never a plain weighted mean;
- relays and copies are one voice, counted once.

With many independent point claims and no value held by most of them (a dense
crowd), it takes a trimmed, bias-corrected, precision-weighted mean instead.
Only objects claimed by two or more voices teach anything about a source.
"""

import bisect
import math
from collections import Counter, defaultdict
from itertools import compress
from operator import mul

from claims.basics.collector import paused
from claims.basics.vocab import CREDIBILITY_WEIGHT, RELIABILITY_WEIGHT
from claims.rules.voices import voices

PRIOR = (3.0, 1.0)     # Beta prior on a source's hit rate (mean 0.75): worth hearing, not yet proven
BANDWIDTH = 0.001      # kernel width on the log scale (0.1%): near-identical figures support each other
AGREE = 1e-3           # a truth within 0.1% of a claim's interval counts as inside it
DENSE = 5              # voices at which a crowd's mean can beat picking one claim
ITERATIONS = 10
TIE = 1e-9            # supports within this fraction are a tie, which the lower value wins


class Observation:
    """One voice's claim about one object, as an interval (None: an open side)."""

    __slots__ = ("object", "voice", "low", "value", "high")

    def __init__(self, object, voice, low, value, high):
        self.object, self.voice, self.low, self.value, self.high = object, voice, low, value, high


# trust per log-claim of volume, kept tiny: it only breaks ties between voices otherwise
# equal (more of it hurt on Population: volume alone must not outvote a record)
EXPERIENCE = 1e-3


def learn(observations: list[Observation], iterations: int = ITERATIONS, progress=None) -> tuple[dict, dict]:
    """(truth per object, weight per voice), iterating truths and trust to a fixed point.
    `progress(done, total)` hears about each round.

    Each round re-estimates only the objects one of whose voices changed weight, and
    re-weighs only the voices one of whose objects changed truth: the others would come
    out exactly as they were, and after the first rounds they are nearly all of them."""
    by_object = one_per_voice(observations)
    return learn_grouped(by_object, voice_experience(by_object), iterations, progress)


def learn_grouped(by_object: dict, experience: dict, iterations: int = ITERATIONS,
                  progress=None) -> tuple[dict, dict]:
    """`learn` on observations already grouped one per voice, with each voice's experience
    given. The database leaves out the objects that one claim alone speaks about: they teach
    nothing about anyone, but still count towards their voice's experience."""
    shared = {o: obs for o, obs in by_object.items() if len(obs) >= 2}
    weights: dict = defaultdict(lambda: hit_rate(0, 0))
    weights.update({voice: hit_rate(0, 0) * factor for voice, factor in experience.items()})
    crowd = crowd_rule(by_object)
    # a lone voice's figure is its object's truth whatever the weights: settled once
    truths = {o: obs[0].value for o, obs in by_object.items() if len(obs) == 1}
    prepared = {o: Prepared(obs) for o, obs in shared.items()}
    record = _Record(prepared, experience)
    order = list(shared)  # objects by number, for the arrays that track them
    lead = _Leads(len(order))
    dirty = range(len(order))
    for round_ in range(iterations):
        if progress:
            progress(round_, iterations)
        moved = []
        for i in dirty:
            o = order[i]
            claims = prepared[o]
            truth = estimate(shared[o], weights, crowd, claims)
            lead.estimated(i, claims.gap)
            if truth != truths.get(o):
                moved.append((o, truths.get(o), truth))
                truths[o] = truth
        changed = record.reweigh(moved)
        shifts = {voice: abs(w - weights[voice]) for voice, w in changed.items()}
        weights.update(changed)
        if not moved or max(shifts.values(), default=0.0) <= 1e-3:  # truths, or trust, have stopped moving
            break
        dirty = lead.unsettled(record, shifts)
    if progress:
        progress(iterations, iterations)
    return truths, dict(weights)


class _Leads:
    """Which objects' estimates could change. A voice supports each candidate with its
    weight times a kernel between 0 and 1, so when its weight moves by d, the lead of the
    mode over any other candidate moves by at most d. An object whose lead (`Prepared.gap`,
    tie rule included) is more than the summed moves of its voices since its estimate (its
    drift) keeps its mode: it is skipped, exactly. Objects without a known lead (means, big
    objects) have a lead of 0 and are not.

    Kept in arrays, by object number: each round adds every moved voice's shift to all its
    objects at once (a voice speaks once per object, so no object is counted twice), in the
    same order and with the same float additions as one object at a time."""

    def __init__(self, n: int):
        import numpy

        self.np = numpy
        self.drift = numpy.zeros(n)
        self.gap = numpy.zeros(n)

    def estimated(self, i: int, gap: float) -> None:
        self.drift[i] = 0.0
        self.gap[i] = gap

    def unsettled(self, record, shifts: dict):
        np = self.np
        touched = np.zeros(len(self.drift), dtype=bool)
        for voice, shift in shifts.items():
            if shift:
                objects = record.numbered[voice]
                self.drift[objects] += shift
                touched[objects] = True
        # the slack (TIE, 1e-9, 0.999) only ever re-estimates more: rounding cannot skip an object
        open_ = touched & (self.drift * (1 + TIE) + 1e-9 >= self.gap * 0.999)
        return np.flatnonzero(open_).tolist()


class _Record:
    """Each voice's hits on shared objects (the truth inside its claim), kept up to date
    as truths move, and the weight they earn: a Beta-posterior hit rate times experience."""

    def __init__(self, prepared: dict, experience: dict):
        self.prepared, self.experience = prepared, experience
        self.hits: dict = defaultdict(float)
        self.totals: dict = defaultdict(float)
        objects: dict = defaultdict(list)  # voice -> the numbers of the objects it speaks about
        for number, claims in enumerate(prepared.values()):
            for voice in claims.voices:
                self.totals[voice] += 1
                objects[voice].append(number)
        import numpy

        self.numbered = {voice: numpy.array(numbers, dtype=numpy.intp) for voice, numbers in objects.items()}

    def reweigh(self, moved: list[tuple]) -> dict:
        """The new weight of every voice whose hits changed; `moved` holds (object, old, new)."""
        touched = set()
        for o, old, new in moved:
            claims = self.prepared[o]
            before = None if old is None else claims.coordinate(old)
            after = claims.coordinate(new)
            for voice, low, high in zip(claims.voices, claims.lows, claims.highs):
                was = before is not None and low - AGREE <= before <= high + AGREE
                now = low - AGREE <= after <= high + AGREE
                if old is None or was != now:
                    self.hits[voice] += now - was
                    touched.add(voice)
        return {voice: hit_rate(self.hits[voice], self.totals[voice]) * self.experience[voice]
                for voice in touched}


class Prepared:
    """One object's claims as coordinates, worked out once for all iterations."""

    __slots__ = ("voices", "lows", "highs", "candidates", "backing", "scale", "gap")

    def __init__(self, obs: list[Observation]):
        scale = self.scale = _scale(obs)
        self.voices = [ob.voice for ob in obs]
        self.lows = [-math.inf if ob.low is None else _coordinate(ob.low, scale) for ob in obs]
        self.highs = [math.inf if ob.high is None else _coordinate(ob.high, scale) for ob in obs]
        self.candidates = _claimed_values(obs)
        self.backing = None  # per candidate, how much each claim backs it: see `mode`
        self.gap = 0.0  # how far the last mode's support led the runner-up's (0: unknown)

    def coordinate(self, value: float) -> float:
        if self.scale[0] == "log" and value <= 0:
            return -math.inf
        return _coordinate(value, self.scale)

    def mode(self, weights) -> float:
        """The claimed value with the most weighted support; a tie goes to the lower value.
        This is the learning's inner loop: each support is one C-level sum of products."""
        if self.backing is None:  # worked out once: only the weights change between rounds
            self.backing = self._backing()
        ws = list(map(weights.__getitem__, self.voices))
        best, best_support, runner_up = None, -1.0, 0.0
        for value, backing in zip(self.candidates, self.backing):
            support = sum(map(mul, ws, backing))
            if support > best_support * (1 + TIE):
                best, best_support, runner_up = value, support, max(runner_up, best_support)
            else:
                runner_up = max(runner_up, support)
        # the lead that keeps this mode under the tie rule, whichever side the runner-up is on
        self.gap = best_support - runner_up * (1 + TIE) if len(self.candidates) > 1 else math.inf
        return best

    def _backing(self) -> list[list[float]]:
        """Per candidate, how much each claim backs it. A claim backs only the candidates
        near it, found by bisection (with room to spare: `_backing` has the last word)."""
        coordinates = [_coordinate(value, self.scale) for value in self.candidates]
        backing = [[0.0] * len(self.voices) for _ in coordinates]
        for j, (low, high) in enumerate(zip(self.lows, self.highs)):
            start = bisect.bisect_left(coordinates, low - 2 * REACH)
            for i in range(start, bisect.bisect_right(coordinates, high + 2 * REACH, start)):
                backing[i][j] = _backing(coordinates[i], low, high)
        return backing


def _backing(c: float, low: float, high: float) -> float:
    """How much a claim [low, high] backs the candidate at c: fully inside, by the kernel
    just outside, not at all beyond its reach."""
    distance = low - c if c < low else c - high if c > high else 0.0
    return _kernel(distance) if distance < REACH else 0.0


def voice_experience(by_object: dict, lone_voices: Counter | None = None) -> dict:
    """A voice heard once has earned nothing yet: trust grows with the log of how much it has
    said. `lone_voices` counts the claims left out of `by_object` as their object's only one."""
    counts = Counter(lone_voices)
    for obs in by_object.values():
        counts.update(ob.voice for ob in obs)
    return {voice: 1.0 + EXPERIENCE * math.log(n) for voice, n in counts.items()}


def one_per_voice(observations: list[Observation]) -> dict:
    """Relays and repeats of one voice about one object count once (the last one said)."""
    grouped: dict = defaultdict(dict)
    for ob in observations:
        if ob.value is not None:
            grouped[ob.object][ob.voice] = ob
    return {o: list(voices.values()) for o, voices in grouped.items()}


def hit_rate(hits: float, total: float) -> float:
    a, b = PRIOR
    return (a + hits) / (a + b + total)


# ---------------------------------------------------------------- one object

def crowd_rule(by_object: dict, sample: int = 2000, held_out: int = 12) -> bool:
    """Whether dense objects are better served by a crowd's mean than by its best-supported
    claim, decided by the data: leave each voice out of objects with many voices and see
    which rule predicts it with the smaller squared error (log scale for positive figures).
    Figures with slips and copies favour the claim (a census figure is exactly right or
    wrong, and one slip is far off); ratings and estimates favour the mean."""
    dense = [obs for obs in by_object.values() if len(obs) >= DENSE and all(ob.low == ob.high for ob in obs)]
    if len(dense) < 20:
        return False
    errors = {"mode": 0.0, "mean": 0.0}
    flat = defaultdict(lambda: 1.0)
    for obs in dense[:sample]:
        scale = _scale(obs)
        for i, held in enumerate(obs[:held_out]):  # a dozen voices an object tell enough
            rest = obs[:i] + obs[i + 1:]
            target = _coordinate(held.value, scale) if scale[0] == "linear" or held.value > 0 else 0.0
            for rule, guess in (("mode", estimate(rest, flat)), ("mean", _crowd_mean(rest, flat))):
                value = _coordinate(guess, scale) if scale[0] == "linear" or guess > 0 else 0.0
                errors[rule] += (value - target) ** 2
    return errors["mean"] < errors["mode"]


def estimate(obs: list[Observation], weights, crowd: bool = False, prepared: Prepared | None = None) -> float:
    """The most credible value for one object given its voices' weights.

    Figures take the best-supported claimed value. Where the data showed that a crowd's
    mean predicts its members better (`crowd_rule`), an object with many voices takes a
    winsorized weighted mean: there the truth is rarely any one answer.
    """
    if len(obs) == 1:
        return obs[0].value
    if crowd and len(obs) >= DENSE and all(ob.low == ob.high for ob in obs):
        return _crowd_mean(obs, weights)
    if len(obs) > 32:
        return _mode_sorted(obs, weights, _scale(obs))
    return (prepared or Prepared(obs)).mode(weights)


REACH = 6 * BANDWIDTH  # beyond six kernel widths a claim's support is below 1e-7: ignored


def _mode_sorted(obs: list[Observation], weights, scale) -> float:
    """The same mode for many claims in O(n log n): the weight of the intervals holding a
    candidate comes from prefix sums over sorted bounds; only bounds within the kernel's
    reach are visited one by one."""
    lows, highs = [], []
    for ob in obs:
        w = weights[ob.voice]
        lows.append((-math.inf if ob.low is None else _coordinate(ob.low, scale), w))
        highs.append((math.inf if ob.high is None else _coordinate(ob.high, scale), w))
    lows.sort()
    highs.sort()
    low_keys, high_keys = [x for x, _ in lows], [x for x, _ in highs]
    low_sums, high_sums = _prefix([w for _, w in lows]), _prefix([w for _, w in highs])
    candidates = _claimed_values(obs)
    best, best_support = None, -1.0
    for candidate in candidates:
        c = _coordinate(candidate, scale)
        started = low_sums[bisect.bisect_right(low_keys, c)]   # weight of intervals starting at or below c
        ended = high_sums[bisect.bisect_left(high_keys, c)]    # weight of intervals ending below c
        support = started - ended
        for i in range(bisect.bisect_right(low_keys, c), bisect.bisect_right(low_keys, c + REACH)):
            support += lows[i][1] * _kernel(low_keys[i] - c)
        for i in range(bisect.bisect_left(high_keys, c - REACH), bisect.bisect_left(high_keys, c)):
            support += highs[i][1] * _kernel(c - high_keys[i])
        if support > best_support * (1 + TIE):
            best, best_support = candidate, support
    return best


def _claimed_values(obs: list[Observation]) -> list[float]:
    """Every bound and value the claims give, once each, rising: the candidates for a mode."""
    return sorted({x for ob in obs for x in (ob.low, ob.value, ob.high) if x is not None})


def _prefix(weights: list[float]) -> list[float]:
    sums = [0.0]
    for w in weights:
        sums.append(sums[-1] + w)
    return sums


def _crowd_mean(obs, weights) -> float:
    """A weighted mean with the most extreme tenth at each end pulled in to its neighbour."""
    points = sorted((ob.value, weights[ob.voice]) for ob in obs)
    k = len(points) // 10
    if k:
        values = [x for x, _ in points]
        values[:k] = [values[k]] * k
        values[-k:] = [values[-k - 1]] * k
        points = [(x, w) for x, (_, w) in zip(values, points)]
    total = sum(w for _, w in points)
    return sum(x * w for x, w in points) / total


# ---------------------------------------------------------------- distances

def _scale(obs) -> tuple:
    """Log scale when every bound is positive (counts, distances); otherwise linear,
    in units of the claims' spread (scores that cross zero)."""
    values = [x for ob in obs for x in (ob.low, ob.value, ob.high) if x is not None]
    if values and min(values) > 0:
        return ("log", 1.0)
    spread = (max(values) - min(values)) if values else 1.0
    return ("linear", max(spread, abs(max(values, key=abs)) if values else 1.0, 1e-12))


def _coordinate(x: float, scale) -> float:
    return math.log(x) if scale[0] == "log" else x / scale[1]


def _kernel(distance: float) -> float:
    if distance == 0:
        return 1.0
    if math.isinf(distance):
        return 0.0
    return math.exp(-0.5 * (distance / BANDWIDTH) ** 2)



# A claim's verification scales its source's learned weight in a topic's consensus: a claim
# checked against evidence counts for more than one nobody has checked, and a disputed one
# for less (refuted and retracted claims are not compared at all).
STATUS_WEIGHT = {"confirmed": 2.0, "corroborated": 1.5, "unverified": 1.0, "disputed": 0.5}


def consensus(counted, weights: dict, voice_of: dict) -> tuple:
    """(low, value, high) for one topic's figures that count (`comparison.Counted`, column
    by column): each voice weighted by its learned trust, times its Admiralty code
    (reliability x credibility) and its verification."""
    claim_voices = list(map(voice_of.get, counted.ids, counted.source_ids))
    obs = [Observation(0, voice, low, value, high)
           for voice, low, value, high in zip(claim_voices, counted.lows, counted.values, counted.highs)]
    grouped = one_per_voice(obs)[0]
    voice_weight = defaultdict(lambda: hit_rate(0, 0))
    for voice, source, reliability, credibility, status in zip(claim_voices, counted.source_ids,
                                                               counted.reliabilities, counted.credibilities,
                                                               counted.statuses):
        judged = (RELIABILITY_WEIGHT.get(reliability, 0.5) * CREDIBILITY_WEIGHT.get(credibility, 0.5)
                  * STATUS_WEIGHT.get(status, 1.0))
        weight = weights.get(source, hit_rate(0, 0)) * judged
        voice_weight[voice] = max(voice_weight.get(voice, 0.0), weight)
    value = estimate(grouped, voice_weight, False)
    return value, value, value


# ---------------------------------------------------------------- every source at once

@paused()
def learn_rows(rows: list[tuple], roots: dict, links: list[tuple], progress=None) -> dict:
    """source id -> (weight, claims it was judged on), from every live figure (the rows of
    `queries.truth_sql`), the sources' roots and the links between claims. Rows stay
    tuples: a million of them come here."""
    if any(kind in ("relays", "duplicates") for _, _, kind in links):
        keys = voices([{"id": r[0], "source_id": r[1]} for r in rows], roots, links)
        voice_of = [keys[r[0]] for r in rows]
    else:  # the common case: a claim's voice is its source's root
        voice_of = [roots.get(r[1], r[1]) for r in rows]
    objects = [r[5] for r in rows]
    heard = Counter(objects)
    # most objects have one claim: they only add to their voice's experience
    alone = [n == 1 for n in map(heard.__getitem__, objects)]
    observations = [Observation(o, voice, r[2], r[3], r[4])
                    for r, voice, o, lone in zip(rows, voice_of, objects, alone) if not lone]
    by_object = one_per_voice(observations)
    experience = voice_experience(by_object, Counter(compress(voice_of, alone)))
    _, weights = learn_grouped(by_object, experience, progress=progress)
    counts = Counter(voice_of)
    # each source takes the voice of its last claim (one voice per source unless links merge claims)
    last_voice = dict(zip((r[1] for r in rows), voice_of))
    return {source_id: (weights.get(voice, hit_rate(0, 0)), counts[voice]) for source_id, voice in last_voice.items()}
