"""Synthetic parking facilities: metered blocks along the demo city's streets, garages and lots.

Each sits a short walk from a street or landmark of the gazetteer (within ~0.6 miles), so
find_parking near a demo place sees more choices, not far-away noise.
"""
import random
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from apps.business.generate.writer import TableWriter, next_pk
from apps.parking.models import ParkingFacility

RATES = [Decimal(v) for v in ("0.75", "1.00", "1.25", "1.50", "2.00", "2.50", "3.00")]


@dataclass
class FacilityResult:
    facilities: int = 0


def _name(kind: str, anchor, number: int) -> tuple[str, str]:
    if kind == ParkingFacility.Kind.STREET:
        block = number * 100
        return f"{anchor.name} ({block} block)", f"{block}-{block + 99} {anchor.name}"
    label = "Garage" if kind == ParkingFacility.Kind.GARAGE else "Lot"
    return f"{anchor.name} {label} {number}", f"{number * 10} {anchor.name}" if anchor.kind == "street" \
        else f"Near {anchor.name}"


def generate_facilities(count: int, *, places: list, taken_names: set[str], seed: int = 0) -> FacilityResult:
    """Write `count` facilities near the given places (names unique among `taken_names`)."""
    rng = random.Random(seed)
    anchors = [p for p in places if p.kind in ("street", "landmark")]
    writer = TableWriter(ParkingFacility)
    pk = next_pk(ParkingFacility)
    names = set(taken_names)
    attempts = 0
    while writer.count < count and anchors:
        attempts += 1
        if attempts > count * 50:
            raise ValueError(f"Could not find {count} unused facility names around {len(anchors)} places.")
        roll = rng.random()
        kind = (ParkingFacility.Kind.STREET if roll < 0.7
                else ParkingFacility.Kind.GARAGE if roll < 0.85 else ParkingFacility.Kind.LOT)
        anchor = rng.choice(anchors)
        name, address = _name(kind, anchor, rng.randint(2, 99))
        if name in names:
            continue
        names.add(name)
        capacity = rng.randint(6, 24) if kind == ParkingFacility.Kind.STREET else rng.randint(40, 600)
        row = {
            "id": pk, "name": name, "kind": kind, "address": address,
            "latitude": (Decimal(anchor.latitude) + Decimal(rng.randint(-6000, 6000)) / 1_000_000),
            "longitude": (Decimal(anchor.longitude) + Decimal(rng.randint(-7000, 7000)) / 1_000_000),
            "capacity": capacity, "occupied": rng.randint(0, capacity), "is_active": rng.random() > 0.03,
        }
        if kind == ParkingFacility.Kind.STREET:
            row.update(hourly_rate=rng.choice(RATES), time_limit_minutes=rng.choice([60, 120, 120, 180, 240]),
                       enforcement_start=time(8), enforcement_end=time(rng.choice([18, 20, 22])))
        elif rng.random() < 0.3:
            row["flat_rate"] = Decimal(rng.choice([5, 6, 8, 10, 12]))
        else:
            rate = rng.choice(RATES[3:])
            row.update(hourly_rate=rate, daily_max=(rate * rng.choice([6, 7, 8])).quantize(Decimal("0.01")))
        writer.write(row)
        pk += 1
    return FacilityResult(facilities=writer.close())
