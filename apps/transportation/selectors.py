"""Reads for transportation: stops and routes, computed departures, alerts and road issues."""
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.core import references
from apps.core.errors import ServiceError
from apps.places.geo import distance_miles
from apps.places.models import Place
from apps.places.normalize import place_key
from apps.places.selectors import place_resolve
from apps.transportation.catalogue import DayType, Direction
from apps.transportation.errors import (
    AREA_NOT_FOUND_MESSAGE,
    ISSUE_NOT_FOUND_MESSAGE,
    ROUTE_NOT_AT_STOP_MESSAGE,
    ROUTE_NOT_FOUND_MESSAGE,
    STOP_HINT,
    STOP_NOT_FOUND_MESSAGE,
    STOP_UNKNOWN_MESSAGE,
    TransportationErrorCode,
)
from apps.transportation.models import (
    OPEN_ISSUE_STATUSES,
    Departure,
    RoadIssue,
    RoadIssueInformation,
    RoadIssueReport,
    RoadIssueUpdate,
    Route,
    RouteStop,
    Stop,
    TrafficAlert,
)
from apps.transportation.timetable import at_stop, day_type_for, departs_from, headway_minutes, stop_offset
from apps.transportation.locks import NUMBERED

FEET_PER_MILE = 5280
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class StopMatch:
    """A stop found for what the rider typed, and how far it is when found through a place."""

    stop: Stop
    place: str | None = None
    distance_miles: float | None = None


@dataclass(frozen=True)
class UpcomingDeparture:
    route: Route
    direction: str
    headsign: str
    scheduled: datetime
    delay_minutes: int

    @property
    def expected(self) -> datetime:
        return self.scheduled + timedelta(minutes=self.delay_minutes)


@dataclass(frozen=True)
class RouteService:
    """How often a route runs in one direction on one kind of day."""

    direction: str
    day_type: str
    trips: int
    first: object
    last: object
    headway_minutes: int | None


@dataclass
class TransitInfo:
    """What transit_info answers: a route, a stop (with its departures), or the whole network."""

    at: datetime
    route: Route | None = None
    match: StopMatch | None = None
    route_stops: list[RouteStop] = field(default_factory=list)
    service: list[RouteService] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    departures: list[UpcomingDeparture] = field(default_factory=list)
    alerts: list[TrafficAlert] = field(default_factory=list)


@dataclass(frozen=True)
class NearbyAlert:
    alert: TrafficAlert
    distance_miles: float | None
    active: bool


