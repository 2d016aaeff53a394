"""Reading articles from files: ``.txt``, ``.html``/``.htm`` and ``.jsonl``.

:func:`marsad.io.sources.read_inputs` turns paths (files or folders) into a stream of
:class:`Article`, or of :class:`ArticleError` for an item that cannot be read, so one bad item
never stops a batch.
Every reader does the same three things:

1. **decode**: UTF-8 (with or without a BOM); UTF-16 when a BOM says so; otherwise the fallback
   encoding (Windows-1256, used by old Arabic sites) with a warning. NUL bytes or control
   characters mean binary content, an error.
2. **clean**: lines of site boilerplate ("اظهر المزيد", "اقرأ أيضاً: ...", share buttons,
   copyright lines, listed in ``data/boilerplate.tsv``) are removed; the paragraph structure
   (newlines) stays. ``Article.text`` is this cleaned text, and all span offsets refer to it.
3. **check**: empty text, too few Arabic letters and over-size items are errors naming the
   reason (``"<kind>: <detail>"``, the kind is what batch summaries count).

HTML pages are read by :mod:`marsad.io.html_pages` (trafilatura: main text, title, publication
date, site name), which decodes, cleans and checks them with the functions here. A ``.jsonl``
file is read line by line, never whole, so its size is not limited by memory. Feeds, WARC
archives, gzip'd JSONL, glob patterns and standard input are read by :mod:`marsad.io.sources`,
whose :func:`~marsad.io.sources.read_inputs` and :func:`~marsad.io.sources.read_path` read every
kind of input, dispatching to the readers here and in :mod:`marsad.io.html_pages`.
"""
from __future__ import annotations

import codecs
import dataclasses
import functools
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Optional, Union

import orjson

from ..bounds import date_ok, date_window
from ..document import Article, parse_date
from ..errors import ArticleError, InputError
from ..text import LONE_SURROGATES_MENDED, fold, fold_tables, mend_lone_surrogates, remember_fold
from ..resources import read_tsv

#: File suffixes ingest reads, and the reader for each.
SUPPORTED_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

#: Punctuation trimmed from both ends of a line before it is compared with boilerplate phrases.
STRIP_CHARS = " \t\u00a0\u200f\u200e.:…|•·-–—_=*~/\\<>«»\"'()[]{}!?،؛,;►▶◄◀→←"

#: Lines longer than this are article text, never boilerplate (and are not folded: speed).
MAX_BOILERPLATE_LINE = 300

#: How much more text than the Arabic letters asked for :func:`check_text` counts first (the letters
#: of an Arabic text are counted on its first ``need * ARABIC_HEAD_FACTOR`` characters before the rest).
ARABIC_HEAD_FACTOR = 1.5

NO_DATE_WARNING = (
    "no publication date: relative dates ('اليوم', weekdays, day-month without year) "
    "cannot be resolved; events get time_precision 3 or are left out"
)

