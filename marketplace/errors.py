"""The one base class of business-rule errors. The API exception handler and
the form-error path turn these into a 400/409 with the message."""


class DomainError(Exception):
    """A business rule refused an operation; `message` is for a person."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        # Several messages per field where one rule has several reasons ({"status": [...]});
        # by default the one message under `field`.
        self.fields = fields if fields is not None else ({field: [message]} if field else {})
        if code:
            self.code = code


class ConflictError(DomainError):
    status_code = 409
    code = "conflict"


class NotPermitted(DomainError):
    """The person is known but may not do this (HTTP 403)."""

    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    """The thing asked for does not exist for this person (HTTP 404)."""

    status_code = 404
    code = "not_found"
