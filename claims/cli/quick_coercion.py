"""A shortcut in front of Typer's coercion of command-line values, kept apart because it
reaches into Typer's private API (`typer.core._TyperParameter.get_runtime_param`).

Typer (0.26 and later) coerces every parameter through a pydantic TypeAdapter, so every
command would import pydantic (about 80 ms here) before doing anything, `claims list`
included. The values most commands get need none of it. `install()` puts the shortcut in
front of Typer's own coercion when this Typer has the hook (pyproject.toml pins Typer below
the next minor version it has not been tested with; a test holds the shortcut to Typer's
own answers). Without the hook it does nothing and Typer coerces every value itself.
"""

import re

from claims.basics.errors import BadOption


class QuickCoercion:
    """The values most commands get (an absent option, a string, an enum's exact value, a
    whole number within its bounds) converted to exactly what Typer would give; anything
    else goes to Typer, and a value Typer refuses is refused in this tool's own words, not
    pydantic's."""

    UNSURE = object()
    WHOLE = re.compile(r"-?[0-9]+")

    def __init__(self, parameter, slow):
        self.parameter, self.slow = parameter, slow

    def coerce(self, value, param, ctx):
        quick = self.quick(value, param)
        if quick is not self.UNSURE:
            return quick
        from typer._click import exceptions as click_errors

        try:
            return self.slow(self.parameter).coerce(value, param=param, ctx=ctx)
        except click_errors.BadParameter:
            raise BadOption(bad_value(param, value)) from None

    def quick(self, value, param):
        from enum import Enum

        described = param.type_descriptor
        kind, info = described.annotation, described.parameter_info
        if param.multiple or param.nargs != 1 or described.file_annotation is not None:
            return self.UNSURE
        if value is None:
            return None
        if kind is str and isinstance(value, str):
            return value
        if isinstance(kind, type) and issubclass(kind, Enum):
            return value if isinstance(value, kind) else next(
                (member for member in kind if member.value == value), self.UNSURE)
        if kind in (int, float) and type(value) is kind:  # a default, already the right type
            number = value
        elif kind is int and isinstance(value, str) and self.WHOLE.fullmatch(value):
            number = int(value)
        else:
            return self.UNSURE
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if getattr(info, "clamp", False) or (low is not None and number < low) or (high is not None and number > high):
            return self.UNSURE
        return number


def bad_value(param, value) -> str:
    """A value the command line refused, in words: what was given and what is wanted."""
    from enum import Enum

    described = param.type_descriptor
    kind, info = described.annotation, described.parameter_info
    name = max(param.opts, key=len) if getattr(param, "opts", None) else param.name
    shown = value[0] if isinstance(value, (list, tuple)) and len(value) == 1 else value
    if isinstance(kind, type) and issubclass(kind, Enum):
        wanted = "one of " + ", ".join(member.value for member in kind)
    elif kind is int:
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        wanted = "a whole number" + (f" from {low} to {high}" if low is not None and high is not None
                                     else f" of at least {low}" if low is not None else "")
    elif kind is float:
        wanted = "a number"
    else:
        wanted = "another value"
    return f"invalid {name} {shown!r}: give {wanted}"


def install() -> None:
    """Put QuickCoercion in front of Typer's own, where this Typer has the hook for it
    (once; again is a no-op)."""
    from typer import core

    parameter = getattr(core, "_TyperParameter", None)
    slow = getattr(parameter, "get_runtime_param", None)
    if slow is None or getattr(slow, "quick", False):
        return

    def get_runtime_param(self):
        return QuickCoercion(self, slow)

    get_runtime_param.quick = True
    parameter.get_runtime_param = get_runtime_param
