"""REST API plumbing shared by every app: errors as structured JSON, scoped lookups."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError


def exception_handler(exc, context):
    """Render every error as {"code", "message", "fields"} so clients handle one shape."""
    if isinstance(exc, NotFoundError):
        exc = Http404()
    if isinstance(exc, PermissionDeniedError):
        return Response({"code": exc.code, "message": exc.message, "fields": {}},
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ServiceError):
        return Response({"code": exc.code, "message": exc.message, "fields": exc.fields},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields},
                        status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": detail}
    elif isinstance(exc, Http404 | exceptions.NotFound):
        response.data = {"code": "not_found", "message": "Không tìm thấy đối tượng.", "fields": {}}
    else:
        code = getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(getattr(exc, "detail", exc)), "fields": {}}
    return response


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API, as rendered by ``exception_handler``."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Dữ liệu không hợp lệ"),
    403: OpenApiResponse(ErrorSerializer, description="Không có quyền"),
    404: OpenApiResponse(ErrorSerializer, description="Không tìm thấy (hoặc ngoài phạm vi)"),
}


class ReferenceField(serializers.PrimaryKeyRelatedField):
    """An id that does not exist is answered exactly like an id outside the user's scope (the
    service's field error), so ids cannot be probed; the service decides what is in reach.

    ``code`` and ``message`` must be those the service raises for an id outside the scope.

    ``reachable`` (optional) takes the serializer's context and returns the objects the caller may
    name (the service's own rule as a queryset): an id outside it is then answered as missing here,
    at the same step as a missing one, so the answer is the same whatever else the request holds.
    ``missing_codes`` adds DRF error codes read as "missing" (``incorrect_type``: an id that cannot be
    one, such as a word).
    """

    def __init__(self, *, code: str, message: str, reachable=None, missing_codes: tuple[str, ...] = (),
                 **kwargs):
        self.missing_code, self.missing_message = code, message
        self.reachable = reachable
        self.missing_codes = ("does_not_exist", *missing_codes)
        super().__init__(**kwargs)

    def get_queryset(self):
        if self.reachable is not None:
            return self.reachable(self.context)
        return super().get_queryset()

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not any(getattr(d, "code", "") in self.missing_codes for d in error.detail):
                raise
            name = self.field_name or self.parent.field_name
            message = self.missing_message
            raise ServiceError(self.missing_code, message, {name: [message]}) from None
