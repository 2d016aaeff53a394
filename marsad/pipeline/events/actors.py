"""Events step 5, actors: actor1/actor2 from the sentence (pairs, role prepositions, word order),
sources and affiliations left out; missing sides from the article; associated actors.
"""
from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from typing import Optional

from ..actors import actor_table, actor_type, names_of_family, resolve
from ...document import ActorMention, Trigger
from ...resources import read_tsv
from ...text import fold, proclitics, strip_proclitic
from ..event_types import event_type_of
from .context import (Candidate, clause_end, clause_opener_cues, clause_start, Context, definite, folded_text, may_occur, occurrences,
                      register_prefilter, SentenceSpans, within)

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


# Punctuation stripped from the ends of a word before it is looked up (folded text: fold() maps
# ،«»“” to "," and '"', and deletes the tatweel, so the folded forms are the ones that matter).
_PUNCT = "،,:\"'«»“”("
_PUNCT_PARENS = _PUNCT + ")"  # a pair of sides: "(من جهة)"
_PUNCT_SITE = "،,.\"'«»"  # a place's name and the words around it
_PUNCT_SENTENCE = "،,.:\"'«»()"  # a whole sentence
_PUNCT_CLAUSE = "،,:\"'«»"


def _words(text: str, punct: str = _PUNCT) -> list[str]:
    """The words of ``text`` folded, each without the ``punct`` characters at its ends (a word of
    punctuation only becomes "")."""
    return _stripped_words(fold(text), punct)


def _words_at(doc, start: int, end: int, punct: str = _PUNCT) -> list[str]:
    """:func:`_words` of ``doc.text[start:end]``, read from the folded article (see :func:`folded_text`)."""
    return _stripped_words(folded_text(doc, start, end), punct)


def _stripped_words(folded: str, punct: str) -> list[str]:
    return [w.strip(punct) for w in folded.split()]


@functools.lru_cache(maxsize=None)
def _cues(cls: str) -> frozenset[str]:
    """The folded phrases of a class of data/actor_cues.tsv."""
    return frozenset(fold(row["phrase"]) for row in read_tsv("actor_cues.tsv") if row["class"] == cls)


def _sentence_sides(ctx: Context, ss: SentenceSpans) -> tuple[dict, list[ActorMention]]:
    """The sentence's actors that can be a side of its events, and the groups its unknown gunmen belong to
    (the same for every candidate of the sentence: worked out once)."""
    key = ("sentence_sides", ss.sentence.start)
    cached = ctx.memo.get(key)
    if cached is None:
        # "انتحاريون من التنظيم": the gunmen are the group named after them, and did what gunmen do
        actors = ss.actors
        # (the tests below of unknown gunmen only are asked of them only, those of an affiliation word only
        # in a sentence that has one: the cheapest tests first, every one of them pure)
        # (and a generic force "تابعة ل" a named one, in a sentence that has the word: "قوة أمنية تابعة لقوات البيشمركة")
        folded = folded_text(ctx.doc, ss.sentence.start, ss.sentence.end)
        units = any(word in folded for word in _unit_words())
        groups = [_group_of_member(ctx, ss, a) if a.family == "unidentified" or units else None for a in actors]
        members = {id(g): g for g in groups if g is not None}
        comment = _cue_in_article(ctx, "comment")  # (half the articles have no verb of judging: not asked)
        affiliated = bool(ss.cues_of("affiliation"))
        windows = _window_spans(ctx)
        close = windows["close_to"] is not False  # (no word of closeness in the article: not asked)
        controls = windows["controls"] is not False  # (no word of control either)
        named = [
            a for a, g in zip(actors, groups)
            if g is None
            and a.family != "civilians"
            and not (affiliated and _qualifies_another(ss, a))
            and not (close and _near_only(ctx, a))
            and not (controls and _holds_the_place(ctx, a))
            and not _maker(ctx, a)
            and not _adjective_of_trigger(ctx, ss, a)
            and not (comment and _commentator(ctx, ss, a))
            and not (a.family == "unidentified" and _destination(ctx, a))
        ]
        if members and units:
            # (the named force a generic one belongs to is a side, though its "تابعة ل" qualifies the other)
            named = sorted(named + [g for g in members.values() if all(g is not a for a in named)], key=_START_OF)
        cached = ctx.memo[key] = (members, named)
    return cached


_START_OF = operator.attrgetter("start")  # a mention's start (a sort key)


@functools.lru_cache(maxsize=1)
def _unit_words() -> tuple[str, ...]:
    """The first words of ``unit_of`` of data/actor_cues.tsv ("تابعه" of "تابعة ل"): a sentence without any holds no
    generic force of a named one (a cheap test before each actor's words are read)."""
    return tuple(sorted({phrase.split()[0] for phrase in _cues("unit_of")}))


def resolve_actors(ctx: Context, ss: SentenceSpans, cand: Candidate) -> None:
    """Fill actor1/actor2 of a candidate from the sentence; the article fills gaps later."""
    # the sides are picked from the report's triggers and class only: the candidates of one report (one
    # per place and day) share them, and only the names they resolve to depend on the place's country
    # and the day
    key = ("sides", ss.index, tuple(map(id, cand.triggers)), cand.sub_event_type)
    sides = ctx.memo.get(key)
    if sides is None:
        sides = ctx.memo[key] = _sides(ctx, ss, cand)
    actor1, actor2, assoc1 = sides
    cand.actor1, cand.actor2 = actor1, actor2
    cand.assoc1 = list(assoc1)
    country = cand.place.place.country if cand.place.place else ctx.country
    day = cand.day
    cand.actor1_name = resolve(actor1.candidates, country, day) if actor1 else ""
    cand.actor2_name = resolve(actor2.candidates, country, day) if actor2 else ""
    civilian = ss.memo.get("civilian")
    if civilian is None:
        # (a fact of the sentence, asked for each of its candidates: worked out once)
        civilian = ss.memo["civilian"] = (
            bool(ss.cues_of("civilian"))
            or any(map(_is_civilian, ss.actors))
            or any(f.victim_group == "civilian" for f in ss.fatalities)
        )
    cand.civilian = civilian


