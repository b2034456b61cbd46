"""Estimative language: the likelihood a claimant attached to what it says ("probably",
"we assess", "almost certainly"), read as one of ICD 203's seven bands (`vocab.Likelihood`).

The words are data, one table per language, so that another language's table sits beside
this one. Longer phrases are tried first: "highly unlikely" is not "unlikely", and
"unlikely" is not "likely".
"""

import re

# phrase -> ICD 203 band. "we assess" and "our assessment" state a judgement without a
# probability word; they are read as "likely", the band an assessment asserts at least.
WORDS_EN = {
    "almost no chance": "almost_no_chance", "remote chance": "almost_no_chance",
    "remote possibility": "almost_no_chance",
    "very unlikely": "very_unlikely", "highly unlikely": "very_unlikely", "highly improbable": "very_unlikely",
    "unlikely": "unlikely", "improbable": "unlikely", "probably not": "unlikely", "probably did not": "unlikely",
    "roughly even chance": "roughly_even_chance", "roughly even odds": "roughly_even_chance",
    "even chance": "roughly_even_chance",
    "likely": "likely", "probably": "likely", "probable": "likely", "we assess": "likely",
    "we judge": "likely", "our assessment": "likely", "it is assessed": "likely", "assessed to": "likely",
    "very likely": "very_likely", "highly likely": "very_likely", "highly probable": "very_likely",
    "very probably": "very_likely",
    "almost certainly": "almost_certain", "almost certain": "almost_certain", "nearly certain": "almost_certain",
    "virtually certain": "almost_certain",
}
TABLES = {"en": WORDS_EN}


def _pattern(words: dict) -> re.Pattern:
    phrases = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")\b",
                      re.IGNORECASE)


_PATTERNS = {language: (_pattern(words), words) for language, words in TABLES.items()}
_CUE = re.compile(r"likel|probab|assess|certain|chance|improbab|remote|judge", re.IGNORECASE)


def likelihood_in(sentence: str, language: str = "en") -> str | None:
    """The ICD 203 band of the first estimative phrase in a sentence, or None."""
    if not _CUE.search(sentence):  # most sentences have none: one cheap look first
        return None
    pattern, words = _PATTERNS[language]
    m = pattern.search(sentence)
    return words[" ".join(m.group().lower().split())] if m else None
