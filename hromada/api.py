"""The JSON API under /api/v1/: each app mounts its router in its AppConfig.ready() (core.kit.Api)."""

from hromada.accounts.api_auth import token_refused
from hromada.core.api import HromadaAPI, JsonBodyParser, install_error_handlers
from hromada.core.kit import api_mounts

api = HromadaAPI(
    title="Hromada API",
    version="1",
    description="Public and personal API of a Hromada installation. Errors always have the shape "
    '`{"error": {"code", "message", "fields"}}`. Authenticate with the session cookie or '
    "`Authorization: Bearer <personal token>`.",
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=JsonBodyParser(),
)
install_error_handlers(api, token_refused=token_refused)
for prefix, router in api_mounts():
    api.add_router(prefix, router)
