"""Events step 5, actors: actor1/actor2 from the sentence (pairs, role prepositions, word order),
sources and affiliations left out; missing sides from the article; associated actors.
"""
from __future__ import annotations

import functools
from collections import Counter

from ..actors import actor_table, actor_type, names_of_family, resolve
from ...document import ActorMention, Trigger
from ...text import fold
from ..event_types import event_type_of
from .context import Candidate, clause_end, clause_start, Context, SentenceSpans

# How far an agent/target preposition may stand before the actor it introduces.
ROLE_CUE_REACH = 12
# How far a reporting verb or source word ("قال", "بحسب", "مصدر في") may stand before a source actor.
SOURCE_REACH = 15
# How far the second side of "بين X و Y" may follow the first.
PAIR_REACH = 60
# A country's name stands for its forces only this close to a trigger ("قصفت تركيا").
STATE_NAME_REACH = 20

BOMBING_TYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
CIVILIAN_TARGET_TYPES = frozenset(
    {"Explosions/Remote violence", "Violence against civilians"}
)


def resolve_actors(ctx: Context, ss: SentenceSpans, cand: Candidate) -> None:
    """Fill actor1/actor2 of a candidate from the sentence; the article fills gaps later."""
    country = cand.place.place.country if cand.place.place else ctx.country
    trig = cand.triggers[0]
    actors = [
        a for a in ss.actors
        if not _is_civilian(a)
        and (a.kind != "state" or _near_trigger(a, cand.triggers, STATE_NAME_REACH))
        and not _qualifies_another(ss, a)
    ]
    # the dead ("مقتل 45 عنصرا من تنظيم الدولة") are on the receiving side
    victims = [a for a in actors if _among_the_dead(ctx, ss, a)]
    # verb-subject-object: an actor right after a verb trigger ("اعتقلت قوى الأمن", "خطف تنظيم داعش") did it
    doers = [a for a in actors if any(_is_verb(t) and 0 <= a.start - t.end <= 2 for t in cand.triggers)]
    if cand.sub_event_type in DETENTION_CLASSES and not _is_verb(trig):
        # "اعتقال 30 شخصا من عناصر تنظيم داعش": who is named after the arrest is who was arrested
        clause_hi = clause_end(ss, ctx.doc, trig.end)
        victims += [a for a in actors if trig.end <= a.start < clause_hi and a not in victims and a not in doers
                    and not _preceded_by(ss, a, "agent") and not _preceded_by(ss, a, "subject_verb", 2)]
    # who told the story is not who did it: sources count only when somebody else did it
    sources = [a for a in actors if _preceded_by(ss, a, "attribution", SOURCE_REACH) and a.end <= trig.start]
    if len(sources) < len([a for a in actors if a not in victims]):
        actors = [a for a in actors if a not in sources]
    actor1 = actor2 = None
    # "بين X و Y"
    for cue in ss.cues_of("pair"):
        after = [a for a in actors if a.start > cue.end and a.start - cue.end <= ROLE_CUE_REACH]
        if after:
            first = after[0]
            # the second side, not an ally of the first ("بين قوات النظام المدعومة بمليشيات حزب الله ومسلحي داعش")
            second = next((a for a in actors if a.start > first.end and a.family != first.family
                           and not _backs(ss, first, a)), None)
            if second is not None and second.start - first.end <= PAIR_REACH:
                actor1, actor2 = first, second
                break
    if actor1 is None:
        agents = [a for a in actors if _preceded_by(ss, a, "agent") or _preceded_by(ss, a, "subject_verb", 2)
                  or a in doers]
        targets = [a for a in actors if (_preceded_by(ss, a, "target") or a in victims) and a not in agents]
        if agents:
            actor1 = min(agents, key=lambda a: abs(a.start - trig.start))
        others = [a for a in actors if a is not actor1 and a not in targets]
        if actor1 is None and others and cand.sub_event_type in BOMBING_TYPES:
            # "انفجار عبوة ناسفة استهدفت دورية للجيش": an unclaimed bomb's named side is its target
            targets = targets + others
            others = []
        if actor1 is None and others and cand.sub_event_type == "Arrests" and not _is_verb(trig):
            # "عملية أمنية استهدفت خلية لداعش والقبض على أفرادها": with no agent named, a cell or an
            # unknown gunman is who was detained, and the force that detained them is found in the article
            held = [a for a in others if a.family in DETAINED_FAMILIES]
            targets = targets + held
            others = [a for a in others if a not in held]
        if actor1 is None and others:
            # the subject: the nearest actor before the trigger, else the first one after it
            before = [a for a in others if a.end <= trig.start]
            after = [a for a in others if a.start >= trig.end]
            actor1 = before[-1] if before else (after[0] if after else None)
        if targets:
            pool = [a for a in targets if actor1 is None or a.family != actor1.family]
            if pool:
                actor2 = min(pool, key=lambda a: abs(a.start - trig.start))
        if actor2 is None and actor1 is not None:
            clause_lo = clause_start(ss, ctx.doc, trig.start)
            clause_hi = clause_end(ss, ctx.doc, trig.end)
            rest = [a for a in actors if a.family != actor1.family and a.start > actor1.end
                    and clause_lo <= a.start < clause_hi]
            if rest and cand.sub_event_type in ("Armed clash", "territory"):
                actor2 = rest[0]
    cand.actor1, cand.actor2 = actor1, actor2
    day = cand.day
    cand.actor1_name = resolve(actor1.candidates, country, day) if actor1 else ""
    cand.actor2_name = resolve(actor2.candidates, country, day) if actor2 else ""
    cand.civilian = (
        bool(ss.cues_of("civilian"))
        or any(_is_civilian(a) for a in ss.actors)
        or any(f.victim_group == "civilian" for f in ss.fatalities)
    )


