"""Alerts of the live watcher: rules read from a data file, matched against incidents as new
reports arrive, and sent to sinks.

A rules file (TOML, or YAML with the same keys; ``samples/watch/alerts.toml``)::

    version = 1
    [webhooks.ops]                      # a named webhook: POST of a JSON body
    url = "http://127.0.0.1:9000/hook"
    secret_env = "MARSAD_WEBHOOK_SECRET"  # or secret = "..." : signs the body (HMAC-SHA256)
    retries = 5                         # attempts after the first, with exponential backoff and jitter

    [[rules]]
    name = "deadly-raqqa"
    event_type = ["Battles", "Explosions/Remote violence"]   # any of (codebook names)
    sub_event_type = []                 # any of
    actor = ["Islamic State"]           # part of any actor's name, any record of the incident
    country = ["Syria"]
    admin1 = ["Ar-Raqqa"]
    location = []
    near = { lat = 35.95, lon = 39.01, km = 30 }   # any place of the incident within km
    fatalities_min = 1                  # the highest toll any report of the incident gives
    when = ["new", "update"]            # a new incident, and/or a later report that joins one
    sinks = ["page", "webhook:ops"]     # the JSONL alert log always gets it

A rule fires once per incident (its stable key, :meth:`marsad.store.feeds.WatchStore.alert_key`):
when the incident first matches, as ``new`` (its first report) or ``update`` (a report joining an
incident already stored). After that it fires again only for a later report that raises the toll,
and says so (``fatalities raised from 6 to 8``), when ``when`` holds ``update``.

The webhook body is JSON: ``alert`` (rule, kind, key, message, time), ``incident`` (id, sources,
event ids), ``record`` (the incident's summary record), ``note`` (an English sentence built from
the coded fields by :func:`english_note`) and ``evidence`` (each report's sentences, outlet and
url). With a secret, header ``X-Marsad-Signature: sha256=<hex>`` is the HMAC-SHA256 of the raw body.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from ..document import EventRecord
from ..io import notes
from ..errors import MarsadError
from ..geo import km_between
from ..store import Store, event_typology
from ..store.dedup import Incident
from ..store.feeds import StoredAlert, WatchStore
from .fetch import USER_AGENT

KINDS = ("new", "update")
RULE_KEYS = {"name", "event_type", "sub_event_type", "actor", "country", "admin1", "location", "near",
             "fatalities_min", "when", "sinks", "description"}
WEBHOOK_KEYS = {"url", "secret", "secret_env", "retries", "backoff", "max_backoff", "timeout", "headers"}


class RulesError(MarsadError):
    """A rules file that cannot be used: unknown key, wrong type, unknown sink or event type."""


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class Rule:
    """One alert rule. Empty conditions match everything."""

    name: str
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    near: Optional[Near] = None
    fatalities_min: int = 0
    when: tuple[str, ...] = KINDS
    sinks: tuple[str, ...] = ("page",)
    description: str = ""

    def matches(self, records: Sequence[EventRecord]) -> bool:
        """Whether the incident made of ``records`` meets every condition of the rule."""
        if not records:
            return False

        def any_equal(values: tuple[str, ...], name: str) -> bool:
            wanted = {v.casefold() for v in values}
            return not wanted or any((getattr(r, name) or "").casefold() in wanted for r in records)

        if not (any_equal(self.event_type, "event_type") and any_equal(self.sub_event_type, "sub_event_type")
                and any_equal(self.country, "country") and any_equal(self.admin1, "admin1")):
            return False
        if self.location:
            wanted = {v.casefold() for v in self.location}
            if not any(r.location.casefold() in wanted or (r.location_ar and r.location_ar in self.location)
                       for r in records):
                return False
        if self.actor:
            names = [n.casefold() for r in records
                     for n in [r.actor1, r.actor2, *(r.assoc_actor_1 or "").split(";"), *(r.assoc_actor_2 or "").split(";")]
                     if n and n.strip()]
            if not any(a.casefold() in n for a in self.actor for n in names):
                return False
        if self.near is not None:
            if not any(not (r.latitude == 0 and r.longitude == 0)
                       and km_between(r.latitude, r.longitude, self.near.lat, self.near.lon) <= self.near.km
                       for r in records):
                return False
        return reported_fatalities(records) >= self.fatalities_min

    @property
    def webhooks(self) -> tuple[str, ...]:
        return tuple(s.split(":", 1)[1] for s in self.sinks if s.startswith("webhook:"))


@dataclass(frozen=True)
class Webhook:
    name: str
    url: str
    secret: str = ""
    retries: int = 5
    backoff: float = 1.0
    max_backoff: float = 300.0
    timeout: float = 10.0
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AlertRules:
    """The rules of a rules file and the webhooks they send to."""

    rules: tuple[Rule, ...] = ()
    webhooks: Mapping[str, Webhook] = field(default_factory=dict)


def reported_fatalities(records: Iterable[EventRecord]) -> int:
    """The highest toll any report of an incident gives (0 when none does): what alert rules
    compare and what an update must raise. (The incident's codebook toll is the lowest.)"""
    return max((r.fatalities or 0 for r in records), default=0)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    raise RulesError(f"{where}: expected a text or a list of texts, got {value!r}")


def _number(value: Any, where: str, *, integer: bool = False, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise RulesError(f"{where}: expected {'an integer' if integer else 'a number'}, got {value!r}")
    if not math.isfinite(value):  # (NaN passes every comparison: an interval of NaN spun the watcher)
        raise RulesError(f"{where}: expected a finite number, got {value!r}")
    if value < minimum:
        raise RulesError(f"{where}: must be at least {minimum:g}, got {value!r}")
    return value


def _valid_url(url: str) -> bool:
    """An http(s) URL httpx can post to (a host, a port that is a number: "http://[::1/x" is none)."""
    import httpx

    try:
        return bool(httpx.URL(url).host)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False


def parse_rules(data: Mapping[str, Any], source: str = "rules") -> AlertRules:
    """Rules from the parsed contents of a rules file; raises :class:`RulesError`."""
    if not isinstance(data, Mapping):
        raise RulesError(f"{source}: expected a table of 'rules' and 'webhooks'")
    unknown = set(data) - {"version", "name", "description", "rules", "webhooks"}
    if unknown:
        raise RulesError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; expected version, rules, webhooks")
    webhooks: dict[str, Webhook] = {}
    hooks = data.get("webhooks") or {}
    if not isinstance(hooks, Mapping):
        raise RulesError(f"{source}: webhooks must be a table of named webhooks ([webhooks.NAME]), got {hooks!r}")
    for name, spec in hooks.items():
        where = f"{source}: webhooks.{name}"
        if not isinstance(spec, Mapping):
            raise RulesError(f"{where}: expected a table")
        bad = set(spec) - WEBHOOK_KEYS
        if bad:
            raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(bad))}; known: {', '.join(sorted(WEBHOOK_KEYS))}")
        url = spec.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not _valid_url(url):
            raise RulesError(f"{where}: url must be an http(s) URL, got {url!r}")
        secret = spec.get("secret", "")
        if spec.get("secret_env"):
            secret = os.environ.get(str(spec["secret_env"]), "") or secret
        if not isinstance(secret, str):
            raise RulesError(f"{where}: secret must be text")
        headers = spec.get("headers") or {}
        if not isinstance(headers, Mapping):
            raise RulesError(f"{where}: headers must be a table")
        webhooks[name] = Webhook(
            name=name, url=url, secret=secret,
            retries=int(_number(spec.get("retries", 5), f"{where}.retries", integer=True)),
            backoff=float(_number(spec.get("backoff", 1.0), f"{where}.backoff")),
            max_backoff=float(_number(spec.get("max_backoff", 300.0), f"{where}.max_backoff")),
            timeout=float(_number(spec.get("timeout", 10.0), f"{where}.timeout", minimum=0.1)),
            headers=tuple((str(k), str(v)) for k, v in headers.items()),
        )
    typology = event_typology()
    sub_types = {s for subs in typology.values() for s in subs}
    rules: list[Rule] = []
    names: set[str] = set()
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RulesError(f"{source}: rules must be a list ([[rules]] tables)")
    for n, spec in enumerate(raw_rules, 1):
        if not isinstance(spec, Mapping):
            raise RulesError(f"{source}: rule {n} is not a table")
        name = spec.get("name")
        where = f"{source}: rule {name or n}"
        if not isinstance(name, str) or not name.strip():
            raise RulesError(f"{where}: a rule needs a name")
        if name in names:
            raise RulesError(f"{where}: two rules have this name (alert state is kept per rule name)")
        names.add(name)
        bad = set(spec) - RULE_KEYS
        if bad:
            raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(bad))}; known: {', '.join(sorted(RULE_KEYS))}")
        event_types = _strings(spec.get("event_type"), f"{where}.event_type")
        for value in event_types:
            if value not in typology:
                raise RulesError(f"{where}: unknown event_type {value!r}; one of {', '.join(typology)}")
        subs = _strings(spec.get("sub_event_type"), f"{where}.sub_event_type")
        for value in subs:
            if value not in sub_types:
                raise RulesError(f"{where}: unknown sub_event_type {value!r} (codebook section 3)")
        near = None
        if spec.get("near") is not None:
            raw = spec["near"]
            if not isinstance(raw, Mapping) or set(raw) != {"lat", "lon", "km"}:
                raise RulesError(f"{where}.near: expected {{ lat = ..., lon = ..., km = ... }}")
            lat = float(_number(raw["lat"], f"{where}.near.lat", minimum=-90))
            lon = float(_number(raw["lon"], f"{where}.near.lon", minimum=-180))
            if lat > 90 or lon > 180:
                raise RulesError(f"{where}.near: latitude or longitude out of range")
            near = Near(lat, lon, float(_number(raw["km"], f"{where}.near.km")))
        when = _strings(spec.get("when", list(KINDS)), f"{where}.when")
        if not when or set(when) - set(KINDS):
            raise RulesError(f"{where}.when: one or both of {', '.join(KINDS)}, got {list(when)}")
        sinks = _strings(spec.get("sinks", ["page"]), f"{where}.sinks")
        for sink in sinks:
            if sink in ("log", "page"):
                continue
            if sink.startswith("webhook:"):
                if sink.split(":", 1)[1] not in webhooks:
                    raise RulesError(f"{where}: sink {sink!r} names no webhook of [webhooks]")
                continue
            raise RulesError(f"{where}: unknown sink {sink!r}; use log, page or webhook:NAME")
        rules.append(Rule(
            name=name, event_type=event_types, sub_event_type=subs,
            actor=_strings(spec.get("actor"), f"{where}.actor"),
            country=_strings(spec.get("country"), f"{where}.country"),
            admin1=_strings(spec.get("admin1"), f"{where}.admin1"),
            location=_strings(spec.get("location"), f"{where}.location"),
            near=near, fatalities_min=int(_number(spec.get("fatalities_min", 0), f"{where}.fatalities_min", integer=True)),
            when=when, sinks=sinks, description=str(spec.get("description", "")),
        ))
    return AlertRules(tuple(rules), webhooks)


