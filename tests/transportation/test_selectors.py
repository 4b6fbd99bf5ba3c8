"""Transportation reads: stops and routes by what riders type, computed departures with delays, alerts."""
import pytest

from apps.core.errors import ServiceError
from apps.transportation.selectors import (
    alert_search,
    next_departures,
    route_resolve,
    route_service,
    stop_departures,
    stop_resolve,
    transit_info,
)
from tests.transportation.conftest import local, make_alert

MONDAY_7 = local(2026, 11, 23, 7, 0)


@pytest.mark.parametrize("typed, code, near", [
    ("Downtown City Hall", "S101", None), ("downtown city hall", "S101", None), ("s101", "S101", None),
    ("123 Main St", "S101", "123 Main St"), ("456 Oak Avenue", "S104", "456 Oak Ave"),
])
def test_stop_resolve(network, typed, code, near):
    match = stop_resolve(stop=typed)
    assert (match.stop.stop_code, match.place) == (code, near)


def test_stop_resolve_refusals(network):
    with pytest.raises(ServiceError) as far:
        stop_resolve(stop="Old Pier")
    assert (far.value.code, far.value.field, far.value.message) == (
        "stop_not_found", "stop", "No transit stop is within 0.5 miles of Old Pier.")
    with pytest.raises(ServiceError) as unknown:
        stop_resolve(stop="Central Statoin")
    assert unknown.value.message == ("No transit stop or place is called \"Central Statoin\". Stops include: "
                                     "Central Station.")


@pytest.mark.parametrize("typed, code", [("10", "10"), ("Route 10", "10"), ("r", "R"), ("red line", "R"),
                                         ("Westside", "10")])
def test_route_resolve(network, typed, code):
    assert route_resolve(route=typed).code == code


def test_route_resolve_unknown(network):
    with pytest.raises(ServiceError) as refused:
        route_resolve(route="99")
    assert (refused.value.field, refused.value.message) == (
        "route", "No transit route is called \"99\". Routes: 10 (Downtown – Westside), R (Red Line).")


def test_departures_add_running_time_both_ways(network, django_assert_num_queries):
    with django_assert_num_queries(4):
        found = stop_departures(stop=network.hall, at=MONDAY_7, limit=4)
    assert [(d.route.code, d.direction, d.headsign, f"{d.scheduled:%H:%M}") for d in found] == [
        ("10", "outbound", "Oak Ave & Oak St", "07:04"), ("10", "inbound", "Central Station", "07:08"),
        ("10", "outbound", "Oak Ave & Oak St", "07:24"), ("10", "inbound", "Central Station", "07:28")]


def test_departures_roll_over_to_tomorrows_service(network):
    found = stop_departures(stop=network.hall, at=local(2026, 11, 27, 23, 0), limit=2)  # Friday night
    assert [f"{d.scheduled:%a %H:%M}" for d in found] == ["Sat 08:04", "Sat 08:08"]  # weekend service


def test_no_departures_toward_the_end_of_the_line(network):
    found = stop_departures(stop=network.harbor, at=MONDAY_7, limit=3)
    assert {d.direction for d in found} == {"inbound"}


def test_delays_apply_while_an_alert_is_in_force(network, places):
    make_alert("Lane closure", places.main, starts_at=local(2026, 11, 23, 7, 10), ends_at=local(2026, 11, 23, 7, 30),
               routes=[network.bus], delay=5)
    found = stop_departures(stop=network.hall, route=network.bus, at=MONDAY_7, limit=4)
    assert [(f"{d.scheduled:%H:%M}", d.delay_minutes, f"{d.expected:%H:%M}") for d in found] == [
        ("07:04", 0, "07:04"), ("07:08", 0, "07:08"), ("07:24", 5, "07:29"), ("07:28", 5, "07:33")]


def test_next_departures_checks_the_route_serves_the_stop(network):
    with pytest.raises(ServiceError) as refused:
        next_departures(stop="Downtown City Hall", route="R")
    assert refused.value.message == "Route R does not stop at Downtown City Hall; routes there: 10."


def test_route_service(network):
    service = route_service(route=network.bus)
    assert [(s.direction, s.day_type, s.trips, f"{s.first:%H:%M}", f"{s.last:%H:%M}", s.headway_minutes)
            for s in service] == [("outbound", "weekday", 49, "06:00", "22:00", 20),
                                  ("outbound", "weekend", 25, "08:00", "20:00", 30),
                                  ("inbound", "weekday", 49, "06:00", "22:00", 20),
                                  ("inbound", "weekend", 25, "08:00", "20:00", 30)]


def test_transit_info_kinds(network, places, django_assert_max_num_queries):
    make_alert("Lane closure", places.main, starts_at=local(2026, 11, 1), routes=[network.bus], delay=5)
    assert [r.code for r in transit_info(at=MONDAY_7).routes] == ["10", "R"]
    with django_assert_max_num_queries(5):
        route = transit_info(route="10", at=MONDAY_7)
    assert ([rs.stop.stop_code for rs in route.route_stops], [a.title for a in route.alerts]) == (
        ["S100", "S101", "S104"], ["Lane closure"])
    stop = transit_info(stop="Central Station", at=MONDAY_7)
    assert ([r.code for r in stop.routes], len(stop.departures)) == (["10", "R"], 6)


def test_alert_search(network, places, django_assert_max_num_queries):
    make_alert("Lane closure", places.main, starts_at=local(2026, 11, 1), routes=[network.bus], delay=5)
    make_alert("Festival", places.oak, starts_at=local(2026, 11, 28), area="Westside", alert_type="event")
    make_alert("Old paving", places.main, starts_at=local(2026, 11, 1), ends_at=local(2026, 11, 10))
    make_alert("Pier closure", places.pier, starts_at=local(2026, 11, 1), area="Harbor District")
    with django_assert_max_num_queries(4):
        place, area, found = alert_search(location="456 Oak Ave", at=MONDAY_7)
    assert [(item.alert.title, round(item.distance_miles, 2)) for item in found] == [("Lane closure", 0.56)]
    _, _, upcoming = alert_search(location="456 Oak Ave", include_upcoming=True, at=MONDAY_7)
    assert [(item.alert.title, item.active) for item in upcoming] == [("Festival", False), ("Lane closure", True)]
    _, area, harbor = alert_search(area="harbor district", at=MONDAY_7)
    assert (area, [item.alert.title for item in harbor]) == ("Harbor District", ["Pier closure"])
    with pytest.raises(ServiceError) as refused:
        alert_search(area="Atlantis")
    assert refused.value.message == ("No traffic area is called \"Atlantis\". Areas with alerts on file: Downtown, "
                                     "Harbor District, Westside.")
