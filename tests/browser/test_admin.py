"""Issue 12, proven in a real browser: city staff click through the whole admin without a 5xx.

Logs in as a staff user the test creates; opens the change list, the add form and one
existing object's change form of every model in admin.site._registry (so models and
actions added later are covered without touching this file); submits those forms; runs
every action the change list offers once on one object, answering intermediate forms;
opens an evidence photo and a permit document uploaded over MCP from their admin links;
follows "View site". Every page is watched for 5xx answers and console errors.

Screenshots (the index, one change list and one change form per domain) go to
CIVICMIND_SCREENSHOTS (default var/screenshots); docs/screenshots holds the README's.
The demo city is loaded once for the module and flushed afterwards, as transactional
tests leave the database.
"""
import base64
import csv
import re
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import httpx
import pytest
from django.contrib import admin

from civicmind.domains import DOMAINS
from tests.browser.conftest import Watch, screenshot_dir

USERNAME, PASSWORD = "browser-clerk", "a long browser clerk password"
FILLER_TEXT = "Checked in the browser suite."
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"


def png_1x1() -> bytes:
    """A real (decodable) one-pixel PNG, so the browser shows it without an error."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x26\x4b\x5d")) + chunk(b"IEND", b""))


def registered() -> list:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def showcase_models() -> set:
    """Per domain, the model whose pages are photographed: the one with the most actions."""
    chosen = {}
    for model in registered():
        app = model._meta.app_label
        if app in DOMAINS:
            count = len(admin.site._registry[model].actions or ())
            if app not in chosen or count > chosen[app][0]:
                chosen[app] = (count, model._meta.label)
    return {label for _, label in chosen.values()}


SHOWCASE = showcase_models()


def mcp_call(server, domain: str, name: str, arguments: dict) -> dict:
    """tools/call on a domain's listener, the way the seed's client sends it."""
    response = httpx.post(server.mcp_url(domain), timeout=30, headers={"MCP-Protocol-Version": "2025-06-18"},
                          json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                "params": {"name": name, "arguments": arguments}})
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert not result.get("isError"), result
    return result["structuredContent"]


def _load_city():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    # Never load (and later flush) anything but a test database.
    assert connection.settings_dict["NAME"].rsplit("/", 1)[-1].startswith("test_"), connection.settings_dict["NAME"]
    call_command("loaddata", "demo", verbosity=0)
    get_user_model().objects.create_superuser(USERNAME, "clerk@city.example", PASSWORD)


def _stored_uploads() -> list[str]:
    from apps.parking.models import Citation
    from apps.permits.models import PermitDocument

    return [*Citation.objects.exclude(photo="").values_list("photo", flat=True),
            *PermitDocument.objects.values_list("file", flat=True)]


def _clean_up(names: list[str]):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    for name in names:
        default_storage.delete(name)
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def city(civic_server, orm):
    """The demo city, a staff login, and a photo and a document uploaded over MCP (committed)."""
    orm(_load_city)
    photo = mcp_call(civic_server, "parking", "report_violation", {
        "license_plate": "BRW123", "violation_type": "expired_meter", "location": "123 Main St",
        "description": "Meter expired, photo attached.",
        "photo": {"data": base64.b64encode(png_1x1()).decode(), "mime_type": "image/png"}})
    application = mcp_call(civic_server, "permits", "submit_application", {
        "permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
        "project_description": "Adding 400 sq ft deck to back of house", "estimated_cost": 8000,
        "documents": [
            {"filename": "site_plan.pdf", "content_type": "application/pdf",
             "content_base64": base64.b64encode(PDF).decode()},
            {"filename": "structural_drawings.jpg", "content_type": "image/jpeg",
             "content_base64": base64.b64encode(JPEG).decode()}]})
    yield SimpleNamespace(server=civic_server, citation=photo["citation_number"], application=application["reference"])
    orm(lambda: _clean_up(_stored_uploads()))


@pytest.fixture(scope="module")
def session(city, browser):
    """A logged-in browser tab, watched for 5xx answers and console errors."""
    context = browser.new_context(base_url=city.server.base(), viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch()
    watch.attach(page)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/"), page.url
    yield SimpleNamespace(page=page, watch=watch, city=city, shots=screenshot_dir())
    context.close()


@pytest.fixture
def staff(session, db):
    """The session's tab; the test fails if anything went wrong in the browser meanwhile."""
    session.watch.take()
    yield session
    assert session.watch.take() == []


