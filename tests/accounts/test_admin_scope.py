"""Issue 12: an API key's "all domains" is an explicit choice, never what an empty form means."""
import html
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.accounts.forms import SCOPE_BOTH_MESSAGE, SCOPE_REQUIRED_MESSAGE
from apps.accounts.models import AccessLevel, ApiKey
from apps.accounts.services import api_key_create

pytestmark = pytest.mark.django_db


def add_key(client, owner, **fields):
    data = {"name": "Tablets", "owner": owner.pk, "access_level": AccessLevel.STAFF,
            "expires_at_0": "", "expires_at_1": ""}
    data.update(fields)
    return client.post("/admin/accounts/apikey/add/", data)


def test_a_key_with_nothing_ticked_is_refused_and_nothing_is_saved(admin_client, admin_user):
    response = add_key(admin_client, admin_user)
    assert response.status_code == 200
    assert SCOPE_REQUIRED_MESSAGE in html.unescape(response.content.decode())
    assert response.context["adminform"].form.errors["domains"] == [SCOPE_REQUIRED_MESSAGE]
    assert ApiKey.objects.count() == 0


def test_all_domains_and_named_domains_together_are_refused(admin_client, admin_user):
    response = add_key(admin_client, admin_user, all_domains="on", domains=["parking"])
    assert response.context["adminform"].form.errors["domains"] == [SCOPE_BOTH_MESSAGE]
    assert ApiKey.objects.count() == 0


def test_all_domains_ticked_makes_an_explicit_all_domains_key(admin_client, admin_user):
    add_key(admin_client, admin_user, all_domains="on")
    key = ApiKey.objects.get()
    assert (key.all_domains, key.domains) == (True, [])


def test_named_domains_make_a_key_for_those_domains_only(admin_client, admin_user):
    add_key(admin_client, admin_user, domains=["permits", "parking"])
    key = ApiKey.objects.get()
    assert (key.all_domains, key.domains) == (False, ["parking", "permits"])


def test_the_list_says_all_domains_or_names_the_domains(admin_client, admin_user):
    api_key_create(name="everything", owner=admin_user)
    api_key_create(name="two desks", owner=admin_user, domains=["zoning", "noise"])
    page = admin_client.get("/admin/accounts/apikey/").content.decode()
    assert "<td class=\"field-scope\">All domains</td>" in page
    assert "<td class=\"field-scope\">Noise, Zoning</td>" in page


def test_the_change_form_shows_the_all_domains_choice(admin_client, admin_user):
    key = api_key_create(name="everything", owner=admin_user).api_key
    page = admin_client.get(f"/admin/accounts/apikey/{key.pk}/change/").content.decode()
    assert re.search(r'<input type="checkbox" name="all_domains"[^>]* checked', page)


def test_the_command_line_key_without_scopes_is_recorded_as_all_domains(admin_user):
    assert api_key_create(name="cli", owner=admin_user).api_key.all_domains is True
    assert api_key_create(name="cli2", owner=admin_user, domains=["safety"]).api_key.all_domains is False


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_todays_empty_keys_over_as_all_domains(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0004_accesscode")])  # the state just before all_domains
    old_apps = executor.loader.project_state([("accounts", "0004_accesscode")]).apps
    OldKey = old_apps.get_model("accounts", "ApiKey")
    owner = old_apps.get_model("auth", "User").objects.create(username="keeper")
    OldKey.objects.create(name="legacy", owner_id=owner.pk, prefix="cmk_legacy", key_hash="a" * 64, domains=[])
    OldKey.objects.create(name="scoped", owner_id=owner.pk, prefix="cmk_scoped", key_hash="b" * 64,
                          domains=["parking"])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(ApiKey.objects.values_list("name", "all_domains")) == {"legacy": True, "scoped": False}


@pytest.mark.parametrize("all_domains, domains", [(False, []), (True, ["parking"])])
def test_the_database_refuses_a_key_whose_scope_is_not_explicit(admin_user, all_domains, domains):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ApiKey.objects.create(name="odd", owner=admin_user, prefix="cmk_odd", key_hash="c" * 64,
                              all_domains=all_domains, domains=domains)
    assert ApiKey.objects.count() == 0
