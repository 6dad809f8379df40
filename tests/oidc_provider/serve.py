"""An OpenID provider (django-oidc-provider) for the sign-on tests, in one process:
migrate its own SQLite database, create the signing key, the client and the people of
the JSON file, then serve on 127.0.0.1.

    python tests/oidc_provider/serve.py PORT PEOPLE.json DATABASE.sqlite3

The JSON file: {"client": {"id", "secret", "redirect_uri"}, "people": {username:
{"password", "email", "email_verified", "credit_code", "amr"}}}."""

import json
import os
import sys
from pathlib import Path


def main() -> None:
    port, people_path, database = sys.argv[1:4]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="op_settings",
        OP_DATABASE=database,
        OP_PEOPLE=people_path,
        OP_SITE_URL=f"http://127.0.0.1:{port}",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(json.loads(Path(people_path).read_text(encoding="utf-8")))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


def seed(data: dict) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    RSAKey.objects.create(key=pem)
    client = Client.objects.create(
        name="dtmaturity",
        client_type="confidential",
        client_id=data["client"]["id"],
        client_secret=data["client"]["secret"],
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
    )
    client.redirect_uris = [data["client"]["redirect_uri"]]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for username, person in data["people"].items():
        User.objects.create_user(username, password=person["password"])


if __name__ == "__main__":
    main()