def reference_normalize(value: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


def place_for(*, query: str, field_name: str) -> Place:
    """Resolve a place through the gazetteer; a failure names the argument `field_name`."""
    return place_resolve(query=query, field=field_name)


# --- stops and routes --------------------------------------------------------------------
def stop_resolve(*, stop: str) -> StopMatch:
    """Return the stop named or coded `stop`, else the stop nearest the place it names."""
    key = place_key(stop)
    found = Stop.objects.filter(Q(key=key) | Q(stop_code=stop.strip().upper())).first()
    if found is not None:
        return StopMatch(stop=found)
    try:
        place = place_resolve(query=stop)
    except ServiceError:
        names = list(Stop.objects.values_list("name", flat=True))
        close = difflib.get_close_matches(stop, names, n=3, cutoff=0.4)
        hint = STOP_HINT.format(stops=", ".join(close)) if close else ""
        raise ServiceError(TransportationErrorCode.STOP_NOT_FOUND,
                           STOP_UNKNOWN_MESSAGE.format(query=stop.strip(), hint=hint), field="stop") from None
    named = Stop.objects.filter(key=place_key(place.name)).first()  # "Downtown" names the stop's landmark
    if named is not None:
        return StopMatch(stop=named)
    radius = round(settings.TRANSPORTATION_STOP_RADIUS_FEET / FEET_PER_MILE, 2)
    nearest = min(((distance_miles(place.latitude, place.longitude, s.latitude, s.longitude), s.pk, s)
                   for s in Stop.objects.all()), default=None)
    if nearest is None or nearest[0] > radius:
        raise ServiceError(TransportationErrorCode.STOP_NOT_FOUND,
                           STOP_NOT_FOUND_MESSAGE.format(radius=radius, place=place.name), field="stop")
    return StopMatch(stop=nearest[2], place=place.name, distance_miles=nearest[0])


def route_resolve(*, route: str) -> Route:
    """Return the route `route` names: its code ("10", "Route 10") or its name ("Red Line")."""
    key = place_key(route)
    for prefix in ("route ", "line "):
        key = key.removeprefix(prefix)
    routes = list(Route.objects.filter(active=True))
    for candidate in routes:
        if key in (candidate.code.lower(), place_key(candidate.name)):
            return candidate
    named = [candidate for candidate in routes if key and key in place_key(candidate.name)]
    if len(named) == 1:
        return named[0]
    listing = ", ".join(f"{r.code} ({r.name})" for r in routes)
    raise ServiceError(TransportationErrorCode.ROUTE_NOT_FOUND,
                       ROUTE_NOT_FOUND_MESSAGE.format(query=route.strip(), routes=listing), field="route")


def route_list() -> list[Route]:
    return list(Route.objects.filter(active=True).order_by("code"))


def route_stop_list(*, route: Route) -> list[RouteStop]:
    return list(route.route_stops.select_related("stop").order_by("sequence"))


def route_service(*, route: Route) -> list[RouteService]:
    """Return trips, first and last departure and headway per direction and kind of day."""
    trips = defaultdict(list)
    for direction, day_type, departs_at in route.departures.values_list("direction", "day_type", "departs_at"):
        trips[(direction, day_type)].append(departs_at)
    service = []
    for direction in Direction.values:
        for day_type in DayType.values:
            times = sorted(trips.get((direction, day_type), []))
            if times:
                service.append(RouteService(direction=direction, day_type=day_type, trips=len(times),
                                            first=times[0], last=times[-1], headway_minutes=headway_minutes(times)))
    return service


def alert_active_q(at: datetime) -> Q:
    return Q(starts_at__lte=at) & (Q(ends_at__isnull=True) | Q(ends_at__gt=at))


def route_delay_windows(*, route_ids: list[int], since: datetime, until: datetime) -> dict[int, list[tuple]]:
    """Return, per route, the (starts_at, ends_at, delay) of alerts that delay it between `since` and `until`."""
    windows: dict[int, list[tuple]] = defaultdict(list)
    alerts = TrafficAlert.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=since), starts_at__lte=until,
                                         delay_minutes__gt=0, routes__in=route_ids)
    for route_id, starts_at, ends_at, delay in alerts.values_list("routes", "starts_at", "ends_at", "delay_minutes"):
        if route_id in route_ids:
            windows[route_id].append((starts_at, ends_at, delay))
    return windows


def delay_at(windows: list[tuple], moment: datetime) -> int:
    """Return the largest delay of the alerts in force at `moment` (0 when none is)."""
    return max((delay for starts_at, ends_at, delay in windows
                if starts_at <= moment and (ends_at is None or moment < ends_at)), default=0)