_ARABIC_LETTERS = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]+")
_LETTERS = re.compile(r"[^\W\d_]+")
# C0/C1 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Bytes that text in any ASCII-compatible encoding does not hold (C0 controls but tab, LF, FF, CR).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BLANK_RUNS = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+\n")
_JSON_ID = re.compile(r'^\s*\{\s*"id"\s*:\s*"?([^",{}\s]{1,200})')


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class IngestOptions:
    """Limits and choices of ingest (the ``[ingest]`` settings section)."""

    max_article_bytes: int = 5_000_000
    min_arabic_letters: int = 20
    min_arabic_share: float = 0.3
    fallback_encoding: str = "cp1256"
    html_fast: bool = True
    max_section_chars: int = 20_000

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Mapping[str, Any]]]) -> "IngestOptions":
        """Options from a settings mapping (see :func:`marsad.settings.load_settings`)."""
        section = dict((settings or {}).get("ingest") or {})
        known = {k: v for k, v in section.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def split_sections(article: Article, max_chars: int) -> list[Article]:
    """``article`` itself, or, when its text is longer than ``max_chars`` (0: no limit), its
    sections: cut at line ends (else at a space, else anywhere) into texts of at most
    ``max_chars``, each an article of its own with the id ``ID~k``, the title marked
    "(section k of n)" and a warning that says so. Coding time and memory then grow linearly with
    the length of the text (they grow faster within one text)."""
    text = article.text or ""
    if not max_chars or len(text) <= max_chars:
        return [article]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            cut = text.rfind("\n", start + max_chars // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + max_chars // 2, end)
            end = cut + 1 if cut >= 0 else end
        pieces.append(text[start:end])
        start = end
    pieces = [p for p in pieces if p.strip()]
    n = len(pieces)
    note = (f"long article: {len(text):,} characters coded in {n} sections of at most {max_chars:,} "
            f"(ids {article.id}~1 .. {article.id}~{n}), each stored as an article of its own")
    out = []
    for k, piece in enumerate(pieces, 1):
        out.append(dataclasses.replace(
            article, id=f"{article.id}~{k}", text=piece,
            title=f"{article.title} (section {k} of {n})" if article.title else f"(section {k} of {n})",
            warnings=list(article.warnings) + [note]))
    return out


# --------------------------------------------------------------------------- boilerplate


def _fold_pattern(pattern: str) -> str:
    # Fold Arabic letters only: folding lower-cases ASCII, which would turn \S into \s.
    return "".join(ch if ord(ch) < 128 else fold(ch) for ch in pattern)


def line_key(line: str) -> str:
    # split/join rather than re.sub(r"\s+", " "): the same whitespace runs, a third of the time of a line
    # (boilerplate removal was two thirds of reading a .jsonl article)
    return _folded_line_key(fold(line))


def _folded_line_key(folded: str) -> str:
    """:func:`line_key` of a line already folded."""
    return " ".join(folded.split()).strip(STRIP_CHARS)


# --- what a regular expression's matches must hold, read from its parse (to skip patterns that cannot
# match a line without running them; a pattern whose parse is not understood is always run)

try:  # Python 3.11+
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name))
_CASE_FLAGS = re.IGNORECASE | re.LOCALE


def _char_set(items) -> Optional[set[str]]:
    """The characters of a character class ``[...]`` of literals and short ranges; None for
    negated classes and categories (``\\s``, ``\\d``)."""
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < 256:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def _first_chars(seq, state) -> Optional[set[str]]:
    """The characters a non-empty match of the parsed sequence ``seq`` can start with; None when
    not known."""
    first: set[str] = set()
    for op, av in seq:
        if op is _sre.LITERAL:
            item: Optional[set[str]] = {chr(av)}
        elif op is _sre.IN:
            item = _char_set(av)
        elif op is _sre.BRANCH:
            item = set()
            for alternative in av[1]:
                alt = _first_chars(alternative, state)
                if alt is None:
                    return None
                item |= alt
        elif op is _sre.SUBPATTERN:
            item = None if av[1] & _CASE_FLAGS else _first_chars(av[3], state)
        elif op in _REPEATS:
            item = _first_chars(av[2], state)
        elif op is _sre.AT:
            item = set()  # an anchor: no character of its own
        else:
            return None
        if item is None:
            return None
        first |= item
        if _sre_parse.SubPattern(state, [(op, av)]).getwidth()[0] > 0:
            return first  # this item takes a character: a match starts within it
    return first


