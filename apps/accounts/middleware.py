"""Request ids and structured request logs for the Django side (admin, /metrics).

The MCP endpoints bypass Django and log through apps.accounts.requestlog; this gives the
admin the same: an X-Request-Id on every response, the id on every log line of the request,
and one line per request with its method, path (no query string: it can carry secrets),
status and duration.
"""
import logging
import time
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

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
            return self._end(request, response, request_id, started)
        finally:
            request_id_var.reset(token)

    async def __acall__(self, request):
        request_id, started, token = self._begin(request)
        try:
            response = await self.get_response(request)
            return self._end(request, response, request_id, started)
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _begin(request):
        request_id = f"web-{uuid.uuid4().hex[:16]}"
        request.request_id = request_id
        return request_id, time.perf_counter(), request_id_var.set(request_id)

    @staticmethod
    def _end(request, response, request_id: str, started: float):
        response["X-Request-Id"] = request_id
        user = getattr(request, "user", None)
        logger.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "event": "http.request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
            "user": user.get_username() if user is not None and user.is_authenticated else None,
        })
        return response
