"""The find_parking answer: the seed's sections (street, garages, lots), then a recommendation.

The recommendation is reasoned from the listed numbers (distance and the cost of the
stay), so it names the cheapest option when that is not the closest one.
"""
from apps.core.money import CURRENCY, format_money
from apps.core.wording import miles_text, plural
from apps.parking.models import ParkingFacility
from apps.parking.parsing import duration_label, duration_words
from apps.parking.search import KIND_ORDER, FacilityOption, ParkingSearch
from apps.parking.selectors import facility_rate_text

ICONS = {ParkingFacility.Kind.STREET: "📍", ParkingFacility.Kind.GARAGE: "🏢", ParkingFacility.Kind.LOT: "🅿️"}
SECTION = {ParkingFacility.Kind.STREET: "Street Parking", ParkingFacility.Kind.GARAGE: "Nearby Garages",
           ParkingFacility.Kind.LOT: "Nearby Lots"}
KIND_WORDS = {"street": "street ", "garage": "garage ", "lot": "lot ", "any": ""}
RULED_OUT_TEXT = {"full": "full right now", "time_limit": "{limit} is shorter than your {stay} stay"}


def clock_text(moment) -> str:
    """Return "8am", "6pm" or "8:30am"."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def limit_text(minutes: int) -> str:
    return f"{duration_label(minutes)} limit"


def _hours_line(facility: ParkingFacility) -> str:
    if facility.enforcement_start is not None:
        return f"Enforced {clock_text(facility.enforcement_start)}-{clock_text(facility.enforcement_end)}"
    if facility.time_limit_minutes:
        return limit_text(facility.time_limit_minutes)
    return "No time limit"


def _option_block(index: int, option: FacilityOption, search: ParkingSearch) -> str:
    facility = option.facility
    spaces = facility.spaces_available
    lines = [
        f"{index}. {ICONS[facility.kind]} {facility.name} - {facility_rate_text(facility)}",
        f"   - 🚶 {miles_text(option.distance_miles)} away",
        f"   - {_spaces_line(spaces)}",
        f"   - ⏰ {_hours_line(facility)}",
    ]
    if option.cost is not None and facility.flat_rate is None:
        lines.append(f"   - 💵 {format_money(option.cost)} for {duration_words(search.duration_minutes)}")
    return "\n".join(lines)


def _spaces_line(spaces: int) -> str:
    """A ✅ only when there is room: a full facility is never ticked."""
    if spaces <= 0:
        return "🚫 Full right now"
    return f"✅ {plural(spaces, 'space')} available"


def _section_heading(kind: str, options: list) -> str:
    heading = SECTION[kind]
    if kind == ParkingFacility.Kind.STREET:
        limits = {o.facility.time_limit_minutes for o in options}
        if len(limits) == 1 and None not in limits:
            heading += f" ({limit_text(limits.pop())})"
    return f"**{heading}:**"


def _recommendation_text(search: ParkingSearch) -> str:
    rec = search.recommendation
    chosen = rec.option.facility.name
    if rec.reason == "closest":
        return (f"💡 **Recommendation:** {chosen} is the closest, {miles_text(rec.option.distance_miles)} away "
                f"with {plural(rec.option.facility.spaces_available, 'space')} available.")
    need = f"your {duration_label(search.duration_minutes)} needs"
    if rec.reason == "closest_and_cheapest":
        # The seed's phrasing: "Main St parking is closest and most economical ...".
        noun = f"{chosen} parking" if rec.option.facility.kind == ParkingFacility.Kind.STREET else chosen
        return f"💡 **Recommendation:** {noun} is closest and most economical for {need}."
    return (f"💡 **Recommendation:** {chosen} is the most economical for {need} "
            f"({format_money(rec.cheapest.cost)}, {miles_text(rec.cheapest.distance_miles)} away); "
            f"{rec.closest.facility.name} is the closest ({miles_text(rec.closest.distance_miles)}, "
            f"{format_money(rec.closest.cost)}).")


def _ruled_out_line(option: FacilityOption, stay: int | None) -> str:
    facility = option.facility
    reason = RULED_OUT_TEXT[option.ruled_out].format(limit=limit_text(facility.time_limit_minutes or 0),
                                                     stay=duration_label(stay) if stay else "")
    return f"- {facility.name} ({miles_text(option.distance_miles)}): {reason}"


def search_text(search: ParkingSearch) -> str:
    """Return the find_parking answer in the seed's layout."""
    parts = [f"🅿️ **Parking Options Near {search.place.name}**"]
    kind_words = KIND_WORDS[search.parking_type]
    if not search.options:
        sentence = f"❌ No {kind_words}parking available within {miles_text(search.radius_miles)}"
        if search.duration_minutes:
            sentence += f" for {duration_words(search.duration_minutes)}"
        parts.append(sentence + ".")
    index = 1
    for kind in KIND_ORDER:
        options = [o for o in search.options if o.facility.kind == kind]
        if not options:
            continue
        blocks = []
        for option in options:
            blocks.append(_option_block(index, option, search))
            index += 1
        parts.append(_section_heading(kind, options) + "\n" + "\n\n".join(blocks))
    if search.ruled_out:
        lines = [_ruled_out_line(o, search.duration_minutes) for o in search.ruled_out]
        parts.append("🚫 **Ruled out:**\n" + "\n".join(lines))
    if search.nearest_beyond:
        beyond = search.nearest_beyond
        parts.append(f"➡️ The nearest {kind_words}option with room is {beyond.facility.name} "
                     f"({facility_rate_text(beyond.facility)}), {miles_text(beyond.distance_miles)} away.")
    if search.recommendation:
        parts.append(_recommendation_text(search))
    return "\n\n".join(parts)


def _option_data(option: FacilityOption) -> dict:
    facility = option.facility
    data = {
        "name": facility.name,
        "kind": facility.kind,
        "address": facility.address,
        "latitude": float(facility.latitude),
        "longitude": float(facility.longitude),
        "distance_miles": round(option.distance_miles, 2),
        "hourly_rate": facility.hourly_rate,
        "flat_rate": facility.flat_rate,
        "daily_max": facility.daily_max,
        "time_limit_minutes": facility.time_limit_minutes,
        "enforcement_hours": _enforcement(facility),
        "capacity": facility.capacity,
        "spaces_available": facility.spaces_available,
        "cost": option.cost,
        "currency": CURRENCY,
    }
    if option.ruled_out:
        data["ruled_out"] = option.ruled_out
    return data


def _enforcement(facility: ParkingFacility) -> str | None:
    if facility.enforcement_start is None:
        return None
    return f"{facility.enforcement_start:%H:%M}-{facility.enforcement_end:%H:%M}"


def search_data(search: ParkingSearch) -> dict:
    """Return the structured find_parking answer."""
    place = search.place
    data = {
        "location": {"name": place.name, "latitude": float(place.latitude), "longitude": float(place.longitude)},
        "parking_type": search.parking_type,
        "duration_minutes": search.duration_minutes,
        "radius_miles": search.radius_miles,
        "options": [_option_data(o) for o in search.options],
        "ruled_out": [_option_data(o) for o in search.ruled_out],
    }
    if search.nearest_beyond:
        data["nearest_beyond"] = _option_data(search.nearest_beyond)
    if search.recommendation:
        rec = search.recommendation
        data["recommendation"] = {"name": rec.option.facility.name, "reason": rec.reason,
                                  "text": _recommendation_text(search).split("** ", 1)[1]}
    return data
