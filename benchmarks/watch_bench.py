"""Benchmark of `marsad watch` against a local HTTP server (127.0.0.1 only).

1. Latency: a watcher polls a local feed every 2 s; a new item is added to the feed at a random
   moment; we time until its event is in the store and until its alert is in the store and the
   JSONL log. Target: < 5 s.
2. Memory: 10,000 polls of a local feed with no interval (20 items, all seen after the first
   poll; 9 polls in 10 answered 304 to the conditional GET, the 10th a full answer that is parsed),
   RSS sampled every 1,000 polls. Target: flat.

    python benchmarks/watch_bench.py [--trials 10] [--polls 10000] [--json-out FILE]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from marsad.pipeline import Pipeline  # noqa: E402
from marsad.run.alerts import parse_rules  # noqa: E402
from marsad.run.watch import Watcher, parse_watch_config  # noqa: E402
from marsad.store import Store  # noqa: E402
from marsad.store.feeds import WatchStore  # noqa: E402
from store_samples import OTHER_OUTLET_TEXT  # noqa: E402
from watch_server import local_site, rss  # noqa: E402


def latency(trials: int, interval: float, pipeline) -> dict:
    results = []
    with tempfile.TemporaryDirectory() as tmp, local_site() as site:
        site.keep_log = False
        items: list[dict] = []
        start_day = datetime(2023, 1, 25, 10, tzinfo=timezone.utc)
        site.set("/feed.xml", rss("Bench", items))
        config = parse_watch_config({"defaults": {"interval": interval, "host_delay": 0},
                                     "feeds": [{"name": "bench", "url": site.base + "/feed.xml"}]})
        rules = parse_rules({"rules": [{"name": "all", "event_type": "Battles"}]})
        db, log = Path(tmp) / "bench.db", Path(tmp) / "alerts.jsonl"
        store = Store(db)
        watcher = Watcher(config, store, pipeline=pipeline, rules=rules, alert_log=log)
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        reader = Store(db)
        ws = WatchStore(db)
        time.sleep(1.0)
        for n in range(trials):
            time.sleep(random.uniform(0, interval))  # the item appears at any moment of the interval
            day = start_day + timedelta(days=7 * n)  # a new incident each time (a week apart)
            items.insert(0, {"link": f"{site.base}/news/{n}", "content": OTHER_OUTLET_TEXT, "date": format_datetime(day)})
            alerts_before, articles_before = ws.alert_count(), reader.article_count()
            site.set("/feed.xml", rss("Bench", items))
            t0 = time.perf_counter()
            t_event = t_alert = None
            while time.perf_counter() - t0 < 30 and (t_event is None or t_alert is None):
                if t_event is None and reader.article_count() > articles_before and reader.count() > 0:
                    t_event = time.perf_counter() - t0
                if t_alert is None and ws.alert_count() > alerts_before:
                    t_alert = time.perf_counter() - t0
                time.sleep(0.01)
            results.append((t_event, t_alert))
        stop.set()
        thread.join(10)
        logged = sum(1 for _ in log.open(encoding="utf-8"))
        watcher.close()
        store.close()
        reader.close()
        ws.close()
    events = [r[0] for r in results if r[0] is not None]
    alerts = [r[1] for r in results if r[1] is not None]
    return {
        "interval_s": interval, "trials": trials, "alerts_logged": logged,
        "event_s": {"median": statistics.median(events), "max": max(events), "min": min(events)},
        "alert_s": {"median": statistics.median(alerts), "max": max(alerts), "min": min(alerts)},
        "missed": sum(1 for r in results if None in r),
    }


def memory(polls: int, pipeline) -> dict:
    proc = psutil.Process()
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp, local_site() as site:
        site.keep_log = False
        base = site.base
        items = [{"link": f"{base}/n/{i}", "content": OTHER_OUTLET_TEXT,
                  "date": format_datetime(datetime(2023, 1, 25, tzinfo=timezone.utc) + timedelta(days=7 * i))}
                 for i in range(20)]
        body = rss("Bench", items).encode("utf-8")

        def feed(handler):
            # A new ETag every 10th request: 9 polls in 10 are conditional GETs answered 304, the
            # 10th a full answer that is parsed (its 20 items all seen before).
            n = site.hits["/feed.xml"]
            return 200, {"Content-Type": "application/rss+xml", "ETag": f'"v{n // 10}"'}, body

        site.routes["/feed.xml"] = feed
        config = parse_watch_config({"defaults": {"interval": 0, "host_delay": 0},
                                     "feeds": [{"name": "bench", "url": base + "/feed.xml"}]})
        rules = parse_rules({"rules": [{"name": "all"}]})
        store = Store(Path(tmp) / "mem.db")
        t0 = time.perf_counter()

        def sample(status) -> None:
            if watcher.polls % 1000 == 0 or watcher.polls == 1:
                samples.append((watcher.polls, proc.memory_info().rss / 1e6))

        watcher = Watcher(config, store, pipeline=pipeline, rules=rules, alert_log=Path(tmp) / "a.jsonl",
                          on_status=sample)
        watcher.run(max_polls=polls)
        seconds = time.perf_counter() - t0
        articles = store.article_count()
        watcher.close()
        store.close()
    after_warmup = [m for n, m in samples if n >= 1000]
    return {"polls": polls, "seconds": round(seconds, 1), "polls_per_s": round(polls / seconds, 1),
            "articles": articles, "rss_mb": [(n, round(m, 1)) for n, m in samples],
            "rss_growth_after_1000_polls_mb": round(max(after_warmup) - min(after_warmup), 1) if after_warmup else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--polls", type=int, default=10_000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    pipeline = Pipeline()
    pipeline(OTHER_OUTLET_TEXT)  # warm: lexicons and gazetteer loaded before timing
    result = {"latency": latency(args.trials, args.interval, pipeline), "memory": memory(args.polls, pipeline)}
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
