"""What a complaint filing locks (its address's location row) and where NC case numbers live.

Filings about one address queue on its NoiseLocation row, so the first complaint is marked
as the first and every later one as its repeat, however many arrive together.
"""
from apps.core.locks import created_row_lock, row_lock
from apps.core.numbering import reference_allocator
from apps.noise.errors import COMPLAINT_NOT_FOUND_MESSAGE, NoiseErrorCode
from apps.noise.models import Complaint, NoiseLocation
from apps.places.models import Place
from apps.places.normalize import place_key

CASE_PREFIX = "NC"
# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    CASE_PREFIX: (Complaint, "case_number", 6),
}
reference_allocate = reference_allocator(NUMBERED)


def complaint_lock(*, case_number: str) -> Complaint:
    """Lock and return the complaint, so concurrent status changes apply one after another."""
    return row_lock(Complaint.objects, field="case_number", value=case_number,
                    code=NoiseErrorCode.COMPLAINT_NOT_FOUND, message=COMPLAINT_NOT_FOUND_MESSAGE)


def noise_location_lock(*, place: Place, zone: str) -> NoiseLocation:
    """Return the locked location row for `place`, creating it on the first complaint."""
    return created_row_lock(NoiseLocation, key=place_key(place.name), defaults={
        "name": place.name,
        "place": place if place.pk else None,
        "zone": zone,
        "latitude": place.latitude,
        "longitude": place.longitude,
    })


def case_number_allocate(*, year: int) -> str:
    """Return the next case number of `year` ("NC-2026-000124"), unique under concurrency."""
    return reference_allocate(prefix=CASE_PREFIX, year=year)
