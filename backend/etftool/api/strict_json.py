"""Request bodies parsed as strict JSON, and only when they say they are JSON.

Python's parser accepts NaN and Infinity, which JSON does not have. A body holding one
would fail validation, and FastAPI's error response, which echoes the input, could not
then be encoded: a 500 instead of a 422. Routers built with `route_class=StrictJsonRoute`
refuse such bodies as malformed JSON (422 "JSON decode error") instead.

FastAPI also reads a body without a Content-Type as JSON. A page on another site can send
such a body (or a text/plain one) without the browser asking this server first, so a JSON
route answers 415 to a body that is not declared `application/json`.
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from fastapi import HTTPException, Request, Response, params, status
from fastapi.routing import APIRoute


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_constant=_refuse_constant)
        return self._json


class StrictJsonRoute(APIRoute):
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
