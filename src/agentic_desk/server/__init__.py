"""The local OpenAI-compatible API server (Starlette on uvicorn): secure by default.

Off unless turned on; binds 127.0.0.1; needs a bearer token kept in the keyring; refuses
unknown ``Host`` and ``Origin`` headers; bounded request size, reply length and queue.
Requests go through the same ChatService (detector, router, privacy invariant) as the
chat pane, and stay on the local model unless ``cloud.api_clients_may_use_cloud`` is on.
This package may import starlette and uvicorn, never PySide6.
"""

from agentic_desk.server.app import ServerEvent
from agentic_desk.server.runner import LAN_WARNING, ApiServer, ApiServerError
from agentic_desk.server.token import TOKEN_ENV, ApiTokenError, ApiTokenStore

__all__ = [
    "LAN_WARNING",
    "TOKEN_ENV",
    "ApiServer",
    "ApiServerError",
    "ApiTokenError",
    "ApiTokenStore",
    "ServerEvent",
]
