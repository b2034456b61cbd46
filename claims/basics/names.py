"""One spelling per name: what the unique indexes of sources and aliases compare."""

import unicodedata


def normal_name(name: str) -> str:
    """A name stripped and composed (NFC), so that "é" typed as one character or as "e" and
    an accent is one source, and a lookup finds what was stored."""
    return unicodedata.normalize("NFC", name.strip())