def stop_departures(*, stop: Stop, route: Route | None = None, at: datetime | None = None,
                    limit: int = 5) -> list[UpcomingDeparture]:
    """Return the next departures from a stop (of one route if given), today's then tomorrow's."""
    now = timezone.localtime(at or timezone.now())
    route_stops = stop.route_stops.select_related("route").filter(route__active=True).prefetch_related(
        Prefetch("route__route_stops", queryset=RouteStop.objects.select_related("stop").order_by("sequence")))
    if route is not None:
        route_stops = route_stops.filter(route=route)
    legs = {}  # (route_id, direction) -> (route, headsign, offset)
    for here in route_stops:
        line = list(here.route.route_stops.all())
        first, last = line[0], line[-1]
        for direction in Direction.values:
            if departs_from(direction=direction, sequence=here.sequence, first=first.sequence, last=last.sequence):
                headsign = (last if direction == Direction.OUTBOUND else first).stop.name
                offset = stop_offset(direction=direction, minutes_from_start=here.minutes_from_start,
                                     route_minutes=last.minutes_from_start)
                legs[(here.route_id, direction)] = (here.route, headsign, offset)
    if not legs:
        return []
    days = [now.date(), now.date() + timedelta(days=1)]
    route_ids = sorted({route_id for route_id, _ in legs})
    trips = Departure.objects.filter(route_id__in=route_ids, day_type__in={day_type_for(d) for d in days})
    delays = route_delay_windows(route_ids=route_ids, since=now, until=now + timedelta(days=len(days)))
    naive_now = now.replace(tzinfo=None)
    upcoming = []
    for route_id, direction, day_type, departs_at in trips.values_list("route_id", "direction", "day_type",
                                                                        "departs_at"):
        leg = legs.get((route_id, direction))
        if leg is None:
            continue
        for day in days:
            if day_type_for(day) != day_type:
                continue
            moment = at_stop(day, departs_at, leg[2])
            if moment >= naive_now:
                scheduled = timezone.make_aware(moment)
                upcoming.append(UpcomingDeparture(route=leg[0], direction=direction, headsign=leg[1],
                                                  scheduled=scheduled,
                                                  delay_minutes=delay_at(delays.get(route_id, []), scheduled)))
    # Riders catch the bus that comes first: a delayed trip falls behind the ones due before it arrives.
    upcoming.sort(key=lambda d: (d.expected, d.scheduled, d.route.code, d.direction))
    return upcoming[:limit]


def next_departures(*, stop: str, route: str | None = None, limit: int = 5,
                    at: datetime | None = None) -> tuple[StopMatch, Route | None, list[UpcomingDeparture]]:
    """Return the stop, the route asked about (if any) and the stop's next departures."""
    match = stop_resolve(stop=stop)
    line = route_resolve(route=route) if route else None
    if line is not None:
        _served_by(match.stop, line)
    return match, line, stop_departures(stop=match.stop, route=line, at=at, limit=limit)


def _served_by(stop: Stop, route: Route) -> None:
    serving = list(Route.objects.filter(route_stops__stop=stop).order_by("code"))
    if route not in serving:
        raise ServiceError(TransportationErrorCode.ROUTE_NOT_AT_STOP, ROUTE_NOT_AT_STOP_MESSAGE.format(
            route=route.code, stop=stop.name, routes=", ".join(r.code for r in serving) or "none"), field="route")


def transit_info(*, stop: str | None = None, route: str | None = None, at: datetime | None = None) -> TransitInfo:
    """Return a route's stops and service, a stop's routes and departures, or every route."""
    now = timezone.localtime(at or timezone.now())
    info = TransitInfo(at=now)
    if route:
        info.route = route_resolve(route=route)
    if stop:
        info.match = stop_resolve(stop=stop)
        if info.route is not None:
            _served_by(info.match.stop, info.route)
        info.routes = list(Route.objects.filter(route_stops__stop=info.match.stop, active=True).order_by("code"))
        info.departures = stop_departures(stop=info.match.stop, route=info.route, at=now, limit=6)
    elif info.route is not None:
        info.route_stops = route_stop_list(route=info.route)
        info.service = route_service(route=info.route)
    else:
        info.routes = route_list()
    shown = [info.route] if info.route is not None else info.routes
    info.alerts = list(TrafficAlert.objects.filter(alert_active_q(now), routes__in=shown).distinct()
                       .prefetch_related("routes").order_by("-starts_at", "-id"))
    return info


