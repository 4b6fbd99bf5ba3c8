"""Time admin change lists over HTTP as a logged-in superuser (the admin port of `serve`).

Server time is taken as the client's time from sending the request to the last byte of
the page, on loopback: the network adds a few hundred microseconds at most.
"""
import re
import statistics
import time

import httpx

from bench.harness import ADMIN_PASSWORD, ADMIN_USER

PAGES = [
    ("citations, first page", "/admin/parking/citation/", "VIO-"),
    ("citations, status = issued", "/admin/parking/citation/?status__exact=issued", "VIO-"),
    ("citations, violation type filter", "/admin/parking/citation/?violation_type__id__exact=1", "VIO-"),
    ("citations, search by plate", "/admin/parking/citation/?q=abc-123", "VIO-2025-001234"),
    ("citations, search by number", "/admin/parking/citation/?q=VIO-2025-001234", "VIO-2025-001234"),
    ("citations, page 50", "/admin/parking/citation/?p=50", "VIO-"),
    ("payments, first page", "/admin/parking/payment/", "RCP-"),
    ("permit applications, first page", "/admin/permits/permitapplication/", "PRM-"),
]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = client.get("/admin/login/?next=/admin/")
    token = CSRF_RE.search(page.text)
    if page.status_code != 200 or token is None:
        raise RuntimeError(f"admin login page: HTTP {page.status_code}")
    response = client.post("/admin/login/?next=/admin/", data={
        "csrfmiddlewaretoken": token.group(1), "username": ADMIN_USER, "password": ADMIN_PASSWORD,
        "next": "/admin/"}, headers={"Referer": f"{base}/admin/login/"})
    if response.status_code != 302:
        raise RuntimeError(f"admin login failed: HTTP {response.status_code}")
    return client


def time_pages(base: str, *, repeats: int) -> list[dict]:
    """Return, per page, the median and worst of `repeats` timed loads (after one warm-up)."""
    client = login(base)
    rows = []
    try:
        for label, path, expect in PAGES:
            response = client.get(path)
            if response.status_code != 200 or expect not in response.text:
                raise RuntimeError(f"admin page {path}: HTTP {response.status_code}, {expect!r} "
                                   f"{'found' if expect in response.text else 'missing'}")
            count = re.search(r"(\d[\d,]*) (citations?|payments?|permit applications?)\b", response.text)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"admin page {path}: HTTP {response.status_code}")
            rows.append({"page": label, "path": path, "median_ms": round(statistics.median(times), 1),
                         "max_ms": round(max(times), 1), "repeats": repeats,
                         "shown_count": count.group(0) if count else None})
    finally:
        client.close()
    return rows
