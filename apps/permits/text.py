"""Small wording helpers shared by messages and answers."""


def indefinite(name: str) -> str:
    """Return the name with "a" or "an": "an Electrical Permit", "a Sign Permit"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