def _sides(ctx: Context, ss: SentenceSpans, cand: Candidate) -> tuple[Optional[ActorMention], Optional[ActorMention], list[str]]:
    """The candidate's actor1 and actor2 mentions and the families on actor1's side (see
    :func:`resolve_actors`; reads only the candidate's triggers and class)."""
    trig = cand.triggers[0]
    members, named = _sentence_sides(ctx, ss)
    # a country's own name stands for its forces next to a trigger, or when it tells what it did itself
    # ("ذكرت الولايات المتحدة أنها كثفت حملة جوية ... بموجة من الضربات")
    actors = [a for a in named if a.kind != "state" or _near_trigger(a, cand.triggers, STATE_NAME_REACH)
              or (a.end <= trig.start and _speaks_of_itself(ctx, a, trig) and any(
                  0 <= a.start - c.end <= SOURCE_REACH or 0 <= c.start - a.end <= SOURCE_REACH
                  for c in ss.cues_of("attribution")))]
    if len(actors) < len(named):
        # "شنت الولايات المتحدة وفرنسا وبريطانيا ضربات": a country joined by "و" to a country kept is one subject
        # with it, however far the list's head stands from the trigger (it leads the list: the first named)
        k = len(named) - 1
        while k > 0:
            first, second = named[k - 1], named[k]
            if second in actors and first not in actors and first.kind == "state" and second.kind == "state" \
                    and _joined(ctx, first, second):
                actors.insert(actors.index(second), first)
            k -= 1
    if not actors:
        return None, None, []  # (what the rules below give with no actor to pick)
    if ss.cues_of("attribution") and any(_is_source(ctx, ss, a) for a in actors):
        # "قتلت شابة بعد أن أطلق مسلحون النار عليها، بحسب مصدر في الشرطة": who only tells the article's story is
        # no side of it
        told = _sources_only(ctx)
        if told:
            actors = [a for a in actors if a.family not in told]
            if not actors:
                return None, None, []
    if ss.may_have_cues("consequence"):
        # "قصف ... ما دفع الجيش الوطني إلى رفع الجاهزية": who acts in the incident's consequence is no side of it
        actors = [a for a in actors if not _in_consequence(ss, a)]
        if not actors:
            return None, None, []
    openers = clause_opener_cues(ss)
    if openers:
        # "شنت طائرات روسية غارات على سراقب، في حين قتل ثلاثة عناصر من قوات النظام في اشتباكات مع الفصائل",
        # "اختطف مجهولون عنصرا في قدسيا، كما دارت اشتباكات بين الوحدات وداعش": who is named in another clause
        # of the sentence, with a report of its own, is a side of that report only
        own = [a for a in actors if not _across_a_while_clause(ss, a, cand.triggers, openers)]
        if own or not any(c.end <= trig.start for c in openers):
            actors = own
        # (else a clause after the word that names nobody goes on with the sentence's subject: "طوقت قوات من
        # الشرطة مكاني الانفجارين، فيما نفذت عمليات دهم")
        if not actors:
            return None, None, []
    # the actors an agent word ("من قبل") or a subject verb, a target word ("على") or a source word ("قال")
    # stands just before (most sentences have none of these words: nobody is asked)
    agented = _preceded_set(actors, ss.cues_of("agent"), ROLE_CUE_REACH, _subject_verbs(ss), 2)
    targeted = _preceded_set(actors, ss.cues_of("target"), ROLE_CUE_REACH)
    attributed = _preceded_set(actors, ss.cues_of("attribution"), SOURCE_REACH)
    # the dead ("مقتل 23 عنصرا من التنظيم") are on the receiving side
    strike = cand.sub_event_type in STRIKE_CLASSES or cand.sub_event_type in BOMBING_TYPES
    # (a test whose words the sentence or the article lacks is not asked of each actor: see _window_spans)
    windows = _window_spans(ctx)
    dead = (_among_the_dead_struck if strike else _among_the_dead_counted) if ss.fatalities else None
    ranks = windows["ranks"] is not False
    victims = [a for a in actors if (dead is not None and dead(ctx, ss, a)) or (ranks and _in_the_ranks(ctx, ss, a))] \
        if dead is not None or ranks else []
    # verb-subject-object: an actor right after a verb trigger ("اعتقلت قوى الأمن", "خطف تنظيم داعش") did it
    verb_ends = [t.end for t in cand.triggers if is_verb_trigger(t)]  # (the same for each actor: asked once)
    launch, genitive = windows["launch"] is not False, windows["agent_noun"] is not False
    doers = [a for a in actors if (verb_ends and any(0 <= a.start - end <= 2 for end in verb_ends))
             or (launch and _launched(ctx, ss, a, trig)) or (genitive and _agent_genitive(ctx, ss, a))]
    if cand.sub_event_type in DETENTION_CLASSES and not _is_verb(trig):
        # "اعتقال 30 شخصا من عناصر تنظيم داعش": who is named after the arrest is who was arrested
        clause_hi = clause_end(ss, ctx.doc, trig.end)
        victims += [a for a in actors if trig.end <= a.start < clause_hi and a not in victims and a not in doers
                    and id(a) not in agented]
    # who told the story is not who did it: sources count only when somebody else did it; a bomb's source
    # ("قال مصدر في الشرطة إن سيارة مفخخة انفجرت") is never its target either
    sources = [a for a in actors if id(a) in attributed and a.end <= trig.start
               and not _speaks_of_itself(ctx, a, trig) and not _reported_subject(ctx, ss, a)]
    if len(sources) < len([a for a in actors if a not in victims]) or (sources and cand.sub_event_type in BOMBING_TYPES):
        actors = [a for a in actors if a not in sources]
    elif sources and victims and dead is not None:
        # "أفاد مصدر في قوات البيشمركة بمقتل 18 من عناصر البيشمركة بقصف": a source of the side that lost the
        # dead tells of its own losses, it did not strike
        # (only when all the dead are that side's: "بمقتل 25 من مسلحي داعش واثنين من البيشمركة" names a fight it won)
        lost = {v.family for v in victims if dead(ctx, ss, v)}
        if len(lost) == 1:
            actors = [a for a in actors if not (a in sources and a not in victims and a.family in lost)]
    actor1 = actor2 = None
    # "بين X و Y"
    for cue in ss.cues_of("pair"):
        after = [a for a in actors if a.start > cue.end and a.start - cue.end <= ROLE_CUE_REACH]
        if after:
            first = after[0]
            # "بين قوات النظام ولواء الفجر من جهة، والكتائب من جهة أخرى": the side after "من جهة" is the other one
            second = next((a for a in actors if a.start > first.end and a.start - first.end <= SIDES_REACH
                           and a.family != first.family and _side_break(ss, first, a)), None)
            # a side cut off by a line break after "من جهة،": the next line's first actor ("والفصائل ... من جهة أخرى")
            second = second or _side_on_next_line(ctx, ss, first)
            # the second side, not an ally of the first ("بين قوات النظام المدعومة بمليشيات حزب الله ومسلحي داعش")
            second = second or next((a for a in actors if a.start > first.end and a.family != first.family
                                     and not _backs(ss, first, a)), None)
            if second is not None and second.start - first.end <= PAIR_REACH:
                actor1, actor2 = first, second
                break
    if actor1 is None:
        agents = [a for a in actors if id(a) in agented
                  or a in doers or (id(a) in members and a not in victims)]
        targets = [a for a in actors if (id(a) in targeted or a in victims) and a not in agents]
        if agents:
            actor1 = min(agents, key=lambda a: abs(a.start - trig.start))
        others = [a for a in actors if a is not actor1 and a not in targets]
        if actor1 is None and cand.sub_event_type in BOMBING_TYPES:
            # "هجوم انتحاري", "عبوة زرعها مجهولون": the unknown bomber is who did it, never its target
            bombers = [a for a in others if a.family == "unidentified"]
            if bombers:
                actor1 = min(bombers, key=lambda a: abs(a.start - trig.start))
                others = [a for a in others if a.family != "unidentified"]
        if actor1 is None and others and cand.sub_event_type in BOMBING_TYPES:
            # "انفجار عبوة ناسفة استهدفت دورية للجيش": an unclaimed bomb's named side is its target
            targets = targets + others
            others = []
        verb = _is_verb(trig)
        if others and cand.sub_event_type == "Arrests" and (not verb or actor1 is not None):
            # "عملية أمنية استهدفت خلية لداعش والقبض على أفرادها": a cell or an unknown gunman no agent word
            # names is who was detained (the force that detained them is named, or found in the article); after a
            # verb, one named after its subject and the verb ("اعتقلت القوات الأمنية 20 عنصرا من داعش")
            held = [a for a in others if a.family in DETAINED_FAMILIES
                    and (not verb or (a.start > actor1.end and a.start >= trig.end))]
            targets = targets + held
            others = [a for a in others if a not in held]
        if actor1 is None and others:
            # the subject: the nearest actor before the trigger, else the first one after it
            # an actor the trigger words are part of ("المسيرة التركية", "غارة تركية") did it
            inside = [a for a in others if any(_overlaps(a, t) for t in cand.triggers)]
            before = [a for a in others if a.end <= trig.start]
            # "قوات تركية وعناصر متحالفين معها قصفوا": the force the allies back did it
            while len(before) > 1 and (_backs(ss, before[-2], before[-1]) or _joined(ctx, before[-2], before[-1])):
                before = before[:-1]  # ("بدأت قوات الأسد وحزب الله هجوما": the first named leads, the other is its ally)
            after = [a for a in others if a.start >= trig.end]
            actor1 = inside[0] if inside else before[-1] if before else (after[0] if after else None)
        if targets:
            pool = [a for a in targets if actor1 is None or a.family != actor1.family]
            if pool:
                actor2 = min(pool, key=lambda a: abs(a.start - trig.start))
        if actor2 is None and actor1 is not None and actor1.start >= trig.end and id(actor1) in _preceded_set(
                [actor1], ss.cues_of("agent"), ROLE_CUE_REACH):
            # "تعرض القائد في الحرس الثوري لكمين نصبه مسلحون": the agent named after the trigger ("نصبه", "من قبل")
            # acted on the subject named before it
            subjects = [a for a in actors if a.end <= trig.start and a.family != actor1.family and a not in agents]
            if subjects:
                actor2 = subjects[-1]
        if actor2 is None and actor1 is not None:
            clause_lo = clause_start(ss, ctx.doc, trig.start)
            clause_hi = clause_end(ss, ctx.doc, trig.end)
            # (not a backer: "اقتحمت قسد السجن بإسناد جوي من التحالف" names the coalition on its side)
            # (nor joined by "و" to an actor1 an agent word names: "هجوم شنه مقاتلو المعارضة وجبهة النصرة على أحياء ..."
            # names two attackers; "سقط قتلى من القوات العراقية وتنظيم داعش" two sides)
            rest = [a for a in actors if a.family != actor1.family and a.start > actor1.end
                    and clause_lo <= a.start < clause_hi and not _support_before(ctx, actor1, a)
                    and not (actor1 in agents and _joined(ctx, actor1, a))]
            if rest and (cand.sub_event_type in ("Armed clash", "territory")
                         or (cand.sub_event_type in BOMBING_TYPES and actor1.family != "unidentified")):
                # (a bomb's named maker, "فجر تنظيم داعش عربة مفخخة استهدفت حاجزا للوحدات": the other side is its target)
                actor2 = rest[0]
            elif cand.sub_event_type == "Agreement":
                # an agreement binds the sentence's other party too, whichever side of the word it stands
                party = [a for a in actors if a.family != actor1.family]
                actor2 = party[0] if party else None
    if actor1 is not None and ctx.doc.norm_of(actor1) in _cues("both_sides"):
        actor2 = actor1  # "نزاع عشائري": clans on both sides, whoever else got hurt
    assoc1: list[str] = []
    if actor1 is not None:
        # the sentence's allies of actor1 ("ومقاتلين متحالفين معها من المعارضة") are on its side
        # (and one joined by "و" to an actor1 an agent word names: "هجوم شنه مقاتلو المعارضة وجبهة النصرة")
        assoc1 = [a.family for a in actors
                  if a is not actor1 and (_backs(ss, actor1, a) or _joint_subject(ctx, actor1, a, trig)
                                          or (a.start > actor1.end and _support_before(ctx, actor1, a))
                                          or (id(actor1) in agented and a.start > actor1.end and _joined(ctx, actor1, a)))]
    return actor1, actor2, assoc1