def _needles(seq) -> Optional[set[str]]:
    """Texts one of which every match of the parsed sequence ``seq`` holds (the most selective
    such set found: its shortest text the longest); None when none is known."""
    candidates: list[set[str]] = []
    run = ""  # consecutive literal characters: a text every match holds
    for op, av in seq:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        item: Optional[set[str]] = None
        if op is _sre.IN:
            item = _char_set(av)
        elif op is _sre.BRANCH:
            item = set()
            for alternative in av[1]:
                alt = _needles(alternative)
                if alt is None:
                    item = None
                    break
                item |= alt
        elif op is _sre.SUBPATTERN and not av[1] & _CASE_FLAGS:
            item = _needles(av[3])
        elif op in _REPEATS and av[0] >= 1:
            item = _needles(av[2])
        if item:
            candidates.append(item)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda texts: (min(map(len, texts)), -len(texts)))


def pattern_prefilter(pattern: "re.Pattern[str]") -> tuple[Optional[frozenset[str]], Optional[tuple[str, ...]]]:
    """(first characters, needles) of a pattern used with ``fullmatch``: the characters a non-empty
    match can start with, and texts one of which every match holds; each None when not known.
    A text that fails either test cannot match, so the regular expression need not run."""
    if pattern.flags & _CASE_FLAGS or not isinstance(pattern.pattern, str):
        return None, None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        first = _first_chars(parsed.data, parsed.state)
        needles = _needles(parsed.data)
    except Exception:  # a parse this reader does not know: run the pattern on every line
        return None, None
    return (None if first is None else frozenset(first)), (None if needles is None else tuple(sorted(needles)))


@dataclass(frozen=True)
class BoilerplateRules:
    """The boilerplate phrases and patterns of ``data/boilerplate.tsv``, folded and compiled."""

    phrases: frozenset[str]
    pattern: Optional[re.Pattern]
    max_line_chars: int = MAX_BOILERPLATE_LINE
    # the rows of ``pattern`` compiled one by one: trying each is a third faster than their
    # alternation, whose alternatives lose the regex engine's literal-prefix shortcuts
    patterns: tuple[re.Pattern, ...] = ()
    # ``patterns`` by the first character of a line's key: the patterns a key starting with it can
    # match, each with the needles one of which it must hold (None: not tested), and under "" the
    # patterns whose first character is not known (most lines are article text that no pattern
    # matches: a line's key is then tested against two or three patterns instead of all of them)
    _by_first: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list] = {"": []}
        anchored: list[tuple[frozenset[str], re.Pattern]] = []
        for pattern in self.patterns:
            first, needles = pattern_prefilter(pattern)
            if first is None:
                by_first[""].append((pattern, needles))
            else:
                anchored.append((first, pattern))
        for first, pattern in anchored:
            for char in first:
                by_first.setdefault(char, [])
        for char, tried in by_first.items():
            if char:
                tried.extend((pattern, None) for first, pattern in anchored if char in first)
                tried.extend(by_first[""])
        object.__setattr__(self, "_by_first", {char: tuple(tried) for char, tried in by_first.items()})

    def is_boilerplate(self, line: str) -> bool:
        """True when ``line`` (one line of text) is site boilerplate."""
        if len(line) > self.max_line_chars:
            return False
        return self.is_boilerplate_key(line_key(line), line)

    def is_boilerplate_key(self, key: str, line: str) -> bool:
        """:meth:`is_boilerplate` of ``line`` whose key (:func:`line_key`) is ``key``."""
        if not key:
            # Punctuation only: a rule line (----, ____) is boilerplate; a stray "." is kept.
            return len(line.strip()) >= 3
        if key in self.phrases:
            return True
        if self.patterns:
            by_first = self._by_first
            for pattern, needles in by_first.get(key[0]) or by_first[""]:
                if needles is not None:
                    for needle in needles:
                        if needle in key:
                            break
                    else:
                        continue
                if pattern.fullmatch(key) is not None:
                    return True
            return False
        return self.pattern is not None and self.pattern.fullmatch(key) is not None


