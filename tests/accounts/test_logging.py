"""JSON log lines with the request id; the admin's request ids and request lines."""
import contextvars
import json
import logging
import re

import pytest

from civicmind.logging import JsonFormatter, RequestIdFilter, bind_request_id, logging_config


def format_record(message: str, *args, exc_info=None, **extra) -> dict:
    record = logging.LogRecord("civicmind.test", logging.WARNING, __file__, 1, message, args, exc_info)
    for name, value in extra.items():
        setattr(record, name, value)
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_line_is_json_with_the_request_id_and_extras():
    def inside_a_request():
        bind_request_id("abc123-1-7")
        return format_record("tool %s answered", "check_violations", domain="parking", duration_ms=1.5)

    line = contextvars.copy_context().run(inside_a_request)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line.pop("time"))
    assert line == {"level": "WARNING", "logger": "civicmind.test", "message": "tool check_violations answered",
                    "request_id": "abc123-1-7", "domain": "parking", "duration_ms": 1.5}


def test_outside_a_request_there_is_no_request_id():
    line = contextvars.Context().run(format_record, "starting")
    assert "request_id" not in line


def test_exceptions_are_logged_with_their_trace():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        line = format_record("failed", exc_info=sys.exc_info())
    assert line["exception"].startswith("Traceback")
    assert "ValueError: boom" in line["exception"]


def test_logging_config_formats():
    config = logging_config(level="INFO", fmt="json")
    assert config["handlers"]["stderr"]["formatter"] == "json"
    assert config["formatters"]["json"] == {"()": "civicmind.logging.JsonFormatter"}
    assert "%(request_id)s" in logging_config(level="INFO", fmt="plain")["formatters"]["plain"]["format"]


@pytest.mark.django_db
def test_admin_responses_carry_a_request_id_and_are_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="civicmind.requests"):
        response = client.get("/admin/login/?next=/admin/&token=secret-in-query")
    assert response.status_code == 200
    request_id = response["X-Request-Id"]
    assert re.fullmatch(r"web-[0-9a-f]{16}", request_id)
    record = next(r for r in caplog.records if r.name == "civicmind.requests")
    assert (record.method, record.path, record.status, record.user) == ("GET", "/admin/login/", 200, None)
    assert json.loads(JsonFormatter().format(record))["request_id"] == request_id
    assert "secret-in-query" not in caplog.text