def _subject_verbs(ss: SentenceSpans) -> list:
    """The sentence's verbs whose subject follows them (``subject_verb``), but not one right after an event
    word: "انفجرت سيارة مفخخة استهدفت دورية للشرطة" tells what the bomb struck (its subject stands before it)."""
    verbs = ss.cues_of("subject_verb")
    if not verbs:
        return verbs
    return [c for c in verbs if not any(0 <= c.start - t.end <= 1 for t in ss.triggers)]


# Classes of raids and detentions: the actor named after the trigger is the one detained.
DETENTION_CLASSES = frozenset({"raid", "Arrests"})
# Families that detentions take rather than make, unless a verb or an agent word names them the doer:
# cells of the Islamic State, unknown gunmen, remnants of the former government.
DETAINED_FAMILIES = frozenset({"islamic-state", "unidentified", "Assad Loyalists (Syria)"})


def _joined(ctx: Context, first: ActorMention, second: ActorMention) -> bool:
    """``second`` follows ``first`` with only "و" between ("قوات الأسد وحزب الله"): one subject, ``first`` named first."""
    doc = ctx.doc
    return doc.norm[doc.norm_index(first.end):doc.norm_index(second.start)].strip() == "و"


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


def is_verb_trigger(trig: Trigger) -> bool:
    """The trigger matched a verb: a stem with a suffix ("اعتقلت", "اختطفوا") or the bare form of a stem that is only a
    verb ("اعتقل"; ``bare_verb`` of data/actor_cues.tsv)."""
    return _is_verb(trig) or _bare_verb(trig.entry, trig.text)


@functools.lru_cache(maxsize=1 << 12)
def _bare_verb(entry: str, text: str) -> bool:
    """The trigger is the bare form of a stem that is only a verb ("اعتقل", "داهم"; bare_verb of
    data/actor_cues.tsv), after a conjunction at most ("واعتقل"): an actor right after it is its subject
    ("اعتقل تنظيم داعش 15 خياطا"); unvocalized, it may be a passive too ("الرجل اعتقل في طرابلس")."""
    stem, word = fold(entry.rstrip("*")), fold(text)
    return word.endswith(stem) and len(word) - len(stem) <= 1 and stem in _cues("bare_verb")


def _among_the_dead(ctx: Context, ss: SentenceSpans, actor: ActorMention, strike: bool = False) -> bool:
    """The actor is named in the victims of a death count of the sentence ("عناصر من تنظيم داعش"); in a
    strike or a bombing, also the force the dead soldiers or fighters were "من"."""
    name = ctx.doc.norm_of(actor)
    if any(not f.aggregate and name and name in f.victims for f in ss.fatalities):
        # (not the dead of another circumstance clause: "قتلت 15 عنصرا من التنظيم، في حين رد التنظيم بقصف")
        if not ss.may_have_cues("clause_while") or any(
                not f.aggregate and name and name in f.victims and not _while_between(ss, f.start, actor.start)
                for f in ss.fatalities):
            return True
    if not strike:
        return False
    # "استشهاد ضابط وجنديين من الجيش" (in a drone strike): the force the dead soldiers were "من"
    for f in ss.fatalities:
        if f.aggregate or f.victim_group not in ARMED_VICTIM_GROUPS or not 0 <= actor.start - f.end <= VICTIM_OF_REACH:
            continue
        words = folded_text(ctx.doc, f.end, actor.start).split()
        if words and words[-1] in _cues("victim_of"):
            return True
    return False


