"""Store, accounts: users with a role, their argon2 password hashes, sessions and API tokens.

A store with no account is in *single-user mode*: the page and API work as they always did on
this machine (the reviewer types a name). Adding the first account switches that off: from then
on every request needs a session (a cookie from ``POST /api/login``) or an API token
(``Authorization: Bearer``), and the reviewer of a review is the logged-in user
(:mod:`marsad.web.api`).

Roles, each with the rights of the ones before it: ``viewer`` (read), ``reviewer`` (review),
``admin`` (everything; accounts are managed with ``marsad user``). Passwords are hashed with
argon2id (argon2-cffi's defaults); the store keeps only the SHA-256 of session and API tokens,
so a copy of the database holds no usable credential.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from .records import NotFoundError, StoreError, utc_now

ROLES = ("viewer", "reviewer", "admin")
SESSION_HOURS = 12
TOKEN_DAYS = 90
MIN_PASSWORD = 8
_NAME = re.compile(r"[\w.@-]{1,64}")


class LoginThrottle:
    """Failed logins remembered per name and per client address: after ``limit`` failures within
    ``window`` seconds, further attempts are refused until the oldest failure is that old (a
    password cannot be guessed at the speed of the server). In memory, per server process."""

    def __init__(self, limit: int = 5, window: float = 900.0, clock=None) -> None:
        import threading
        import time

        self.limit, self.window = limit, window
        self._clock = clock or time.monotonic
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, ()) if now - t < self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def wait(self, *keys: str) -> float:
        """Seconds to wait before another attempt for any of ``keys`` (0: go ahead)."""
        now = self._clock()
        with self._lock:
            waits = [times[0] + self.window - now for times in (self._recent(k, now) for k in keys)
                     if len(times) >= self.limit]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > 100_000:  # (a flood of names must not grow memory without end)
                self._failures.clear()
            for key in keys:
                self._failures.setdefault(key, []).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


class AccountError(StoreError, ValueError):
    """An account that cannot be made or changed: a bad name, role or password, a duplicate."""


def create_account_tables(conn: sqlite3.Connection) -> None:
    """Migration 6: users and sessions (API tokens are long-lived sessions)."""
    conn.execute(
        """CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('session', 'token')),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )"""
    )


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: str = ""

    def can(self, role: str) -> bool:
        """True when this user has the rights of ``role``."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    user: User
    kind: str  # "session" (a cookie, needs the CSRF token for changes) or "token" (Authorization: Bearer)
    csrf: str
    expires_at: str


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _later(**delta: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat(timespec="seconds")


class AccountsMixin:
    """Users, passwords, sessions and tokens.

    A part of :class:`~marsad.store.database.Store` (its connection, lock and ``_write``).
    """

    def user_count(self) -> int:
        """How many accounts there are (0: single-user mode)."""
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def users(self) -> list[User]:
        with self._read() as conn:
            rows = conn.execute("SELECT name, role, created_at FROM users ORDER BY name").fetchall()
        return [User(r["name"], r["role"], r["created_at"]) for r in rows]

    def add_user(self, name: str, role: str, password: str) -> User:
        """Make an account; raises :class:`AccountError` for a bad name or role, a short
        password (under 8 characters) or a name already taken."""
        if not _NAME.fullmatch(name or ""):
            raise AccountError(f"a user name is 1-64 letters, digits, '.', '@', '_' or '-', got {name[:70]!r}")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
        if len(password or "") < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        hashed = _hasher().hash(password)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise AccountError(f"user {name!r} exists")
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, role, hashed, utc_now()))
        return User(name, role)

    def set_password(self, name: str, password: str) -> None:
        if len(password or "") < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        hashed = _hasher().hash(password)
        with self._write() as conn:
            if conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name)).rowcount == 0:
                raise NotFoundError(f"no user {name!r}")
            conn.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def remove_user(self, name: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
            if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise NotFoundError(f"no user {name!r}")

    def authenticate(self, name: str, password: str) -> Optional[User]:
        """The user when ``password`` is theirs, else None (the same answer for an unknown name)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self._read() as conn:
            row = conn.execute("SELECT name, role, password_hash, created_at FROM users WHERE name = ?",
                                     (name or "",)).fetchone()
        hasher = _hasher()
        if row is None:
            try:  # as long as for a known name: timing does not tell which names exist
                hasher.verify(_DUMMY_HASH.get(hasher), password or "")
            except (VerificationError, InvalidHashError):
                pass
            return None
        try:
            hasher.verify(row["password_hash"], password or "")
        except (VerificationError, InvalidHashError):
            return None
        return User(row["name"], row["role"], row["created_at"])

    def start_session(self, user: User, *, kind: str = "session") -> tuple[str, Session]:
        """A new session (``kind="session"``, 12 hours) or API token (``"token"``, 90 days):
        the secret to hand out, once, and the session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        expires = _later(hours=SESSION_HOURS) if kind == "session" else _later(days=TOKEN_DAYS)
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE expires_at < ?", (utc_now(),))
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                         (_digest(token), user.name, kind, csrf, utc_now(), expires))
        return token, Session(user, kind, csrf, expires)

    def session(self, token: str) -> Optional[Session]:
        """The live session or token for ``token``, else None."""
        if not token or len(token) > 200:
            return None
        with self._read() as conn:
            row = conn.execute(
                "SELECT s.kind, s.csrf, s.expires_at, u.name, u.role, u.created_at FROM sessions s"
                " JOIN users u ON u.name = s.user WHERE s.token_hash = ?", (_digest(token),)
            ).fetchone()
        if row is None or row["expires_at"] < utc_now():
            return None
        return Session(User(row["name"], row["role"], row["created_at"]), row["kind"], row["csrf"], row["expires_at"])

    def end_session(self, token: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token or ""),))


class _DummyHash:
    """One argon2 hash made on first use, verified against for unknown names."""

    def __init__(self) -> None:
        self.value: Optional[str] = None

    def get(self, hasher) -> str:
        if self.value is None:
            self.value = hasher.hash(secrets.token_urlsafe(16))
        return self.value


_DUMMY_HASH = _DummyHash()
