"""Articles with hand-coded event records for the store, API and browser tests.

The texts are short Arabic reports written for these tests (not copies of shared data); the
records follow ``../shared/CODEBOOK.md``. ``raqqa_*`` are two outlets reporting the same attack
on Raqqa with different tolls (one incident after de-duplication), ``sdf_raids`` is one article
with four atomic raids, ``script_article`` carries markup that must render as text.
When ``../shared`` is present, :func:`gold_articles` gives the dev set's hand-coded articles.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Optional

from marsad.document import Article, EventRecord

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"

IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"

RAQQA = dict(country="Syria", admin1="Raqqa", location="Raqqa", latitude=35.9644702, longitude=38.9962876)
TABQA = dict(country="Syria", admin1="Raqqa", location="Al-Tabqa", latitude=35.83758, longitude=38.54828)
KARAMA = dict(country="Syria", admin1="Raqqa", location="Al-Karama", latitude=35.8690325, longitude=39.277021)
SARRIN = dict(country="Syria", admin1="Aleppo", location="Sarrin", latitude=36.5890284, longitude=38.2968615)

CLASH_SENTENCE = "هاجمت خلايا داعش مدينة الرقة في 26 كانون الأول، وقُتل ستة مقاتلين من قسد خلال التصدي للهجوم."
RAIDS_SENTENCE = "داهمت قوات سوريا الديمقراطية فجر اليوم الأربعاء مخابئ لعناصر داعش بالرقة والطبقة والكرامة وصرين."

SDF_RAIDS_TEXT = (
    "قسد تطلق حملة لملاحقة خلايا داعش\n\n"
    "أعلنت قوات سوريا الديمقراطية إطلاق حملة أمنية واسعة. "
    + CLASH_SENTENCE + "\n\n" + RAIDS_SENTENCE + " ولم تعلن الحملة عن حصيلة بعد."
)

OTHER_OUTLET_SENTENCE = "قُتل ثمانية عناصر من قوات سوريا الديمقراطية في هجوم شنه تنظيم داعش على مدينة الرقة ليل الاثنين."
OTHER_OUTLET_TEXT = "هجوم لداعش على الرقة\n\n" + OTHER_OUTLET_SENTENCE + " وقالت مصادر محلية إن الاشتباكات استمرت ساعات."

SCRIPT_SENTENCE = "اشتباكات في دير الزور <script>alert(1)</script> و<b>قتيلان</b>."
SCRIPT_TEXT = "خبر فيه وسوم\n\n" + SCRIPT_SENTENCE


def spans_of(text: str, evidence: str) -> list[tuple[int, int]]:
    """Offsets in ``text`` of each sentence of ``evidence`` (sentences the text holds verbatim)."""
    spans = []
    for sentence in re.split(r"(?<=[.!؟?])\s+", evidence.strip()):
        sentence = sentence.strip()
        start = text.find(sentence) if sentence else -1
        if start >= 0:
            spans.append((start, start + len(sentence)))
    return spans


def _record(text: str, evidence: str, **values) -> EventRecord:
    base = dict(time_precision=1, geo_precision=1, pipeline_version="test")
    base.update(values)
    return EventRecord(evidence=evidence, evidence_spans=spans_of(text, evidence), **base)


def raqqa_clash(text: str = SDF_RAIDS_TEXT, evidence: str = CLASH_SENTENCE, fatalities: int = 6) -> EventRecord:
    return _record(
        text, evidence, event_date="2022-12-26", event_type="Battles", sub_event_type="Armed clash",
        actor1=IS, actor2=SDF, location_ar="مدينة الرقة", fatalities=fatalities, **RAQQA,
    )


def sdf_raids() -> tuple[Article, list[EventRecord]]:
    """The seed-like article: one clash on 2022-12-26 and four raids on 2023-01-25."""
    article = Article(
        id="hawar-raids", text=SDF_RAIDS_TEXT, published=date(2023, 1, 25), outlet="Hawar",
        url="https://example.org/hawar/raids", title="قسد تطلق حملة لملاحقة خلايا داعش",
    )
    raids = [
        _record(
            SDF_RAIDS_TEXT, RAIDS_SENTENCE, event_date="2023-01-25", event_type="Strategic developments",
            sub_event_type="Other", actor1=SDF, actor2=IS, location_ar=name_ar, **place,
        )
        for name_ar, place in (("الرقة", RAQQA), ("الطبقة", TABQA), ("الكرامة", KARAMA), ("صرين", SARRIN))
    ]
    return article, [raqqa_clash()] + raids


def other_outlet() -> tuple[Article, list[EventRecord]]:
    """A second outlet's report of the Raqqa attack, with a higher toll and a day later."""
    article = Article(
        id="enab-raqqa", text=OTHER_OUTLET_TEXT, published=date(2022, 12, 27), outlet="Enab Baladi",
        url="https://example.org/enab/raqqa", title="هجوم لداعش على الرقة",
    )
    rec = raqqa_clash(OTHER_OUTLET_TEXT, OTHER_OUTLET_SENTENCE, fatalities=8)
    rec.event_date = "2022-12-27"
    rec.location_ar = "مدينة الرقة"
    return article, [rec]


