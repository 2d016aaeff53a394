"""Accounts and roles (issue 10, finding 8): single-user mode without accounts, logins with
session cookies and CSRF tokens, API tokens, roles, the reviewer is the logged-in user, trusted
hosts, and binding beyond this machine only with accounts."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import AccountError, Store
from marsad.store.accounts import LoginThrottle
from marsad.web.api import create_app, serve_hosts

from store_samples import sample_articles

PASSWORD = "correct horse battery"


def flat(text: str) -> str:
    """Rich's error box as one line of words."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)
runner = CliRunner()


def event_id(store) -> str:
    return store.events(sort="event_id")[0].id


def login(client, name="huda", password=PASSWORD):
    response = client.post("/api/login", json={"name": name, "password": password})
    return response


def test_without_accounts_the_store_is_single_user(client, store):
    assert client.get("/api/session").json() == {"mode": "single-user", "user": None, "role": None, "csrf": None}
    response = client.post(f"/api/events/{event_id(store)}/review", json={"action": "confirm", "reviewer": "Typed"})
    assert response.status_code == 200 and response.json()["reviewer"] == "Typed"
    assert client.post(f"/api/events/{event_id(store)}/review", json={"action": "confirm"}).status_code == 422


def test_the_first_account_ends_single_user_mode(client, store):
    assert client.get("/api/events").status_code == 200
    store.add_user("huda", "reviewer", PASSWORD)
    for method, url in (("get", "/api/events"), ("get", "/api/stats"), ("get", f"/api/events/{event_id(store)}/history"),
                        ("post", f"/api/events/{event_id(store)}/review")):
        kwargs = {"json": {"action": "confirm", "reviewer": "Typed"}} if method == "post" else {}
        assert getattr(client, method)(url, **kwargs).status_code == 401, url
    assert store.reviews() == []
    assert client.get("/api/session").json()["mode"] == "accounts"
    assert client.get("/api/config").status_code == 200 and client.get("/").status_code == 200


