"""Remember where the current request comes from, for the audit trail."""

from contextvars import ContextVar

current_client_address: ContextVar[str] = ContextVar("current_client_address", default="")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_client_address.set(request.META.get("REMOTE_ADDR", "") or "")
        try:
            return self.get_response(request)
        finally:
            current_client_address.reset(token)
