"""Completion of citation numbers, shared by the citation resource and the pay_a_citation prompt.

Citation numbers are short and sequential, and each leads to a plate: completing them is a
read of personal data, so it is marked personal (apps.accounts.viewers) and audited.
"""
from apps.accounts.viewers import Viewer, personal
from apps.parking.parsing import plate_normalize
from apps.parking.selectors import citation_numbers_of_plate, citation_numbers_with_prefix


@personal
def citation_number_completions(value: str, context: dict, viewer: Viewer) -> list[str]:
    """Complete citation numbers: staff get any; others only those of a plate they name in context.

    Citation numbers are short and sequential; listing them would hand strangers the way
    to other people's citations. Without a plate the public gets the year prefixes only.
    """
    if viewer is Viewer.STAFF:
        return citation_numbers_with_prefix(prefix=value)
    plate = context.get("license_plate")
    if isinstance(plate, str) and plate.strip():
        try:
            return citation_numbers_of_plate(license_plate=plate_normalize(plate), prefix=value)
        except ValueError:
            return []
    typed = value.strip().upper()
    return [year for year in citation_numbers_with_prefix(prefix="") if year.startswith(typed)]
