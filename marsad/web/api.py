"""The REST API and the review page: a thin FastAPI layer over :class:`marsad.store.Store`.

``create_app(store_or_path)`` returns the app that ``marsad serve`` runs:

- ``GET /api/events``: events with filters and paging (``{"items": [...], "total": n}``);
- ``GET /api/events/{id}``: one event with its article text, evidence offsets, reviews, incident;
- ``POST /api/events/{id}/review``: confirm, correct fields, or reject an event;
- ``GET /api/events/{id}/history``: every change of an event (who, when, before, after, comment);
- ``GET /api/articles/{id}/versions``: the earlier texts of a re-ingested article;
- ``GET /api/incidents``: de-duplicated incidents (see :mod:`marsad.store.dedup`);
- ``GET /api/stats``: counts per day, event type, country and admin1;
- ``GET /api/reviews``: the review log (``orphaned=true``: reviews whose event is gone);
- ``GET /api/export``: the filtered events (or incidents) as CSV, XLSX, JSONL, GeoJSON or PLOVER JSON, reviews applied;
- ``GET /api/config``: what the page needs (tile URL, attribution, version);
- ``GET /api/alerts``, ``GET /api/feeds``, ``GET /api/new?since=``: the live watcher's alerts, feed
  status lines, and the events stored since a time (``marsad watch``, :mod:`marsad.run.watch`);
- ``GET /api/stream``: server-sent events fed by the store (not by this process): ``alert`` for
  each new alert, ``store`` when events change, so the page updates without a reload;
- ``GET /api/facets``: each filter list's values with their counts under the other filters;
- ``GET /api/places?q=``: gazetteer places for the review form's location (Arabic or English);
- ``/``: the review page (``marsad/web``); ``/api/docs``: the OpenAPI documentation (bundled Swagger UI).

Errors are JSON ``{"detail": "message"}``: 400 for a request the store refuses (a bad
correction or filter), 404 for an unknown event, 422 for a malformed request.
"""
from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Mapping, Optional, Union

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

import secrets
import threading
from collections import OrderedDict
from typing import Callable, Sequence

from .._version import __version__
from ..io.notes import admin1_name, english_note
from ..io.suspect import suspect_reasons
from ..document import EventRecord
from ..store.accounts import SESSION_HOURS, LoginThrottle, Session
from ..bounds import MAX_TEXT, BoundsError
from ..store.records import MAX_FATALITIES_FILTER
from ..store.reviews import MAX_NAME
from ..store.dedup import Incident
from ..store.places import location_correction, place_choices
from ..store.feeds import WatchStore, WatchStoreError, now_iso
from ..store import (
    CORRECTABLE_FIELDS,
    SORT_COLUMNS,
    EventFilter,
    FilterError,
    NotFoundError,
    Review,
    ReviewError,
    Store,
    StoredEvent,
    event_typology,
)

WEB_DIR = Path(__file__).parent

SESSION_COOKIE = "marsad_session"
#: /api paths open without a session when the store has accounts (the page needs them to log in).
OPEN_PATHS = ("/api/login", "/api/session", "/api/config", "/api/docs", "/api/openapi.json")

