"""Names of units for people: plurals of the design's unit and labels of price units."""

from __future__ import annotations

from decimal import Decimal

# Labels of the unit keys that price catalogs use, as a report writes them after "per".
UNIT_LABELS: dict[str, str] = {
    "gb_month": "GB-month",
    "gb": "GB",
    "hour": "hour",
    "month": "month",
    "million_read_units": "million read units",
    "million_write_units": "million write units",
    "million_requests": "million requests",
    "thousand_requests": "thousand requests",
    "instance_hour": "instance-hour",
    "unit_hour": "unit-hour",
}

_VOWELS = frozenset("aeiou")


def unit_label(key: str) -> str:
    """Return the readable label of a catalog unit key: gb_month → GB-month."""
    return UNIT_LABELS.get(key, key.replace("_", " "))


def plural(noun: str, count: Decimal | int | None = None) -> str:
    """Return the English plural of a unit name, or the name itself when count is 1.

    The last word takes the plural (training run → training runs), or the word before
    "of" (unit of work → units of work). A name that already ends in s stays as it is
    (queries, GPU hours), so a unit written in the plural is not pluralised twice.
    """
    if count is not None and Decimal(count) == 1:
        return noun
    head, separator, tail = noun.partition(" of ")
    if separator and head:
        return _plural_word(head) + separator + tail
    return _plural_word(noun)


def capitalize_first(text: str) -> str:
    """Upper-case the first character only, so that `PDF page` stays `PDF page`."""
    return text[:1].upper() + text[1:]


# Irregular plurals of words a unit of work is likely to be named by.
_IRREGULAR = {"child": "children", "person": "people", "analysis": "analyses"}


def _plural_word(noun: str) -> str:
    lower = noun.lower()
    last_word = lower.rsplit(" ", 1)[-1]
    if last_word in _IRREGULAR:
        return noun[: len(noun) - len(last_word)] + _IRREGULAR[last_word]
    if not lower or not lower[-1].isascii() or not lower[-1].isalpha():
        # Scripts without an s plural (対話) and names ending in a digit stay as is.
        return noun
    if lower.endswith(("ss", "sis")):
        # process → processes, synthesis → syntheses
        return noun[:-2] + "es" if lower.endswith("sis") else noun + "es"
    if lower.endswith("s"):
        return noun
    if lower.endswith(("x", "z", "ch", "sh")):
        return noun + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    # Upper-case acronyms take a lower-case s, as in GPUs and PDFs.
    return noun + "s"
