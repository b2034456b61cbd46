"""Learning whom to trust, as an operation: every source's weight learned from the whole
database (`truth.learn_rows`), stored by the explicit step `claims learn`, and read back
by comparisons while the database has not changed since.

A read never writes: a comparison that finds no stored weights, or weights the database
has changed since, learns them in memory, uses them, and says they were not kept.
"""

from typing import NamedTuple

from claims.rules import truth
from claims.storage import queries, store


class Learned(NamedTuple):
    weights: dict  # source id -> (weight, claims it was judged on)
    stored: bool  # True: read back from the database; False: learned now and not kept


def learn_from_db(db, progress=None) -> dict:
    """source id -> (weight, claims it was judged on), from every live figure in the database."""
    return truth.learn_rows(queries.truth_rows(db), queries.source_roots(db), queries.links_among(db), progress)


def learn(db, progress=None) -> dict:
    """The explicit step: learn every source's weight and store it with the database's
    fingerprint. Returns how many sources and claims it was learned from."""
    stamp = queries.fingerprint(db)
    weights = learn_from_db(db, progress)
    store.save_weights(db, weights, stamp)
    return {"sources": len(weights), "claims": sum(n for _, n in weights.values())}


def weights(db, progress=None) -> Learned:
    """The stored weights while they are current, else weights learned now (not stored)."""
    stored = queries.learned_weights(db, queries.fingerprint(db))
    if stored:
        return Learned(stored, True)
    return Learned(learn_from_db(db, progress), False)