# Classes of raids and detentions: the actor named after the trigger is the one detained.
DETENTION_CLASSES = frozenset({"raid", "Arrests"})
# Families that detentions take rather than make, unless a verb or an agent word names them the doer:
# cells of the Islamic State, unknown gunmen, remnants of the former government.
DETAINED_FAMILIES = frozenset({"islamic-state", "unidentified", "Assad Loyalists (Syria)"})


def _is_verb(trig: Trigger) -> bool:
    """A trigger that matched a verb stem of the lexicon ("اعتقل*", "خطف*"), not a noun ("اعتقال")."""
    if not trig.entry.endswith("*"):
        return False
    return _verb_form(trig.entry, trig.text)


@functools.lru_cache(maxsize=1 << 12)
def _verb_form(entry: str, text: str) -> bool:
    """:func:`_is_verb` of a stem entry and the trigger's text (asked for each actor of each candidate:
    folded once per pair)."""
    stem, word = fold(entry.rstrip("*")), fold(text)
    return stem in word and len(word) > word.index(stem) + len(stem)  # a suffix: "اعتقلت", "خطفوا"


def _among_the_dead(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """The actor is named in the victims of a death count of the sentence ("عناصر من تنظيم داعش")."""
    name = ctx.doc.norm_of(actor)
    return any(not f.aggregate and name and name in f.victims for f in ss.fatalities)


def _qualifies_another(ss: SentenceSpans, actor: ActorMention) -> bool:
    """"الجيش النظامي الموالي للحكومة": the government only qualifies the army. But in "القوات الموالية
    للحكومة" a generic word for fighters comes first, and the affiliated actor names their side."""
    cue = next((c for c in ss.cues_of("affiliation") if 0 <= actor.start - c.end <= 4), None)
    if cue is None:
        return False
    generic = any(0 <= cue.start - c.end <= 2 for c in ss.cues_of("force"))
    return not generic


def _near_trigger(actor: ActorMention, triggers: list[Trigger], reach: int) -> bool:
    return any(abs(actor.start - t.end) <= reach or abs(t.start - actor.end) <= reach for t in triggers)


def _is_civilian(mention: ActorMention) -> bool:
    return mention.family == "civilians"


def _preceded_by(ss: SentenceSpans, actor: ActorMention, cls: str, reach: int = 0) -> bool:
    reach = reach or ROLE_CUE_REACH
    return any(0 <= actor.start - c.end <= reach for c in ss.cues_of(cls))


def associates(ctx: Context, actor: str, others: tuple[str, ...], country: str, day) -> str:
    """Actors the article names together with ``actor`` ("; "-separated), excluding ``others``."""
    if not actor:
        return ""
    table = actor_table()
    family = table[actor].family if actor in table else actor
    out = []
    for ally in ctx.allies.get(family, []):
        names = names_of_family(ally)
        name = resolve(list(names), country, day) if names else ""
        if name and name != actor and name not in others and name not in out:
            out.append(name)
    return "; ".join(out)


def fill_missing_actors(ctx: Context, cand: Candidate, country: str) -> tuple[str, str]:
    actor1, actor2 = cand.actor1_name, cand.actor2_name
    event_type = event_type_of(cand.sub_event_type)
    # the article's most-named actors; a country's name ("الولايات المتحدة") names its government as often
    ranked = [f for f, _ in _named_counts(ctx).most_common() if f != "civilians"]

    def from_family(family: str) -> str:
        names = names_of_family(family)
        return resolve(list(names), country, cand.day) if names else ""

    if not actor1:
        if cand.sub_event_type in BOMBING_TYPES:
            actor1 = from_family("unidentified")
        else:
            for family in ranked:
                if family in CROWD_FAMILIES and event_type not in ("Protests", "Riots"):
                    continue  # protesters named in the article did not shell or raid anybody
                name = from_family(family)
                if name and name != actor2:
                    actor1 = name
                    break
        if not actor1 and cand.sub_event_type == "Air/drone strike":
            actor1 = "Unidentified Military Forces"  # only states fly: an unclaimed strike is by unknown forces
        if not actor1:
            actor1 = from_family("unidentified")
    if actor2 == actor1:
        actor2 = ""  # one side twice ("انتحاري" taken for the bomb's target): the other side is unknown yet
    if event_type == "Protests" and actor_type(actor1) != "Protesters":
        # a protest's initiator is the protesters; the force that met it is the other side
        protesters = from_family("protesters")
        if cand.sub_event_type == "Peaceful protest":
            actor1, actor2 = protesters, ""
        elif actor_type(actor2) != "Protesters":
            actor2 = protesters
    if not actor2 and actor1 and not cand.civilian and event_type in ("Battles", "Explosions/Remote violence") \
            and cand.sub_event_type not in BOMBING_TYPES:
        # the other side of the article's conflict: "معارك بين القوات النظامية والمعارضين" names who the
        # army shells elsewhere in the article
        family = _article_opponent(ctx, actor1)
        if family:
            actor2 = from_family(family)
    if not actor2:
        if (event_type == "Violence against civilians" or cand.sub_event_type == "Chemical weapon"
                or (cand.civilian and (event_type in CIVILIAN_TARGET_TYPES or cand.sub_event_type == "Arrests"))):
            # violence against civilians has civilians on the receiving side by definition
            actor2 = from_family("civilians")
        elif (cand.sub_event_type in BOMBING_TYPES and not _armed_victims(ctx, cand)
              and (_victims(ctx, cand) or not cand.actor1_name)):
            # an unclaimed bomb with no armed target, or one that hurt people but no fighters, struck civilians
            actor2 = from_family("civilians")
        elif event_type == "Battles" or cand.trigger_class == "raid" or (
            event_type == "Explosions/Remote violence" and cand.sub_event_type not in BOMBING_TYPES
        ):
            # a strike's target side only when its own sentences name one; a battle's from the article
            nearby = (
                {a.family for i in set(cand.evidence) for a in ctx.sentences[i].actors}
                if event_type == "Explosions/Remote violence" else None
            )
            for family in ranked:
                if nearby is not None and family not in nearby:
                    continue
                name = from_family(family)
                if name and name != actor1:
                    actor2 = name
                    break
    return actor1, actor2


# Families of crowds: they initiate protests and riots only.
CROWD_FAMILIES = frozenset({"protesters", "rioters"})

ARMED_VICTIM_GROUPS = frozenset({"military", "fighter", "member"})


def _victims(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentences count dead or wounded."""
    return bool(cand.fatalities) or any(ctx.sentences[i].fatalities for i in set(cand.evidence))


def _armed_victims(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentences count dead or wounded soldiers, fighters or members of a group."""
    return any(f.victim_group in ARMED_VICTIM_GROUPS
               for i in set(cand.evidence) for f in ctx.sentences[i].fatalities)


# How far after an affiliation word ("المدعومة", "المتحالفين") the ally it names may stand.
ALLY_REACH = 25


def _backs(ss: SentenceSpans, first: ActorMention, actor: ActorMention) -> bool:
    """``actor`` is named as the backer or ally of ``first`` ("قوات النظام المدعومة بمليشيات من حزب الله")."""
    return any(first.end <= c.start and 0 <= actor.start - c.end <= ALLY_REACH
               for c in ss.cues_of("affiliation"))


def _article_opponent(ctx: Context, actor: str) -> str:
    """The family the article sets against ``actor`` in a "بين X و Y" pair, when it names one only."""
    table = actor_table()
    family = table[actor].family if actor in table else actor
    opponents = []
    for ss in ctx.sentences:
        if len(ss.actors) < 2 or not ss.may_have_cues("pair"):
            continue  # a pair needs two actors and a pair word: the sentence's cues need not be searched
        for cue in ss.cues_of("pair"):
            after = [a for a in ss.actors if a.start > cue.end and a.family not in ("civilians", "unidentified")]
            if not after or after[0].start - cue.end > ROLE_CUE_REACH:
                continue
            first = after[0]
            second = next((a for a in after[1:] if a.family != first.family and not _backs(ss, first, a)), None)
            if second is None or second.start - first.end > PAIR_REACH:
                continue
            if first.family == family:
                opponents.append(second.family)
            elif second.family == family:
                opponents.append(first.family)
    distinct = set(opponents)
    return opponents[0] if len(distinct) == 1 else ""


def _named_counts(ctx: Context) -> Counter:
    """Mentions of each actor family in the article, countries' own names left out (counted once per
    article: every record asks; do not change it)."""
    counts = ctx.memo.get("named_counts")
    if counts is None:
        counts = ctx.memo["named_counts"] = Counter(a.family for a in ctx.doc.actors if a.kind != "state")
    return counts

