"""Reviewing extracted candidates on the terminal, one at a time: each is shown as read
(the figure and its reading, its likelihood, the claimant and whether it is a known source,
the relays, the dates, the topic and whether it is new, whether it is already stored) and a
person answers y/yes to add it, n/no to leave it out, e/edit to change any field, q/quit
to stop. Anything else asks again; nothing is guessed.

A name is checked as it is typed and when a candidate is accepted: a known source or alias
is taken as stored, a near spelling of a known source or topic is offered ("did you mean"),
and a new one is said to be new. An accepted candidate is kept at once (`keep`), so a later
refusal, a typo or the end of input never loses it; a candidate that cannot be kept says why,
under the number the screen showed, and is asked about again.

Already stored candidates are shown and passed over: adding them would store them twice.
"""

from __future__ import annotations

from claims.basics import near
from claims.basics.errors import ClaimsError
from claims.figures import reading as figures
from claims.output.output import console, terminal_safe

ANSWERS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "e": "edit", "edit": "edit", "q": "quit", "quit": "quit"}
# every field of a claim a person can set, in the order a claim reads
FIELDS = ("figure", "likelihood", "source", "source_type", "side", "reliability", "via", "topic", "as_of",
          "reported_on", "status", "credibility", "evidence", "quote", "url", "place", "notes", "tags")
LISTS = ("via", "evidence", "tags")


class Names:
    """What a review checks names against: the known sources (lower-case name or alias ->
    {name, type, side}) and topic keys, with their near-spelling indexes."""

    def __init__(self, sources: dict, topics: set[str]):
        self.sources, self.topics = sources, topics
        self.source_index = near.NearIndex(sources) if sources else None
        self.topic_index = near.NearIndex(topics) if topics else None

    def source(self, name: str) -> tuple[str, str | None]:
        """('known', stored name) | ('near', a known name) | ('new', None)."""
        if name.lower() in self.sources:
            return "known", self.sources[name.lower()]["name"]
        close = self.source_index.near(name) if self.source_index else None
        return ("near", self.sources[close.lower()]["name"]) if close else ("new", None)

    def topic(self, key: str) -> tuple[str, str | None]:
        if key in self.topics:
            return "known", key
        close = self.topic_index.near(key) if self.topic_index else None
        return ("near", close) if close else ("new", None)


def review(proposal, text: str, ask, show, keep) -> dict:
    """Review `intake.propose`'s proposal: each accepted candidate is handed to `keep`
    (candidate, its number on screen, {new_sources, new_topics}) at once, which stores it
    or raises ClaimsError. The counts of what was kept, added up."""
    names = Names(dict(proposal.sources), set(proposal.topics))
    return review_candidates(proposal.candidates, text, names, ask, show, keep)


def review_candidates(candidates: list[dict], text: str, names: Names, ask, show, keep) -> dict:
    """`ask(prompt, default)` reads one answer (None at the end of input, which stops the
    review); `show(line, mark)` prints a line, the characters `mark` (start, end) set off."""
    total: dict = {"imported": 0, "unchanged": 0, "sources_created": 0, "topics_created": 0, "created": [],
                   "skipped": 0}
    for number, candidate in enumerate(candidates, 1):
        line, start, end = _context(text, candidate)
        head = f"\n[{number}/{len(candidates)}] "
        show(head + line, (len(head) + start, len(head) + end))
        for line in describe(candidate, names):
            show(line)
        if candidate.get("stored"):
            show("  already stored: passed over")
            total["skipped"] += 1
            continue
        if not _settle(candidate, number, names, ask, show, keep, total):
            break
    return total


def _settle(candidate: dict, number: int, names: Names, ask, show, keep, total: dict) -> bool:
    """Ask about one candidate until it is kept or left out; False when the review stops."""
    while True:
        answer = _decide(candidate, names, ask, show)
        if answer != "yes":
            return answer == "no"
        options = _confirm_names(candidate, names, ask, show)
        if options is None:
            return False
        try:
            counts = keep(candidate, number, options)
        except ClaimsError as error:
            show(f"  not added: {error}")
            continue
        for key in ("imported", "unchanged", "sources_created", "topics_created", "skipped"):
            total[key] += counts.get(key, 0)
        total["created"] += counts.get("created", [])
        names.sources.setdefault(candidate["source"].lower(), {"name": candidate["source"],
                                                               "type": candidate["source_type"],
                                                               "side": candidate["side"]})
        names.topics.add(candidate["topic"])
        show(f"  added as candidate {number}")
        return True


