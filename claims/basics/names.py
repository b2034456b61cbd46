"""One spelling per name: what the unique indexes of sources and aliases compare."""

import re
import unicodedata

# What no name may hold: C0 and C1 controls, DEL, and the bidi overrides and isolates that
# would make one name look like another (as a character class, for pydantic's patterns too)
CONTROL = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL_CHARACTER = re.compile(f"[{CONTROL}]")


def normal_name(name: str) -> str:
    """A name stripped and composed (NFC), so that "é" typed as one character or as "e" and
    an accent is one source, and a lookup finds what was stored."""
    return unicodedata.normalize("NFC", name.strip(WHITE_SPACE))


# Unicode's White_Space, which pydantic strips from names; Python's own strip() would also
# take \x1c-\x1f, and a name stored with one (before they were refused) could not be found
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
              "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
