"""apps.places.geo.bounding_box never leaves out a point the exact distance keeps."""
import random

import pytest

from apps.places.geo import bounding_box, distance_miles


@pytest.mark.parametrize("lat, lon", [(37.7749, -122.4194), (0.0, 0.0), (-33.86, 151.2), (64.8, -147.7),
                                      (88.9, 10.0), (10.0, 179.999), (-10.0, -179.999)])
@pytest.mark.parametrize("radius", [0.001, 0.5, 5.0, 60.0])
def test_every_point_within_the_radius_is_inside_the_box(lat, lon, radius):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    rng = random.Random(f"{lat},{lon},{radius}")
    span = radius / 40  # degrees: a little past the radius in every direction
    checked = 0
    for _ in range(4000):
        plat = max(-90.0, min(90.0, lat + rng.uniform(-span, span)))
        plon = lon + rng.uniform(-span * 8, span * 8)
        plon = (plon + 180.0) % 360.0 - 180.0
        if distance_miles(lat, lon, plat, plon) <= radius:
            checked += 1
            assert min_lat <= plat <= max_lat and min_lon <= plon <= max_lon, (plat, plon)
    assert checked > 50


def test_the_box_is_not_much_bigger_than_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(37.7749, -122.4194, 0.5)
    assert distance_miles(min_lat, -122.4194, max_lat, -122.4194) == pytest.approx(1.0, rel=0.02)
    assert distance_miles(37.7749, min_lon, 37.7749, max_lon) == pytest.approx(1.0, rel=0.03)
