"""Request bodies parsed as strict JSON, and only when they say they are JSON.

Python's parser accepts NaN and Infinity, which JSON does not have, and half of a UTF-16
surrogate pair without its other half (`"\\ud800"`, or its bytes), which is no Unicode text. A
body holding one would fail validation or storage, and the answer, which may echo the input,
could not then be encoded: a 500 instead of a 422. Routers built with
`route_class=StrictJsonRoute` refuse such bodies as malformed JSON (422 "JSON decode error",
saying why) instead.

FastAPI also reads a body without a Content-Type as JSON. A page on another site can send
such a body (or a text/plain one) without the browser asking this server first, so a JSON
route answers 415 to a body that is not declared `application/json`.
"""

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from fastapi import HTTPException, Request, Response, params, status
from fastapi.routing import APIRoute

# A pair decodes to one character outside the BMP: a surrogate left in a string is a lone half.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What a body holding a surrogate has: its escape, or the first byte of its (or Hangul's) UTF-8,
# or, read as UTF-16 or -32 (the parser takes those too), a zero byte among the first four.
_SURROGATE_SIGNS = (b"\\ud", b"\\uD", b"\xed")


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                parsed = json.loads(body, parse_constant=_refuse_constant)
            except UnicodeDecodeError as error:
                raise json.JSONDecodeError(
                    f"byte 0x{body[error.start]:02x} at position {error.start} is not {error.encoding}:"
                    " JSON is Unicode text",
                    "",
                    0,
                ) from error
            # From a \u escape, or from bytes: the parser decodes them with "surrogatepass". The
            # signs are looked for first: a walk of a large import costs more than its parsing.
            signs = any(sign in body for sign in _SURROGATE_SIGNS) or b"\x00" in body[:4]
            if signs and (half := _lone_surrogate(parsed)):
                raise json.JSONDecodeError(
                    f"\\u{ord(half):04x} is half of a UTF-16 surrogate pair without its other half:"
                    " strings must be Unicode text",
                    "",
                    0,
                )
            self._json = parsed
        return self._json


class StrictJsonRoute(APIRoute):
    """Its routes with a JSON body list the 415 in their `responses`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        # Form and file uploads have their own content types.
        takes_json = self.body_field is not None and not isinstance(self.body_field.field_info, params.Form)

        async def strict_json_handler(request: Request) -> Response:
            if takes_json and _has_body(request) and not _declares_json(request):
                raise HTTPException(
                    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON sent with 'Content-Type: application/json'",
                )
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_json_handler


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" in request.headers or (length is not None and length.strip() != "0")


def _declares_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _refuse_constant(name: str) -> NoReturn:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _lone_surrogate(parsed: Any) -> str | None:
    """The first lone surrogate in any string or key of the parsed body (walked without
    recursion: nesting is as deep as the parser allows)."""
    pending = [parsed]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if found := _SURROGATE.search(value):
                return found.group()
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return None
