"""Several daphne processes behind one port, one /metrics: prometheus_client multiprocess mode."""
import os

import httpx
import pytest
from django.db import connection

from tests.accounts.helpers import rpc, sample, scrape, wait_for
from tests.servers import start_serve


@pytest.mark.redis
def test_metrics_of_every_process_are_summed(transactional_db, tmp_path, redis_url):
    from apps.accounts.metrics import prepare_multiprocess_dir

    directory = prepare_multiprocess_dir(tmp_path / "prometheus")
    server = start_serve(dict(connection.settings_dict), tmp_path, workers=2, REDIS_URL=redis_url,
                         PROMETHEUS_MULTIPROC_DIR=directory)
    try:
        calls = 40
        for _ in range(calls):  # new connections: the kernel spreads them over both processes
            with httpx.Client() as client:
                assert rpc(server.mcp_url("permits"), "tools/list", client=client).status_code == 200
        pids = {name.split("_")[-1] for name in os.listdir(directory)}
        assert len(pids) >= 2, f"only {pids} wrote metrics"
        labels = {"domain": "permits", "method": "tools/list", "tool": "", "status": "success"}
        # Whichever process answers the scrape reports the sum of both.
        for _ in range(3):
            assert sample(scrape(server.base()), "mcp_requests_total", **labels) == calls
    finally:
        server.stop()
    assert wait_for(lambda: server.process.poll() is not None, timeout=5)
