"""Request bodies parsed as strict JSON.

Python's parser accepts NaN and Infinity, which JSON does not have. A body holding one
would fail validation, and FastAPI's error response, which echoes the input, could not
then be encoded: a 500 instead of a 422. Routers built with `route_class=StrictJsonRoute`
refuse such bodies as malformed JSON (422 "JSON decode error") instead.
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from fastapi import Request, Response
from fastapi.routing import APIRoute


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_constant=_refuse_constant)
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_json_handler(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_json_handler


def _refuse_constant(name: str) -> NoReturn:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)
