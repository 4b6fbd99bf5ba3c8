"""nginx (deploy/nginx.conf) routes /api/ and /open311/ on port 9000 to the admin listener."""
import httpx
import pytest

from tests.platform.test_nginx import NGINX, proxy  # noqa: F401  (the module's nginx fixture)

pytestmark = [pytest.mark.nginx, pytest.mark.skipif(NGINX is None, reason="nginx is not installed")]


def test_rest_and_open311_reach_the_admin_listener(proxy, demo_city):  # noqa: F811
    schema = httpx.get(f"{proxy.base}/api/v1/schema/")
    assert schema.status_code == 200 and schema.json()["openapi"] == "3.1.0"
    services = httpx.get(f"{proxy.base}/open311/v2/services.json")
    assert services.status_code == 200 and any(s["service_code"] == "road-pothole" for s in services.json())
