"""Normalize place names and addresses so "123 Main Street" finds "123 Main St"."""
import re

ABBREVIATIONS = {
    "street": "st", "st.": "st", "avenue": "ave", "av": "ave", "ave.": "ave", "boulevard": "blvd",
    "road": "rd", "drive": "dr", "lane": "ln", "place": "pl", "court": "ct", "parkway": "pkwy",
    "highway": "hwy", "north": "n", "south": "s", "east": "e", "west": "w", "first": "1st",
    "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "saint": "st",
}


def place_key(text: str) -> str:
    """Lower-case, drop punctuation, abbreviate street words: one key per place."""
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def split_address(text: str) -> tuple[int | None, str]:
    """Return (house number, street key) for "123 Main St", or (None, key) otherwise."""
    key = place_key(text)
    found = re.match(r"^(\d+)\s+(.+)$", key)
    if found:
        return int(found.group(1)), found.group(2)
    return None, key
