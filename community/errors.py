"""The one application error type of Kongsi, and its kinds.

Services raise these; the API maps them to clean JSON errors
(``{"detail": ...}`` or ``{"field": [...]}``) with the status below, and pages
show the message. Messages are user-facing and go through gettext.
"""


class KongsiError(Exception):
    """Bad input: 400. ``field`` names the offending input when there is one."""

    status_code = 400

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_api_data(self) -> dict:
        if self.field:
            return {self.field: [str(self.message)]}
        return {"detail": str(self.message)}


class ConflictError(KongsiError):
    """The object's state forbids the action (an illegal transition): 409."""

    status_code = 409


class PermissionDeniedError(KongsiError):
    """The role may never do this: 403."""

    status_code = 403


class NotFoundError(KongsiError):
    """Missing, or not the caller's: 404 (never reveal another member's object)."""

    status_code = 404


class UploadTooLargeError(KongsiError):
    """An upload above its size limit: 413."""

    status_code = 413
