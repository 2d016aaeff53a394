"""Events step 3, one candidate per place: the class of a report among its strong triggers, classes
resolved from context (territory, raid, strike, killing), and force used on protesters.
"""
from __future__ import annotations

from typing import Optional

from ..actors import actor_table, actor_type
from ...document import DateMention, PlaceMention, Trigger
from ..event_types import event_type_of, rank_of, sub_event_types
from .actors import is_verb_trigger, resolve_actors, speaks_for
from .context import Candidate, Context, folded_words, SentenceSpans, is_headline, new_candidate
from .dates import event_date
from .linking import specific_places, unique_places
from .reporting import drops, reacted_to, retells
from ..triggers import STORED_WEAPON_CLASSES, Cue, cue_words, found_in_store, word_before
from ..lexicon import phrase_key
from ..numbers import number_lexicon
from ...text import fold, has_article, proclitics

STATE_TYPES = frozenset({"State forces"})
ARMED_TYPES = frozenset({"State forces", "Rebel group", "Political militia", "Identity militia", "External/Other forces"})
# A bare "قصف" followed this closely by the weapon ("بالقذائف", "بالمدفعية") is shelling, whatever air
# word the sentence holds elsewhere ("الآمرية الجوية", "الدفاع الجوي").
ARTILLERY_REACH = 40
AIR_FORCE_FAMILIES = frozenset(
    {
        "Military Forces of Israel",
        "Global Coalition Against Daesh",
        "Military Forces of Russia (2000-)",
        "Military Forces of the United States",
        "Military Forces of the United Kingdom",
        "Military Forces of France",
        "Unidentified Military Forces",
    }
)


def candidates_for(
    ctx: Context,
    i: int,
    triggers: list[Trigger],
    places: list[PlaceMention],
    last_date: Optional[DateMention],
    inherited: bool = False,
) -> list[Candidate]:
    ss = ctx.sentences[i]
    anchor = triggers[0]
    when = event_date(ctx, ss, anchor, last_date, triggers)
    # codebook order among the strong triggers (a weak word like "هجوم" yields to a strong one)
    strong_ones = [t for t in triggers if t.strong]
    strong = bool(strong_ones)
    deciding = strong_ones or triggers
    if len(deciding) == 1:  # (most reports: one trigger, its class; no rank looked up)
        cls = deciding[0].sub_event_type
    else:
        cls = min((t.sub_event_type for t in deciding), key=_class_rank)
    anaphoric = retells(ctx, ss, triggers)
    if not inherited:
        # "أمطرت ... بالقذائف، ردا على تعرض بلدة X لهجوم": the places told inside the reaction are the
        # answered incident's; with no other place the report names none of its own
        reaction = ss.cues_of("reaction")
        if reaction:  # (most sentences: no reaction cue)
            places = [p for p in places if not _inside_reaction(ss, reaction, triggers, p)]
        answered = [t for t in ss.triggers if t not in triggers and reacted_to(ctx, ss, t)] if places else []
        if answered:  # (the incidents the sentence reacts to: found once for the report, not per place)
            own = [p for p in places if not _reacted_to_there(answered, triggers, p)]
            # a protest against an incident elsewhere ("تظاهر الآلاف في عدة مدن أوروبية رفضا للهجوم التركي على
            # مدينة عفرين") is not at the incident's place: with none of its own it names no place
            places = own if own or all(_protest(t) for t in triggers) else places
    headline = is_headline(ctx, i)
    # a day span: one record per day (codebook section 1), but a place is taken once, on the span's last day
    # ("سيطروا على الحاجز بعد حصار دام خمسة أيام")
    days = [when.day] if cls in TAKEOVER_CLASSES else when.days()
    out = []
    for place in specific_places(unique_places(places)):
        for day in days:
            out.append(new_candidate(i, cls, strong, place, list(triggers), day, when.time_precision,
                                     date_explicit=when.explicit, retold=anaphoric, place_inherited=inherited,
                                     headline=headline))
    another = _told_as_another(ss, triggers)
    for cand in out:
        resolve_actors(ctx, ss, cand)
        cand.sub_event_type = _resolve_class(ctx, ss, cand)
        cand.another = another
    return out


# How far after a trigger word an "another" word may stand: right after it ("انفجار آخر"; not "قتلا وأصيب آخر").
ANOTHER_REACH = 1


