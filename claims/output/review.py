"""Reviewing extracted candidates on the terminal, one at a time: each is shown as read
(the figure and its reading, the claimant, the relays, the dates, the topic, whether it is
already stored) and a person answers y/yes to add it, n/no to leave it out, e/edit to
change any field, q/quit to stop. Anything else asks again; nothing is guessed.

Already stored candidates are shown and passed over: adding them would store them twice.
"""

from __future__ import annotations

from claims.basics import near
from claims.basics.errors import ClaimsError
from claims.figures import reading as figures
from claims.output.output import console, terminal_safe

ANSWERS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "e": "edit", "edit": "edit", "q": "quit", "quit": "quit"}
# every field of a claim a person can set, in the order a claim reads
FIELDS = ("figure", "source", "source_type", "side", "reliability", "via", "topic", "as_of", "reported_on",
          "status", "credibility", "evidence", "quote", "url", "place", "notes", "tags")
LISTS = ("via", "evidence", "tags")


def review(proposal, text: str, ask, show):
    """`intake.propose`'s proposal as a person leaves it: the candidates accepted, as edited,
    and those already stored. `ask` and `show` as in `review_candidates`."""
    return proposal._replace(candidates=review_candidates(proposal.candidates, text, proposal.topics, ask, show))


def review_candidates(candidates: list[dict], text: str, topics: set[str], ask, show) -> list[dict]:
    """The candidates a person accepts, as edited, and those already stored (still marked
    `stored`, which `intake.apply` passes over). `ask(prompt, default)` reads one answer
    (None at the end of input, which stops the review); `show(line, mark)` prints a line,
    the characters `mark` (start, end) set off."""
    accepted = []
    for number, candidate in enumerate(candidates, 1):
        line, start, end = _context(text, candidate)
        head = f"\n[{number}/{len(candidates)}] "
        show(head + line, (len(head) + start, len(head) + end))
        for line in describe(candidate, topics):
            show(line)
        if candidate.get("stored"):  # kept, so that what is applied can say it was passed over
            show("  already stored: passed over")
            accepted.append(candidate)
            continue
        answer = _decide(candidate, topics, ask, show)
        if answer == "quit":
            break
        if answer == "yes":
            accepted.append(candidate)
    return accepted


def answer(question: str, ask, show) -> str:
    """yes, no, edit or quit, asked again until it is one of them (quit at the end of input)."""
    while True:
        reply = ask(f"{question} [y]es [n]o [e]dit [q]uit")
        if reply is None:
            return "quit"
        found = ANSWERS.get(reply.strip().lower())
        if found is not None:
            return found
        show(f"  {reply.strip()!r}: answer y, n, e or q")


def _decide(candidate: dict, topics: set[str], ask, show) -> str:
    while True:
        given = answer("Add it?", ask, show)
        if given != "edit":
            return given
        if _edit(candidate, ask, show):
            for line in describe(candidate, topics):
                show(line)
        else:
            return "quit"


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


def describe(candidate: dict, topics: set[str]) -> list[str]:
    """The candidate as read, one line per part of it."""
    from claims.output.words import interval_words

    c = candidate
    reading = interval_words(c["low"], c["value"], c["high"], c["unit"]) if c["value"] is not None else "no number"
    dates = f"as of {c['as_of'] or 'unknown'}; reported {c['reported_on'] or 'unknown'}"
    topic = "on file" if c["topic"] in topics else "new"
    return [f"  figure    {c['figure']}: {reading} ({c['qualifier'] or 'exact'})",
            f"  claimant  {c['source']} ({c['source_type']}, side {c['side']})",
            f"  via       {' <- '.join(c['via']) if c['via'] else 'nobody: first hand'}",
            f"  dates     {dates}",
            f"  topic     {c['topic']} ({topic})",
            f"  status    {c['status']}; stored: {'yes' if c.get('stored') else 'no'}"]


def _edit(candidate: dict, ask, show) -> bool:
    """Change fields until an empty answer; False if the input ended."""
    while True:
        reply = ask("  field to change (? lists them; Enter when done)", "")
        if reply is None:
            return False
        if not reply.strip():
            return True
        if reply.strip() == "?":
            show(f"  fields: {', '.join(FIELDS[:9])},")
            show(f"          {', '.join(FIELDS[9:])}")
            continue
        field = field_named(reply.strip())
        if field is None:
            show(f"  no field {reply.strip()!r}")
            continue
        if not _set_field(candidate, field, ask, show):
            return False


def field_named(reply: str) -> str | None:
    """A field by its name, a unique beginning of it ("sou" is not: source, source_type), or a typo."""
    reply = reply.lower().replace(" ", "_").replace("-", "_")
    if reply in FIELDS:
        return reply
    starting = [f for f in FIELDS if f.startswith(reply)]
    if len(starting) == 1:
        return starting[0]
    return near.near(reply, FIELDS)


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