def read_data_file(path: Union[str, Path]) -> Any:
    """The contents of a TOML (``.toml``) or YAML (``.yaml``/``.yml``) file."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        from ..settings import tomllib  # (tomli on Python 3.10)

        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise RulesError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # a TOML or YAML syntax error
        raise RulesError(f"{path}: {exc}") from exc


def load_rules(path: Union[str, Path]) -> AlertRules:
    """The rules of a TOML or YAML rules file; raises :class:`RulesError`."""
    return parse_rules(read_data_file(path), str(path))


# --------------------------------------------------------------------------- the English note


def english_note(record: EventRecord, outlet: str = "") -> str:
    """The record's English note (:func:`marsad.io.notes.english_note`: the coded fields and the
    phrase table ``data/note_phrases.tsv``)."""
    return notes.english_note(record, outlet)


# --------------------------------------------------------------------------- webhooks


def sign(body: bytes, secret: str) -> str:
    """The ``X-Marsad-Signature`` header value of ``body``: ``sha256=`` and the hex HMAC."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookSender:
    """Posts alert bodies to webhooks from a thread of its own, retrying with exponential backoff
    and jitter, so a slow or failing receiver never holds the watcher up. The queue is bounded;
    each outcome is written to the alert's ``delivery`` in the store."""

    def __init__(self, watch_store: Optional[WatchStore] = None, *, max_queue: int = 1000, transport=None):
        import httpx

        self.watch_store = watch_store
        self._client = httpx.Client(headers={"User-Agent": USER_AGENT}, transport=transport, trust_env=False)
        self._queue: "queue.Queue[Optional[tuple[int, Webhook, bytes]]]" = queue.Queue(maxsize=max_queue)
        self._stop = threading.Event()
        self.delivered = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name="marsad-webhooks", daemon=True)
        self._thread.start()

    def send(self, alert_id: int, hook: Webhook, body: bytes) -> bool:
        try:
            self._queue.put_nowait((alert_id, hook, body))
            return True
        except queue.Full:
            self._record(alert_id, f"webhook {hook.name}: dropped, the queue is full")
            self.failed += 1
            return False

    def _record(self, alert_id: int, text: str) -> None:
        if self.watch_store is not None and alert_id:
            try:
                self.watch_store.set_delivery(alert_id, text)
            except Exception:  # the delivery note is informative only
                pass

    def post(self, hook: Webhook, body: bytes) -> tuple[bool, str]:
        """Post ``body`` with retries; returns (delivered, what happened)."""
        import httpx

        headers = {"Content-Type": "application/json", **dict(hook.headers)}
        if hook.secret:
            headers["X-Marsad-Signature"] = sign(body, hook.secret)
        last = ""
        for attempt in range(hook.retries + 1):
            if attempt:
                delay = min(hook.max_backoff, hook.backoff * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
                if self._stop.wait(delay):
                    return False, f"stopped after {attempt} attempt(s): {last}"
            try:
                response = self._client.post(hook.url, content=body, headers=headers, timeout=hook.timeout)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if 200 <= response.status_code < 300:
                return True, f"delivered (attempt {attempt + 1}, status {response.status_code})"
            last = f"status {response.status_code}"
            if 400 <= response.status_code < 500 and response.status_code not in (408, 425, 429):
                return False, f"refused: {last}"
        return False, f"failed after {hook.retries + 1} attempt(s): {last}"

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                alert_id, hook, body = job
                try:
                    ok, what = self.post(hook, body)
                except Exception as exc:  # (one hook's failure must not end the thread: later alerts would wait forever)
                    ok, what = False, f"failed: {type(exc).__name__}: {exc}"
                if ok:
                    self.delivered += 1
                else:
                    self.failed += 1
                self._record(alert_id, f"webhook {hook.name}: {what}")
            finally:
                self._queue.task_done()

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until every queued post was delivered or gave up; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self, wait: float = 5.0) -> None:
        """Finish what is queued (within ``wait`` seconds, retries cut short), then stop."""
        self.flush(wait)
        self._stop.set()
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass
        self._thread.join(timeout=wait)
        self._client.close()