def _among_the_dead_counted(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """:func:`_among_the_dead` outside strikes and bombings, worked out once per actor."""
    return _memo_of_actor(ctx, ss, actor, _among_the_dead)


def _among_the_dead_struck(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """:func:`_among_the_dead` in a strike or a bombing, worked out once per actor."""
    return _memo_of_actor(ctx, ss, actor, _among_the_dead_in_strike)


def _among_the_dead_in_strike(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    return _among_the_dead(ctx, ss, actor, True)


# Strikes (and the trigger class they are resolved from) whose dead soldiers' force is their target.
STRIKE_CLASSES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "strike"})

# How far after a count of dead soldiers or fighters the force they were "من" may stand.
VICTIM_OF_REACH = 20


def _qualifies_another(ss: SentenceSpans, actor: ActorMention) -> bool:
    """"الجيش النظامي الموالي للحكومة": the government only qualifies the army. But in "القوات الموالية
    للحكومة" a generic word for fighters comes first, and the affiliated actor names their side."""
    cue = next((c for c in ss.cues_of("affiliation") if 0 <= actor.start - c.end <= 4), None)
    if cue is None:
        return False
    generic = any(0 <= cue.start - c.end <= 2 for c in ss.cues_of("force"))
    # "مواقع تابعة لداعش": positions, bases, vehicles belonging to the actor name its side too
    words = folded_text(ss.doc, max(0, cue.start - 20), cue.start).split()
    held = any(w in _cues("holding") for w in words[-2:])  # "سيارة عسكرية تابعة لقسد"
    return not (generic or held)


def _joint_subject(ctx: Context, first: ActorMention, other: ActorMention, trig: Trigger) -> bool:
    """"القوات التركية ومدفعية الفصائل قصفت": two actors joined by "و" before the trigger did it
    together."""
    # both before the trigger, or the trigger a word of the second one ("ومدفعية الجيش الوطني")
    if not (first.end <= other.start and (other.end <= trig.start or first.end <= trig.start < other.start)):
        return False
    gap = folded_text(ctx.doc, first.end, other.start).strip(" \"'«»“”")
    return gap.startswith("و") and len(gap.split()) <= 2


def _adjective_of_trigger(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"كمين مسلح نفذته فلول النظام": "مسلح" right after an incident noun is its adjective, not a gunman."""
    # (the test of the trigger first: asked of every actor, and most stand right after none)
    start = actor.start
    for t in ss.triggers:
        # (after a death or arrest word it is who died or was held: "مقتل مسلح واعتقال آخر")
        if 0 <= start - t.end <= 1 and not _is_verb(t) and t.sub_event_type not in ("killing", "Arrests"):
            break
    else:
        return False
    return ctx.doc.norm_of(actor) in _cues("armed_adjective")


def _cue_in_article(ctx: Context, cls: str) -> bool:
    """False when no phrase of class ``cls`` of data/actor_cues.tsv can stand in the article: not even its
    first word is in the folded text (worked out once per article). A safe prefilter for the tests that
    look a phrase up among the folded words around an actor: such a word is a piece of ``doc.norm``
    (folding maps characters one by one), so the phrase's first word is too."""
    return may_occur(ctx, "actor_cues:" + cls)


# the classes of data/actor_cues.tsv whose word tests are skipped in articles that lack them
# (and of the classes a word before each actor is looked up in: :func:`_cue_before`)
_WINDOW_CLASSES = ("comment", "ranks", "close_to", "claim", "claim_after", "launch", "agent_noun", "controls")
for _cls in _WINDOW_CLASSES:
    register_prefilter("actor_cues:" + _cls, functools.partial(_cues, _cls))


def _window_spans(ctx: Context) -> dict:
    """Class -> where the first words of its phrases stand in the article (:func:`occurrences` of each class
    of ``_WINDOW_CLASSES``; False: none), fetched once per article."""
    found = ctx.memo.get("actor_cue_spans")
    if found is None:
        found = ctx.memo["actor_cue_spans"] = {c: occurrences(ctx, "actor_cues:" + c) for c in _WINDOW_CLASSES}
    return found


def speaks_for(ctx: Context, actor: ActorMention) -> bool:
    """The word right before the actor says someone speaks or acts for it ("متحدث باسم المتظاهرين": ``on_behalf`` of
    data/actor_cues.tsv): the actor is no side of the sentence's incident."""
    words = _words_at(ctx.doc, actor.start - 12, actor.start)
    return bool(words) and words[-1] in _cues("on_behalf")


def _cue_before(ctx: Context, actor: ActorMention, cls: str, reach: int) -> bool:
    """False when no phrase of class ``cls`` of data/actor_cues.tsv (one of the classes registered above)
    can open among the words of the ``reach`` characters before the actor: not even its first word lies
    wholly in that stretch of ``doc.norm``. A safe prefilter for a test that looks the folded words of
    ``text[actor.start - reach:actor.start]`` (or a shorter stretch) up in the class: folding maps each
    character to one or none, so their folded text lies in the ``reach`` characters of ``doc.norm`` before
    the actor's folded start (where the article's pass already found every such first word)."""
    spans = (ctx.memo.get("actor_cue_spans") or _window_spans(ctx))[cls]
    if spans is False:
        return False  # (no word of the class in the article)
    at = ctx.doc.norm_index(actor.start)
    return within(spans, at - reach, at)


def _memo_of_actor(ctx: Context, ss: SentenceSpans, actor: ActorMention, test) -> bool:
    """``test(ctx, ss, actor)``, worked out once per article (the tests of an actor's words look only at
    the text around it and are asked again for every candidate of its sentence and every record)."""
    key = (test, actor.start, actor.end, ss.sentence.start)
    memo = ctx.memo
    found = memo.get(key)
    if found is None:
        found = memo[key] = test(ctx, ss, actor)
    return found


def _commentator(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"وصف الحزب القصف بأنه جريمة": the actor right after a verb of judging or denying comments on the
    incident (``comment`` of data/actor_cues.tsv)."""
    # (the window prefilter first: most actors have no verb of judging before them, nothing to remember)
    return _cue_before(ctx, actor, "comment", 25) and _memo_of_actor(ctx, ss, actor, _commentator_uncached)


def _commentator_uncached(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"وصف حزب الله الغارة بأنها عدوان": the actor right after a verb of judging or denying comments on the
    incident (``comment`` of data/actor_cues.tsv)."""
    if not _cue_before(ctx, actor, "comment", 25):
        return False  # (most actors: no verb of judging just before them)
    lo = max(ss.sentence.start, actor.start - 25)
    words = _words_at(ctx.doc, lo, actor.start)
    return any(w in _cues("comment") for w in words[-2:])


def _destination(ctx: Context, actor: ActorMention) -> bool:
    """"اقتيادهما إلى جهة مجهولة": an unknown party after "إلى" is where someone was taken (``destination``)."""
    if actor.family != "unidentified":
        return False
    before = folded_text(ctx.doc, max(0, actor.start - 12), actor.start).split()
    return bool(before) and before[-1] in _cues("destination")


def _launched(ctx: Context, ss: SentenceSpans, actor: ActorMention, trig: Trigger) -> bool:
    """"شن عناصر من داعش هجوما": the actor a few words after a verb of launching, before the trigger, did it
    (``launch`` of data/actor_cues.tsv)."""
    if actor.end > trig.start or not _cue_before(ctx, actor, "launch", 20):
        return False
    return _memo_of_actor(ctx, ss, actor, _after_launch_verb)


def _after_launch_verb(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """A verb of launching stands a few words before the actor (see :func:`_launched`)."""
    if not _cue_before(ctx, actor, "launch", 20):
        return False  # (most actors: no verb of launching in reach)
    lo = max(ss.sentence.start, actor.start - 20)
    words = _words_at(ctx.doc, lo, actor.start)
    return any(w in _cues("launch") for w in words[-3:])


def _agent_genitive(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"في هجوم تنظيم داعش على البلدة": the actor right after a noun of attack (its genitive: ``agent_noun``
    of data/actor_cues.tsv) is who attacked. (After "ل" it is not: "قصف لقوات النظام" is as often who was
    shelled.)"""
    return _cue_before(ctx, actor, "agent_noun", 20) and _memo_of_actor(ctx, ss, actor, _agent_genitive_uncached)


def _agent_genitive_uncached(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"في هجوم تنظيم داعش على البلدة": the actor right after a noun of attack (its genitive: ``agent_noun``
    of data/actor_cues.tsv) is who attacked. (After "ل" it is only after a noun of attacking, ``agent_noun_l``:
    "قصف لقوات النظام" is as often who was shelled.)"""
    if not _cue_before(ctx, actor, "agent_noun", 20):
        return False  # (most actors: no noun of attack in reach)
    lo = max(ss.sentence.start, actor.start - 20)
    words = _words_at(ctx.doc, lo, actor.start)  # (fold deletes the tatweel)
    words = [w for w in words if w]
    if len(words) > 1 and set(words[-1]) <= set(proclitics("lam")):
        # "في هجوم لتنظيم داعش على مدينة تدمر": after a noun of attacking, "ل" marks who attacked
        return _without_particle(words[-2]) in _cues("agent_noun_l")
    return bool(words) and _without_particle(words[-1]) in _cues("agent_noun")


def _without_particle(word: str) -> str:
    """A word without its proclitic و/ب/ف/ل when it has one ("بهجوم" -> "هجوم")."""
    return strip_proclitic(word, proclitics("particles"), 3)


def _in_the_ranks(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"خسائر في صفوف عناصر لواء الفجر": the force whose ranks took the losses (``ranks`` of
    data/actor_cues.tsv right before it, or before a word for its members) was struck."""
    return _cue_before(ctx, actor, "ranks", 25) and _memo_of_actor(ctx, ss, actor, _in_the_ranks_uncached)


def _in_the_ranks_uncached(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"خسائر في صفوف عناصر لواء الفجر": the force whose ranks took the losses (``ranks`` of
    data/actor_cues.tsv right before it, or before a word for its members) was struck."""
    if not _cue_before(ctx, actor, "ranks", 25):
        return False
    lo = max(ss.sentence.start, actor.start - 25)
    words = _words_at(ctx.doc, lo, actor.start)
    words = [w for w in words if w]
    if words and words[-1] in _cues("victim_of") and words[-1] not in _cues("ranks"):
        words = words[:-1]  # "صفوف عناصر"
    return bool(words) and words[-1] in _cues("ranks")


def _military_site(ctx: Context, cand: Candidate) -> bool:
    """The event's place is a military site ("مطار X العسكري", "التل العسكري قرب بلدة X":
    ``military_site`` of data/actor_cues.tsv in its name or a few words around it)."""
    place = cand.place
    before = _words_at(ctx.doc, max(0, place.start - 30), place.start, _PUNCT_SITE)[-3:]
    after = _words_at(ctx.doc, place.end, place.end + 12, _PUNCT_SITE)[:1]
    words = before + _words(place.surface or place.text, _PUNCT_SITE) + after
    return any(w in _cues("military_site") for w in words)


def _allied(ctx: Context, cand: Candidate, name: str, other: str, country: str) -> bool:
    """The article names the actors ``name`` and ``other`` together as allies ("X و Y", ``Context.allies``),
    or a sentence of the candidate names ``name`` as the backer of its ``other`` ("قسد ... بإسناد جوي من
    التحالف", :func:`_backs`)."""
    if not name or not other:
        return False
    table = actor_table()
    if ctx.allies:
        family = table[name].family if name in table else name
        other_family = table[other].family if other in table else other
        if other_family in ctx.allies.get(family, ()):
            return True
    first = cand.actor1
    if first is None:
        return False
    for i in sorted(set(cand.evidence)):
        ss = ctx.sentences[i]
        if not any(a is first for a in ss.actors):
            continue
        for a in ss.actors:
            if a.start >= first.end and resolve(a.candidates, country, cand.day) == name and (
                    _backs(ss, first, a) or _support_before(ctx, first, a)):
                return True
    return False


# How far before a backer a support word ("بإسناد جوي من", "بدعم من") may stand.
SUPPORT_REACH = 20


def _support_before(ctx: Context, first: ActorMention, backer: ActorMention) -> bool:
    """A support word (``ally_link`` of data/actor_cues.tsv) stands right before ``backer``, after ``first``:
    "قسد بدأت اقتحام السجن بإسناد جوي من التحالف" (however far the backer is from ``first``)."""
    words = _words_at(ctx.doc, max(first.end, backer.start - SUPPORT_REACH), backer.start)
    links = _cues("ally_link")
    return any(" ".join(words[i:i + n]) in links for n in (1, 2) for i in range(len(words)))


def _drone_sentence(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentence names a drone ("طائرة مسيرة", "درون": ``drone`` of data/actor_cues.tsv),
    which armed groups fly too."""
    ss = ctx.sentences[cand.sentence]
    words = _words_at(ctx.doc, ss.sentence.start, ss.sentence.end, _PUNCT_SENTENCE)
    drone = _cues("drone")
    return any(w in drone or _without_particle(w) in drone or " ".join(words[i:i + 2]) in drone
               for i, w in enumerate(words))


def _force_target(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentence names a post or a convoy of the forces ("نقطة تفتيش", "ثكنة", "رتلا عسكريا":
    ``force_target`` of data/actor_cues.tsv)."""
    ss = ctx.sentences[cand.sentence]
    words = _words_at(ctx.doc, ss.sentence.start, ss.sentence.end, _PUNCT_SENTENCE)
    targets = _cues("force_target")
    return any(w in targets or _without_particle(w) in targets or " ".join(words[i:i + 2]) in targets
               for i, w in enumerate(words))


def _security_site(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentence names a security post ("مقرا أمنيا", "مركز للشرطة": ``security_site`` of
    data/actor_cues.tsv)."""
    ss = ctx.sentences[cand.sentence]
    words = _words_at(ctx.doc, ss.sentence.start, ss.sentence.end, _PUNCT_SENTENCE)
    sites = _cues("security_site")
    if any(" ".join(words[i:i + 2]) in sites for i in range(len(words))):
        return True
    # a building noun and a security word a few words after it: "مقر الفرع 211 لأمن المعلومات", "مبنى مديرية الشرطة"
    buildings, security = _cues("security_building"), _cues("security_word")
    return any((w in buildings or _without_particle(w) in buildings)
               and any(v in security or _without_particle(v) in security for v in words[i + 1:i + 1 + SECURITY_WORDS_AFTER])
               for i, w in enumerate(words))


# How many words after a building noun a security word may stand ("مقر الفرع 211 لأمن المعلومات").
SECURITY_WORDS_AFTER = 3


def _near_only(ctx: Context, actor: ActorMention) -> bool:
    """"وكالة هاوار المقربة من قسد", "المتحدث باسم الجيش": the actor only places a source near it
    (``close_to`` of data/actor_cues.tsv)."""
    if not _cue_before(ctx, actor, "close_to", 30):
        return False  # (most actors: no word of closeness before them, nothing to remember)
    key = (_near_only_uncached, actor.start, actor.end)
    memo = ctx.memo
    found = memo.get(key)
    if found is None:
        found = memo[key] = _near_only_uncached(ctx, actor)
    return found


def _near_only_uncached(ctx: Context, actor: ActorMention) -> bool:
    """"وكالة هاوار المقربة من قسد", "المتحدث باسم الجيش": the actor only places a source near it
    (``close_to`` of data/actor_cues.tsv)."""
    if not _cue_before(ctx, actor, "close_to", 30):
        return False
    return _phrase_right_before(ctx, actor, "close_to", 30, 3, " \"'«»“”(")


def _maker(ctx: Context, actor: ActorMention) -> bool:
    """"قصفت قوات النظام المدينة بصواريخ روسية الصنع": the actor only says who made the weapon (``made`` of
    data/actor_cues.tsv, the word right after it)."""
    after = _WORD_RUN.findall(folded_text(ctx.doc, actor.end, min(len(ctx.doc.text), actor.end + 12)))
    return bool(after) and after[0] in _cues("made")


_WORD_RUN = re.compile(r"\w+")


def _holds_the_place(ctx: Context, actor: ActorMention) -> bool:
    """"دوما الخاضعة لسيطرة المعارضة", "قرية يسيطر عليها التنظيم": the actor only describes who holds the place
    (``controls`` of data/actor_cues.tsv)."""
    if not _cue_before(ctx, actor, "controls", 30):
        return False  # (most actors)
    return _phrase_right_before(ctx, actor, "controls", 30, 2, " \"'«»“”(#")


def _phrase_right_before(ctx: Context, actor: ActorMention, cls: str, reach: int, longest: int, strip: str) -> bool:
    """A phrase of class ``cls`` of data/actor_cues.tsv (of at most ``longest`` words) ends right before the
    actor, in the ``reach`` characters before it (quotes and the like of ``strip`` between them)."""
    before = folded_text(ctx.doc, max(0, actor.start - reach), actor.start).rstrip(strip).split()
    phrases = _cues(cls)
    return any(" ".join(before[-n:]) in phrases for n in range(1, longest + 1) if len(before) >= n)


def _group_of_member(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> Optional[ActorMention]:
    """"مسلحين من داعش", "انتحاريون من التنظيم", "مسلحون حوثيون": unknown gunmen of a named group are that group
    (the words between are a ``member_link`` of data/actor_cues.tsv, or none); "قوة أمنية تابعة لقوات البيشمركة": so is a force of a
    named one (``unit_of``)."""
    nxt = next((b for b in ss.actors if b.start >= actor.end), None)
    if nxt is None or nxt.family in ("unidentified", "civilians") or nxt.family == actor.family:
        return None
    between = folded_text(ctx.doc, actor.end, nxt.start).strip(" \"'«»()")
    if actor.family != "unidentified":
        # "قوة أمنية تابعة لقوات البيشمركة": a generic force (one the words leave to the country to name) of a named
        # one is that one; not a named unit ("وحدات حماية المرأة التابعة لقسد", "خلية الصقور التابعة للداخلية")
        return nxt if len(actor.candidates) > 1 and between in _cues("unit_of") else None
    # (or the group's adjective right after them, one word of the nisba: "كمين نصبه مسلحون حوثيون"; not the object of
    # a verb they are the subject of: "هاجم مسلحون مجهولون قوات النظام")
    if not between:
        word = folded_text(ctx.doc, nxt.start, nxt.end).strip()
        return nxt if " " not in word and not word.startswith("ال") and word.endswith(("يون", "يين")) else None
    return nxt if between in _cues("member_link") else None


# How far after the source its "إنها" may stand (the source's own qualifiers come between).
SELF_REPORT_REACH = 60


def _speaks_of_itself(ctx: Context, actor: ActorMention, trig: Trigger) -> bool:
    """"قالت الوحدات إنها تخوض معارك", "أعلنت قوات التحالف تنفيذ 18 غارة": a source that goes on "إنها"/"أنه"
    or on the deed itself (``self_report``), before any other actor is named, tells what it did itself."""
    end = min(trig.start, actor.end + SELF_REPORT_REACH)
    end = min([end] + [b.start for b in ctx.doc.actors if actor.end <= b.start < end])
    return any(w in _cues("self_report") for w in _words_at(ctx.doc, actor.end, end, _PUNCT_CLAUSE))


def _reported_subject(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"أفاد المرصد أن قوات تركية قصفت": the actor after the reporting verb's "أن" (``complementizer``) is the
    report's subject, not its source."""
    cue = max((c for c in ss.cues_of("attribution") if 0 <= actor.start - c.end <= SOURCE_REACH),
              key=lambda c: c.end, default=None)
    if cue is None:
        return False
    return any(w in _cues("complementizer") for w in _words_at(ctx.doc, cue.end, actor.start, _PUNCT_CLAUSE))


def _is_source(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """"قال الجيش الأمريكي إن ...": the actor tells the story (and is not its own subject; worked out
    once per actor)."""
    return _memo_of_actor(ctx, ss, actor, _is_source_uncached)


def _is_source_uncached(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    return _preceded_by(ss, actor, "attribution", SOURCE_REACH) and not _reported_subject(ctx, ss, actor) \
        and not any(_speaks_of_itself(ctx, actor, t) for t in ss.triggers if t.start > actor.end)


def _overlaps(actor: ActorMention, trig: Trigger) -> bool:
    return actor.start < trig.end and trig.start < actor.end


def _near_trigger(actor: ActorMention, triggers: list[Trigger], reach: int) -> bool:
    return any(abs(actor.start - t.end) <= reach or abs(t.start - actor.end) <= reach for t in triggers)


def _is_civilian(mention: ActorMention) -> bool:
    return mention.family == "civilians"


def _preceded_set(actors: list[ActorMention], cues: list, reach: int, more_cues: list = (), more_reach: int = 0) -> set[int]:
    """The ids of the ``actors`` that a cue of ``cues`` ends at most ``reach`` characters before (or one of
    ``more_cues`` at most ``more_reach``): :func:`_preceded_by` of each actor, for a few classes at once
    (each class's cues fetched once for all the actors of a candidate)."""
    out: set[int] = set()
    if not cues and not more_cues:
        return out
    # (plain loops: two generators per actor cost more than the few cues they read)
    for a in actors:
        start = a.start
        for c in cues:
            if 0 <= start - c.end <= reach:
                out.add(id(a))
                break
        else:
            for c in more_cues:
                if 0 <= start - c.end <= more_reach:
                    out.add(id(a))
                    break
    return out


def _preceded_by(ss: SentenceSpans, actor: ActorMention, cls: str, reach: int = 0) -> bool:
    reach = reach or ROLE_CUE_REACH
    return any(0 <= actor.start - c.end <= reach for c in ss.cues_of(cls))


def associates(ctx: Context, actor: str, others: tuple[str, ...], country: str, day) -> str:
    """Actors the article names together with ``actor`` ("; "-separated), excluding ``others``."""
    if not actor or not ctx.allies:
        return ""  # (most articles name no allies)
    table = actor_table()
    family = table[actor].family if actor in table else actor
    out = []
    for ally in ctx.allies.get(family, []):
        names = names_of_family(ally)
        name = resolve(list(names), country, day) if names else ""
        if name and name != actor and name not in others and name not in out:
            out.append(name)
    return "; ".join(out)


@functools.lru_cache(maxsize=1)
def _alliances() -> frozenset[tuple[str, str]]:
    """Pairs of actors that fight on one side (data/actor_alliances.tsv), both ways."""
    rows = read_tsv("actor_alliances.tsv")
    return frozenset((r["actor"], r["ally"]) for r in rows) | frozenset((r["ally"], r["actor"]) for r in rows)


def sworn_allies(actor1: str, actor2: str) -> bool:
    """``actor1`` and ``actor2`` fight on one side (data/actor_alliances.tsv): neither is the other's opponent."""
    return (actor1, actor2) in _alliances()


def fill_missing_actors(ctx: Context, cand: Candidate, country: str) -> tuple[str, str]:
    """The candidate's (actor1, actor2) names, the sides its sentences do not name filled from the article (the
    most-named actors, a strike's flyer, an unclaimed bomb's unidentified group, a force's standing target, ...);
    never two sworn allies (data/actor_alliances.tsv) as each other's opponent."""
    actor1, actor2 = cand.actor1_name, cand.actor2_name
    if actor1 and actor2 and sworn_allies(actor1, actor2):
        # "بدأت قوات الأسد وحزب الله هجوما على الزبداني": the ally is on actor1's side; the other side is looked
        # for below, past the ally
        table = actor_table()
        ally = table[actor2].family if actor2 in table else actor2
        if ally not in cand.assoc1:
            cand.assoc1.append(ally)
        actor2 = ""
    event_type = event_type_of(cand.sub_event_type)
    # the article's most-named actors (_ranked_families, counted when first needed); a country's name
    # ("الولايات المتحدة") names its government as often

    memo, day = ctx.memo, cand.day

    def from_family(family: str) -> str:
        # (the records of an article ask for the same few families, countries and days: resolved once)
        key = ("from_family", family, country, day)
        name = memo.get(key)
        if name is None:
            names = names_of_family(family)
            name = memo[key] = resolve(list(names), country, day) if names else ""
        return name

    struck = ""  # the article's most-named armed group, when an air strike's side is filled past it
    grounded = ""  # an armed group named as an air raid's actor1: what the planes struck, unless they backed it
    if actor1 and cand.sub_event_type == "Air/drone strike" and actor_type(actor1) not in AIR_FORCE_TYPES \
            and not _drone_sentence(ctx, cand):
        # only states fly warplanes: an armed group named with an air raid ("غارة لطيران التحالف على مواقع
        # لداعش", "غارات على حي تسيطر عليه المعارضة") is what the planes struck; the flyer is looked for below
        if actor_type(actor2) in AIR_FORCE_TYPES:
            actor1, actor2 = actor2, actor1
        else:
            actor1, grounded = "", actor1
    if not actor1 and cand.sub_event_type == "Air/drone strike":
        actor1, struck = _article_flyer(ctx, cand, country, actor2)
    if not actor1 and cand.sub_event_type == "Shelling/artillery/missile attack":
        actor1 = _shooter_told_before(ctx, cand, country, actor2)
        if not actor1 and _shells_fell(ctx, cand):
            # "سقطت قذيفة هاون قرب السفارة": shells that fell, fired by nobody the report names (not the
            # article's most-named actor)
            actor1 = from_family("unidentified")
    if not actor1:
        if cand.sub_event_type in BOMBING_TYPES:
            actor1 = from_family("unidentified")
        elif cand.sub_event_type == "Disrupted weapons use":
            # a bomb defused, weapons seized, a missile intercepted by air defences: the country's forces did it,
            # not whoever the article names most (the state whose missile was stopped)
            actor1 = from_family("military")
        else:
            holders = _holders_only(ctx)
            for family in _ranked_families(ctx):
                if family in CROWD_FAMILIES and event_type not in ("Protests", "Riots"):
                    continue  # protesters named in the article did not shell or raid anybody
                if family in holders:
                    continue  # named only as who holds a place ("دوما الخاضعة لسيطرة المعارضة"), or as a source: not who struck it
                if family == "police" and cand.sub_event_type in STRIKE_CLASSES:
                    family = "military"  # the state's police named in the article did not fly or fire artillery
                name = from_family(family)
                if cand.sub_event_type == "Air/drone strike" and actor_type(name) not in AIR_FORCE_TYPES:
                    # the article's militants are what the planes struck, not who flew them
                    struck = struck or name
                    continue
                if name and name != actor2:
                    actor1 = name
                    break
        if not actor1 and cand.sub_event_type == "Air/drone strike":
            actor1 = "Unidentified Military Forces"  # only states fly: an unclaimed strike is by unknown forces
        if not actor1:
            actor1 = from_family("unidentified")
    if not actor2 and grounded and not cand.civilian and not _allied(ctx, cand, actor1, grounded, country):
        # (an ally the planes backed, "قسد ... بإسناد جوي من التحالف", was not struck: the other side is looked for)
        actor2 = grounded
    if not actor2 and struck and actor1 and not cand.civilian:
        actor2 = struck
    if actor2 == actor1 and not (cand.actor1 is not None and cand.actor2 is cand.actor1):
        actor2 = ""  # one side twice ("انتحاري" taken for the bomb's target): the other side is unknown yet
    if event_type == "Protests" and actor_type(actor1) != "Protesters":
        # a protest's initiator is the protesters; the force that met it is the other side
        protesters = from_family("protesters")
        if cand.sub_event_type == "Peaceful protest":
            actor1, actor2 = protesters, ""
        elif actor_type(actor2) != "Protesters":
            actor2 = protesters
    if not actor2 and actor1 and event_type == "Explosions/Remote violence" and cand.sub_event_type not in BOMBING_TYPES \
            and _victims(ctx, cand) and not _armed_victims(ctx, cand) and not any(
                a.family not in ("civilians", "unidentified") and a.family != (cand.actor1.family if cand.actor1 else "")
                for i in set(cand.evidence) for a in ctx.sentences[i].actors):
        # "يواصل النظام قصف حلب، مما أدى لمقتل عشرات": shells or bombs that killed people, no armed side named
        # near them, killed civilians
        actor2 = from_family("civilians")
    if not actor2 and actor1 and not cand.civilian and event_type in ("Battles", "Explosions/Remote violence") \
            and cand.sub_event_type not in BOMBING_TYPES:
        # the other side of the article's conflict: "معارك بين القوات النظامية والمعارضين" names who the
        # army shells elsewhere in the article
        family = _article_opponent(ctx, actor1) or _standing_target(ctx, actor1)
        if family:
            actor2 = from_family(family)
    if not actor2 and actor1 and cand.sub_event_type in STRIKE_CLASSES and _military_site(ctx, cand):
        # "استهدف الطيران الإسرائيلي تل الجابية العسكري": a struck military site is held by the country's army
        army = from_family("military")
        if army and army != actor1 and actor_type(actor1) != "State forces":
            actor2 = army
    if not actor2 and cand.sub_event_type in BOMBING_TYPES:
        # a bomb that killed soldiers or policemen no name goes with struck the country's forces
        actor2 = _forces_of_the_dead(ctx, cand, from_family)
    if not actor2 and cand.sub_event_type in BOMBING_TYPES and _security_site(ctx, cand):
        # "استهدف تفجير انتحاري مقرا أمنيا": a bomb at a security post struck the country's police
        actor2 = from_family("police")
    if not actor2 and cand.sub_event_type in BOMBING_TYPES and not cand.civilian and _force_target(ctx, cand):
        # "هجوم انتحاري استهدف نقطة تفتيش", "عبوة استهدفت رتلا عسكريا": a checkpoint, a barracks or a convoy
        # is held by the country's forces, whoever else the blast killed
        actor2 = from_family("military")
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
            # a strike's target side only when its own sentences name one; a battle's from the article; a raid or
            # incursion that detained nobody met no side the article names only elsewhere either
            nearby = (
                {a.family for i in set(cand.evidence) for a in ctx.sentences[i].actors
                 if not _is_source(ctx, ctx.sentences[i], a) and not _near_only(ctx, a)
                 and not _commentator(ctx, ctx.sentences[i], a)}
                if event_type == "Explosions/Remote violence" or cand.sub_event_type == "Other" else None
            )
            for family in _ranked_families(ctx):
                if (nearby is not None and family not in nearby) or family in cand.assoc1:
                    continue
                if family in CROWD_FAMILIES:
                    continue  # protesters named in the article did not fight a battle or take a strike
                name = from_family(family)
                if name and name != actor1 and not sworn_allies(actor1, name):
                    actor2 = name
                    break
    if actor1 and actor2 and sworn_allies(actor1, actor2):
        actor2 = ""  # (whichever rule above named it: "قصف حزب الله مطار الشعيرات العسكري" struck no Syrian army)
    claimed = _claimant(ctx, cand, country)
    if claimed:
        # "تبنى تنظيم الدولة العمليتين": the unknown gunmen were the group that claimed the attack
        unknown = from_family("unidentified")
        if actor1 == unknown and claimed != actor2:
            actor1 = claimed
        elif actor2 == unknown and claimed != actor1:
            actor2 = claimed
        elif actor1 == unknown and claimed == actor2:
            # "أعلن تنظيم داعش مسؤوليته عن هجوم بسيارة مفخخة ... مقتل 18 شخصا": read as the bomb's named target, the
            # group that claimed it set it off; those it struck are civilians unless armed victims are named
            actor1 = claimed
            actor2 = "" if _armed_victims(ctx, cand) else from_family("civilians")
    return actor1, actor2


# How many words after a claim verb ("تبنى") the group that claims may stand.
CLAIM_REACH = 3
# How many words after the group the responsibility it claims may stand ("أعلن تنظيم داعش اليوم مسؤوليته").
CLAIM_AFTER_WORDS = 2


def _claimant(ctx: Context, cand: Candidate, country: str) -> str:
    """The group that claims the candidate's incident ("تبنى تنظيم الدولة العمليتين", ``claim`` of
    data/actor_cues.tsv) in its sentences or the one right after them, or ""."""
    if not _cue_in_article(ctx, "claim") and not _cue_in_article(ctx, "claim_after"):
        return ""
    last = max(set(cand.evidence) | {cand.sentence})
    for i in sorted(set(cand.evidence) | {last + 1}):
        if i >= len(ctx.sentences):
            continue
        ss = ctx.sentences[i]
        for a in ss.actors:
            if a.family in ("unidentified", "civilians") or a.kind == "state":
                continue
            if _memo_of_actor(ctx, ss, a, _after_claim_verb):
                return resolve(a.candidates, country, cand.day)
    return ""


def _after_claim_verb(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """A claim verb ("تبنى") stands a few words before the actor, or the responsibility claimed right after it
    ("أعلن تنظيم داعش مسؤوليته عن"; ``claim_after``) (asked for every record: see :func:`_claimant`)."""
    after = _words_at(ctx.doc, actor.end, min(ss.sentence.end, actor.end + 40))[:CLAIM_AFTER_WORDS]
    if any(w in _cues("claim_after") for w in after):
        # (not when denied: "ونفى تنظيم داعش مسؤوليته عن التفجير")
        before = _words_at(ctx.doc, max(ss.sentence.start, actor.start - 30), actor.start)[-CLAIM_REACH:]
        return not any(strip_proclitic(w, proclitics("conjunctions")) in _cues("disclaim") for w in before)
    if not _cue_before(ctx, actor, "claim", 30):
        return False
    lo = max(ss.sentence.start, actor.start - 30)
    words = _words_at(ctx.doc, lo, actor.start)[-CLAIM_REACH:]
    for k, w in enumerate(words):
        if w in _cues("claim"):
            # (not a share of many: "تفجيرات واغتيالات يتبنى بعضها التنظيم" claims none in particular)
            return not any(v in _cues("partial_claim") for v in words[k + 1:])
    return False


# Actor types that fly the planes of an air strike nobody in its sentence is named to have flown.
AIR_FORCE_TYPES = frozenset({"State forces", "External/Other forces"})

# How many sentences back a shelling whose own sentences name no shooter looks for the one told before.
SHOOTER_LOOKBACK = 2


def _shells_fell(ctx: Context, cand: Candidate) -> bool:
    """The candidate's shells fell ("سقطت قذيفتا هاون", "سقوط قذائف": ``shells_fell`` of data/actor_cues.tsv right
    before a trigger), or were mortars (``mortar``), and its sentences name no armed actor."""
    if any(a.family != "civilians" for i in set(cand.evidence) for a in ctx.sentences[i].actors):
        return False
    fell = _cues("shells_fell")
    mortar = _cues("mortar")
    for t in cand.triggers:
        if _without_particle(fold(t.text)) in mortar and not any(map(is_verb_trigger, cand.triggers)):
            # "قذائف الهاون التي طالت أحياء المالكي وأبو رمانة": mortars nobody is named firing ("وقصفت بقذائف الهاون"
            # carries its subject from the sentence before)
            return True
        words = _words_at(ctx.doc, max(0, t.start - SHELLS_FELL_REACH), t.start)
        if words and (words[-1] in fell or _without_particle(words[-1]) in fell):
            return True
    return False


# How far before a shell word the verb of falling may stand ("سقطت قذيفتا هاون").
SHELLS_FELL_REACH = 12


def _shooter_told_before(ctx: Context, cand: Candidate, country: str, other: str) -> str:
    """"أمطرت الفصائل المعارضة أربع بلدات بالقذائف ... وأكد المرصد مقتل سبعة في 300 قذيفة سقطت على الفوعة":
    the armed actor named before the shelling words of a sentence just before, when the candidate's own
    sentences name none."""
    if any(a.family != "civilians" for i in set(cand.evidence) for a in ctx.sentences[i].actors):
        return ""
    for i in range(cand.sentence - 1, max(-1, cand.sentence - 1 - SHOOTER_LOOKBACK), -1):
        ss = ctx.sentences[i]
        shots = [t for t in ss.triggers if t.sub_event_type == cand.sub_event_type]
        if not shots:
            continue
        for a in ss.actors:
            if a.end > shots[0].start:
                break
            if _is_civilian(a) or a.kind == "state" or _is_source(ctx, ss, a) or _near_only(ctx, a):
                continue
            name = resolve(a.candidates, country, cand.day)
            if name and name != other:
                return name
    return ""


def _article_flyer(ctx: Context, cand: Candidate, country: str, other: str) -> tuple[str, str]:
    """Who flies in the article: the nearest state or foreign force named, not as a source, in a
    sentence about aircraft or air strikes up to the candidate's ("نفذت قوات التحالف 18 غارة ... وقال
    البيان إن الغارات في العراق ..."), and the armed group that sentence names after it as struck."""
    for i in range(cand.sentence, -1, -1):
        ss = ctx.sentences[i]
        if not (ss.air_cues()
                or any(fold(t.entry) in _cues("air_strike") for t in ss.triggers)):
            continue
        named = [(a, resolve(a.candidates, country, cand.day)) for a in ss.actors
                 if a.kind != "state" and not _is_civilian(a) and not _preceded_by(ss, a, "attribution", SOURCE_REACH)
                 and not _commentator(ctx, ss, a)]
        for j, (a, name) in enumerate(named):
            if actor_type(name) in AIR_FORCE_TYPES and name != other:
                struck = next((n for b, n in named[j + 1:] if actor_type(n) not in AIR_FORCE_TYPES), "")
                return name, struck
    return "", ""


# Families of crowds: they initiate protests and riots only.
CROWD_FAMILIES = frozenset({"protesters", "rioters"})

ARMED_VICTIM_GROUPS = frozenset({"military", "fighter", "member"})


def _victims(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentences count dead or wounded."""
    return bool(cand.fatalities) or any(ctx.sentences[i].fatalities for i in set(cand.evidence))


def _forces_of_the_dead(ctx: Context, cand: Candidate, from_family) -> str:
    """The state force the dead of the candidate's sentences served in ("مقتل خمسة جنود": the army;
    "مقتل شرطيين": the police, ``police_victim`` of data/actor_cues.tsv), or ""."""
    for i in sorted(set(cand.evidence)):
        for f in ctx.sentences[i].fatalities:
            if f.victim_group == "military" and not f.aggregate:
                police = any(f.victims.startswith(stem) for stem in _cues("police_victim"))
                return from_family("police" if police else "military")
    return ""


def _armed_victims(ctx: Context, cand: Candidate) -> bool:
    """The candidate's sentences count dead or wounded soldiers, fighters or members of a group."""
    return any(f.victim_group in ARMED_VICTIM_GROUPS
               for i in set(cand.evidence) for f in ctx.sentences[i].fatalities)


# How far after an affiliation word ("المدعومة", "المتحالفين") the ally it names may stand.
ALLY_REACH = 25


def _backs(ss: SentenceSpans, first: ActorMention, actor: ActorMention) -> bool:
    """``actor`` is named as the backer or ally of ``first`` ("قوات النظام المدعومة بعناصر من حزب الله",
    "قسد برفقة التحالف الدولي": an affiliation cue, or an ``ally_link`` of data/actor_cues.tsv, between them)."""
    if any(first.end <= c.start and 0 <= actor.start - c.end <= ALLY_REACH for c in ss.cues_of("affiliation")):
        return True
    if not 0 <= actor.start - first.end <= ALLY_REACH:
        return False
    words = folded_text(ss.doc, first.end, actor.start).split()
    return any(" ".join(words[i:i + n]) in _cues("ally_link") for n in (1, 2) for i in range(len(words)))


# How far after the first side of "بين X ... من جهة، و Y" its other side may stand.
SIDES_REACH = 150


def _side_break(ss: SentenceSpans, first: ActorMention, actor: ActorMention) -> bool:
    """Words that close the first side of a pair ("من جهة", "من طرف": ``side_end`` of data/actor_cues.tsv)
    stand between ``first`` and ``actor``."""
    words = _words_at(ss.doc, first.end, actor.start, _PUNCT_PARENS)
    return any(" ".join(words[i:i + 2]) in _cues("side_end") for i in range(len(words)))


def _side_on_next_line(ctx: Context, ss: SentenceSpans, first: ActorMention) -> Optional[ActorMention]:
    """"بين قوات النظام ولواء الفجر من جهة،" ending the sentence: the other side opens the next one
    ("وكتائب الشمال من جهة أخرى")."""
    tail = _words_at(ss.doc, first.end, ss.sentence.end, _PUNCT_PARENS)
    if len(tail) < 2 or " ".join(tail[-2:]) not in _cues("side_end"):
        return None
    i = ss.index
    if i < 0 or i + 1 >= len(ctx.sentences):
        return None
    nxt = ctx.sentences[i + 1]
    head = folded_text(nxt.doc, nxt.sentence.start, nxt.sentence.end).lstrip(" \"'«»“”(")
    if not head.startswith("و"):
        return None
    return next((a for a in nxt.actors if a.family not in (first.family, "civilians")), None)


def _holders_only(ctx: Context) -> frozenset[str]:
    """The actor families the article names only as who holds a place ("بلدة دوما الخاضعة لسيطرة المعارضة",
    ``controls`` of data/actor_cues.tsv; once per article)."""
    found = ctx.memo.get("holders_only")
    if found is None:
        found = frozenset()
        if _window_spans(ctx)["controls"] is not False:
            holders, others = set(), set()
            for ss in ctx.sentences:
                for a in ss.actors:
                    (holders if _holds_the_place(ctx, a) else others).add(a.family)
            found = frozenset(holders - others)
        ctx.memo["holders_only"] = found
    return found


def _sources_only(ctx: Context) -> frozenset[str]:
    """The actor families the article names only as who tells the story ("قالت وزارة الداخلية العراقية إن",
    "بحسب مصدر في الشرطة"; :func:`_is_source`): they are no side of its incidents (once per article)."""
    found = ctx.memo.get("sources_only")
    if found is None:
        mentions: dict[str, list] = {}
        for ss in ctx.sentences:
            for a in ss.actors:
                mentions.setdefault(a.family, []).append((ss, a))
        # (a family is looked at mention by mention, the cheapest test first, until one is no source: most are
        # named in a sentence with no reporting word at all, whose cue words are then never searched)
        found = ctx.memo["sources_only"] = frozenset(
            family for family, named in mentions.items()
            if all(ss.may_have_cues("attribution") for ss, _ in named)
            and all(_told_by(ctx, ss, a) for ss, a in named))
    return found


def _told_by(ctx: Context, ss: SentenceSpans, actor: ActorMention) -> bool:
    """The actor tells the story (:func:`_is_source`), and is not among the dead counted after a report verb
    ("أفاد المرصد بمقتل تسعة من قوات النظام")."""
    return _is_source(ctx, ss, actor) and not (ss.fatalities and _among_the_dead(ctx, ss, actor, strike=True))


def _ranked_families(ctx: Context) -> list[str]:
    """The article's actor families but civilians, most named first (once per article; do not change it)."""
    ranked = ctx.memo.get("ranked_families")
    if ranked is None:
        ranked = ctx.memo["ranked_families"] = [f for f, _ in _named_counts(ctx).most_common() if f != "civilians"]
    return ranked


def _article_opponent(ctx: Context, actor: str) -> str:
    """The family the article sets against ``actor`` in a "بين X و Y" pair, when it names one only
    (once per article and actor)."""
    key = ("article_opponent", actor)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _article_opponent_uncached(ctx, actor)
    return found


def _article_opponent_uncached(ctx: Context, actor: str) -> str:
    table = actor_table()
    family = table[actor].family if actor in table else actor
    opponents = [second if first == family else first for first, second in _article_pairs(ctx)
                 if family in (first, second)]
    distinct = set(opponents)
    return opponents[0] if len(distinct) == 1 else ""


def _article_pairs(ctx: Context) -> list[tuple[str, str]]:
    """The families of the "بين X و Y" pairs of the article, in text order (found once per article: each
    actor a record names asks for its opponent)."""
    pairs = ctx.memo.get("article_pairs")
    if pairs is not None:
        return pairs
    pairs = ctx.memo["article_pairs"] = []
    for ss in ctx.sentences:
        if len(ss.actors) < 2 or len({a.family for a in ss.actors if a.family not in ("civilians", "unidentified")}) < 2 \
                or not ss.may_have_cues("pair"):
            # a pair needs two families (neither civilians nor unknown gunmen) and a pair word: the sentence's
            # cues need not be searched
            continue
        for cue in ss.cues_of("pair"):
            after = [a for a in ss.actors if a.start > cue.end and a.family not in ("civilians", "unidentified")]
            if not after or after[0].start - cue.end > ROLE_CUE_REACH:
                continue
            first = after[0]
            second = next((a for a in after[1:] if a.family != first.family and not _backs(ss, first, a)), None)
            if second is None or second.start - first.end > PAIR_REACH:
                continue
            pairs.append((first.family, second.family))
    return pairs


@functools.lru_cache(maxsize=1)
def _targets() -> dict[str, str]:
    """The side each force exists to fight (data/actor_targets.tsv)."""
    return {row["actor"]: row["target"] for row in read_tsv("actor_targets.tsv")}


def _standing_target(ctx: Context, actor: str) -> str:
    """The family ``actor`` exists to fight ("Global Coalition Against Daesh": the Islamic State), when the
    article names it; else ""."""
    target = _targets().get(actor, "")
    if not target:
        return ""
    family = actor_table()[target].family if target in actor_table() else target
    return family if _named_counts(ctx)[family] else ""


def _in_consequence(ss: SentenceSpans, a: ActorMention) -> bool:
    """``a`` acts in a consequence clause of its sentence ("ما دفع الجيش الوطني إلى رفع الجاهزية"; ``consequence``
    of event_cues.tsv) that follows an event word: a party reacting to the incident, not one of its sides."""
    if not ss.triggers or not ss.may_have_cues("consequence"):
        return False
    return any(c.end <= a.start and a.start - c.end <= CONSEQUENCE_REACH and any(t.end <= c.start for t in ss.triggers)
               and a.start < clause_end(ss, ss.doc, c.end)  # (the consequence's clause ends at its comma)
               for c in ss.cues_of("consequence"))


def _across_a_while_clause(ss: SentenceSpans, a: ActorMention, triggers: list[Trigger], openers: list) -> bool:
    """A clause opener (``openers``: "فيما", "في حين", "كما") stands between ``a`` and each of the report's
    triggers, and a trigger word stands in ``a``'s own clause: ``a`` is a side of that clause's report."""
    cuts = [c.start for c in openers]
    lo = max((k for k in cuts if k < a.start), default=ss.sentence.start)
    hi = min((k for k in cuts if k >= a.end), default=ss.sentence.end)
    if any(lo <= t.start < hi for t in triggers):
        return False  # (a trigger of the report in the actor's clause)
    # a definite event noun tells the same incident again ("فيما أكد مسؤولون أن الانفجار نفذه تنظيم داعش")
    return any(lo <= t.start < hi and not definite(t) for t in ss.triggers)


def _while_between(ss: SentenceSpans, first: int, second: int) -> bool:
    """A ``clause_while`` word stands between the offsets ``first`` and ``second`` of the sentence."""
    lo, hi = min(first, second), max(first, second)
    return any(lo < c.start < hi for c in ss.cues_of("clause_while"))


# How far after a consequence word ("ما دفع") the actor acting in it may stand.
CONSEQUENCE_REACH = 40


def _named_counts(ctx: Context) -> Counter:
    """Mentions of each actor family in the article, countries' own names and commentators ("أدانت
    تركيا") left out (counted once per article: every record asks; do not change it)."""
    counts = ctx.memo.get("named_counts")
    if counts is None:
        comment = _cue_in_article(ctx, "comment")  # (no commentator in an article with no verb of judging)
        counts = ctx.memo["named_counts"] = Counter(
            a.family for ss in ctx.sentences for a in ss.actors
            if a.kind != "state" and not (comment and _commentator(ctx, ss, a)) and not _maker(ctx, a)
            and not _in_consequence(ss, a))
    return counts

