"""The demo city's utilities data: bills add up, the active outage is away from 456 Oak Ave."""
from apps.places.geo import distance_miles
from apps.places.selectors import place_resolve
from apps.utilities.models import Account, Bill, Outage
from apps.utilities.selectors import outage_merge_radius_miles
from tests.helpers.demo import demo_fixture

demo_utilities = demo_fixture("utilities")


def test_bill_lines_add_up_to_the_bill(demo_utilities):
    for bill in Bill.objects.prefetch_related("lines"):
        assert sum(line.amount for line in bill.lines.all()) == bill.amount, bill


def test_accounts_sit_at_their_gazetteer_address(demo_utilities):
    for account in Account.objects.all():
        place = place_resolve(query=account.service_address)
        assert (place.latitude, place.longitude) == (account.latitude, account.longitude), account


def test_one_active_outage_out_of_reach_of_the_seed_address(demo_utilities):
    [active] = Outage.objects.exclude(status="resolved")
    oak = place_resolve(query="456 Oak Ave")
    assert distance_miles(oak.latitude, oak.longitude, active.latitude, active.longitude) > (
        outage_merge_radius_miles(active))
    assert active.report_count == active.reports.count()