# --------------------------------------------------------------------------- the engine


@dataclass
class Alert:
    """An alert fired: what the sinks got."""

    stored: StoredAlert
    rule: Rule

    @property
    def body(self) -> dict[str, Any]:
        return self.stored.body


class AlertEngine:
    """Matches the incidents of newly stored events against the rules and fires alerts.

    ``log_path``: the JSONL alert log (every alert, whatever the rule's sinks).
    """

    def __init__(self, rules: AlertRules, watch_store: WatchStore, *, log_path: Union[str, Path, None] = None,
                 sender: Optional[WebhookSender] = None):
        self.rules = rules
        self.watch_store = watch_store
        self.log_path = Path(log_path) if log_path else None
        needs_sender = any(r.webhooks for r in rules.rules)
        self.sender = sender if sender is not None else (WebhookSender(watch_store) if needs_sender else None)
        self._own_sender = sender is None and self.sender is not None

    def close(self, wait: float = 5.0) -> None:
        if self._own_sender and self.sender is not None:
            self.sender.close(wait)

    def process(self, store: Store, added_event_ids: Iterable[str]) -> list[Alert]:
        """Fire the alerts due for the incidents of ``added_event_ids`` (events just stored)."""
        added = set(added_event_ids)
        if not added or not self.rules.rules:
            return []
        incidents: dict[str, Incident] = {}
        for event_id in sorted(added):
            inc = store.incident_of(event_id)
            if inc is not None:
                incidents.setdefault(inc.id, inc)
        fired: list[Alert] = []
        for inc in sorted(incidents.values(), key=lambda i: (i.record.event_date, i.id)):
            kind = "new" if set(inc.event_ids) <= added else "update"
            key = self.watch_store.alert_key(inc.event_ids, inc.id)
            toll = reported_fatalities(inc.records)
            for rule in self.rules.rules:
                if not rule.matches(inc.records):
                    continue
                previous = self.watch_store.alerted_fatalities(rule.name, key)
                if previous is None:
                    if kind not in rule.when:
                        continue
                    this_kind, before = kind, None
                elif toll > previous and "update" in rule.when:
                    this_kind, before = "update", previous
                else:
                    continue
                alert = self._fire(store, rule, inc, key, this_kind, toll, before)
                if alert is not None:
                    fired.append(alert)
        return fired

    def _fire(self, store: Store, rule: Rule, inc: Incident, key: str, kind: str, toll: int,
              previous: Optional[int]) -> Optional[Alert]:
        if previous is not None:
            message = f"update: fatalities raised from {previous} to {toll}"
        elif kind == "update":
            message = f"update: a new report joins an incident of {inc.sources} article(s)"
        else:
            message = "new incident"
        evidence = []
        for rec in inc.records:
            try:
                article = store.article(rec.article_id)
                outlet, url, title = article.outlet, article.url, article.title
            except KeyError:
                outlet = url = title = ""
            evidence.append({"event_id": rec.event_id, "article_id": rec.article_id, "outlet": outlet, "url": url,
                             "title": title, "evidence": rec.evidence, "fatalities": rec.fatalities})
        outlets = "; ".join(dict.fromkeys(e["outlet"] for e in evidence if e["outlet"]))
        note = english_note(inc.record, outlets)
        record = inc.record.to_dict()
        body = {
            "alert": {"rule": rule.name, "kind": kind, "key": key, "message": message,
                      "fatalities": toll, "previous_fatalities": previous},
            "incident": {"id": inc.id, "key": key, "sources": inc.sources, "event_ids": inc.event_ids,
                         "article_ids": inc.article_ids, "fatalities": inc.fatalities},
            "record": record,
            "note": note,
            "evidence": evidence,
        }
        stored = self.watch_store.fire(
            rule=rule.name, alert_key=key, kind=kind, incident_id=inc.id, fatalities=toll, previous=previous,
            note=note, body=body, sinks=("log", *rule.sinks), page="page" in rule.sinks,
        )
        if stored is None:
            return None
        body["alert"]["id"] = stored.id
        body["alert"]["created_at"] = stored.created_at
        if self.log_path is not None:
            with self.log_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(body, ensure_ascii=False) + "\n")
        if self.sender is not None:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
            for name in rule.webhooks:
                self.sender.send(stored.id, self.rules.webhooks[name], raw)
        return Alert(stored, rule)


__all__ = [
    "Alert", "AlertEngine", "AlertRules", "KINDS", "Near", "Rule", "RulesError", "Webhook", "WebhookSender",
    "english_note", "load_rules", "parse_rules", "read_data_file", "reported_fatalities", "sign",
]
