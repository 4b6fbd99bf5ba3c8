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
