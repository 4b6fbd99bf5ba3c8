"""Request ids and structured request logs for the Django side (admin, /metrics).

The MCP endpoints bypass Django and log through apps.accounts.requestlog; this gives the
admin the same: an X-Request-Id on every response, the id on every log line of the request,
and one line per request with its method, path (no query string: it can carry secrets),
status and duration.

The user is named from code that may run in the event loop (daphne serves Django as ASGI),
where touching the lazy `request.user` queries the database and raises
SynchronousOnlyOperation: a 500 for every logged-in request the view did not already
resolve the user for (404s, 403s from CSRF, /metrics). The async path resolves it with
`await request.auser()` unless the view already loaded it; only the sync path (a thread,
where queries are allowed) reads `request.user` directly.
"""
import logging
import time
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.functional import empty

from civicmind.logging import request_id_var

logger = logging.getLogger("civicmind.requests")


class RequestLogMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        request_id, started, token = self._begin(request)
        try:
            response = self.get_response(request)
            return self._end(request, response, request_id, started, self._username(request))
        finally:
            request_id_var.reset(token)

    async def __acall__(self, request):
        request_id, started, token = self._begin(request)
        try:
            response = await self.get_response(request)
            username = await self._ausername(request)
            return self._end(request, response, request_id, started, username)
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _begin(request):
        request_id = f"web-{uuid.uuid4().hex[:16]}"
        request.request_id = request_id
        return request_id, time.perf_counter(), request_id_var.set(request_id)

    @staticmethod
    def _username(request) -> str | None:
        user = getattr(request, "user", None)  # absent when a middleware before auth answered
        return user.get_username() if user is not None and user.is_authenticated else None

    @classmethod
    async def _ausername(cls, request) -> str | None:
        lazy = getattr(request, "user", None)
        if lazy is not None and getattr(lazy, "_wrapped", empty) is not empty:
            return cls._username(request)  # the view already loaded it: no second query
        auser = getattr(request, "auser", None)
        if auser is None:
            return None
        user = await auser()  # cached on the request; the query runs off the event loop
        return user.get_username() if user.is_authenticated else None

    @staticmethod
    def _end(request, response, request_id: str, started: float, username: str | None):
        response["X-Request-Id"] = request_id
        logger.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "event": "http.request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
            "user": username,
        })
        return response
