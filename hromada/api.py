"""The JSON API under /api/v1/: each domain app contributes a router."""

from hromada.accounts.api import router as accounts_router
from hromada.accounts.api_auth import token_refused
from hromada.budget.api import router as budget_router
from hromada.core.api import HromadaAPI, JsonBodyParser, install_error_handlers
from hromada.ledger.api import router as ledger_router
from hromada.petitions.api import router as petitions_router
from hromada.portal.api import router as portal_router
from hromada.services.api import router as services_router

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
api.add_router("", portal_router)
api.add_router("", accounts_router)
api.add_router("/ledger", ledger_router)
api.add_router("/petitions", petitions_router)
api.add_router("/budget", budget_router)
api.add_router("", services_router)