def test_login_cookie_csrf_and_the_logged_in_reviewer(client, store):
    store.add_user("huda", "reviewer", PASSWORD)
    assert login(client, password="wrong password").status_code == 401
    assert login(client, name="nobody").status_code == 401
    response = login(client)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    csrf = response.json()["csrf"]
    assert client.get("/api/session").json() == {"mode": "accounts", "user": "huda", "role": "reviewer", "csrf": csrf}
    assert client.get("/api/events").status_code == 200
    url = f"/api/events/{event_id(store)}/review"
    body = {"action": "correct", "fields": {"fatalities": 3}, "reviewer": "Someone Else"}
    assert client.post(url, json=body).status_code == 403  # no CSRF token
    assert client.post(url, json=body, headers={"X-CSRF-Token": "guess"}).status_code == 403
    assert store.reviews() == []
    response = client.post(url, json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200 and response.json()["reviewer"] == "huda"  # never the typed name
    assert store.history(event_id(store))[-1].who == "huda"
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get("/api/events").status_code == 401


@pytest.mark.parametrize("role, read, review", [("viewer", 200, 403), ("reviewer", 200, 200), ("admin", 200, 200)])
def test_roles(client, store, role, read, review):
    store.add_user("u", role, PASSWORD)
    csrf = login(client, "u").json()["csrf"]
    assert client.get("/api/events").status_code == read
    response = client.post(f"/api/events/{event_id(store)}/review", json={"action": "confirm"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == review


def test_api_tokens_need_no_csrf_and_are_stored_hashed(client, store):
    user = store.add_user("bot", "reviewer", PASSWORD)
    token, session = store.start_session(user, kind="token")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/events", headers=headers).status_code == 200
    response = client.post(f"/api/events/{event_id(store)}/review", json={"action": "reject"}, headers=headers)
    assert response.status_code == 200 and response.json()["reviewer"] == "bot"
    assert client.get("/api/events", headers={"Authorization": "Bearer " + token[:-2] + "xx"}).status_code == 401
    stored = [r[0] for r in store._conn.execute("SELECT token_hash FROM sessions")]
    assert token not in stored and all(len(h) == 64 for h in stored)
    (hashed,) = [r[0] for r in store._conn.execute("SELECT password_hash FROM users")]
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed


@pytest.mark.parametrize("name, role, password, message", [
    ("huda", "boss", PASSWORD, "role"), ("", "viewer", PASSWORD, "user name"), ("a b", "viewer", PASSWORD, "user name"),
    ("huda", "viewer", "short", "at least 8"), ("taken", "viewer", PASSWORD, "exists"),
])
def test_bad_accounts_are_refused(store, name, role, password, message):
    store.add_user("taken", "viewer", PASSWORD)
    with pytest.raises(AccountError, match=message):
        store.add_user(name, role, password)


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:8765", 200), ("localhost", 200), ("[::1]:8765", 200), ("evil.example", 400), ("127.0.0.1.evil.example", 400),
])
def test_trusted_hosts(store, host, status):
    with TestClient(create_app(store, trusted_hosts=serve_hosts("127.0.0.1")), base_url="http://127.0.0.1") as client:
        assert client.get("/api/config", headers={"host": host}).status_code == status


def test_user_commands_and_serving_beyond_localhost(tmp_path, monkeypatch):
    db = tmp_path / "m.db"
    Store(db).close()
    served = {}
    monkeypatch.setattr("uvicorn.Server.run", lambda server, *a, **kw: served.update(
        app=server.config.app, host=server.config.host))
    refused = runner.invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "needs accounts" in flat(refused.output) and not served
    added = runner.invoke(app, ["user", "add", "huda", "--role", "admin", "--db", str(db), "--password-stdin"],
                          input=PASSWORD + "\n")
    assert added.exit_code == 0 and "now need a login" in added.stderr
    again = runner.invoke(app, ["user", "add", "huda", "--role", "admin", "--db", str(db), "--password-stdin"],
                          input=PASSWORD + "\n")
    assert again.exit_code == 2 and "exists" in flat(again.output)
    assert runner.invoke(app, ["user", "list", "--db", str(db)]).stdout.startswith("huda\tadmin\t")
    token = runner.invoke(app, ["user", "token", "huda", "--db", str(db)]).stdout.strip()
    assert runner.invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"]).exit_code == 0
    assert served["host"] == "0.0.0.0"
    with TestClient(served["app"], base_url="http://localhost") as client:
        assert client.get("/api/events").status_code == 401
        assert client.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/api/config", headers={"host": "attacker.example"}).status_code == 400
    assert runner.invoke(app, ["user", "remove", "huda", "--db", str(db)]).exit_code == 0
    with Store(db) as store:
        assert store.user_count() == 0 and store.session(token) is None


def test_failed_logins_are_throttled_per_name(client, store):
    store.add_user("huda", "reviewer", PASSWORD)
    for _ in range(5):
        assert client.post("/api/login", json={"name": "huda", "password": "not it at all"}).status_code == 401
    refused = client.post("/api/login", json={"name": "huda", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "too many failed logins" in refused.json()["detail"]


@pytest.mark.parametrize("failures, keys, waits", [
    (4, ("name:a",), False),             # under the limit
    (5, ("name:a",), True),              # at the limit
    (5, ("name:b",), False),             # another name is not held up
    (5, ("name:b", "client:x"), True),   # ... unless it comes from the same address
])
def test_login_throttle(failures, keys, waits):
    now = [1000.0]
    throttle = LoginThrottle(limit=5, window=900, clock=lambda: now[0])
    for _ in range(failures):
        throttle.failed("name:a", "client:x")
    assert (throttle.wait(*keys) > 0) is waits
    now[0] += 901  # the window has passed
    assert throttle.wait(*keys) == 0


def test_a_good_login_clears_the_failures():
    throttle = LoginThrottle(limit=2, window=60, clock=lambda: 0.0)
    throttle.failed("name:a")
    throttle.succeeded("name:a")
    throttle.failed("name:a")
    assert throttle.wait("name:a") == 0


def test_the_first_account_can_be_made_before_any_database(tmp_path):
    # regression: "no database ...; give --create" was the advice, and user add had no --create
    db = tmp_path / "fresh.db"
    refused = runner.invoke(app, ["user", "add", "huda", "--role", "admin", "--db", str(db), "--password-stdin"],
                            input=PASSWORD + "\n")
    assert refused.exit_code == 2 and "give --create" in flat(refused.output) and not db.exists()
    added = runner.invoke(app, ["user", "add", "huda", "--role", "admin", "--db", str(db), "--password-stdin",
                                "--create"], input=PASSWORD + "\n")
    assert added.exit_code == 0
    with Store(db) as store:
        assert store.user_count() == 1


@pytest.mark.parametrize("command", [["user", "list"], ["reviews"], ["recode"]])
def test_commands_without_create_do_not_advise_it(tmp_path, command):
    result = runner.invoke(app, [*command, "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database at" in flat(result.output)
    assert "--create" not in flat(result.output).replace("serve --create", "")


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "less than or equal to 65535"), (["--port", "0"], "greater than or equal to 1"),
    (["--config", "{config}"], "not a port"),
])
def test_serve_refuses_a_port_out_of_range(tmp_path, monkeypatch, args, message):
    # regression: --port 99999 bound port 34463 and printed http://127.0.0.1:99999/
    served = []
    monkeypatch.setattr("uvicorn.Server.run", lambda server, *a, **kw: served.append(server.config.port))
    config = tmp_path / "c.toml"
    config.write_text("[serve]\nport = 70000\n", encoding="utf-8")
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "m.db"), "--create",
                                 *[a.format(config=config) for a in args]])
    assert result.exit_code == 2 and message in flat(result.output) and not served
