"""Incident grouping kept up to date incrementally (issue 10, finding 6): after every change
(reviews of dates, places, types, actors, rejections; re-ingests) the incidents are exactly those
a full rebuild gives, and readers use their own connections."""
from __future__ import annotations

import random
import threading

import pytest

from marsad.document import Article, EventRecord
from marsad.store import Store, build_incidents
from marsad.store.dedup import DedupSettings, IncidentIndex

PLACES = [("Raqqa", 35.95, 39.01), ("Tabqa", 35.84, 38.55), ("Karama", 35.87, 39.28), ("Raqqa East", 35.96, 39.05),
          ("Sarrin", 36.59, 38.30)]
TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack")]
ACTORS = ["A", "B", "C", ""]


def random_event(rng: random.Random) -> EventRecord:
    place, lat, lon = rng.choice(PLACES)
    event_type, sub = rng.choice(TYPES)
    return EventRecord(event_date=f"2024-03-{rng.randint(1, 8):02d}", time_precision=1, event_type=event_type,
                       sub_event_type=sub, actor1=rng.choice(ACTORS[:3]), actor2=rng.choice(ACTORS), country="Syria",
                       location=place, latitude=lat, longitude=lon, fatalities=rng.randint(0, 5))


def signature(incidents) -> list[tuple[str, tuple[str, ...], int]]:
    return sorted((inc.id, tuple(inc.event_ids), inc.fatalities) for inc in incidents)


def full(store: Store):
    return signature(build_incidents(store.records(), store.dedup, store.article_order()))


@pytest.mark.parametrize("seed", range(6))
def test_incremental_grouping_equals_a_full_rebuild(tmp_path, seed):
    rng = random.Random(seed)
    with Store(tmp_path / "inc.db") as store:
        for n in range(12):
            store.add_article(Article(id=f"a{n}", text="نص", published="2024-03-09"),
                              [random_event(rng) for _ in range(rng.randint(1, 4))])
        assert signature(store.incidents()) == full(store)
        for step in range(40):
            events = store.events(sort="event_id", flt=None)
            kind = rng.choice(["date", "place", "type", "actor", "reject", "confirm", "reingest", "toll"])
            if kind == "reingest":
                n = rng.randrange(12)
                store.add_article(Article(id=f"a{n}", text=f"نص {step}", published="2024-03-09"),
                                  [random_event(rng) for _ in range(rng.randint(0, 4))])
            elif events:
                ev = rng.choice(events)
                if kind == "reject":
                    store.review(ev.id, "reject", reviewer="t")
                elif kind == "confirm":
                    store.review(ev.id, "confirm", reviewer="t")
                else:
                    place, lat, lon = rng.choice(PLACES)
                    event_type, sub = rng.choice(TYPES)
                    fields = {"date": {"event_date": f"2024-03-{rng.randint(1, 8):02d}"},
                              "place": {"location": place, "latitude": lat, "longitude": lon},
                              "type": {"event_type": event_type, "sub_event_type": sub},
                              "actor": {"actor1": rng.choice(ACTORS[:3])},
                              "toll": {"fatalities": rng.randint(0, 9)}}[kind]
                    store.review(ev.id, "correct", fields, reviewer="t")
            assert signature(store.incidents()) == full(store), (seed, step, kind)
            table = [tuple(r) for r in store._conn.execute("SELECT * FROM effective_events ORDER BY event_id")]
            view = [tuple(r) for r in store._conn.execute("SELECT * FROM effective_view ORDER BY event_id")]
            assert table == view, (seed, step, kind)  # the table kept up to date is what the view computes


@pytest.mark.parametrize("seed", range(20))
def test_index_update_equals_a_fresh_index(seed):
    rng = random.Random(seed)
    records = []
    for n in range(60):
        rec = random_event(rng)
        rec.article_id, rec.event_id = f"a{n % 15}", f"ev-{n}"
        records.append(rec)
    index = IncidentIndex(records, DedupSettings())
    current = {r.event_id: r for r in records}
    for _ in range(30):
        changed = {}
        for event_id in rng.sample(sorted(current), 3):
            if rng.random() < 0.2:
                changed[event_id] = None
                del current[event_id]
            else:
                new = random_event(rng)
                new.article_id, new.event_id = current[event_id].article_id, event_id
                changed[event_id] = current[event_id] = new
        index.update(changed)
        assert signature(index.incidents()) == signature(build_incidents(sorted(current.values(), key=lambda r: r.event_id)))


def test_a_reader_never_waits_on_a_writer(tmp_path):
    with Store(tmp_path / "r.db") as store:
        store.add_article(Article(id="a", text="نص", published="2024-03-09"), [random_event(random.Random(1))])
        with store._write():  # another thread holds the write lock and an open transaction
            result = {}
            reader = threading.Thread(target=lambda: result.update(n=store.count(), events=len(store.events())))
            reader.start()
            reader.join(timeout=5)
            assert not reader.is_alive() and result == {"n": 1, "events": 1}
