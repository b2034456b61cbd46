"""Python's cycle collector, paused while bulk work builds millions of small objects.

An import or the learning creates objects by the million and no reference cycles, so
the collector would only walk the live ones again and again: measured, 27% of a
1,000,000-claim import, 10-20% of the learning, about 10% of `conflicts` and of
comparing a topic of 10,000 claims. Reference counting still frees every object as
usual; the collector comes back on when the work ends, however it ends.

    with paused():      # or, over a whole function: @paused()
        ...
"""

import contextlib
import gc


@contextlib.contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