def script_article() -> tuple[Article, list[EventRecord]]:
    """An article whose text carries HTML markup and a script tag."""
    article = Article(
        id="markup", text=SCRIPT_TEXT, published=date(2023, 2, 1), outlet="Test <i>outlet</i>",
        title="خبر <img src=x onerror=alert(2)>",
    )
    rec = _record(
        SCRIPT_TEXT, SCRIPT_SENTENCE, event_date="2023-02-01", event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Syria (2000-2024)", actor2=IS, country="Syria", admin1="Deir ez-Zor",
        location="Deir ez-Zor", location_ar="دير الزور", latitude=35.3359, longitude=40.1408, fatalities=2,
    )
    return article, [rec]


def sample_articles() -> list[tuple[Article, list[EventRecord]]]:
    return [sdf_raids(), other_outlet(), script_article()]


def gold_articles(limit: Optional[int] = None) -> list[tuple[Article, list[EventRecord]]]:
    """Hand-coded articles of the shared dev set (empty when ``../shared`` is absent)."""
    if not GOLD.exists():
        return []
    out = []
    with GOLD.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            article = Article(
                id=row["id"], text=row["text"], published=date.fromisoformat(row["published"]),
                title=row.get("title") or "", url=row.get("url") or "", outlet=row.get("outlet") or "",
            )
            events = []
            for ev in row.get("events", []):
                rec = EventRecord.from_dict(ev)
                rec.evidence_spans = spans_of(row["text"], rec.evidence)
                rec.pipeline_version = "gold"
                events.append(rec)
            out.append((article, events))
            if limit and len(out) >= limit:
                break
    return out


TALLY_SENTENCE = "وثقت الأمم المتحدة مقتل ستين ألف شخص في سوريا منذ بداية النزاع."


def tally_article() -> tuple[Article, list[EventRecord]]:
    """A country-wide UN tally coded as one event (60000 deaths at Syria's centroid): implausible."""
    text = "حصيلة أممية\n\n" + TALLY_SENTENCE
    article = Article(id="un-tally", text=text, published=date(2023, 1, 20), outlet="UN News Arabic",
                      url="https://example.org/un/tally", title="حصيلة أممية")
    record = _record(
        text, TALLY_SENTENCE, event_date="2023-01-20", event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Syria (2000-2024)", actor2="Opposition Rebels (Syria)", country="Syria",
        admin1="", location="Syria", location_ar="سوريا", latitude=34.8021, longitude=38.9968, fatalities=60000,
        notes="triggers: مقتل",
    )
    record.geo_precision = 3
    return article, [record]


def workbench_articles() -> list[tuple[Article, list[EventRecord]]]:
    """The samples plus the implausible tally (the analyst's workbench tests)."""
    return sample_articles() + [tally_article()]
