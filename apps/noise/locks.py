"""Row locks of the noise domain, each taken in one place and in primary-key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""
from django.db import IntegrityError, transaction
from django.db.models import F

from apps.core.errors import ServiceError
from apps.noise.errors import COMPLAINT_NOT_FOUND_MESSAGE, NoiseErrorCode
from apps.noise.models import CaseSequence, Complaint, NoiseLocation
from apps.places.models import Place
from apps.places.normalize import place_key

CASE_PREFIX = "NC"


def complaint_lock(*, case_number: str) -> Complaint:
    """Lock and return the complaint, so concurrent status changes apply one after another."""
    complaint = (
        Complaint.objects.select_for_update()
        .filter(case_number=case_number)
        .order_by("pk")
        .first()
    )
    if complaint is None:
        raise ServiceError(NoiseErrorCode.COMPLAINT_NOT_FOUND,
                           COMPLAINT_NOT_FOUND_MESSAGE.format(case_number=case_number), field="case_number")
    return complaint


def noise_location_lock(*, place: Place, zone: str) -> NoiseLocation:
    """Return the locked location row for `place`, creating it on the first complaint.

    Concurrent first complaints about one address race on the unique key; get_or_create
    retries the read when it loses, and the lock then serializes the rest of the filing.
    """
    key = place_key(place.name)
    location, _ = NoiseLocation.objects.get_or_create(
        key=key,
        defaults={
            "name": place.name,
            "place": place if place.pk else None,
            "zone": zone,
            "latitude": place.latitude,
            "longitude": place.longitude,
        },
    )
    return NoiseLocation.objects.select_for_update().filter(pk=location.pk).order_by("pk").get()


def case_number_allocate(*, year: int) -> str:
    """Return the next case number of `year` ("NC-2026-000124"), unique under concurrency.

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any case already on file (demo data, imports).
    """
    return f"{CASE_PREFIX}-{year}-{_sequence_next(year):06d}"


def _sequence_next(year: int) -> int:
    updated = CaseSequence.objects.filter(year=year).update(last_number=F("last_number") + 1)
    if updated:
        return CaseSequence.objects.filter(year=year).values_list("last_number", flat=True).get()
    first = _highest_case_number(year) + 1
    try:
        with transaction.atomic():
            CaseSequence.objects.create(year=year, last_number=first)
    except IntegrityError:  # another filing created the year's counter first
        return _sequence_next(year)
    return first


def _highest_case_number(year: int) -> int:
    prefix = f"{CASE_PREFIX}-{year}-"
    last = (
        Complaint.objects.filter(case_number__startswith=prefix)
        .order_by("-case_number")
        .values_list("case_number", flat=True)
        .first()
    )
    return int(last[len(prefix):]) if last else 0
