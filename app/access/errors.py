"""Name the refusals of access control and request hygiene (mapped by app.errors like any ApiError)."""

from app.errors import ApiError


class Unauthorized(ApiError):
    """No credential, or one that does not check out; the answer carries WWW-Authenticate."""

    status = 401


class UriTooLong(ApiError):
    """The query string is longer than the API reads."""

    status = 414


class BodyOnGet(ApiError):
    """A GET or HEAD carried a body, which the API never reads."""

    status = 400
