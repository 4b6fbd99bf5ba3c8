"""What the generators build on: the demo city's places, violation types and permit catalogue."""
from dataclasses import dataclass

from apps.parking.models import Citation, ParkingFacility, ViolationType
from apps.permits.models import PermitType
from apps.places.models import Place


@dataclass(frozen=True)
class CitySources:
    places: list
    violation_types: list
    permit_types: list
    plates: set  # plates on record: generated citations leave them alone
    facility_names: set


def city_sources() -> CitySources:
    """Read the reference rows the generators draw from (a few dozen rows, plus plates on record)."""
    return CitySources(
        places=list(Place.objects.exclude(kind=Place.Kind.ALIAS).order_by("pk")),
        violation_types=list(ViolationType.objects.filter(is_active=True).order_by("pk")),
        permit_types=list(PermitType.objects.filter(is_active=True).prefetch_related("fee_rules").order_by("pk")),
        plates=set(Citation.objects.values_list("license_plate", flat=True).distinct()),
        facility_names=set(ParkingFacility.objects.values_list("name", flat=True)),
    )
