"""The JSON API root: token authentication, error shapes, and each app's router."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.security import HttpBearer

from accounts.services import api_token_authenticate
from audits.api import router as audits_router
from core.api_schemas import ErrorOut
from evidence.api import router as evidence_router
from feedback.api import router as feedback_router
from governance.api import router as governance_router
from organisations.api import router as organisations_router
from organisations.rules import Perm, require
from organisations.scope import scope_for
from priorities.api import router as priorities_router
from themes.coding.api import router as coding_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer heard_...`. The token fixes the organisation; its login fixes the roles."""

    def authenticate(self, request, token):
        api_token = api_token_authenticate(raw=token)
        if api_token is None:
            return None
        scope = scope_for(user=api_token.user, organisation=api_token.organisation)
        if scope is None:
            return None
        scope = require(scope, Perm.USE_API)
        request.scope = scope
        return api_token


api = NinjaAPI(
    title="Heard API",
    version="1.0.0",
    description=(
        "Everything here is scoped exactly like the pages: to the organisation of the API token and to "
        "the services its owner's roles cover. Create a token on the 'Your API tokens' page and send it "
        "as `Authorization: Bearer <token>`. Errors are JSON objects with a `detail` field."
    ),
    auth=TokenAuth(),
    urls_namespace="api-1.0.0",
)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Your role does not allow this."}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "The request is not valid.", "fields": fields}, status=422)


api.add_router("/", organisations_router)
api.add_router("/", feedback_router)
api.add_router("/governance", governance_router)
api.add_router("/", coding_router)
api.add_router("/", audits_router)
api.add_router("/", priorities_router)
api.add_router("/", evidence_router)

__all__ = ["api", "ErrorOut"]
