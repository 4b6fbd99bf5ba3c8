"""The demo city: every fixtures/<dir>/demo.json loads (`loaddata demo`) on this database."""
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.places.models import Place
from apps.places.normalize import place_key
from apps.places.selectors import place_resolve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEMO_FILES = sorted(FIXTURES.glob("*/demo.json"))
# Place pks each fixture folder may use, so two domains never overwrite each other's rows.
PLACE_PK_RANGES = {
    "places": range(1, 1000),
    "parking": range(1000, 2000),
    "permits": range(2000, 3000),
    "noise": range(3000, 4000),
    "safety": range(4000, 5000),
    "utilities": range(5000, 6000),
    "transportation": range(6000, 7000),
    "zoning": range(7000, 8000),
    "environmental": range(8000, 9000),
}


def fixture_rows(model: str | None = None):
    """Yield (folder, row) for every row of every demo fixture, optionally of one model."""
    for path in DEMO_FILES:
        for row in json.loads(path.read_text()):
            if model is None or row["model"] == model:
                yield path.parent.name, row


def test_every_demo_file_is_a_list_of_rows_with_model_and_fields():
    assert FIXTURES / "places" / "demo.json" in DEMO_FILES
    for folder, row in fixture_rows():
        assert {"model", "fields"} <= set(row), (folder, row)
        assert apps.get_model(row["model"]) is not None


def test_no_two_fixture_rows_share_a_model_and_pk():
    seen: dict[tuple[str, object], str] = {}
    for folder, row in fixture_rows():
        if "pk" not in row:
            continue
        key = (row["model"], row["pk"])
        assert key not in seen, f"{key} is in both fixtures/{seen[key]} and fixtures/{folder}"
        seen[key] = folder


def test_every_place_row_has_key_equal_to_place_key_of_its_name():
    rows = list(fixture_rows("places.place"))
    assert rows
    wrong = [(folder, row["pk"], row["fields"]["name"], row["fields"].get("key"))
             for folder, row in rows if row["fields"].get("key") != place_key(row["fields"]["name"])]
    assert wrong == []


def test_place_rows_use_their_folders_pk_range():
    outside = [(folder, row["pk"]) for folder, row in fixture_rows("places.place")
               if row["pk"] not in PLACE_PK_RANGES.get(folder, range(0))]
    assert outside == []


def test_loaddata_demo_loads_every_row(demo_city):
    expected = defaultdict(set)
    for _, row in fixture_rows():
        if "pk" in row:
            expected[row["model"]].add(row["pk"])
    for label, pks in expected.items():
        model = apps.get_model(label)
        assert model.objects.filter(pk__in=pks).count() == len(pks), label
    assert Place.objects.count() == len(expected["places.place"])


def test_the_demo_gazetteer_resolves_the_seeds_places(demo_city):
    city_hall = place_resolve(query="Downtown City Hall")
    assert city_hall.pk == 1
    assert place_resolve(query="downtown") == city_hall  # an alias
    assert place_resolve(query="123 Main Street").name == "123 Main St"


@pytest.mark.django_db
def test_load_demo_loads_once(capsys):
    call_command("load_demo")
    count = Place.objects.count()
    assert count == len(list(fixture_rows("places.place")))
    call_command("load_demo")
    assert Place.objects.count() == count
    assert capsys.readouterr().out.strip().endswith("Demo city already loaded (use --force to reload).")
