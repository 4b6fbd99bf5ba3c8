"""Preset staff groups, one per domain desk, with the permissions that desk's work needs.

A city gives a new clerk a group instead of ticking dozens of permissions by hand. Each
group may view every page of its domain and change the records its desk works (actions
need the change permission); catalogues a desk maintains may also be added to. The table
is frozen here, as migrations must be; later changes come in later migrations. Groups that
already exist are completed, never emptied, so a city's own additions survive.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ALL = "__all__"

# group name -> (app label, {model: actions beyond "view"})
STAFF_GROUPS = {
    "Parking staff": ("parking", {
        "citation": ("change",), "violationtype": ("add", "change"), "parkingfacility": ("add", "change"),
    }),
    "Permit reviewers": ("permits", {
        "permitapplication": ("change",), "permitdocument": ("add", "change"), "inspection": ("change",),
        "inspector": ("add", "change"), "inspectorabsence": ("add", "change", "delete"),
        "inspectionclosure": ("add", "change", "delete"),
    }),
    "Noise officers": ("noise", {
        "complaint": ("change",), "enforcementaction": ("change",), "ordinance": ("add", "change"),
    }),
    "Safety dispatchers": ("safety", {
        "incident": ("change",), "responseunit": ("change",),
    }),
    "Utilities staff": ("utilities", {
        "account": ("add", "change"), "accountservice": ("add", "change"), "bill": ("add", "change"),
        "billline": ("add", "change"), "servicerequest": ("change",), "outage": ("change",),
    }),
    "Transportation staff": ("transportation", {
        "roadissue": ("change",), "trafficalert": ("add", "change", "delete"), "route": ("add", "change"),
        "routestop": ("add", "change", "delete"), "stop": ("add", "change"), "departure": ("add", "change", "delete"),
    }),
    "Zoning staff": ("zoning", {
        "variance": ("change",), "parcel": ("add", "change"), "district": ("add", "change"),
        "userule": ("add", "change"),
    }),
    "Environmental staff": ("environmental", {
        "bulkpickup": ("change",), "environmentalreport": ("change",), "pickupslot": ("add", "change"),
        "collectionarea": ("add", "change"), "collectionareastreet": ("add", "change", "delete"),
        "collectionschedule": ("add", "change", "delete"), "collectionholiday": ("add", "change", "delete"),
        "bulkitemrule": ("add", "change"), "sustainabilityprogram": ("add", "change"),
    }),
}


def staff_groups_create(apps, schema_editor):
    """Create the groups (and, on a fresh database, the permissions they name)."""
    for label in {label for label, _ in STAFF_GROUPS.values()}:
        config = apps.get_app_config(label)
        original = getattr(config, "models_module", None)
        config.models_module = original or True  # historical configs have none; create_permissions skips those
        try:
            create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        finally:
            config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (label, extra) in STAFF_GROUPS.items():
        codenames = {f"view_{model._meta.model_name}" for model in apps.get_app_config(label).get_models()}
        codenames |= {f"{action}_{model}" for model, actions in extra.items() for action in actions}
        permissions = Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def staff_groups_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=STAFF_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_apikey_all_domains"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("parking", "0004_facility_geo_index"),
        ("permits", "0001_initial"),
        ("noise", "0001_initial"),
        ("safety", "0001_initial"),
        ("utilities", "0001_initial"),
        ("transportation", "0001_initial"),
        ("zoning", "0001_initial"),
        ("environmental", "0001_initial"),
    ]

    operations = [migrations.RunPython(staff_groups_create, staff_groups_delete)]
