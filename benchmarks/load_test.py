"""Load test of the review API (issue 10): concurrent listings while an ingest and reviews run.

    python benchmarks/load_test.py [--events 35000] [--clients 8] [--seconds 20] [--db PATH] [--json-out FILE]

Builds a store of synthetic articles (5 events each, 200 places in Syria, two years of dates)
unless ``--db`` names one already built, starts ``marsad serve`` on it in its own process
(127.0.0.1, a free port), and for ``--seconds``:

- ``--clients`` threads (8) ask ``GET /api/events`` (the default page of 100, no filter) in a loop;
- one thread reviews a random event every 0.2 s (confirm, or a corrected toll), as a reviewer does;
- one process ingests a new article of 5 events every 0.1 s into the same database.

Prints requests per second, the listing latencies (p50, p95, p99, max), the review latencies,
the longest listing that overlapped a review, and the listings' p50 and p99 during reviews and
between them. Not a timed test: the figures depend on the
machine (``nproc``, load average are printed with them).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Protests", "Peaceful protest"),
         ("Strategic developments", "Arrests")]
ACTORS = ["Islamic State (Syria)", "QSD: Syrian Democratic Forces", "Military Forces of Syria (2000-2024)",
          "Civilians (Syria)", "Protesters (Syria)", ""]


def places(n: int = 200, seed: int = 7) -> list[tuple[str, float, float]]:
    rng = random.Random(seed)
    return [(f"Place {i}", round(rng.uniform(32.5, 37.0), 4), round(rng.uniform(35.8, 42.0), 4)) for i in range(n)]


def article(n: int, rng: random.Random, where: list):
    from marsad.document import Article, EventRecord

    events = []
    for _ in range(5):
        name, lat, lon = rng.choice(where)
        event_type, sub = rng.choice(TYPES)
        day = 1 + rng.randrange(730)
        events.append(EventRecord(
            event_date=time.strftime("%Y-%m-%d", time.gmtime((19358 + day) * 86400)), time_precision=1,
            event_type=event_type, sub_event_type=sub, actor1=rng.choice(ACTORS[:-1]), actor2=rng.choice(ACTORS),
            country="Syria", admin1="Region", location=name, latitude=lat, longitude=lon,
            fatalities=rng.choice([0, 0, 1, 2, 5]), evidence="قتل شخصان في هجوم على البلدة"))
    return Article(id=f"load-{n}", text="نص مقال للاختبار " * 20, published="2025-06-01", outlet="Load"), events


def build(db: Path, events: int) -> None:
    from marsad.store import Store

    rng, where = random.Random(1), places()
    t0 = time.perf_counter()
    with Store(db) as store:
        for n in range(events // 5):
            store.add_article(*article(n, rng, where))
    print(f"built {db}: {events} events in {time.perf_counter() - t0:.1f} s", flush=True)


def ingest_loop(db: str, stop_at: float, counter) -> None:
    from marsad.store import Store

    rng, where = random.Random(os.getpid()), places()
    with Store(db) as store:
        n = 10_000_000
        while time.time() < stop_at:
            store.add_article(*article(n, rng, where))
            counter.value += 1
            n += 1
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None) -> dict:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=35_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="marsad-load-")
    db = args.db or Path(tmp.name) / "load.db"
    if not db.exists():
        build(db, args.events)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    server = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port)],
                              cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(base + "/api/config", timeout=2)
                break
            except httpx.TransportError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=30) as warm:
            ids = [e["id"] for e in warm.get("/api/events", params={"limit": 1000}).json()["items"]]
            t0 = time.perf_counter()
            warm.get("/api/incidents")
            first_incidents = time.perf_counter() - t0
            total_events = warm.get("/api/events", params={"limit": 1}).json()["total"]

        stop_at = time.time() + args.seconds
        listings: list[tuple[float, float]] = []  # (start, seconds)
        reviews: list[tuple[float, float]] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                while time.time() < stop_at:
                    start = time.perf_counter()
                    r = c.get("/api/events")
                    took = time.perf_counter() - start
                    with lock:
                        listings.append((start, took))
                        if r.status_code != 200:
                            errors.append(f"listing {r.status_code}")

        def reviewer() -> None:
            rng = random.Random(3)
            with httpx.Client(base_url=base, timeout=30) as c:
                while time.time() < stop_at:
                    body = rng.choice([{"action": "confirm", "reviewer": "load"},
                                       {"action": "correct", "fields": {"fatalities": rng.randint(0, 9)}, "reviewer": "load"}])
                    start = time.perf_counter()
                    r = c.post(f"/api/events/{rng.choice(ids)}/review", json=body)
                    took = time.perf_counter() - start
                    with lock:
                        reviews.append((start, took))
                        if r.status_code != 200:
                            errors.append(f"review {r.status_code}")
                    time.sleep(0.2)

        ingested = multiprocessing.Value("i", 0)
        ingest = multiprocessing.Process(target=ingest_loop, args=(str(db), stop_at, ingested))
        load_before = os.getloadavg()[0]
        ingest.start()
        threads = [threading.Thread(target=client) for _ in range(args.clients)] + [threading.Thread(target=reviewer)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        ingest.join()
        times = [t for _, t in listings]
        overlapping = [t for s, t in listings if any(rs < s + t and s < rs + rt for rs, rt in reviews)]
        apart = [t for s, t in listings if not any(rs < s + t and s < rs + rt for rs, rt in reviews)]
        result = {
            "events_at_start": total_events, "clients": args.clients, "seconds": round(wall, 1),
            "nproc": os.cpu_count(), "load_avg_before": round(load_before, 2), "load_avg_after": round(os.getloadavg()[0], 2),
            "listings": len(times), "requests_per_s": round(len(times) / wall, 1),
            "listing_ms": {p: round(1000 * percentile(times, q), 1) for p, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))},
            "reviews": len(reviews),
            "review_ms": {p: round(1000 * percentile([t for _, t in reviews], q), 1) for p, q in (("p50", 50), ("p99", 99), ("max", 100))},
            "listing_overlapping_a_review_max_ms": round(1000 * max(overlapping), 1) if overlapping else None,
            # A reader blocked by reviews would show here: listings during a review against the others.
            "listing_ms_during_reviews": {p: round(1000 * percentile(overlapping, q), 1) for p, q in (("p50", 50), ("p99", 99))},
            "listing_ms_between_reviews": {p: round(1000 * percentile(apart, q), 1) for p, q in (("p50", 50), ("p99", 99))},
            "articles_ingested_meanwhile": ingested.value, "errors": len(errors),
            "first_incidents_s": round(first_incidents, 2),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        tmp.cleanup()
    print(json.dumps(result, indent=1))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