def _told_as_another(ss: SentenceSpans, triggers: list[Trigger]) -> bool:
    """The report is told as another incident than those before (``another`` of event_cues.tsv): a word right
    after a trigger noun of its sentence before the report's or its first ("وفي انفجار آخر منفصل ... قتل سبعة"), or an
    incident noun with it anywhere before ("في حادثين آخرين")."""
    if not ss.may_have_cues("another"):
        return False
    first = min(t.start for t in triggers)
    # (after a verb the word counts other people: "قتلوا ثلاثة واختطفوا آخرين")
    return any((c.start < first and " " in c.phrase)
               or any(0 <= c.start - t.end <= ANOTHER_REACH and not is_verb_trigger(t)
                      for t in ss.triggers if t.start <= first)
               for c in ss.cues_of("another"))


# A takeover and the fighting that won it, told in one sentence ("سيطروا على مخازن في قرية X بعد
# اشتباكات عنيفة", "مواجهات ... أسفرت عن استيلاء النصرة على بلدة X"): two incidents at one place.
FOUGHT_FOR = frozenset({"territory", "Armed clash"})
# How far (characters) the fighting and the takeover may stand apart.
WON_BY_REACH = 120


def fought_for_places(
    doc, triggers: list[Trigger], groups: list[tuple[list[Trigger], list[PlaceMention]]]
) -> list[PlaceMention]:
    """The places of the takeover (or the clash) of the sentence for a strong clash (or takeover)
    with no place of its own, when a word ties the two (``won_by`` cues: "بعد" before the fighting,
    "أسفرت" between the fighting and the takeover): the nearer report took the places, but both
    happened there."""
    mine = {t.sub_event_type for t in triggers if t.strong}
    if len(mine) != 1 or not mine <= FOUGHT_FOR:
        return []
    other = FOUGHT_FOR - mine
    words = cue_words("won_by")
    for trigs, places in groups:
        for t in trigs:
            if not (places and t.strong and t.sub_event_type in other):
                continue
            for mine_t in triggers:
                fight, won = (mine_t, t) if mine_t.sub_event_type == "Armed clash" else (t, mine_t)
                if won.end <= fight.start and fight.start - won.end <= WON_BY_REACH:
                    before = doc.norm[max(0, doc.norm_index(fight.start) - 8) : doc.norm_index(fight.start)].split()
                    tied = bool(before) and before[-1] in words
                elif fight.end <= won.start and won.start - fight.end <= WON_BY_REACH:
                    between = doc.norm[doc.norm_index(fight.end) : doc.norm_index(won.start)].split()
                    tied = any(w in words for w in between)
                else:
                    tied = False
                if tied:
                    return list(places)
    return []


def _article_strikes_from_the_air(ctx: Context) -> bool:
    """The article names bombardment from the air and never a ground weapon (no artillery cue, no
    shelling word): a bare "قصف" with no weapon of its own is then an air strike."""
    cached = ctx.memo.get("strikes_from_the_air")
    if cached is None:
        air = ground = False
        for other in ctx.sentences:
            if any(t.sub_event_type == "Shelling/artillery/missile attack" for t in other.triggers):
                ground = True
                break
            # (a sentence none of whose words opens an artillery or air cue has none: its cues need not be searched)
            ground = other.may_have_cues("artillery") and bool(other.cues_of("artillery"))
            air = air or bool(other.air_cues())
            if ground:
                break
        cached = ctx.memo["strikes_from_the_air"] = air and not ground
    return cached


def _on_civilians(cand: Candidate) -> bool:
    """The sentence names civilians and the side hit is not an armed one ("مقتل ثلاثة من عناصر مجموعة
    مسلحة كانت تبتز الأهالي": the armed group was hit, the civilians only told of)."""
    return cand.civilian and actor_type(cand.actor2_name) not in ARMED_TYPES


def _cost(t: Trigger, place: PlaceMention) -> float:
    return place.start - t.end if t.end <= place.start else (t.start - place.end) * 1.5


def _protest(trig: Trigger) -> bool:
    """A trigger of a protest (its class a protest sub-event type; a class resolved later is none)."""
    entry = sub_event_types().get(trig.sub_event_type)
    return entry is not None and entry.event_type == "Protests"


def _reacted_to_there(answered: list[Trigger], triggers: list[Trigger], place: PlaceMention) -> bool:
    """The place lies nearer to an incident the sentence reacts to (one of ``answered``: "تنديدا بالهجمات
    التي استهدفت حي الشيخ مقصود، شهدت حلبجة وقفة احتجاجية") than to this report: it is that incident's place."""
    return min(abs(_cost(t, place)) for t in answered) < min(abs(_cost(t, place)) for t in triggers)