def _confirm_names(candidate: dict, names: Names, ask, show) -> dict | None:
    """Before keeping: a source or topic near a known one is offered; the answer decides
    whether the name is made new as written. None if the input ended."""
    options = {"new_sources": False, "new_topics": False}
    how, known = names.source(candidate["source"])
    if how == "known" and known and known != candidate["source"]:
        _use_source(candidate, names, known)
    elif how == "near":
        reply = _yes_no(ask, show, f"  source {candidate['source']!r} is new; did you mean the known {known!r}?")
        if reply is None:
            return None
        if reply and known:
            _use_source(candidate, names, known)
        options["new_sources"] = not reply
    how, known = names.topic(candidate["topic"])
    if how == "near":
        reply = _yes_no(ask, show, f"  topic {candidate['topic']!r} is new; did you mean the known {known!r}?")
        if reply is None:
            return None
        if reply:
            candidate["topic"] = known
        options["new_topics"] = not reply
    return options


def _use_source(candidate: dict, names: Names, known: str) -> None:
    row = names.sources[known.lower()]
    candidate.update(source=row["name"], source_type=row["type"], side=row["side"])


def _yes_no(ask, show, question: str) -> bool | None:
    while True:
        reply = ask(f"{question} [y]es [n]o")
        if reply is None:
            return None
        answer = ANSWERS.get(reply.strip().lower())
        if answer in ("yes", "no"):
            return answer == "yes"
        show(f"  {reply.strip()!r}: answer y or n")


def _decide(candidate: dict, names: Names, ask, show) -> str:
    while True:
        reply = ask("Add it? [y]es [n]o [e]dit [q]uit")
        if reply is None:
            return "quit"
        answer = ANSWERS.get(reply.strip().lower())
        if answer is None:
            show(f"  {reply.strip()!r}: answer y, n, e or q")
        elif answer != "edit":
            return answer
        elif _edit(candidate, names, ask, show):
            for line in describe(candidate, names):
                show(line)
        else:
            return "quit"


def for_table(proposal) -> list[dict]:
    """The candidates as a table shows them: a new topic or source marked "(new)", a known
    one near it named, and the likelihood beside the figure ("3 km (likely)")."""
    names = Names(dict(proposal.sources), set(proposal.topics))
    rows = []
    for c in proposal.candidates:
        row = dict(c)
        how, known = names.topic(c["topic"])
        row["topic"] = c["topic"] + {"known": "", "new": " (new)"}.get(how, f" (new; near {known})")
        how, known = names.source(c["source"])
        row["source"] = c["source"] + {"known": "", "new": " (new)"}.get(how, f" (new; near {known})")
        if c.get("likelihood"):
            row["figure"] = f"{c['figure']} ({c['likelihood'].replace('_', ' ')})"
        rows.append(row)
    return rows


def _context(text: str, candidate: dict) -> tuple[str, int, int]:
    """The figure's sentence, and where the figure is in it (its line, if the sentence is
    not found as written)."""
    start, end = candidate["span"]
    quote = candidate.get("quote") or ""
    at = text.find(quote, max(0, end - len(quote)), start + len(quote)) if quote else -1
    if at != -1 and at <= start:
        return quote, start - at, end - at
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: line_end if line_end != -1 else len(text)]
    return line, start - line_start, end - line_start


def describe(candidate: dict, names: Names) -> list[str]:
    """The candidate as read, one line per part of it."""
    from claims.basics.vocab import likelihood_words
    from claims.output.words import interval_words

    c = candidate
    reading = interval_words(c["low"], c["value"], c["high"], c["unit"]) if c["value"] is not None else "no number"
    likely = f"; {likelihood_words(c['likelihood'])}" if c.get("likelihood") else ""
    dates = f"as of {c['as_of'] or 'unknown'}; reported {c['reported_on'] or 'unknown'}"
    how, known = names.topic(c["topic"])
    topic = {"known": "on file", "new": "new"}.get(how) or f"new; near {known}"
    how, known = names.source(c["source"])
    source = {"known": "known source", "new": "new source"}.get(how) or f"new source; near {known}"
    return [f"  figure    {c['figure']}: {reading} ({c['qualifier'] or 'exact'}{likely})",
            f"  claimant  {c['source']} ({c['source_type']}, side {c['side']}; {source})",
            f"  via       {' <- '.join(c['via']) if c['via'] else 'nobody: first hand'}",
            f"  dates     {dates}",
            f"  topic     {c['topic']} ({topic})",
            f"  status    {c['status']}; stored: {'yes' if c.get('stored') else 'no'}"]


