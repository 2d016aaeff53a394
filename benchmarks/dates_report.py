"""Dates, numbers and fatalities on real text: recall on the dev gold, false hits and speed on the corpus.

    python benchmarks/dates_report.py [--gold GOLD.jsonl] [--corpus CORPUS.jsonl] [--sample N] [--repeat N]

On the dev gold (``../shared/eval/dev/gold.jsonl``) it reports, for the events of each article:

* dates: how many gold ``event_date`` values are among the resolved date mentions of their
  article (precision 1-3), how many equal the publication date, and how many are either;
* fatalities: how many gold events with fatalities > 0 have that exact count among the
  article's fatality mentions (each mention, and the sums of split groups), counting all
  mentions and only the non-aggregate ones.

On the unlabeled corpus it prints a random sample of date and fatality spans with their
sentence, to eyeball false hits, and times each stage (mean milliseconds per article, best of
``--repeat`` runs). Runs only the stages up to fatalities: no gazetteer needed.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from marsad.pipeline.dates import find_dates
from marsad.document import Article, Document
from marsad.pipeline.normalize import normalize
from marsad.pipeline.fatalities import find_fatalities
from marsad.pipeline.numbers import find_numbers
from marsad.pipeline.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def prepare(row: dict) -> Document:
    pub = date.fromisoformat(row["published"][:10]) if row.get("published") else None
    doc = Document.from_article(Article(id=row["id"], text=row["text"], published=pub))
    n = normalize(doc.text)
    doc.norm, doc.norm_offsets = n.norm, n.offsets
    return split_sentences(doc)


def run(doc: Document) -> Document:
    return find_fatalities(find_numbers(find_dates(doc)))


def fatality_figures(doc: Document, include_aggregate: bool) -> set[int]:
    figures: set[int] = set()
    groups: dict[int, int] = defaultdict(int)
    for f in doc.fatalities:
        if f.aggregate and not include_aggregate:
            continue
        figures.add(f.count)
        if f.group:
            groups[f.group] += f.count
    return figures | set(groups.values())


def gold_report(rows: list[dict]) -> None:
    c: Counter = Counter()
    misses_date: list[str] = []
    misses_fat: list[str] = []
    for row in rows:
        doc = run(prepare(row))
        resolved = {d.value.isoformat() for d in doc.dates if d.value and d.time_precision < 4}
        all_fig = fatality_figures(doc, True)
        kept_fig = fatality_figures(doc, False)
        for ev in row["events"]:
            c["events"] += 1
            gold = ev["event_date"]
            in_mentions = gold in resolved
            is_pub = gold == row["published"][:10]
            c["date_in_mentions"] += in_mentions
            c["date_is_pub"] += is_pub
            c["date_either"] += in_mentions or is_pub
            if not (in_mentions or is_pub):
                misses_date.append(f"{row['id']} pub={row['published']} gold={gold} p{ev['time_precision']} "
                                   f"found={sorted(resolved)} | {ev['evidence'][:140]}".replace("\n", " "))
            if ev["fatalities"] > 0:
                c["fatal_events"] += 1
                c["fatal_any"] += ev["fatalities"] in all_fig
                c["fatal_kept"] += ev["fatalities"] in kept_fig
                if ev["fatalities"] not in kept_fig:
                    misses_fat.append(f"{row['id']} gold={ev['fatalities']} found={sorted(kept_fig)} "
                                      f"(with aggregates {sorted(all_fig)}) | {ev['evidence'][:160]}".replace("\n", " "))
        c["date_mentions"] += len(doc.dates)
        c["fatality_mentions"] += len(doc.fatalities)
    n, nf = c["events"], c["fatal_events"]
    print(f"dev gold: {len(rows)} articles, {n} events, {nf} with fatalities > 0")
    print(f"  event_date among the article's resolved dates: {c['date_in_mentions']}/{n} ({c['date_in_mentions'] / n:.1%})")
    print(f"  event_date is the publication date:            {c['date_is_pub']}/{n} ({c['date_is_pub'] / n:.1%})")
    print(f"  either:                                        {c['date_either']}/{n} ({c['date_either'] / n:.1%})")
    print(f"  fatalities among mentions (non-aggregate):     {c['fatal_kept']}/{nf} ({c['fatal_kept'] / nf:.1%})")
    print(f"  fatalities among mentions (all):               {c['fatal_any']}/{nf} ({c['fatal_any'] / nf:.1%})")
    print(f"  mentions: {c['date_mentions']} dates, {c['fatality_mentions']} fatality mentions")
    if misses_date:
        print("\n  dates missed:")
        for line in misses_date:
            print("   ", line)
    if misses_fat:
        print("\n  fatalities missed:")
        for line in misses_fat:
            print("   ", line)


def corpus_report(rows: list[dict], sample: int, repeat: int) -> None:
    docs = [prepare(r) for r in rows]
    for doc in docs:
        run(doc)
    rng = random.Random(7)
    dates = [(doc, d) for doc in docs for d in doc.dates]
    fats = [(doc, f) for doc in docs for f in doc.fatalities]
    kinds = Counter(d.kind for _, d in dates)
    print(f"\ncorpus: {len(docs)} articles, {len(dates)} date mentions {dict(kinds.most_common())}, "
          f"{sum(len(d.numbers) for d in docs)} numbers, {len(fats)} fatality mentions "
          f"({sum(f.aggregate for _, f in fats)} aggregate)")
    for title, items, show in (
        ("date spans", dates, lambda d: f"{d.text!r} -> {d.value} p{d.time_precision} {d.kind}"),
        ("fatality spans", fats, lambda f: f"{f.text!r} -> {f.count}{'+' if f.at_least else ''} "
                                           f"{f.victims!r} {f.victim_group} {f.reason} g{f.group}"),
    ):
        print(f"\n  sample of {title}:")
        for doc, span in rng.sample(items, min(sample, len(items))):
            s = doc.sentence_at(span.start)
            context = s.text if s else ""
            print(f"    [{doc.published}] {show(span)}\n        | {context[:200]}")
    timings = {"dates": find_dates, "numbers": find_numbers, "fatalities": find_fatalities}
    print(f"\n  speed (mean ms per article over {len(docs)} articles, best of {repeat}):")
    for name, func in timings.items():
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for doc in docs:
                func(doc)
            best = min(best, time.perf_counter() - t0)
        print(f"    {name:11s} {best / len(docs) * 1000:.3f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev" / "gold.jsonl")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "unlabeled.jsonl")
    ap.add_argument("--sample", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args()
    gold_report(load(args.gold))
    if not args.no_corpus:
        corpus_report(load(args.corpus), args.sample, args.repeat)


if __name__ == "__main__":
    main()