def _inside_reaction(ss: SentenceSpans, reaction: list[Cue], triggers: list[Trigger], place: PlaceMention) -> bool:
    """The place stands after a reaction cue (one of ``reaction``, the sentence's) that follows every
    trigger of this report and before the incident the reaction answers ("ردا على تعرض بلدة X لهجوم")."""
    for cue in reaction:
        if cue.end > place.start or not all(t.end <= cue.start for t in triggers):
            continue
        if any(t not in triggers and cue.end <= t.start and place.end <= t.start for t in ss.triggers):
            return True
    return False


# classes resolved later rank with the type they most often become
_RANK_PROXY = {"territory": "Non-state actor overtakes territory", "strike": "Shelling/artillery/missile attack",
               "raid": "Arrests", "killing": "Attack"}


def _class_rank(cls: str) -> int:
    return rank_of(_RANK_PROXY.get(cls, cls))


# The two sub-event types of a fought takeover, decided by who took the place.
TAKEOVER_TYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
# The classes of a trigger of taking a place (coded on one day, whatever span its sentence tells).
TAKEOVER_CLASSES = TAKEOVER_TYPES | {"territory", "Non-violent transfer of territory"}


def takeover_type(actor1: str) -> str:
    """The sub-event type of a fought takeover by ``actor1`` (codebook §3, ACLED's rule): the government side
    regains territory; a non-state side, a foreign state's forces or an unknown side overtakes it."""
    if actor1 and actor_type(actor1) in STATE_TYPES:
        return "Government regains territory"
    return "Non-state actor overtakes territory"


# How many words a count may take between a disruption word and the bomb it disrupts ("تفكيك 15 عبوة ناسفة").
DISRUPTED_COUNT_WORDS = 2


def _counted_disruption(ctx: Context, trig: Trigger) -> bool:
    """"تفكيك 15 عبوة ناسفة", "العثور على ثلاث عبوات": a disruption word (``disruption`` of event_cues.tsv),
    then a count, then the bomb; or the bomb last in a list of things destroyed ("تدمير ست عجلات وسيارة مفخخة"):
    the bombs were made harmless, none went off (codebook §3: Disrupted weapons use; the phrases without a count
    are triggers of their own)."""
    doc = ctx.doc
    words = folded_words(doc, trig.start - 50, trig.start)
    if words and words[-1] in proclitics("and") and _listed_after_disruption(words[:-1]):
        return True  # "تدمير ست عجلات وسيارة مفخخة": the last of a list of things destroyed
    if found_in_store(doc.norm, doc.norm_index(trig.start)):
        return True  # "العثور على مستودع لصناعة وتخزين القذائف والعبوات الناسفة"
    numbers = number_lexicon().words
    counted = 0
    while words and counted < DISRUPTED_COUNT_WORDS and (words[-1].isdigit() or words[-1] in numbers):
        words.pop()
        counted += 1
    if not counted and words and _dual_bomb(trig):
        counted = 1  # "عثرت على عبوتين ناسفتين": the dual counts them
    if not counted and words and (words[-1] in cue_words("disruption_link") or phrase_key(words[-1])[0] in cue_words(
            "disruption")) and has_article(fold(trig.text)):
        counted = 1  # "ضبط السيارات المفخخة": the bombs the disruption word governs, definite
    if not counted or not words:
        return False
    if words[-1] in cue_words("disruption_link") and len(words) > 1:
        words.pop()  # "العثور على"
    # (the verb's subject may stand between: "فككت قوى الأمن الداخلي 3 عبوات ناسفة")
    return word_before(words, cue_words("disruption"))


def _dual_bomb(trig: Trigger) -> bool:
    """The bomb word is a dual ("عبوتين ناسفتين", "عبوتان"): it counts two."""
    word = fold(trig.text).split()[0] if trig.text.strip() else ""
    return word.endswith(("تين", "تان")) and not has_article(word)


def _listed_after_disruption(words: list[str]) -> bool:
    """The words before a "و" that joins the bomb to a list: a disruption word, then at most a count and a noun
    ("تدمير ست عجلات")."""
    return any(phrase_key(w)[0] in cue_words("disruption") for w in words[-DISRUPTED_LIST_WORDS:])


# How many words before the "و" of a list a disruption word may stand ("تدمير ست عجلات وسيارة مفخخة").
DISRUPTED_LIST_WORDS = 3


# How far after an attack verb the aircraft that is its subject may stand ("هاجمت طائرات مسيرة قاعدة حميميم").
AIRCRAFT_SUBJECT_REACH = 12


