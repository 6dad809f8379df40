"""The claims of the provider's people, read from the JSON file the tests write
(OP_PEOPLE): e-mail, whether it is verified, a credit code, the authentication methods."""

import json
import os
from functools import cache

from oidc_provider.lib.claims import ScopeClaims


@cache
def people() -> dict:
    with open(os.environ["OP_PEOPLE"], encoding="utf-8") as file:
        return json.load(file)["people"]


def userinfo(claims, user):
    person = people()[user.username]
    claims["email"] = person.get("email", "")
    claims["email_verified"] = person.get("email_verified", False)
    claims["name"] = person.get("name", "")
    claims["preferred_username"] = user.username
    return claims


class EnterpriseScopeClaims(ScopeClaims):
    info_enterprise = ("法人信息", "统一社会信用代码")

    def scope_enterprise(self):
        return {"credit_code": people()[self.user.username].get("credit_code")}


def id_token_amr(id_token, user, **kwargs):
    amr = people()[user.username].get("amr")
    if amr:
        id_token["amr"] = amr
    return id_token
