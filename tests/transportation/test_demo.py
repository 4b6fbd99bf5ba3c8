"""The demo city's transit and road data: a consistent network, issues that match their reports."""
from apps.places.normalize import place_key
from apps.transportation.models import Departure, RoadIssue, Route, Stop
from apps.transportation.selectors import road_issue_nearest_open, stop_departures
from tests.helpers.demo import demo_fixture
from tests.transportation.conftest import local


demo_transportation = demo_fixture("transportation")


def test_routes_run_both_ways_every_kind_of_day(demo_transportation):
    for route in Route.objects.all():
        stops = list(route.route_stops.order_by("sequence"))
        assert [s.minutes_from_start for s in stops] == sorted(s.minutes_from_start for s in stops), route
        kinds = set(Departure.objects.filter(route=route).values_list("direction", "day_type"))
        assert kinds == {(d, t) for d in ("outbound", "inbound") for t in ("weekday", "weekend")}, route
    assert all(stop.key == place_key(stop.name) for stop in Stop.objects.all())


def test_city_hall_has_departures_on_a_weekday_morning(demo_transportation):
    found = stop_departures(stop=Stop.objects.get(stop_code="S101"), at=local(2026, 11, 23, 7, 0), limit=3)
    # In the order they arrive: route 22's 7:01 runs 10 minutes late (the Harbor Blvd bridge
    # detour), so route 10's 7:04 (5 late: Main St lane closure) comes first.
    assert [(d.route.code, d.headsign, f"{d.scheduled:%H:%M}", f"{d.expected:%H:%M}") for d in found] == [
        ("10", "Westside Terminal", "07:04", "07:09"), ("22", "Central Park", "07:01", "07:11"),
        ("10", "Central Station", "07:18", "07:23")]


def test_open_issues_absorb_their_own_reports(demo_transportation):
    for issue in RoadIssue.objects.exclude(status="resolved"):
        assert issue.report_count == issue.reports.count(), issue
        for report in issue.reports.all():
            found = road_issue_nearest_open(issue_type=issue.issue_type, latitude=report.latitude,
                                            longitude=report.longitude)
            assert found is not None and found[0] == issue, report