@functools.lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    """The packaged boilerplate rules (read once per process)."""
    phrases: set[str] = set()
    patterns: list[str] = []
    for row in read_tsv("boilerplate.tsv"):
        if row["kind"] == "phrase":
            phrases.add(line_key(row["text"]))
        elif row["kind"] == "pattern":
            patterns.append(f"(?:{_fold_pattern(row['text'])})")
        else:
            raise ValueError(f"boilerplate.tsv: unknown kind {row['kind']!r}")
    # only the rows one by one: their alternation (``pattern``, read when ``patterns`` is empty) is not
    # compiled, which took longer than all of them (a few ms of every process's start)
    return BoilerplateRules(frozenset(phrases), None, patterns=tuple(re.compile(p) for p in patterns))


@functools.lru_cache(maxsize=1)
def _folding_keeps_lines() -> bool:
    """True when folding neither deletes nor makes a newline, so that the lines of a folded text
    are the folded lines of the text."""
    mapping, _ = fold_tables()
    return ord("\n") not in mapping and all("\n" not in to for to in mapping.values())


def remove_boilerplate(text: str, rules: Optional[BoilerplateRules] = None) -> tuple[str, int]:
    """``text`` without its boilerplate lines, and how many lines were removed.

    Line endings become ``\\n``; runs of blank lines left behind shrink to one blank line;
    the result is stripped of leading and trailing whitespace.
    """
    rules = rules or boilerplate_rules()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    folded = None
    if _folding_keeps_lines():
        # the text folded at once, then cut into lines: each line's folded form, in one call (folding
        # line by line was a third of reading an article)
        folded = fold(text)
        folded_lines = folded.split("\n")
        longest = rules.max_line_chars
        is_key = rules.is_boilerplate_key
        # (_folded_line_key written out: a Python call less per line)
        kept = [line for line, folded_line in zip(lines, folded_lines)
                if len(line) > longest or not is_key(" ".join(folded_line.split()).strip(STRIP_CHARS), line)]
    else:  # pragma: no cover - a folding table that maps a character to or from a newline
        kept = [line for line in lines if not rules.is_boilerplate(line)]
    removed = len(lines) - len(kept)
    if removed:
        return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip(), removed
    cleaned = text.strip()
    if folded is not None:
        # the normalize stage folds the cleaned text again: folding goes character by character, so
        # its fold is the text's without the folds of the white space stripped from its ends
        lead = len(text) - len(text.lstrip())
        trail = len(text) - lead - len(cleaned)
        start, end = len(fold(text[:lead])), len(folded) - len(fold(text[len(text) - trail:]))
        remember_fold(cleaned, folded[start:end])
    return cleaned, removed


# --------------------------------------------------------------------------- decoding and checks


def looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample))
    return "\x00" in sample or bad > max(2, len(sample) // 100)


def decode_bytes(data: bytes, *, declared: Optional[str] = None, fallback: str = "cp1256") -> tuple[str, list[str]]:
    """Text of ``data`` and the warnings decoding gave; raises :class:`InputError`.

    UTF-8 (BOM or not); UTF-16/UTF-32 when a BOM says so; else ``declared`` (an HTML page's
    charset) or ``fallback``, each with a warning.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), []
        except UnicodeDecodeError as exc:
            raise InputError(f"encoding: starts with a UTF-8 byte-order mark but is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as exc:
                raise InputError(f"encoding: has a {codec.upper()} byte-order mark but is not {codec.upper()}") from exc
    if b"\x00" in data:
        raise InputError("binary content: NUL bytes (a binary file, or UTF-16 without a byte-order mark)")
    sample = data[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > max(2, len(sample) // 100):
        raise InputError(f"binary content: {control} control bytes in the first {len(sample):,} bytes")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
        if exc.reason == "unexpected end of data":
            try:  # cut in the middle of the last character: drop the partial character
                return data[: exc.start].decode("utf-8"), [f"truncated: the data ends inside a UTF-8 character (byte {exc.start})"]
            except UnicodeDecodeError:
                pass
    # A few bad sequences in UTF-8 text (a file cut in the middle of a character, a stray byte)
    # are replaced; text in a legacy encoding has bad sequences everywhere and is decoded whole.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(1, len(data) // 2000):
        return text, [f"not valid UTF-8 ({utf8_error}): {bad} bad byte sequence(s) replaced with U+FFFD"]
    for codec, why in ((declared, "declared by the page"), (fallback, "fallback for old Arabic sites")):
        if not codec:
            continue
        try:
            name = codecs.lookup(codec).name
        except LookupError:
            continue
        if name == "utf-8":
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return text, [f"not UTF-8 ({utf8_error}): decoded as {name} ({why})"]
    raise InputError(f"encoding: not UTF-8 ({utf8_error}) and not {fallback or 'any fallback encoding'}")


def _size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def too_large(size: int, options: IngestOptions) -> InputError:
    return InputError(
        f"too large: {_size_text(size)}, over the limit of {_size_text(options.max_article_bytes)} "
        f"(setting ingest.max_article_bytes)"
    )


def check_text(text: str, options: IngestOptions, removed: int = 0) -> None:
    """Raise :class:`InputError` when cleaned article text is empty, binary or not Arabic."""
    if not text.strip():
        extra = f" after removing {removed} boilerplate line(s)" if removed else ""
        raise InputError(f"empty: no text{extra}")
    if looks_binary(text):
        raise InputError("binary content: control characters in the text")
    # The common case is decided on the head of the text: Arabic letters are four fifths of an
    # Arabic article, so its first part already holds the share asked of the whole (counting the
    # rest was half of checking); else the rest is counted too, and the whole decides.
    enough = max(options.min_arabic_letters, options.min_arabic_share * len(text))
    head = min(len(text), int(enough * ARABIC_HEAD_FACTOR) + 1)
    arabic = sum(map(len, _ARABIC_LETTERS.findall(text, 0, head)))
    if arabic >= options.min_arabic_letters and arabic >= options.min_arabic_share * len(text):
        return
    if head < len(text):
        arabic += sum(map(len, _ARABIC_LETTERS.findall(text, head)))
    if arabic >= options.min_arabic_letters and arabic >= options.min_arabic_share * len(text):
        return  # the common case, decided without counting all letters
    letters = sum(map(len, _LETTERS.findall(text)))
    if not arabic or arabic < options.min_arabic_share * letters:
        raise InputError(
            f"no Arabic text: {arabic} Arabic letter(s) of {letters} letter(s) "
            f"(need at least {options.min_arabic_letters} and {options.min_arabic_share:.0%})"
        )
    if arabic < options.min_arabic_letters:  # Arabic, but too little of it to hold an article
        raise InputError(f"too short: {arabic} Arabic letter(s) (need at least {options.min_arabic_letters}, "
                         f"setting ingest.min_arabic_letters)")


def finish_article(article: Article, options: IngestOptions, published: Optional[date], *,
                   unicode_checked: bool = False) -> Article:
    """Clean and check an article's text, fill in the default date; raises InputError.
    ``unicode_checked``: the reader vouches that its texts hold no lone surrogate (orjson refuses them),
    and only the names are checked (the texts' check is a fifth of a JSONL line's reading)."""
    _without_lone_surrogates(article, ("id", "source") if unicode_checked else _SURROGATE_FIELDS)
    article.text, removed = remove_boilerplate(article.text)
    check_text(article.text, options, removed)
    if article.published is None:
        article.published = published
    if article.published is None:
        article.warnings.append(NO_DATE_WARNING)
    elif not date_ok(article.published):
        # Data fields keep their formats (RFC 822, page metadata); an implausible date warns here
        # and the store refuses it (marsad.bounds).
        first, last = date_window()
        article.warnings.append(f"implausible publication date {article.published}: outside {first} .. {last}")
    return article


_SURROGATE_FIELDS = ("id", "source", "text", "title", "url", "outlet")


def _without_lone_surrogates(article: Article, fields: tuple[str, ...] = _SURROGATE_FIELDS) -> None:
    """Replace the lone surrogates of the article's fields (a JSON "\\ud800" escape, a file name's bytes that
    are not UTF-8), with a warning: no UTF-8 output or store can hold one, and a write would fail later,
    for the whole batch. Names (id, source) keep them as escapes ("\\udcff"), to stay distinct; texts get
    U+FFFD."""
    values = {name: getattr(article, name) for name in fields}
    fixed = mend_lone_surrogates(values)
    for name in fixed:
        setattr(article, name, values[name])
    if fixed:
        article.warnings.append(LONE_SURROGATES_MENDED + ", ".join(fixed))


# --------------------------------------------------------------------------- readers


def read_file_bytes(path: Path, options: IngestOptions) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError("file not found") from exc
    except OSError as exc:
        raise InputError(f"unreadable file: {exc.strerror or exc}") from exc
    if size > options.max_article_bytes:
        raise too_large(size, options)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"unreadable file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError("empty: the file has no content")
    return data


def read_text_file(path: Union[str, Path], published: Optional[date] = None,
                   options: Optional[IngestOptions] = None) -> Article:
    """One article from a plain-text file (id: the file stem); raises :class:`InputError`."""
    path, options = Path(path), options or IngestOptions()
    text, warnings = decode_bytes(read_file_bytes(path, options), fallback=options.fallback_encoding)
    article = Article(id=path.stem, text=text, source=str(path), warnings=warnings)
    return finish_article(article, options, published)


def _as_lone_surrogate(exc: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: what cannot be decoded reads as one lone surrogate (U+DCFF), which
    :func:`finish_article` replaces and warns of (no codec's own handler does it for every encoding:
    ``surrogateescape`` refuses UTF-16's bytes under 128)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udcff", exc.end


_AS_LONE_SURROGATE = "marsad.as_lone_surrogate"
codecs.register_error(_AS_LONE_SURROGATE, _as_lone_surrogate)


def jsonl_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, Union[bytes, str, InputError]]]:
    """(line number, raw line) of a .jsonl file, line by line; an over-long line gives an
    InputError and is skipped without being held in memory."""
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # (a code unit that is no UTF-16 becomes a lone surrogate, which finish_article replaces with a
        # warning: one bad unit costs neither its line nor the rest of the file)
        text_lines: Iterable[Union[bytes, str]] = io.TextIOWrapper(fh, encoding="utf-16", newline="",
                                                                   errors=_AS_LONE_SURROGATE)
        for n, line in enumerate(text_lines, 1):
            yield n, line
        return
    n = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        n += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
                size += len(raw)
            yield n, too_large(size, IngestOptions(max_article_bytes=limit))
            continue
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        yield n, raw


_DAY_FIRST = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{4}$")  # DD/MM/YYYY (parse_date's day-first formats)


def _text_field(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def article_from_json(row: Any, *, default_id: str, source: str, published: Optional[date] = None,
                      options: Optional[IngestOptions] = None, warnings: Optional[list[str]] = None,
                      unicode_checked: bool = False) -> Article:
    """One article from a decoded .jsonl row (``id``, ``text``, optional ``published``, ``title``,
    ``url``, ``outlet``; other keys ignored); raises :class:`InputError`."""
    options = options or IngestOptions()
    warnings = list(warnings or [])
    if not isinstance(row, dict):
        raise InputError(f"not a JSON object: the line holds a JSON {type(row).__name__}")
    article_id = _text_field(row, "id")
    if not article_id:
        article_id = default_id
        warnings.append(f"no 'id': named {default_id!r} after the file and line")
    text = row.get("text")
    if text is None:
        raise InputError("no text: the object has no 'text' field")
    if not isinstance(text, str):
        raise InputError(f"no text: 'text' is a JSON {type(text).__name__}, not a string")
    date_value = row.get("published")
    day = parse_date(date_value)
    if day is None and date_value not in (None, ""):
        warnings.append(f"unreadable 'published' value {str(date_value)[:40]!r}: ignored")
    elif day is not None and isinstance(date_value, str) and day.day <= 12 and day.month != day.day \
            and _DAY_FIRST.match(date_value.strip()):
        # "03/04/2023": Arabic sites write the day first, but a month-first reading was possible too
        warnings.append(f"'published' value {date_value.strip()[:40]!r} read day first, as {day.isoformat()}")
    article = Article(
        id=article_id,
        text=text,
        published=day,
        title=_text_field(row, "title"),
        url=_text_field(row, "url"),
        outlet=_text_field(row, "outlet"),
        source=source,
        warnings=warnings,
    )
    return finish_article(article, options, published, unicode_checked=unicode_checked)


@functools.lru_cache(maxsize=64)
def _path_parts(path: Union[str, Path]) -> tuple[str, str]:
    """``str(Path(path))`` and ``Path(path).stem``, worked out once per file, not once per line."""
    as_path = Path(path)
    return str(as_path), as_path.stem


#: The deepest a JSONL line may nest arrays and objects: orjson's limit. A deeper line is an error on every
#: Python: json.loads reads as deep as the interpreter's stack lets it (near 990 levels on 3.11, thousands
#: on 3.13), so left to it, one file would code differently from one Python to another.
MAX_JSON_DEPTH = 1024
#: orjson's messages for a line nested deeper than it reads (orjson 3.12 and later; 3.9 to 3.11), and
#: marsad's for such a line.
_ORJSON_TOO_DEEP = frozenset({"depth limit exceeded", "array and object recursion depth exceeded"})
_TOO_DEEP = "not JSON: nested too deep"
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def nested_too_deep(text: str) -> bool:
    """Whether a JSON text nests arrays and objects deeper than :data:`MAX_JSON_DEPTH` (brackets inside
    strings do not count). Asked of the lines that go the general way (:func:`article_from_jsonl_line`)."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    if len(brackets) <= MAX_JSON_DEPTH:
        return False  # (most lines: too few brackets to nest that deep)
    depth = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


