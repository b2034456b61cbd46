"""Clusters of one claim on the page: proposals as rows (table, CSV, JSON, Markdown) and
the review on the terminal, one proposal at a time: its first appearance and its relay
chain, each claim with its source, outlets, date, figure and quote, and a person answers
y/yes (one claim: record it), n/no (not one claim: not proposed again), e/edit (leave
claims out, or name another first appearance), q/quit. Anything else asks again.
"""

from __future__ import annotations

from claims.output.output import shorten

COLUMNS = ["cluster", "topic", "first", "source", "reported_on", "figure", "relays"]


def rows(found: list) -> list[dict]:
    """One row per proposal: its first appearance, and its relays as "id (source)"."""
    made = []
    for number, proposal in enumerate(found, 1):
        first = proposal["claims"][proposal["first"]]
        made.append({"cluster": number, "topic": proposal["topic"], "first": proposal["first"],
                     "source": first["source"], "reported_on": first["reported_on"] or first["as_of"],
                     "figure": first["figure"], "claims": 1 + len(proposal["relays"]),
                     "relays": "; ".join(f"{i} ({proposal['claims'][i]['source']})" for i in proposal["relays"]),
                     "relay_ids": proposal["relays"]})
    return made


def records(found: list) -> list[dict]:
    """One record per proposal for JSON: its first appearance and relays, and each claim as
    a person judges it (source, outlets, figure, dates, quote, address)."""
    keep = ("source", "via", "figure", "as_of", "reported_on", "quote", "url")
    return [{"cluster": number, "topic": p["topic"], "first": p["first"], "relays": p["relays"],
             "claims": [{"id": i, **{k: p["claims"][i][k] for k in keep}} for i in (p["first"], *p["relays"])]}
            for number, p in enumerate(found, 1)]


def describe(proposal: dict) -> list[str]:
    """The proposal, one line per claim, first appearance first."""
    lines = [f"  topic     {proposal['topic']}"]
    for number, claim_id in enumerate([proposal["first"], *proposal["relays"]], 1):
        c = proposal["claims"][claim_id]
        role = "first" if number == 1 else "relay"
        via = f" via {', '.join(c['via'])}" if c["via"] else ""
        lines.append(f"  {number}. {role:5} {claim_id}  {c['reported_on'] or c['as_of'] or 'undated'}  "
                     f"{c['source']}{via}: {c['figure']}")
        if c["quote"]:
            lines.append(f"              \"{shorten(c['quote'], 100)}\"")
    return lines


def review(found: list[dict], decide, ask, show) -> dict:
    """Each proposal shown and answered; `decide(proposal, answer)` records a yes or a no as
    it is given (so that quitting keeps what was answered; `proposal["proposed"]` keeps its
    claims as first proposed). Counts of the answers."""
    counts = {"accepted": 0, "rejected": 0, "left": 0}
    for number, proposal in enumerate(found, 1):
        show(f"\n[{number}/{len(found)}] one claim, relayed?")
        for line in describe(proposal):
            show(line)
        proposal["proposed"] = [proposal["first"], *proposal["relays"]]  # as proposed, before any edit
        answer = _answer(proposal, ask, show)
        if answer == "quit":
            counts["left"] = len(found) - number + 1
            break
        if answer in ("yes", "no"):
            decide(proposal, answer)
            counts["accepted" if answer == "yes" else "rejected"] += 1
    return counts


def _answer(proposal: dict, ask, show) -> str:
    from claims.output.review import answer

    while True:
        given = answer("One claim?", ask, show)
        if given != "edit":
            return given
        if not _edit(proposal, ask, show):
            return "quit"
        elif not proposal["relays"]:
            show("  one claim is left: nothing to record")
            return "skip"
        else:
            for line in describe(proposal):
                show(line)


def _edit(proposal: dict, ask, show) -> bool:
    """Leave claims out and pick the first appearance; False if the input ended."""
    members = [proposal["first"], *proposal["relays"]]
    out = _numbers(ask, show, "  leave out (numbers, e.g. 2 3; Enter: none)", len(members))
    if out is None:
        return False
    kept = [m for i, m in enumerate(members, 1) if i not in out]
    first = _numbers(ask, show, f"  first appearance (1-{len(kept)}; Enter: 1)", len(kept), one=True)
    if first is None:
        return False
    chosen = kept[(first or [1])[0] - 1] if kept else None
    proposal["first"], proposal["relays"] = chosen, [m for m in kept if m != chosen]
    return True


def _numbers(ask, show, prompt: str, most: int, one: bool = False) -> list[int] | None:
    while True:
        reply = ask(prompt, "")
        if reply is None:
            return None
        parts = reply.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= most for p in parts) and not (one and len(parts) > 1):
            return [int(p) for p in parts]
        show(f"  {reply.strip()!r}: give {'one number' if one else 'numbers'} from 1 to {most}")
