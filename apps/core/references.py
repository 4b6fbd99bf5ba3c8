"""One reading of every kind of record reference a resident types ("out-2026-9" → "OUT-2026-0009").

References are printed as PREFIX-YEAR-NUMBER with the number zero-padded to its prefix's width
(each domain's NUMBERED table in its `locks` module). Residents and assistants retype them in
lower case, with spaces or without the padding; every domain reads them here, so a form that
finds a citation also finds an outage, a complaint or a variance.
"""
import re
from collections.abc import Mapping

_REFERENCE_RE = re.compile(r"^([A-Z]+)[-\s_]*(\d{4})[-\s_]*(\d{1,12})$")


def reference_normalize(value, numbered: Mapping[str, tuple]) -> str:
    """Return the stored form of a typed reference, or its trimmed upper-case text if it is no reference.

    `numbered` maps each prefix the domain hands out to `(model, field, digits)`. A value with
    another prefix, or not shaped like a reference, comes back trimmed and upper-cased, so the
    lookup that follows answers "not found" with the text the caller typed.
    """
    text = " ".join(str(value).split()).upper()
    found = _REFERENCE_RE.match(text)
    if not found or found.group(1) not in numbered:
        return text
    prefix, year, number = found.groups()
    digits = numbered[prefix][2]
    return f"{prefix}-{year}-{int(number):0{digits}d}"