def open_page(page, url: str) -> int:
    response = page.goto(url)
    assert response is not None, url
    return response.status


def submit(page, selector: str) -> int:
    """Click a submit button and return the status of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value.status


# Fill the required fields a form left empty with plausible values (the admin marks them
# `required`); selects take their first real choice.
FILL_REQUIRED = """([text, today]) => {
  // The server's validation is what is under test: the browser's own must not block a submit.
  document.querySelectorAll('form').forEach(form => { form.noValidate = true; });
  let n = 0;
  for (const el of document.querySelectorAll('#content form [required]')) {
    if (el.disabled || el.type === 'hidden' || el.type === 'file') continue;
    if (el.tagName === 'SELECT') {
      if (!el.value) { const o = [...el.options].find(o => o.value); if (o) el.value = o.value; }
      continue;
    }
    if (el.type === 'checkbox') { el.checked = true; continue; }
    if (el.value) continue;
    n += 1;
    const cls = el.className || '';
    let value = `${text} ${n}`;
    if (el.type === 'number' || cls.includes('vIntegerField') || cls.includes('vBigIntegerField')) value = '1';
    else if (cls.includes('vDateField') || el.type === 'date') value = today;
    else if (cls.includes('vTimeField') || el.type === 'time') value = '12:00:00';
    else if (el.type === 'email') value = 'clerk@city.example';
    else if (el.type === 'password') value = 'A browser-suite password 42';
    else if (el.type === 'url') value = 'https://city.example/';
    else if (el.type === 'datetime-local') value = today + 'T12:00';
    if (el.maxLength > 0) value = value.slice(0, el.maxLength);
    el.value = value;
  }
}"""


def fill_required(page) -> None:
    from django.utils import timezone

    # The city's (frozen) today, as the server sees it, not the machine's date.
    page.evaluate(FILL_REQUIRED, [FILLER_TEXT, timezone.localdate().isoformat()])


def shoot(staff, name: str) -> None:
    staff.page.screenshot(path=str(staff.shots / f"{name}.png"))


def test_the_index_and_view_site(staff):
    page = staff.page
    assert open_page(page, "/admin/") == 200
    assert page.locator("#site-name").inner_text() == "CivicMind city staff"
    shoot(staff, "admin-index")
    with page.expect_navigation() as navigation:
        page.click("text=View site")
    assert navigation.value.status == 200
    assert page.url == f"{staff.city.server.base()}/"
    assert page.locator("h1").inner_text() == "CivicMind"
    assert page.locator("td", has_text="parking").count() >= 1


def test_outside_the_admin_staff_get_404_not_500(staff):
    page = staff.page
    assert open_page(page, "/nonexistent/") == 404
    assert open_page(page, "/media/nonexistent.png") == 404
    assert open_page(page, "/favicon.ico") == 200
    # Chromium logs each 404 it was asked for as a failed load; nothing else may appear.
    assert [problem for problem in staff.watch.take() if "status of 404" not in problem] == []


def test_uploads_open_from_their_admin_links(staff):
    page, city = staff.page, staff.city
    assert open_page(page, f"/admin/parking/citation/?q={city.citation}") == 200
    with page.expect_navigation():
        page.click(f"#result_list a:text-is('{city.citation}')")
    link = page.locator(".field-photo a[href*='/media/']").first
    with page.expect_navigation() as navigation:
        link.click()
    photo = navigation.value
    assert photo.status == 200
    assert photo.headers["content-type"] == "image/png"
    assert photo.headers["content-disposition"].startswith("inline;")
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.body() == png_1x1()

    assert open_page(page, f"/admin/permits/permitapplication/?q={city.application}") == 200
    with page.expect_navigation():
        page.click(f"#result_list a:text-is('{city.application}')")
    # Keyed by extension: the storage adds a suffix when a name is taken.
    links = {anchor.get_attribute("href").rsplit(".", 1)[-1]: anchor.get_attribute("href")
             for anchor in page.locator("a[href*='/media/permits/']").all()}
    assert sorted(links) == ["jpg", "pdf"], links
    # PDFs go to Chromium's viewer (not a page Playwright can read): fetch with the tab's cookies.
    document = page.context.request.get(urljoin(page.url, links["pdf"]))
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"] == 'inline; filename="site_plan.pdf"'
    assert document.body() == PDF
    assert open_page(page, links["jpg"]) == 200


@pytest.mark.parametrize("label", [model._meta.label for model in registered()])
def test_every_page_form_and_action_of(staff, label):
    model = next(m for m in registered() if m._meta.label == label)
    opts = model._meta
    page = staff.page
    changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
    notes = []

    assert open_page(page, changelist) == 200
    if label in SHOWCASE:
        shoot(staff, f"{opts.app_label}-{opts.model_name}-changelist")
    checkboxes = page.locator("#result_list input.action-select")
    first_pk = checkboxes.first.get_attribute("value") if checkboxes.count() else None
    row_link = page.locator("#result_list tbody tr").first.locator("th a, td a").first
    change_url = row_link.get_attribute("href") if row_link.count() else None
    if change_url is None and first_pk is not None:
        change_url = f"{changelist}{first_pk}/change/"
    can_add = page.locator(".object-tools a.addlink").count() > 0
    actions = [value for value in page.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)") if value]

    if change_url:  # one existing object: open it, then save it unchanged
        assert open_page(page, change_url) == 200
        if label in SHOWCASE:
            shoot(staff, f"{opts.app_label}-{opts.model_name}-change")
        if page.locator("input[name=_continue]").count():
            assert submit(page, "input[name=_continue]") < 500
            if page.locator(".errornote").count():  # an object staff cannot save as it is
                errors = page.locator(".errorlist").all_inner_texts()
                notes.append(f"change form not saved unchanged: {errors}")

    added_pk = None
    if can_add:
        assert open_page(page, f"{changelist}add/") == 200
        fill_required(page)
        assert submit(page, "input[name=_save]") < 500
        success = page.locator(".messagelist .success a")
        if success.count():
            found = re.search(r"/([^/]+)/change/", success.first.get_attribute("href") or "")
            added_pk = found.group(1) if found else None

    for action in sorted(actions, key=lambda name: name == "delete_selected"):
        # Delete only what this test added; for anything else, stop at the confirmation.
        dry_run = action == "delete_selected" and added_pk is None
        target = added_pk if action == "delete_selected" and added_pk else (first_pk or added_pk)
        if target is None:
            continue
        assert open_page(page, f"{changelist}?{opts.pk.attname}={target}") == 200
        box = page.locator(f"#result_list input.action-select[value='{target}']")
        if not box.count():
            notes.append(f"{action}: object {target} not listed")
            continue
        box.check()
        page.select_option("select[name=action]", action)
        if action == "export_csv":  # answers a file, not a page: the browser downloads it
            with page.expect_download() as download:
                page.click("#changelist-form button[name=index]")
            exported = list(csv.reader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines(True)))
            assert download.value.suggested_filename.endswith(".csv") and len(exported) == 2, exported
            continue
        assert submit(page, "#changelist-form button[name=index]") < 500, action
        if dry_run:  # the confirmation (or the list of what protects the object) opened
            heading = page.locator("#content h1").inner_text()
            assert heading == "Delete multiple objects" or heading.startswith("Cannot delete"), heading
            continue
        if not page.locator("#changelist-form").count() and page.locator("#content form").count():
            # An intermediate page (a confirmation or a form asking for input): answer it.
            fill_required(page)
            button = page.locator("#content form [type=submit]").first
            with page.expect_navigation() as navigation:
                button.click()
            assert navigation.value.status < 500, action
        # Staff always learn what an action did (or why it did nothing).
        if not page.locator(".messagelist li").count():
            notes.append(f"{action}: no message after running it")

    assert notes == []
