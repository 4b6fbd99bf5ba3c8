"""Distances between coordinates, computed (never invented)."""
import math

EARTH_RADIUS_MILES = 3958.8


def distance_miles(lat1, lon1, lat2, lon2) -> float:
    """Great-circle (haversine) distance in miles."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def bounding_box(lat, lon, radius_miles: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing every point within `radius_miles`.

    Slightly generous (a degree is taken as the shortest it gets), so a box query never
    misses a point the exact distance would keep; callers still filter by distance_miles.
    Near a pole or across the antimeridian the box widens to every longitude.
    """
    lat, lon = float(lat), float(lon)
    dlat = math.degrees(radius_miles / EARTH_RADIUS_MILES) * 1.01
    min_lat, max_lat = lat - dlat, lat + dlat
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.0:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    dlon = dlat / math.cos(math.radians(widest))
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, lon - dlon, lon + dlon
