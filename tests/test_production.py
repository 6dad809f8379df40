"""A production deployment as the README describes it: DEBUG off, `collectstatic` into
STATIC_ROOT, `gunicorn config.wsgi` behind a TLS-terminating proxy (BEHIND_PROXY=1, the
proxy sends X-Forwarded-Proto), static files served by WhiteNoise under hashed names."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = "vendor/bootstrap/bootstrap.min.css"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp_path: Path) -> dict[str, str]:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "REDIS_URL"}
    }
    return {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "production-like-secret-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited:\n" + log.read_text()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start listening:\n" + log.read_text())


def test_gunicorn_serves_the_chinese_home_page_and_hashed_static_files(tmp_path):
    env = production_env(tmp_path)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"][STYLESHEET]
    assert hashed != STYLESHEET

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "1", "--access-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(server, port, log)
        https = {"X-Forwarded-Proto": "https"}

        status, headers, body = get(port, "/", **https)
        assert status == 200, log.read_text()
        page = body.decode()
        assert "制造业中小企业数字化转型成熟度自评" in page
        assert f'href="/static/{hashed}"' in page
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        status, headers, body = get(port, f"/static/{hashed}", **https)
        assert status == 200, log.read_text()
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        assert body == (tmp_path / "static" / hashed).read_bytes()
        assert b".btn-primary{" in body

        # Plain HTTP reaching the application (not through the proxy) is sent to HTTPS.
        status, headers, _body = get(port, "/")
        assert status == 301
        assert headers["Location"].startswith("https://127.0.0.1")
    finally:
        server.terminate()
        server.wait(timeout=10)