def _aircraft_attacked(ss: SentenceSpans, trig: Trigger) -> bool:
    """"هاجمت طائرات مسيرة قاعدة حميميم", "هاجمت طائرات حربية بلدة كفرنبودة": an attack verb whose subject, right
    after it, is aircraft (an ``air`` cue): a strike from the air, not a clash."""
    return any(0 <= c.start - trig.end <= AIRCRAFT_SUBJECT_REACH for c in ss.air_cues())


def _resolve_class(ctx: Context, ss: SentenceSpans, cand: Candidate) -> str:
    cls = cand.sub_event_type
    if cls == "Armed clash" and fold(cand.triggers[0].entry).rstrip("*") in cue_words("attack_verb") \
            and _aircraft_attacked(ss, cand.triggers[0]):
        return "Air/drone strike"
    if (cls == "Remote explosive/landmine/IED" and _counted_disruption(ctx, cand.triggers[0]) and all(
            _counted_disruption(ctx, t) for t in ss.triggers if t.sub_event_type == cls)) or (
            cls in STORED_WEAPON_CLASSES and found_in_store(ctx.doc.norm, ctx.doc.norm_index(cand.triggers[0].start))):
        # (every bomb of the sentence disrupted: "بعد تفكيك 3 عبوات ناسفة، انفجرت عبوة رابعة" tells a blast)
        table = actor_table()
        first = table.get(cand.actor1_name)
        if cand.actor2_name and (first is None or first.family == "unidentified") and not cand.civilian and not any(
                cand.actor2_name in a.candidates and f.start <= a.start < f.end for a in ss.actors for f in ss.fatalities):
            # the sides were read for a blast, whose named force is its target: the force named with bombs
            # it defused or found did it ("فككت قوى الأمن الداخلي 3 عبوات ناسفة"; not the dead: "مقتل سبعة
            # إرهابيين وتفكيك 15 عبوة")
            cand.actor1_name, cand.actor2_name = cand.actor2_name, ""
        return "Disrupted weapons use"
    if cls == "Disrupted weapons use" and not cand.triggers[0].strong and ss.may_have_cues("dropped") and drops(
            ss, cand.triggers[0], ss.cues_of("dropped")):
        return "Air/drone strike"  # "الطائرة الحربية أسقطت قنبلة على الشارع": a bomb dropped, nothing shot down
    if cls == "territory":
        if any(t.sub_event_type == "Non-violent transfer of territory" for t in ss.triggers):
            return "Non-violent transfer of territory"
        return takeover_type(cand.actor1_name)
    if cls == "raid":
        return "Arrests" if ss.cues_of("detention") else "Other"
    if cls == "strike":
        trig = cand.triggers[0]
        if any(0 <= c.start - trig.end <= ARTILLERY_REACH for c in ss.cues_of("artillery")):
            return "Shelling/artillery/missile attack"  # "قصفت بالقذائف الصاروخية والمدفعية مبنى ..."
        air = bool(ss.air_cues()) or (
            cand.actor1_name in AIR_FORCE_FAMILIES
        )
        if not air and not ss.cues_of("artillery"):
            air = _article_strikes_from_the_air(ctx)  # "القصف التركي" told after "الغارات الجوية والقصف"
        return "Air/drone strike" if air else "Shelling/artillery/missile attack"
    if cls == "killing":
        return "Attack" if _on_civilians(cand) else "Armed clash"
    if cls == "Armed clash" and not cand.strong and cand.civilian:
        return "Attack"  # shooting or an attack on civilians is violence against civilians
    return cls


def protests_met_with_force(ctx: Context, candidates: list[Candidate]) -> None:
    """Codebook §3: force used on protesters is a protest event, not a clash: with deaths
    "Excessive force against protesters", else "Protest with intervention"."""
    for cand in candidates:
        if event_type_of(cand.sub_event_type) not in ("Battles", "Violence against civilians"):
            continue
        if not any(a.family == "protesters" and not speaks_for(ctx, a) for a in ctx.sentences[cand.sentence].actors):
            continue  # (a protesters' spokesman attacked is no protest: "وهو متحدث باسم المتظاهرين، نجا من محاولة اغتيال")
        cand.sub_event_type = (
            "Excessive force against protesters" if (cand.fatalities or 0) > 0 else "Protest with intervention"
        )
        if actor_type(cand.actor1_name) == "Protesters":  # the force used on them is the initiator
            cand.actor1_name, cand.actor2_name = cand.actor2_name, cand.actor1_name
