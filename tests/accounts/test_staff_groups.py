"""Issue 12: preset staff groups per domain, made by a data migration, with the permissions each needs."""
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_GROUPS = "0005_apikey_all_domains"  # the migration the groups migration follows
GROUPS = ["Environmental staff", "Noise officers", "Parking staff", "Permit reviewers", "Safety dispatchers",
          "Transportation staff", "Utilities staff", "Zoning staff"]


@pytest.fixture
def migrated():
    """Run the groups migration again (a transactional test's flush empties the tables it filled).

    Teardown migrates forward again, so a test that unapplies leaves the schema whole for the rest.
    """
    call_command("migrate", "accounts", BEFORE_GROUPS, verbosity=0)
    call_command("migrate", "accounts", verbosity=0)
    yield
    call_command("migrate", "accounts", verbosity=0)


def codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_every_domain_has_its_group_after_migrate(migrated):
    assert sorted(Group.objects.values_list("name", flat=True)) == GROUPS


def test_a_group_views_its_whole_domain_and_changes_what_its_desk_works(migrated):
    parking = codenames("Parking staff")
    assert {"view_citation", "view_payment", "view_paymentitem", "view_violationtype", "view_parkingfacility",
            "change_citation", "change_violationtype", "add_parkingfacility"} <= parking
    assert "delete_citation" not in parking and "change_payment" not in parking
    assert all(p.content_type.app_label == "parking" for p in Group.objects.get(name="Parking staff").permissions.all())
    assert {"view_permitapplication", "change_permitapplication", "add_permitdocument", "change_inspection",
            "add_inspectorabsence"} <= codenames("Permit reviewers")
    assert {"change_complaint", "view_noiselocation"} <= codenames("Noise officers")
    assert {"change_incident", "change_responseunit", "view_dispatch"} <= codenames("Safety dispatchers")
    assert {"change_outage", "change_servicerequest", "view_outagereport"} <= codenames("Utilities staff")
    assert {"change_roadissue", "add_trafficalert"} <= codenames("Transportation staff")
    assert {"change_variance", "view_varianceupdate"} <= codenames("Zoning staff")
    assert {"change_bulkpickup", "change_environmentalreport"} <= codenames("Environmental staff")


def test_a_member_of_parking_staff_works_citations_and_sees_no_other_domain(migrated, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    clerk.groups.add(Group.objects.get(name="Parking staff"))
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/parking/citation/").status_code == 200
    assert client.get("/admin/permits/permitapplication/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Citations awaiting review" in index and "Complaints unassigned" not in index


def test_a_group_that_already_exists_is_completed_not_emptied(migrated):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.db import connection

    migration = import_module("apps.accounts.migrations.0006_staff_groups")
    group = Group.objects.get(name="Parking staff")
    group.permissions.set([Permission.objects.get(codename="delete_violationtype")])
    with connection.schema_editor() as editor:
        migration.staff_groups_create(apps, editor)
    assert {"delete_violationtype", "change_citation", "view_payment"} <= codenames("Parking staff")


def test_unapplying_removes_the_presets(migrated):
    call_command("migrate", "accounts", BEFORE_GROUPS, verbosity=0)
    assert not Group.objects.filter(name__in=GROUPS).exists()
