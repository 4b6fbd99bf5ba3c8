"""The admin: `ensure_admin` makes a login that works, and every registered model's pages open."""
import stat

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def ensure_admin(capsys, **options) -> str:
    call_command("ensure_admin", **options)
    return capsys.readouterr().out.strip()


@pytest.mark.django_db
def test_ensure_admin_creates_a_login_that_opens_the_admin(client, monkeypatch, settings, capsys, var_dir):
    monkeypatch.setenv("CIVICMIND_ADMIN_PASSWORD", "harbor-lights-2041")
    output = ensure_admin(capsys)
    assert output == (f"Admin: http://127.0.0.1:{settings.CIVICMIND_ADMIN_PORT}/admin/  "
                      "user admin  password harbor-lights-2041")

    response = client.post("/admin/login/?next=/admin/",
                           {"username": "admin", "password": "harbor-lights-2041", "next": "/admin/"})
    assert response.status_code == 302
    assert response["location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "City services" in index.text
    assert not (var_dir / "admin_password").exists()  # the variable's password is not stored


@pytest.mark.django_db
def test_ensure_admin_refuses_a_wrong_password_at_login(client, monkeypatch, capsys, var_dir):
    monkeypatch.setenv("CIVICMIND_ADMIN_PASSWORD", "harbor-lights-2041")
    ensure_admin(capsys)
    response = client.post("/admin/login/", {"username": "admin", "password": "wrong", "next": "/admin/"})
    assert response.status_code == 200  # the form again, with its error
    assert "Please enter the correct username and password" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_ensure_admin_without_a_password_generates_one_and_keeps_it(client, monkeypatch, capsys, var_dir):
    monkeypatch.delenv("CIVICMIND_ADMIN_PASSWORD", raising=False)
    first = ensure_admin(capsys)
    stored = var_dir / "admin_password"
    password = stored.read_text().strip()
    assert len(password) >= 16
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert first.endswith(f"user admin  password {password}")
    assert ensure_admin(capsys) == first  # the same login every run
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert client.login(username="admin", password=password)


@pytest.mark.django_db
def test_ensure_admin_leaves_an_existing_user_with_another_password_alone(monkeypatch, capsys, var_dir):
    User = get_user_model()
    User.objects.create_superuser(username="admin", email="", password="chosen-by-staff-77")
    monkeypatch.setenv("CIVICMIND_ADMIN_PASSWORD", "harbor-lights-2041")
    assert ensure_admin(capsys) == (
        "Admin user 'admin' exists with another password; left unchanged "
        "(set a new one with: python manage.py changepassword admin)."
    )
    assert User.objects.get(username="admin").check_password("chosen-by-staff-77")


@pytest.fixture
def demo_data(db):
    """The demo city inside this test's transaction (rolled back, no table flush)."""
    call_command("loaddata", "demo", verbosity=0)


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="staff", email="", password="x")
    client.force_login(user)
    return client


def test_admin_pages_of_every_registered_model_open(staff_client, demo_data):
    """Changelist, search, add and change pages of every model, on the demo city (one load)."""
    models = registered_models()
    assert len(models) >= 3
    failures = []
    for model in models:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages = [("changelist", reverse(f"{prefix}_changelist"), {}),
                 ("search", reverse(f"{prefix}_changelist"), {"q": "Main"})]
        model_admin = admin.site._registry[model]
        request = staff_client.get(reverse("admin:index")).wsgi_request
        if model_admin.has_add_permission(request):
            pages.append(("add", reverse(f"{prefix}_add"), {}))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(("change", reverse(f"{prefix}_change", args=[first.pk]), {}))
        for page, url, query in pages:
            try:
                status = staff_client.get(url, query).status_code
            except Exception as error:  # name the page, then keep checking the others
                status = f"{error.__class__.__name__}: {error}"
            if status != 200:
                failures.append((opts.label, page, status))
    assert failures == []


@pytest.mark.django_db
def test_a_place_added_in_the_admin_gets_its_look_up_key(staff_client):
    from apps.places.models import Place

    response = staff_client.post(reverse("admin:places_place_add"), {
        "name": "789 Harbor Boulevard", "kind": "address", "alias_of": "", "address": "789 Harbor Blvd",
        "zone": "C-2", "latitude": "37.770100", "longitude": "-122.410300",
    })
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    place = Place.objects.get(name="789 Harbor Boulevard")
    assert place.key == "789 harbor blvd"
