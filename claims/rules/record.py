"""A source's track record: a Beta posterior on the share of its settled claims that held
up, the Admiralty reliability grade it suggests, and the Beta quantiles behind both (no
scipy needed). Pure.
"""

import math

RECORD_STATUSES = ("confirmed", "corroborated", "disputed", "refuted", "retracted")


def track_record(counts: dict, prior: tuple[float, float] = (1.0, 1.0)) -> dict:
    """A Beta posterior on the share of a source's settled claims that held up.

    Held up: confirmed or corroborated; failed: refuted or retracted; disputed and
    unverified claims are not settled and do not count. Two lucky claims are not two hundred:
    the 90% interval says how much the record can tell.
    """
    good = counts.get("confirmed", 0) + counts.get("corroborated", 0)
    bad = counts.get("refuted", 0) + counts.get("retracted", 0)
    a, b = prior[0] + good, prior[1] + bad
    return {"settled": good + bad, "score": round(a / (a + b), 3),
            "low": round(beta_quantile(0.05, a, b), 3), "high": round(beta_quantile(0.95, a, b), 3),
            "suggested": suggest_grade(good + bad, a / (a + b), beta_quantile(0.05, a, b))}


def suggest_grade(settled: int, score: float, low: float) -> str:
    """An Admiralty reliability grade from the record; too little evidence is F, cannot be judged."""
    if settled < 3:
        return "F"
    if low >= 0.9:
        return "A"
    if score >= 0.8 and low >= 0.6:
        return "B"
    if score >= 0.65:
        return "C"
    if score >= 0.5:
        return "D"
    return "E"


def rank_row(entry: dict, learned) -> dict:
    """One source's line in `sources rank`: its record beside the analyst's grade and its learned weight."""
    counts = entry["counts"]
    record = track_record(counts)
    return {
        "name": entry["name"], "type": entry["type"], "side": entry["side"], "claims": sum(counts.values()),
        **{status: counts.get(status, 0) for status in RECORD_STATUSES},
        "settled": record["settled"], "score": record["score"], "low": record["low"], "high": record["high"],
        "suggested": record["suggested"], "grade": entry["reliability"],
        "learned_weight": round(learned[0], 3) if learned else None,
    }


def beta_quantile(p: float, a: float, b: float) -> float:
    """The p-quantile of Beta(a, b), by bisection on the regularized incomplete beta function."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if incomplete_beta(middle, a, b) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), by Lentz's continued fraction (Numerical Recipes, betacf)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1 - x, b, a) / b


def _continued_fraction(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-12:
            break
    return h


def by_month(rows) -> list[dict]:
    """(month, status, n) rows -> one row a month: claims in all, and each settled status."""
    months: dict = {}
    for month, status, n in rows:
        months.setdefault(month, {"month": month, "claims": 0, **dict.fromkeys(RECORD_STATUSES, 0)})
        months[month]["claims"] += n
        if status in RECORD_STATUSES:
            months[month][status] = n
    return list(months.values())