def _edit(candidate: dict, names: Names, ask, show) -> bool:
    """Change fields until an empty answer; False if the input ended."""
    while True:
        reply = ask("  field to change (? lists them; Enter when done)", "")
        if reply is None:
            return False
        if not reply.strip():
            return True
        if reply.strip() == "?":
            show(f"  fields: {', '.join(FIELDS[:6])},")
            show(f"          {', '.join(FIELDS[6:12])},")
            show(f"          {', '.join(FIELDS[12:])}")
            continue
        field = field_named(reply.strip())
        if field is None:
            show(f"  no field {reply.strip()!r}")
            continue
        if not _set_field(candidate, field, ask, show):
            return False
        if field in ("source", "topic"):  # checked as typed: known, near a known one, or new
            show(_name_status(candidate, field, names))


def _name_status(candidate: dict, field: str, names: Names) -> str:
    value = candidate[field]
    how, known = names.source(value) if field == "source" else names.topic(value)
    if how == "known":
        return f"  {field} {value!r}: known" + (f" (as {known!r})" if known != value else "")
    if how == "near":
        return f"  {field} {value!r}: new; did you mean the known {known!r}? (asked again when it is added)"
    return f"  {field} {value!r}: new, created when the candidate is added"


def field_named(reply: str) -> str | None:
    """A field by its name, a unique beginning of it ("sou" is not: source, source_type), or a typo."""
    reply = reply.lower().replace(" ", "_").replace("-", "_")
    if reply in FIELDS:
        return reply
    starting = [f for f in FIELDS if f.startswith(reply)]
    if len(starting) == 1:
        return starting[0]
    close = [f for f in FIELDS if len(reply) >= 4 and _one_edit(reply, f)]  # "sorce": a field's name is short
    return close[0] if len(close) == 1 else near.near(reply, FIELDS)


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two next to each other swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _set_field(candidate: dict, field: str, ask, show) -> bool:
    """Ask for one field's new value until it is valid; False if the input ended."""
    current = candidate.get(field)
    shown = "; ".join(current) if field in LISTS else ("" if current is None else str(current))
    while True:
        reply = ask(f"  {field}", shown)
        if reply is None:
            return False
        try:
            candidate.update(changed(candidate, field, reply.strip()))
            return True
        except ClaimsError as error:
            show(f"  {error}")


def changed(candidate: dict, field: str, value: str) -> dict:
    """The fields that change when `field` is set to `value` (the figure's reading with the
    figure), checked as an import checks them; raises ClaimsError with one line."""
    from pydantic import ValidationError

    from claims.rules.models import CLAIM_FIELDS, describe_validation, validate_claim

    if field == "figure":
        try:
            figure = figures.parse(value)
        except figures.FigureError as error:
            raise ClaimsError(str(error)) from None
        if figure is None:
            raise ClaimsError("a figure is needed: the number as the text gives it")
        return {"figure": figure.text, "value": figure.value, "low": figure.low, "high": figure.high,
                "unit": figure.unit, "qualifier": figure.qualifier}
    update = {field: [item.strip() for item in value.split(";") if item.strip()] if field in LISTS else
              (value or None)}
    trial = {k: v for k, v in {**candidate, **update}.items() if k in CLAIM_FIELDS}
    try:
        checked = validate_claim(trial)
    except ValidationError as error:
        raise ClaimsError(describe_validation(error)) from None
    return {field: checked[field]}


def terminal_prompts():
    """(ask, show) for a review at the terminal: answers read by typer, lines printed by
    rich, untrusted text made inert and the figure set off in reverse."""
    import typer
    from rich.text import Text

    out = console()

    def show(line: str, mark: tuple[int, int] | None = None) -> None:
        start, end = mark or (len(line), len(line))
        text = Text(terminal_safe(line[:start]))
        text.append(terminal_safe(line[start:end]), style="bold reverse")
        text.append(terminal_safe(line[end:]))
        out.print(text)

    def ask(prompt: str, default: str | None = None) -> str | None:
        try:
            return typer.prompt(prompt, default=None if default is None else terminal_safe(default),
                                show_default=bool(default))
        except (typer.Abort, EOFError):  # the input ended (Ctrl-D, or a file that ran out)
            out.print()
            return None

    return ask, show
