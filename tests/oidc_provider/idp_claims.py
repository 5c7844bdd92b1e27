"""Claims of the test persons, read from the provider's JSON configuration (see serve.py)."""

import json
import os
from functools import cache
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


@cache
def person_claims() -> dict[str, dict[str, Any]]:
    with open(os.environ["IDP_CONFIG"], encoding="utf-8") as handle:
        config = json.load(handle)
    return {person["username"]: person.get("claims", {}) for person in config["persons"]}


class PersonClaimsValidator(OAuth2Validator):
    """Releases each person's claims in the ID token and at the userinfo endpoint, as a gateway would."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "drfo_code": "profile", "rnokpp": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(person_claims().get(request.user.get_username(), {}))
