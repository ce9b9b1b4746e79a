"""An answer that is an error: an HTTP status and OpenAI's error object, which clients raise as their own types."""

from __future__ import annotations


class ApiError(Exception):
    """An answer with an HTTP status and OpenAI's error object; ``code`` is what clients switch on, ``param`` names
    the field at fault."""

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None,
                 kind: str = "invalid_request_error"):
        super().__init__(message)
        self.status, self.code, self.param, self.kind = status, code, param, kind

    def body(self) -> dict:
        return {"error": {"message": str(self), "type": self.kind, "param": self.param, "code": self.code}}