#: Bounds of what a request may ask for: past them it gets a 4xx, never a 500.
MAX_OFFSET = 10_000_000
MAX_SORT_LENGTH = 300  # characters of ``sort`` (the store also allows at most 20 terms)
MAX_QUERY_TEXT = 500  # characters of a text filter
MAX_BODY_BYTES = 256 * 1024  # a review is a few hundred bytes; its comment at most MAX_TEXT characters


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes gets 413, whether it declares its
    length (Content-Length) or streams it (chunked); nothing over the limit is held."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(send)
                return
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Any) -> None:
        payload = json.dumps({"detail": f"request body too large: at most {self.limit:,} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})

Status = Literal["machine", "confirmed", "corrected", "rejected", "all"]
ExportFormat = Literal["csv", "jsonl", "geojson", "xlsx", "plover"]
MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json",
               "plover": "application/json",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# --------------------------------------------------------------------------- models


class EventOut(BaseModel):
    """An event record with reviews applied, its review status and its article's metadata."""

    id: str
    article_id: str
    event_date: str
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    actor2: str
    assoc_actor_2: str
    country: str
    admin1: str
    admin2: str
    location: str
    location_ar: str
    latitude: float
    longitude: float
    geo_precision: int
    fatalities: int
    evidence: str
    evidence_spans: list[tuple[int, int]] = Field(description="(start, end) offsets of the evidence in the article text")
    inter1: int
    inter2: int
    notes: str
    pipeline_version: str
    loaded_terms: str = Field("", description="loaded terms the source used for the actors: 'Actor: term; ...'")
    status: str = Field(description="machine, confirmed, corrected or rejected")
    machine: dict[str, Any] = Field(description="machine values of the fields a reviewer corrected")
    reviewer: str
    reviewed_at: str
    outlet: str
    published: str
    title: str
    url: str
    note_en: str = Field(description="the English note: the coded fields in one sentence (marsad.io.notes)")
    suspect: str = Field(description="why the record is implausible (marsad.io.suspect); empty when it is not, or once reviewed")

    @classmethod
    def of(cls, event: StoredEvent) -> "EventOut":
        row = event.record.to_dict()
        row["id"] = row.pop("event_id")
        return cls(
            **row, status=event.status, machine=event.machine, reviewer=event.reviewer,
            reviewed_at=event.reviewed_at, outlet=event.outlet, published=event.published, title=event.title,
            url=event.url, note_en=english_note(event.record, event.outlet), suspect=event.suspect,
        )


class EventPage(BaseModel):
    items: list[EventOut]
    total: int = Field(description="events that pass the filters, all pages together")
    limit: int
    offset: int


class ArticleOut(BaseModel):
    id: str
    title: str
    url: str
    outlet: str
    published: str
    text: str = Field(description="the article text that evidence offsets refer to")


class ReviewOut(BaseModel):
    id: int
    event_id: str
    article_id: str
    action: str
    fields: dict[str, Any]
    reviewer: str
    comment: str
    created_at: str
    orphaned: bool
    moved_from: str = Field("", description="the record the review was made on, when it was moved to event_id "
                                            "(the same record coded again: a newer coder or a new article id)")

    @classmethod
    def of(cls, review: Review) -> "ReviewOut":
        return cls(
            id=review.id, event_id=review.event_id, article_id=review.article_id, action=review.action,
            fields=review.fields, reviewer=review.reviewer, comment=review.comment, created_at=review.created_at,
            orphaned=review.orphaned, moved_from=review.moved_from,
        )


class IncidentOut(BaseModel):
    """An incident: its summary values and the records (events) that report it."""

    id: str
    event_date: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    location: str
    latitude: float
    longitude: float
    fatalities: int = Field(description="lowest death toll reported among its records (> 0)")
    sources: int = Field(description="articles that report it")
    event_ids: list[str]
    article_ids: list[str]
    note_en: str = ""
    suspect: str = Field("", description="why its summary record is implausible (marsad.io.suspect)")

    @classmethod
    def of(cls, inc: Incident) -> "IncidentOut":
        r = inc.record
        return cls(
            id=inc.id, event_date=r.event_date, event_type=r.event_type, sub_event_type=r.sub_event_type,
            actor1=r.actor1, actor2=r.actor2, country=r.country, admin1=admin1_name(r.admin1), location=r.location,
            latitude=r.latitude, longitude=r.longitude, fatalities=inc.fatalities, sources=inc.sources,
            event_ids=inc.event_ids, article_ids=inc.article_ids, note_en=english_note(r),
            suspect=suspect_reasons(r),
        )


class EventDetail(EventOut):
    article: ArticleOut
    reviews: list[ReviewOut]
    incident: Optional[IncidentOut]


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    total: int
    limit: int
    offset: int


class Count(BaseModel):
    key: str
    count: int
    fatalities: int
    country: Optional[str] = None
    admin1: Optional[str] = None


class StatsOut(BaseModel):
    total: int = Field(description="events that pass the filters, suspect ones left out")
    fatalities: int
    incidents: int
    suspects: int = Field(description="suspect events that pass the filters: not in the counts")
    suspect_fatalities: int
    by_day: list[Count]
    by_type: list[Count]
    by_country: list[Count]
    by_admin1: list[Count]
    by_status: list[Count]
    by_sub_type: list[Count]
    by_actor: list[Count]


class FacetValue(BaseModel):
    key: str
    count: int


class FacetsOut(BaseModel):
    """Each multi-valued filter's values with how many records have them under the other filters."""

    event_type: list[FacetValue]
    sub_event_type: list[FacetValue]
    country: list[FacetValue]
    admin1: list[FacetValue]
    actor_name: list[FacetValue]
    outlet: list[FacetValue]


class ReviewIn(BaseModel):
    """A review: ``confirm`` the record, ``correct`` some fields, or ``reject`` it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"action": "correct", "fields": {"fatalities": 5}, "reviewer": "Huda", "comment": "the statement says five"},
        ]},
    )

    action: Literal["confirm", "correct", "reject"]
    fields: dict[str, Any] = Field(default_factory=dict, description=f"for 'correct': any of {', '.join(CORRECTABLE_FIELDS)}")
    place_id: Optional[str] = Field(None, description=(
        "for 'correct': the new location as a gazetteer place (GET /api/places); its name, country, admin1, "
        "admin2, coordinates and precision replace the record's. A new location without it must be a "
        "gazetteer place's name or come with latitude and longitude."))
    reviewer: Optional[str] = Field(
        None, min_length=1, max_length=MAX_NAME,
        description="who reviewed: required in single-user mode (a store without accounts); with accounts, "
                    "the logged-in user is the reviewer and this is ignored")
    comment: str = Field("", max_length=MAX_TEXT)


class HistoryOut(BaseModel):
    """One change of an event: who, when, what (a review's action, or ingest's added, changed,
    removed), its values and status before and after, and the fields that changed."""

    id: int
    event_id: str
    article_id: str
    at: str
    who: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    changed: list[str]
    comment: str


class ArticleVersionOut(BaseModel):
    article_id: str
    version: int
    published: str
    title: str
    url: str
    outlet: str
    content_hash: str
    pipeline_version: str
    stored_at: str
    replaced_at: str
    text: str


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(BaseModel):
    mode: Literal["single-user", "accounts"] = Field(description="single-user: a store without accounts, on this machine")
    user: Optional[str] = None
    role: Optional[str] = None
    csrf: Optional[str] = Field(None, description="send as X-CSRF-Token with every change made with the session cookie")


class PlaceOut(BaseModel):
    """A gazetteer place, with the record fields a location correction to it sets."""

    id: str
    name: str
    name_ar: str
    kind: str
    country: str
    admin1: str = Field(description="in marsad's one spelling (admin1_aliases.tsv)")
    admin2: str
    latitude: float
    longitude: float
    geo_precision: int = Field(description="of an event placed there: 1 town, 2 district or site, 3 region")
    parent: str = Field(description="the place it belongs to (a neighbourhood's city), or empty")


class ConfigOut(BaseModel):
    version: str
    tile_url: str
    tile_attribution: str
    event_types: dict[str, list[str]]
    correctable_fields: list[str]


# --------------------------------------------------------------------------- filters


def event_filter(
    date_from: Optional[date] = Query(None, description="first event date, YYYY-MM-DD"),
    date_to: Optional[date] = Query(None, description="last event date, YYYY-MM-DD"),
    country: Optional[list[str]] = Query(None, description="countries (exact, any case; repeat for several)"),
    admin1: Optional[list[str]] = Query(None, description="first-level regions (any spelling of admin1_aliases.tsv; repeat for several)"),
    event_type: Optional[list[str]] = Query(None, description="event types (repeat for several)"),
    sub_event_type: Optional[list[str]] = Query(None, description="sub-event types (repeat for several)"),
    actor_name: Optional[list[str]] = Query(None, description="canonical actors, in any actor field (repeat for several)"),
    outlet: Optional[list[str]] = Query(None, description="outlets (repeat for several)"),
    actor: Optional[str] = Query(None, max_length=MAX_QUERY_TEXT, description="part of any actor's name, or an English alias, Arabic name or loaded term ('ISIS', 'داعش')"),
    q: Optional[str] = Query(None, max_length=MAX_QUERY_TEXT, description="text in evidence, places, actors, notes, outlet or title (Arabic folded)"),
    location: Optional[str] = Query(None, max_length=MAX_QUERY_TEXT, description="part of the place name, English or Arabic"),
    fatalities_min: Optional[int] = Query(None, ge=0, le=MAX_FATALITIES_FILTER),
    fatalities_max: Optional[int] = Query(None, ge=0, le=MAX_FATALITIES_FILTER),
    suspect: Optional[Literal["only", "exclude"]] = Query(None, description="only or exclude implausible records"),
    status: Optional[Status] = Query(None, description="review status; default: all but rejected"),
    article_id: Optional[str] = Query(None, max_length=MAX_QUERY_TEXT),
) -> EventFilter:
    """The filters every listing takes, as query parameters."""
    return EventFilter(
        date_from=date_from.isoformat() if date_from else None, date_to=date_to.isoformat() if date_to else None,
        country=country, admin1=admin1, event_type=event_type, sub_event_type=sub_event_type, actor=actor, q=q,
        status=status, article_id=article_id, actor_name=actor_name, outlet=outlet, location=location,
        fatalities_min=fatalities_min, fatalities_max=fatalities_max, suspect=suspect,
    )


def _page(items: list, limit: int, offset: int) -> list:
    return items[offset : offset + limit]


# --------------------------------------------------------------------------- app


def create_app(
    store: Union[Store, str, Path], settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    *, max_body_bytes: int = MAX_BODY_BYTES, trusted_hosts: Optional[Sequence[str]] = None,
) -> FastAPI:
    """The API and page over ``store`` (a :class:`Store` or a database path).

    ``settings`` (layered settings; default the packaged ones) give the tile URL and attribution.
    A request body over ``max_body_bytes`` is refused with 413 before it is read whole.
    ``trusted_hosts``: the Host names a request may carry (others get 400: DNS rebinding);
    None checks none (``marsad serve`` always gives the list, :func:`serve_hosts`).

    Accounts (:mod:`marsad.store.accounts`): while the store has none, every request is served
    as before (single-user mode). Once it has one, every ``/api`` request but login, session and
    config needs a session cookie (``POST /api/login``; changes also need its ``X-CSRF-Token``)
    or an API token (``Authorization: Bearer``): 401 without, 403 without the role (viewer to
    read, reviewer to review).
    """
    if settings is None:
        from ..settings import load_settings

        settings = load_settings()
    if not isinstance(store, Store):
        store = Store.from_settings(settings, store)
    serve = settings.get("serve", {})
    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Coded conflict events from Arabic news: browse, filter, review.",
        docs_url=None,  # served below from the bundled Swagger UI (no CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    # Set when the server stops (``marsad serve`` sets it on Ctrl-C/SIGTERM): event streams end, so
    # an open page does not hold the shutdown up for the stream's lifetime.
    app.state.stopping = threading.Event()

    answers = AnswerCache(store)
    # Innermost first: a cached answer is served inside the accounts and Host checks (below).
    app.add_middleware(CachedAnswers, cache=answers)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(Accounts, store=store)

    if trusted_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(trusted_hosts))
    try:
        watch_store: Optional[WatchStore] = WatchStore(store.path)
    except WatchStoreError:  # an in-memory store: no live watch
        watch_store = None
    app.state.watch_store = watch_store
    gazetteer_path = settings.get("gazetteer", {}).get("path", "") or None

    def gazetteer():
        """The gazetteer of the settings (loaded at the first location lookup, then kept)."""
        from ..gazetteer import load_gazetteer

        return load_gazetteer(gazetteer_path)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(sqlite3.OperationalError)
    async def store_unwritable(request: Request, exc: Exception) -> JSONResponse:
        # (a full disk, a locked or read-only database): said, not a bare 500
        return JSONResponse({"detail": f"the database cannot be used just now: {exc}"}, status_code=503)

    @app.exception_handler(ReviewError)
    @app.exception_handler(FilterError)
    @app.exception_handler(BoundsError)
    async def bad_request(request: Request, exc: Exception) -> JSONResponse:
        # A value outside its sane bounds (marsad.bounds) is unprocessable; other refusals are 400.
        return JSONResponse({"detail": str(exc)}, status_code=422 if isinstance(exc, BoundsError) else 400)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # One readable line ("query.limit: Input should be ..."), plus FastAPI's details.
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse({"detail": "; ".join(parts), "errors": jsonable_errors(exc)}, status_code=422)

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def list_events(
        request: Request,
        flt: EventFilter = Depends(event_filter),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        sort: str = Query("-event_date", max_length=MAX_SORT_LENGTH,
                          description=f"column, '-' for descending: {', '.join(SORT_COLUMNS)}"),
    ) -> Any:
        """Events that pass the filters, sorted and paged; reviews applied."""
        def answer() -> bytes:
            items = store.events(flt, limit=limit, offset=offset, sort=sort)
            return event_page_json(items, store.count(flt), limit, offset)

        return answers.get(request, answer)

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"])
    def get_event(event_id: str) -> EventDetail:
        """One event (any status) with its article's text, evidence offsets, reviews and incident."""
        return _detail(store, event_id)

    @app.get("/api/events/{event_id}/history", response_model=list[HistoryOut], tags=["events"])
    def event_history(event_id: str) -> list[HistoryOut]:
        """Every change of the event, oldest first (append-only): reviews and re-ingests."""
        return [HistoryOut(**entry.__dict__) for entry in store.history(event_id)]

    @app.get("/api/articles/{article_id}/versions", response_model=list[ArticleVersionOut], tags=["events"])
    def article_versions(article_id: str) -> list[ArticleVersionOut]:
        """The earlier texts of an article that re-ingests replaced, oldest first."""
        store.article(article_id)  # 404 for an unknown article
        return [ArticleVersionOut(**{k: v for k, v in version.__dict__.items() if k != "source"})
                for version in store.article_versions(article_id)]

    @app.post("/api/events/{event_id}/review", response_model=EventDetail, tags=["events"])
    def review_event(event_id: str, body: ReviewIn, request: Request) -> Any:
        """Confirm, correct or reject an event. A correction wins over the machine's value in every
        listing and export; returns the event as it now stands. With accounts, the reviewer is
        the logged-in user. A new location is a gazetteer place (``place_id``, or its name) or comes
        with coordinates: its fields change together."""
        fields = body.fields
        if body.action == "correct" and (body.place_id or "location" in fields):
            fields = location_correction(gazetteer(), fields, body.place_id)
        elif body.place_id:
            raise ReviewError(f"{body.action!r} takes no place; use action 'correct' to move the event")
        session = request.state.session
        reviewer = session.user.name if session is not None else body.reviewer
        if not reviewer:
            return JSONResponse({"detail": "reviewer: Field required (a store without accounts takes the reviewer's name)"},
                                status_code=422)
        # Validation, the change and the answer in one transaction: an answer that cannot be
        # built rolls the review back (the client never sees a 500 for a stored change).
        return store.review(event_id, body.action, fields, reviewer=reviewer, comment=body.comment,
                            then=lambda review: _detail(store, event_id))

    throttle = app.state.login_throttle = LoginThrottle()

    @app.post("/api/login", response_model=SessionOut, tags=["accounts"])
    def login(body: LoginIn, request: Request) -> Any:
        """Log in: sets the session cookie (HttpOnly, SameSite=Strict) and returns the CSRF token
        that changes made with it must carry (X-CSRF-Token). After 5 failed attempts for a name or
        from an address within 15 minutes, attempts are refused (429) until the oldest is that old."""
        keys = (f"name:{body.name.casefold()}", f"client:{request.client.host if request.client else ''}")
        wait = throttle.wait(*keys)
        if wait > 0:
            return JSONResponse({"detail": f"too many failed logins: try again in {int(wait) + 1} s"},
                                status_code=429, headers={"Retry-After": str(int(wait) + 1)})
        user = store.authenticate(body.name, body.password)
        if user is None:
            throttle.failed(*keys)
            return JSONResponse({"detail": "wrong name or password"}, status_code=401)
        throttle.succeeded(*keys)
        token, session = store.start_session(user)
        response = JSONResponse(SessionOut(mode="accounts", user=user.name, role=user.role, csrf=session.csrf).model_dump())
        response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    @app.post("/api/logout", tags=["accounts"])
    def logout(request: Request) -> Any:
        """End the session (its cookie is cleared)."""
        store.end_session(request.cookies.get(SESSION_COOKIE, ""))
        response = JSONResponse({"detail": "logged out"})
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/api/session", response_model=SessionOut, tags=["accounts"])
    def whoami(request: Request) -> SessionOut:
        """Single-user mode or accounts; the logged-in user, their role and CSRF token."""
        if store.user_count() == 0:
            return SessionOut(mode="single-user")
        session, _ = _session_of(store, request)
        if session is None:
            return SessionOut(mode="accounts")
        return SessionOut(mode="accounts", user=session.user.name, role=session.user.role,
                          csrf=session.csrf if session.kind == "session" else None)

    @app.get("/api/incidents", response_model=IncidentPage, tags=["incidents"])
    def list_incidents(
        flt: EventFilter = Depends(event_filter),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> IncidentPage:
        """Incidents with a record that passes the filters, newest first."""
        incidents = store.incidents(flt)
        return IncidentPage(
            items=[IncidentOut.of(i) for i in _page(incidents, limit, offset)], total=len(incidents),
            limit=limit, offset=offset,
        )

    @app.get("/api/stats", response_model=StatsOut, tags=["events"])
    def stats(request: Request, flt: EventFilter = Depends(event_filter)) -> Any:
        """Counts and fatalities of the filtered events: per day, type, country, admin1, status."""
        def answer() -> bytes:
            s = store.stats(flt)
            return StatsOut(
                total=s.total, fatalities=s.fatalities, incidents=s.incidents, suspects=s.suspects,
                suspect_fatalities=s.suspect_fatalities,
                **{name: [Count(**row) for row in getattr(s, name)]
                   for name in ("by_day", "by_type", "by_country", "by_admin1", "by_status", "by_sub_type", "by_actor")},
            ).model_dump_json().encode("utf-8")

        return answers.get(request, answer)

    @app.get("/api/facets", response_model=FacetsOut, tags=["events"])
    def facets(flt: EventFilter = Depends(event_filter)) -> FacetsOut:
        """For the filter lists: each value of event type, sub-event type, country, admin1, actor
        and outlet, with how many records have it under the other filters (suspects included)."""
        return FacetsOut(**{k: [FacetValue(**row) for row in v] for k, v in store.facets(flt).items()})

    @app.get("/api/places", response_model=list[PlaceOut], tags=["reviews"])
    def places(
        q: str = Query(..., min_length=1, description="a place name or its start, Arabic or English ('الطبق', 'Tab')"),
        limit: int = Query(10, ge=1, le=50),
    ) -> list[PlaceOut]:
        """Gazetteer places for a location correction: exact names first, then names that start with
        ``q``, each group most important first (countries left out: never an event location)."""
        return [PlaceOut(**c.to_dict()) for c in place_choices(gazetteer(), q, limit)]

    @app.get("/api/reviews", response_model=list[ReviewOut], tags=["reviews"])
    def list_reviews(
        event_id: Optional[str] = None,
        orphaned: Optional[bool] = Query(None, description="true: only reviews whose event is no longer extracted "
                                                          "(and no record coded again matched)"),
    ) -> list[ReviewOut]:
        """The review log, oldest first."""
        return [ReviewOut.of(r) for r in store.reviews(event_id, orphaned=orphaned)]

    @app.get("/api/export", tags=["events"], response_class=Response,
             responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
    def export(
        flt: EventFilter = Depends(event_filter),
        format: ExportFormat = Query("csv"),
        per: Literal["record", "incident"] = Query("record", description="one row per record (ACLED) or per incident"),
        bom: bool = Query(False, description="CSV: start with a UTF-8 byte order mark, so that Excel shows Arabic"),
    ) -> Response:
        """The filtered events (or their incidents) as a file, reviews applied, rejected ones left out;
        suspect records kept, with their reasons in the ``suspect`` column. ``xlsx``: the CSV's
        columns in an Excel workbook; ``plover``: a JSON array of PLOVER-style events."""
        filename = f"marsad-{'incidents' if per == 'incident' else 'events'}.{'plover.json' if format == 'plover' else format}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if format == "xlsx":
            data = io.BytesIO()
            store.export(data, "xlsx", flt, per=per)
            return Response(data.getvalue(), media_type=MEDIA_TYPES[format], headers=headers)
        buf = io.StringIO()
        store.export(buf, format, flt, per=per, bom=bom and format == "csv")
        return Response(buf.getvalue(), media_type=f"{MEDIA_TYPES[format]}; charset=utf-8", headers=headers)

    @app.get("/api/config", response_model=ConfigOut, tags=["page"])
    def config() -> ConfigOut:
        """Settings the page needs."""
        return ConfigOut(
            version=__version__, tile_url=serve.get("tile_url", ""), tile_attribution=serve.get("tile_attribution", ""),
            event_types={k: list(v) for k, v in event_typology().items()}, correctable_fields=list(CORRECTABLE_FIELDS),
        )

    @app.get("/api/alerts", tags=["watch"])
    def list_alerts(
        after: int = Query(0, ge=0, le=2**62, description="only alerts with a higher id (oldest first); 0: the latest"),
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        """Alerts fired by the live watcher (``marsad watch``), with the rule, kind (new or update),
        the incident's stable key, its English note and the webhook delivery."""
        if watch_store is None:
            return {"items": [], "last_id": 0, "total": 0, "now": now_iso()}
        items = watch_store.alerts(after=after, limit=limit)
        return {"items": [a.to_dict() for a in items], "last_id": watch_store.last_alert_id(),
                "total": watch_store.alert_count(), "now": now_iso()}

    @app.get("/api/feeds", tags=["watch"])
    def list_feeds() -> dict[str, Any]:
        """Each watched feed's state: last poll, new items, errors in a row, the last error."""
        states = watch_store.feed_states() if watch_store is not None else []
        return {"items": [dict(s.__dict__) for s in states], "now": now_iso()}

    @app.get("/api/new", tags=["watch"])
    def new_since(
        since: str = Query(..., max_length=64, description="ISO time (UTC) the page last looked, as /api/new or /api/alerts gave 'now'"),
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        """Events whose article was stored or changed after ``since``: how many, and the latest."""
        if since:  # ("" asks for everything, as before; anything else must be a time, or the answer is wrong)
            try:
                datetime.fromisoformat(since.replace("Z", "+00:00"))
            except ValueError:
                raise HTTPException(422, f"since must be an ISO time, as 'now' of /api/new gives it, got {since!r}")
        if watch_store is None:
            return {"total": 0, "items": [], "now": now_iso()}
        total, items = watch_store.events_changed_since(since, limit)
        return {"total": total, "items": items, "now": now_iso()}

    @app.get("/api/stream", tags=["watch"], response_class=StreamingResponse)
    async def stream(
        request: Request,
        after: Optional[int] = Query(None, ge=0, le=2**62, description="send alerts with a higher id first (default: none before now)"),
        interval: float = Query(1.0, ge=0.05, le=30, description="seconds between two looks at the store"),
        lifetime: float = Query(300, ge=0.1, le=3600, description="seconds before the stream ends (the browser reconnects)"),
    ) -> StreamingResponse:
        """Server-sent events fed by the store: ``alert`` (one per new alert, its id as the event
        id), ``store`` (events or articles changed: counts and time), ``hello`` at the start."""
        last_header = request.headers.get("last-event-id", "")
        # (ASCII digits, as many as an alert id has: "²" is a digit to str.isdigit, 30 nines overflow SQLite)
        start_after = after if after is not None else (
            int(last_header) if last_header.isascii() and last_header.isdigit() and len(last_header) <= 18 else None)

        async def events():
            if watch_store is None:
                yield "event: hello\ndata: {\"watch\": false}\n\n"
                return
            last = watch_store.last_alert_id() if start_after is None else start_after
            stamp = watch_store.change_stamp()
            yield "retry: 2000\n" + _sse("hello", {"watch": True, "last_id": last, "now": now_iso()})
            end = time.monotonic() + lifetime
            beat = time.monotonic()
            stopping = request.app.state.stopping
            while time.monotonic() < end:
                if stopping.is_set() or await request.is_disconnected():
                    return
                for alert in watch_store.alerts(after=last, limit=50):
                    last = alert.id
                    if alert.page:
                        yield _sse("alert", alert.to_dict(), event_id=alert.id)
                current = watch_store.change_stamp()
                if current != stamp:
                    stamp = current
                    yield _sse("store", {"events": current[0], "last_alert": current[1], "now": now_iso()})
                if time.monotonic() - beat > 15:
                    beat = time.monotonic()
                    yield ": keep-alive\n\n"
                await asyncio.sleep(interval)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        """The OpenAPI documentation, from the bundled Swagger UI (``web/vendor/swagger-ui``)."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/openapi.json", title="marsad API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


class _Pending:
    """An answer being made: the change stamp it started from, and its body once made."""

    __slots__ = ("stamp", "body", "done")

    def __init__(self, stamp: int):
        self.stamp, self.body, self.done = stamp, None, threading.Event()


class AnswerCache:
    """The last answers of the heavy listings (events, stats), as JSON bytes, by path and query
    string, each with the store's change stamp (:meth:`Store.change_stamp`) read before it was
    made: an answer serves a request only while the stamp has not moved, so it is never older
    than the data; between changes, the same question costs a lookup.

    One answer is made at a time per question: a request that finds the same question being
    answered from the current stamp (or a later one) waits for that answer instead of making it
    again (after each change, the clients asking for the default page would otherwise all make it).
    """

    #: The paths whose answers are kept (GET only).
    PATHS = ("/api/events", "/api/stats")

    def __init__(self, store: Store, size: int = 64):
        self.store, self.size = store, size
        self._answers: "OrderedDict[tuple[str, bytes], tuple[int, bytes]]" = OrderedDict()
        self._pending: dict[tuple[str, bytes], _Pending] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(scope: Mapping[str, Any]) -> tuple[str, bytes]:
        # The query string as sent: two orders of the same parameters are two questions (a
        # parameter given twice takes its last value).
        return scope["path"], scope.get("query_string", b"")

    def lookup(self, key: tuple[str, bytes], stamp: int) -> Optional[bytes]:
        """The kept answer to ``key`` if it was made at ``stamp`` or later, else None."""
        with self._lock:
            kept = self._answers.get(key)
            if kept is None or kept[0] < stamp:
                return None
            self._answers.move_to_end(key)
            return kept[1]

    def get(self, request: Request, answer: Callable[[], bytes]) -> Response:
        key = self.key(request.scope)
        stamp = self.store.change_stamp()
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None and kept[0] >= stamp:
                self._answers.move_to_end(key)
                return _json_bytes(kept[1])
            pending = self._pending.get(key)
            mine = pending is None or pending.stamp < stamp
            if mine:
                pending = self._pending[key] = _Pending(stamp)
        if not mine:
            pending.done.wait()
            # (an answer that failed is made again here, so that this request gets its own error)
            return _json_bytes(pending.body if pending.body is not None else answer())
        try:
            pending.body = answer()
        finally:
            with self._lock:
                if self._pending.get(key) is pending:
                    del self._pending[key]
                if pending.body is not None:
                    kept = self._answers.get(key)
                    if kept is None or kept[0] <= stamp:
                        self._answers[key] = (stamp, pending.body)
                        self._answers.move_to_end(key)
                        while len(self._answers) > self.size:
                            self._answers.popitem(last=False)
            pending.done.set()
        return _json_bytes(pending.body)


def _json_bytes(body: bytes) -> Response:
    return Response(body, media_type="application/json")


class CachedAnswers:
    """ASGI middleware: a GET of a kept answer (:class:`AnswerCache`) made from the current change
    stamp is sent as it is, without routing, validation or a worker thread (the same query string
    was validated when the answer was made). Anything else goes on to the app."""

    def __init__(self, app: Any, cache: AnswerCache):
        self.app, self.cache = app, cache

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in AnswerCache.PATHS:
            body = self.cache.lookup(AnswerCache.key(scope), self.cache.store.change_stamp())
            if body is not None:
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-length", str(len(body)).encode("latin-1")),
                                        (b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class Accounts:
    """ASGI middleware of accounts (:mod:`marsad.store.accounts`): while the store has none,
    every request passes (single-user mode); once it has one, an ``/api`` request but the open
    ones needs a session or an API token (401), a change made with the session cookie its CSRF
    token, and the role it needs (403). Sets ``request.state.session`` (None in single-user mode)."""

    def __init__(self, app: Any, store: Store):
        self.app, self.store = app, store

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["session"] = None
        request = Request(scope)
        path = request.url.path
        if not path.startswith("/api/") or path in OPEN_PATHS or self.store.user_count() == 0:
            await self.app(scope, receive, send)
            return
        session, by_cookie = _session_of(self.store, request)
        refusal: Optional[Response] = None
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        needed = "reviewer" if unsafe else "viewer"
        if session is None:
            refusal = JSONResponse({"detail": "log in first (POST /api/login), or send an API token"}, status_code=401,
                                   headers={"WWW-Authenticate": "Bearer"})
        elif unsafe and by_cookie and not secrets.compare_digest(request.headers.get("x-csrf-token", ""), session.csrf):
            refusal = JSONResponse({"detail": "missing or wrong X-CSRF-Token"}, status_code=403)
        elif not session.user.can(needed):
            refusal = JSONResponse({"detail": f"{session.user.name} is a {session.user.role}: this needs a {needed}"},
                                   status_code=403)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        scope["state"]["session"] = session
        await self.app(scope, receive, send)


def _event_out_fields() -> list[tuple[str, Callable[[StoredEvent], Any]]]:
    """(name, getter) of each field of :class:`EventOut`, in its order."""
    record_fields = set(EventRecord.__dataclass_fields__)
    special: dict[str, Callable[[StoredEvent], Any]] = {
        "id": lambda e: e.record.event_id,
        "evidence_spans": lambda e: [list(span) for span in e.record.evidence_spans],
        "note_en": lambda e: english_note(e.record, e.outlet),
    }
    out = []
    for name in EventOut.model_fields:
        if name in special:
            out.append((name, special[name]))
        elif name in record_fields:
            out.append((name, lambda e, n=name: getattr(e.record, n)))
        else:
            out.append((name, lambda e, n=name: getattr(e, n)))
    return out


_EVENT_OUT_FIELDS = _event_out_fields()


def event_out_dict(event: StoredEvent) -> dict[str, Any]:
    """``EventOut.of(event).model_dump()``, without building the model (the listing's hot path)."""
    return {name: get(event) for name, get in _EVENT_OUT_FIELDS}


def event_page_json(items: Sequence[StoredEvent], total: int, limit: int, offset: int) -> bytes:
    """The JSON of an :class:`EventPage`: made with orjson from plain dicts, which gives the
    values pydantic gives (a test compares them); pydantic makes it if orjson cannot."""
    try:
        import orjson

        return orjson.dumps({"items": [event_out_dict(e) for e in items], "total": total, "limit": limit,
                             "offset": offset})
    except (ImportError, TypeError, ValueError):  # (orjson.JSONEncodeError is a TypeError)
        return EventPage(items=[EventOut.of(e) for e in items], total=total, limit=limit,
                         offset=offset).model_dump_json().encode("utf-8")


def _session_of(store: Store, request: Request) -> tuple[Optional[Session], bool]:
    """The session of a request (a bearer token first, else the cookie) and whether it came by cookie."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return store.session(auth[7:].strip()), False
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return (store.session(cookie), True) if cookie else (None, False)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_hosts(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The Host names ``marsad serve`` answers on ``host``: this machine's names, the address it
    binds, and ``extra`` (setting ``serve.trusted_hosts``). "*" in ``extra`` allows any."""
    hosts = list(LOOPBACK) + ["[::1]"]
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)
    return list(dict.fromkeys(hosts + [h for h in extra if h]))


def _sse(event: str, data: Any, event_id: Optional[int] = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's validation errors without the parts JSON cannot hold (exceptions in ``ctx``)."""
    out = []
    for err in exc.errors():
        err = dict(err)
        if "ctx" in err:
            err["ctx"] = {k: str(v) for k, v in err["ctx"].items()}
        err.pop("input", None)
        out.append(err)
    return out


def _detail(store: Store, event_id: str) -> EventDetail:
    event = store.event(event_id)
    article = store.article(event.record.article_id)
    incident = store.incident_of(event_id)
    return EventDetail(
        **EventOut.of(event).model_dump(),
        article=ArticleOut(
            id=article.id, title=article.title, url=article.url, outlet=article.outlet,
            published=article.published, text=article.text,
        ),
        reviews=[ReviewOut.of(r) for r in store.reviews(event_id)],
        incident=IncidentOut.of(incident) if incident else None,
    )