# --- traffic alerts ----------------------------------------------------------------------
def alert_search(*, location: str | None = None, area: str | None = None, include_upcoming: bool = False,
                 at: datetime | None = None) -> tuple[Place | None, str | None, list[NearbyAlert]]:
    """Return the place, the area and the alerts in force there (and those starting within a week)."""
    now = timezone.localtime(at or timezone.now())
    window = alert_active_q(now)
    if include_upcoming:
        window |= Q(starts_at__gt=now, starts_at__lte=now + timedelta(days=UPCOMING_DAYS))
    alerts = TrafficAlert.objects.filter(window).prefetch_related("routes").order_by("-starts_at", "-id")
    area_name = None
    if area:
        area_name = _area_resolve(area)
        alerts = alerts.filter(area__iexact=area_name)
    place = place_for(query=location, field_name="location") if location else None
    found = []
    for alert in alerts:
        active = alert.starts_at <= now
        if place is None:
            found.append(NearbyAlert(alert=alert, distance_miles=None, active=active))
            continue
        miles = distance_miles(place.latitude, place.longitude, alert.latitude, alert.longitude)
        if miles <= settings.TRANSPORTATION_ALERT_RADIUS_FEET / FEET_PER_MILE:
            found.append(NearbyAlert(alert=alert, distance_miles=miles, active=active))
    if place is not None:
        found.sort(key=lambda item: item.distance_miles)
    return place, area_name, found


def _area_resolve(area: str) -> str:
    areas = sorted(set(TrafficAlert.objects.values_list("area", flat=True)))
    for name in areas:
        if place_key(name) == place_key(area):
            return name
    raise ServiceError(TransportationErrorCode.AREA_NOT_FOUND,
                       AREA_NOT_FOUND_MESSAGE.format(area=area.strip(), areas=", ".join(areas) or "none"),
                       field="area")


# --- road issues -------------------------------------------------------------------------
def road_issue_queryset() -> QuerySet[RoadIssue]:
    return RoadIssue.objects.prefetch_related(
        Prefetch("reports", queryset=RoadIssueReport.objects.order_by("reported_at", "id")),
        Prefetch("updates", queryset=RoadIssueUpdate.objects.order_by("created_at", "id")),
        Prefetch("information", queryset=RoadIssueInformation.objects.order_by("added_at", "id")),
    )


def road_issue_get(*, reference: str) -> RoadIssue:
    """Return the road issue with its reports and timeline."""
    number = reference_normalize(reference)
    issue = road_issue_queryset().filter(reference=number).first()
    if issue is None:
        raise ServiceError(TransportationErrorCode.ISSUE_NOT_FOUND, ISSUE_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return issue


def road_issue_nearest_open(*, issue_type: str, latitude, longitude) -> tuple[RoadIssue, float] | None:
    """Return the closest open issue of `issue_type` within the merge radius, with its distance.

    Open issues of one type are few, so distances are computed for each rather than in SQL.
    """
    radius = settings.TRANSPORTATION_ISSUE_MERGE_RADIUS_FEET / FEET_PER_MILE
    best = None
    for issue in RoadIssue.objects.filter(issue_type=issue_type, status__in=OPEN_ISSUE_STATUSES):
        miles = distance_miles(latitude, longitude, issue.latitude, issue.longitude)
        if miles <= radius and (best is None or miles < best[1]):
            best = (issue, miles)
    return best


def road_issue_open_list() -> list[RoadIssue]:
    """Return the open road issues, most reported first."""
    return list(RoadIssue.objects.filter(status__in=OPEN_ISSUE_STATUSES).order_by("-report_count", "reported_at"))


# --- The admin's work queue --------------------------------------------------------

OPEN_ROAD_ISSUE_STATUSES = (RoadIssue.Status.REPORTED, RoadIssue.Status.SCHEDULED, RoadIssue.Status.IN_PROGRESS)


def work_queue(*, now: datetime) -> list:
    """Return what road crews owe: open issues past the response date their priority set."""
    from apps.core.workqueue import WorkItem

    today = timezone.localdate(now)
    late = RoadIssue.objects.filter(status__in=OPEN_ROAD_ISSUE_STATUSES, respond_by__lt=today)
    return [WorkItem(
        label="Road issues past their response date", queryset=late,
        params={"status__in": ",".join(OPEN_ROAD_ISSUE_STATUSES), "respond_by__lt": today.isoformat()},
        overdue=late, target="past the response date of their priority")]