#: The keys of a JSONL row that :func:`article_from_json` reads (the others are ignored).
_ARTICLE_KEYS = ("id", "text", "published", "title", "url", "outlet")
#: The types of those keys' values that orjson and json give alike (orjson reads an integer past 64
#: bits as a float: a float may stand for an integer json keeps whole; a list or an object may hold one)
_PLAIN_VALUE_TYPES = frozenset((str, int, bool, type(None)))


def plain_json_object(raw: bytes) -> Optional[dict]:
    """The JSON object of a raw JSONL line, by orjson (decoding and parsing in one C call), when that is
    what ``json.loads`` of its :func:`decode_bytes` text gives, without warnings, for every key that
    :func:`article_from_json` reads; else None (the line then goes the general way, which also words its
    errors). orjson refuses what that way would decode with a warning or refuse (a byte-order mark,
    invalid UTF-8, control bytes outside JSON's white space) and what json reads its own way (NaN,
    lone surrogates, numbers beyond a double); the one thing it reads differently without refusing, an
    integer past 64 bits (a float to orjson), leaves a float or a container, which sends the line the
    general way when it is one of the keys read. A line nested deeper than orjson reads
    (:data:`MAX_JSON_DEPTH`) is an :class:`InputError`, as the general way makes it."""
    try:
        row = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if exc.msg in _ORJSON_TOO_DEEP:
            # refused here, not left to json.loads: how deep json reads depends on the Python (3.11
            # stops near 990 levels, 3.13 reads thousands), and a line must read alike on every one
            raise InputError(_TOO_DEEP) from exc
        return None
    if type(row) is not dict:
        return None  # (the general way words the error after json's type of it)
    get = row.get
    for key in _ARTICLE_KEYS:
        if type(get(key)) not in _PLAIN_VALUE_TYPES:
            return None
    return row


