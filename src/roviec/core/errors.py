"""One exception type for business-rule failures, rendered in one place.

Services raise ``ServiceError`` with a stable code and a Vietnamese message;
views turn it into a form error or a flash message, the API into JSON.
"""

from dataclasses import dataclass, field


@dataclass
class ServiceError(Exception):
    code: str
    message: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class NotFoundError(ServiceError):
    """Raised for objects outside the user's scope as well as absent ones."""

    def __init__(self, message: str = "Không tìm thấy đối tượng.") -> None:
        super().__init__(code="not_found", message=message)


class PermissionDeniedError(ServiceError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(code="permission_denied", message=message)