def article_from_jsonl_line(raw: Union[bytes, str, InputError], *, path: Union[str, Path], line_number: int,
                            published: Optional[date] = None, options: Optional[IngestOptions] = None,
                            name: Optional[str] = None) -> Union[Article, ArticleError]:
    """The article (or the error) of one raw line of a .jsonl file: line ``line_number`` of
    ``path``, which names articles without an ``id`` (``name``, default the file's stem, then the
    line number) and the error's source. Never raises for bad input, so a line can be parsed
    anywhere (a worker process) and the batch goes on."""
    path_text, stem = _path_parts(path)
    options = options or IngestOptions()
    default_id, source = f"{name or stem}-{line_number}", f"{path_text}:{line_number}"
    if isinstance(raw, InputError):
        return ArticleError(default_id, source, str(raw))
    article_id = default_id
    try:
        warnings: list[str] = []
        if isinstance(raw, bytes):
            if len(raw) > options.max_article_bytes:
                raise too_large(len(raw), options)
            if b"\x00" in raw:
                raise InputError("binary content: NUL bytes in the line")
            row = plain_json_object(raw)
            if row is not None:  # (most lines: parsed and decoded in one C call, no warnings)
                article_id = _text_field(row, "id") or article_id  # (an error is named after it)
                return article_from_json(row, default_id=default_id, source=source, published=published,
                                         options=options, warnings=warnings, unicode_checked=True)
            line, warnings = decode_bytes(raw, fallback=options.fallback_encoding)
        else:
            line = raw
        if nested_too_deep(line):
            raise InputError(_TOO_DEEP)  # (as orjson refuses it on the way above: see MAX_JSON_DEPTH)
        try:
            row = json.loads(line, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            salvaged = _JSON_ID.search(line)  # name the error after the article when possible
            if salvaged:
                article_id = salvaged.group(1)
            raise InputError(f"not JSON: {exc.msg} (column {exc.colno})") from exc
        except RecursionError as exc:  # (json nests as deep as the stack allows; orjson reads 1,024 levels)
            raise InputError(_TOO_DEEP) from exc
        if isinstance(row, dict) and _text_field(row, "id"):
            article_id = _text_field(row, "id")
        return article_from_json(row, default_id=default_id, source=source, published=published,
                                 options=options, warnings=warnings)
    except InputError as exc:
        return ArticleError(article_id, source, str(exc))


def _json_int(digits: str) -> Union[int, str]:
    """A JSON integer as an int, or as its digits when Python refuses to make it one (beyond
    ``sys.get_int_max_str_digits()`` digits, 4,300 by default, less when PYTHONINTMAXSTRDIGITS says so): a
    huge number in a field marsad ignores must not cost the article, and one in a field it reads is read
    as text ("id") or refused with a warning ("published")."""
    try:
        return int(digits)
    except ValueError:
        return digits


def open_error(path: Path, exc: OSError) -> ArticleError:
    """The per-item error for an input file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return ArticleError(path.stem, str(path), "file not found")
    return ArticleError(path.stem, str(path), f"unreadable file: {exc.strerror or exc}")


def read_jsonl_file(path: Union[str, Path], published: Optional[date] = None,
                    options: Optional[IngestOptions] = None) -> Iterator[Union[Article, ArticleError]]:
    """Articles of a .jsonl file, one a line, read line by line; a bad line is an ArticleError
    and the other lines go on. Blank lines are skipped."""
    path, options = Path(path), options or IngestOptions()
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield open_error(path, exc)
        return
    any_line = False
    with fh:
        for n, raw in jsonl_lines(fh, options.max_article_bytes):
            if isinstance(raw, (bytes, str)) and not raw.strip():
                continue
            any_line = True
            yield article_from_jsonl_line(raw, path=path, line_number=n, published=published, options=options)
    if not any_line:
        yield ArticleError(path.stem, str(path), "empty: the file has no lines")
