"""``marsad bench``: speed and memory of whole runs, per stage, per worker count.

What it measures, on a corpus of one article a line (default ``../shared/corpus/unlabeled.jsonl``):

- **throughput**: ``extract_to_file`` over the corpus as JSONL, and over HTML pages made from it
  (a news-site template, one file a page, in a temporary folder), for each worker count; each
  run in a fresh process (gazetteer and dictionaries loaded in the run, as a user's run would),
  repeated, reading compiled bytecode as an installed package's runs do (one run on a short
  article compiles it first); articles (pages) per second of the whole run, and per core; the
  time to the first coded article (loading) and the steady rate after it (what a long run
  tends to); articles per
  CPU-second of the run's own processes (the rate per core whatever else loads the machine);
- **memory**: peak RSS of each run's process tree (the main process plus its workers, sampled
  every 50 ms from outside), and the exact peak of the main process and of its largest worker;
- **memory flatness**: the corpus streamed 1x and Nx through standard input (a generator,
  never on disk) into ``marsad extract -``: the peak must not grow with the corpus;
- **stages**: time per article of each pipeline stage (``Pipeline(timings=True)``), of reading
  (JSONL, HTML) and of writing;
- **startup**: wall time of ``python -m marsad extract`` on one short article, imports included,
  with compiled bytecode as an installed package has it (a first run compiles it into a temporary
  folder; its time, without bytecode, is reported too).

The machine (cores, CPU model, RAM) and the load average before and after each measurement are
reported with the figures: other processes on the machine slow a run down. Every measured process
imports the marsad this one runs (:func:`this_marsad_env`), or the bench stops and says why.
"""
from __future__ import annotations

import html as html_lib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

DEFAULT_CORPUS = Path("../shared/corpus/unlabeled.jsonl")


def default_corpus() -> Path:
    """:data:`DEFAULT_CORPUS` from the working folder, else beside the marsad checkout this runs from (a
    bench started from any folder of a checkout finds the shared corpus)."""
    if DEFAULT_CORPUS.is_file():
        return DEFAULT_CORPUS
    beside = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "unlabeled.jsonl"
    return beside if beside.is_file() else DEFAULT_CORPUS

#: Project targets (issue 9), per core: articles (pages) per second, peak memory of a run's
#: process tree for any corpus size, seconds from a run's start to its first coded article.
TARGET_JSONL_PER_CORE = 1000
TARGET_HTML_PER_CORE = 300
TARGET_PEAK_MB = 300
TARGET_STARTUP_S = 0.3

#: Below this console width ``render`` prints its tables turned on their side (one column a run).
WIDE_CONSOLE = 120

SHORT_ARTICLE = "قتل خمسة مدنيين وأصيب آخرون في قصف مدفعي على مدينة حلب أمس الاثنين، بحسب المرصد السوري لحقوق الإنسان."


# --------------------------------------------------------------------------- HTML pages

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} | موقع الأخبار</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T09:30:00+03:00">
<meta name="description" content="{lead}">
<link rel="stylesheet" href="/static/site.css">
<script>var site = {{"section": "news"}};</script>
</head>
<body>
<header class="site-header">
 <nav class="menu"><ul>
  <li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/politics">سياسة</a></li>
  <li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/video">فيديو</a></li>
 </ul></nav>
 <div class="breaking">عاجل: <a href="/news/1">تابعوا آخر الأخبار لحظة بلحظة</a></div>
</header>
<main>
<div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/news">أخبار</a></div>
<article class="post">
 <h1 class="post-title">{title}</h1>
 <div class="meta"><time datetime="{published}T09:30:00+03:00">{published}</time> <span class="author">المحرر</span></div>
 <div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <span>شارك هذا الخبر</span></div>
 <div class="post-content">
{paragraphs}
 </div>
 <div class="read-also"><strong>اقرأ أيضاً:</strong> <a href="/news/2">{related}</a></div>
 <div class="tags">الوسوم: <a href="/tag/1">سوريا</a> <a href="/tag/2">العراق</a></div>
</article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul>
 <li><a href="/news/3">الأمم المتحدة تدعو إلى وقف إطلاق النار</a></li>
 <li><a href="/news/4">اجتماع وزاري لبحث الأوضاع الإنسانية</a></li>
 <li><a href="/news/5">ارتفاع أسعار الوقود في الأسواق المحلية</a></li>
</ul></aside>
</main>
<footer><p>جميع الحقوق محفوظة © 2023 موقع الأخبار</p><p>تابعونا على فيسبوك وتويتر</p>
<a href="#top" class="to-top">زر الذهاب إلى الأعلى</a></footer>
</body>
</html>
"""


def news_page(title: str, text: str, published: str = "", related: str = "عنوان خبر آخر") -> str:
    """An HTML page that wraps ``text`` (paragraphs split on newlines) like a news site would: a
    menu, a breadcrumb, share buttons, a "read also" box, related links, a footer, and the
    publication date in ``<meta>`` and ``<time>``."""
    paragraphs = "\n".join(f"  <p>{html_lib.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())
    lead = html_lib.escape(text.strip().split("\n")[0][:150])
    return PAGE.format(title=html_lib.escape(title), published=published, lead=lead,
                       paragraphs=paragraphs, related=html_lib.escape(related))


def corpus_rows(corpus: Path) -> Iterable[dict[str, Any]]:
    """The JSON objects of a JSONL corpus, streaming."""
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_pages(corpus: Path, folder: Path) -> int:
    """One HTML page per corpus article in ``folder``; returns how many."""
    n = 0
    for n, row in enumerate(corpus_rows(corpus), 1):
        page = news_page(row.get("title") or "", row.get("text") or "", row.get("published") or "")
        (folder / f"{row.get('id') or n}.html").write_text(page, encoding="utf-8")
    return n


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """Cores, CPU model, RAM, Python and marsad versions of this machine."""
    import psutil

    from ._version import __version__

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "marsad": __version__, "platform": platform.platform()}


class BenchError(RuntimeError):
    """A measurement that cannot run (its process failed, or would import another marsad)."""


#: Whether ``PYTHONSAFEPATH`` keeps the working folder off a child's path (Python 3.11+).
_SAFEPATH_PYTHON = sys.version_info >= (3, 11)


def package_root() -> Path:
    """The folder this process imports marsad from (a site-packages folder or a source checkout)."""
    return Path(__file__).resolve().parent.parent


def this_marsad_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` made such that a child ``python -m marsad…`` started here imports the marsad this
    process runs, or a :class:`BenchError` saying why it cannot.

    ``-m`` puts the working folder first on the path: in a source checkout a child would import
    the checkout's sources while this process runs an installed marsad (or the other way round).
    ``PYTHONSAFEPATH`` (Python 3.11+) keeps the working folder off the path. This marsad's folder goes
    first on ``PYTHONPATH`` only when a child would not find it otherwise (the bench was started
    with marsad in its working folder): first on the path, a folder shadows the standard library."""
    env["PYTHONSAFEPATH"] = "1"
    pythonpath = _children_pythonpath(os.getcwd(), env.get("PYTHONPATH", ""), str(package_root()), env)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


#: Where a child process imports marsad from (what a ``python -m`` child would, started here).
_WHERE_MARSAD = "import marsad, pathlib; print(pathlib.Path(marsad.__file__).resolve().parent.parent)"


def imported_root(env: dict[str, str]) -> str:
    """The folder a child process with ``env``, started in this working folder, imports marsad from."""
    # (no bytecode written: the bench's cache must not be warmed by this question before its first run)
    done = subprocess.run([sys.executable, "-c", _WHERE_MARSAD], env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
                          capture_output=True, text=True)
    if done.returncode != 0:
        return f"nowhere ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode})"
    return done.stdout.strip()


_checked_paths: dict[tuple[str, str, str], str] = {}  # (working folder, PYTHONPATH, root) -> PYTHONPATH to use


def _children_pythonpath(cwd: str, pythonpath: str, root: str, env: dict[str, str]) -> str:
    """The ``PYTHONPATH`` with which children started in ``cwd`` import marsad from ``root`` (asked of a
    child once per working folder and path)."""
    key = (cwd, pythonpath, root)
    if key not in _checked_paths:
        found = imported_root({**env, "PYTHONPATH": pythonpath})
        if found != root:
            widened = os.pathsep.join([root, *[p for p in pythonpath.split(os.pathsep) if p]])
            found = imported_root({**env, "PYTHONPATH": widened})
            if found != root:
                advice = (f": on Python {platform.python_version()} python -m puts the working folder ({cwd}) "
                          "first; start the bench from a folder without a marsad package, or use Python 3.11+"
                          if not _SAFEPATH_PYTHON else "")
                raise BenchError(f"the measured runs would import marsad from {found}, the bench runs "
                                 f"{root}{advice}")
            pythonpath = widened
        _checked_paths[key] = pythonpath
    return _checked_paths[key]


def load_average() -> float:
    """The 1-minute load average (other processes competing for the cores)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


# --------------------------------------------------------------------------- one measured run


@dataclass
class RunResult:
    """One measured run, in its own process."""

    label: str
    workers: int
    items: int = 0  # articles (pages) coded
    seconds: float = 0.0  # the run (extract_to_file), from the child's clock
    wall: float = 0.0  # the process, interpreter start and imports included
    peak_total_mb: float = 0.0  # sampled sum of the process tree's RSS
    peak_main_mb: float = 0.0  # ru_maxrss of the main process
    peak_worker_mb: float = 0.0  # ru_maxrss of its largest worker
    load_before: float = 0.0
    load_after: float = 0.0
    events: int = 0
    errors: int = 0
    first_item: float = 0.0  # seconds from the run's start to its first coded article (loading included)
    cpu_seconds: float = 0.0  # CPU time of the run's processes (main and workers), user + system

    @property
    def per_cpu_second(self) -> float:
        """Articles per CPU-second of the run's own processes: the rate per core, whatever else
        runs on the machine (a shared machine's load slows the wall clock, not this)."""
        return self.items / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def steady_rate(self) -> float:
        """Articles per second once the first is coded: the rate a long run tends to."""
        rest = self.seconds - self.first_item
        return (self.items - 1) / rest if self.items > 1 and rest > 0 else 0.0


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def bytecode_env(pycache: Path) -> dict[str, str]:
    """The environment of a measured process: this one's, with bytecode read from and written to
    ``pycache`` (``PYTHONPYCACHEPREFIX``; ``PYTHONDONTWRITEBYTECODE`` unset), as an installed
    package has it (``pip install`` compiles the sources). Without it, an editable install with
    ``PYTHONDONTWRITEBYTECODE`` set compiles every module it imports in every run: time that is
    not marsad's, counted in the time to the first article and in the run's rate."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return this_marsad_env(env)


def compile_bytecode(pycache: Path, workers: int = 1) -> None:
    """Write into ``pycache`` the bytecode of every module a measured run imports, by one run on a
    short article and a short HTML page with ``workers`` (the most the bench runs: a run with workers
    imports multiprocessing; one of pages, the HTML readers), so that the measured runs read it,
    as an installed package's runs do (``PYTHONPYCACHEPREFIX`` sets aside every ``__pycache__``
    folder, the standard library's and site-packages' too)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "short.txt").write_text(SHORT_ARTICLE, encoding="utf-8")
        (folder / "short.html").write_text(news_page("عنوان", SHORT_ARTICLE), encoding="utf-8")
        spec = {"inputs": [str(folder)], "workers": workers, "published": "2023-01-02", "marsad": str(package_root())}
        done = subprocess.run([sys.executable, "-m", "marsad.bench", "--child", json.dumps(spec)],
                              capture_output=True, env=bytecode_env(pycache))
        if done.returncode != 0:
            raise BenchError(f"the run that compiles the bytecode failed: "
                             f"{done.stderr.decode(errors='replace')[-2000:]}")


def measure(label: str, workers: int, inputs: list[str], *, stdin_repeat: int = 0, corpus: Optional[Path] = None,
            published: str = "", pycache: Optional[Path] = None) -> RunResult:
    """Run ``extract_to_file(inputs)`` with ``workers`` in a fresh process, sampling its memory.

    ``stdin_repeat``: the inputs are ``-`` and ``corpus`` is written that many times to the
    process's standard input, line by line, from a generator. ``pycache``: the process reads
    compiled bytecode there (:func:`bytecode_env`); None runs it with this process's environment
    (made to import this marsad: :func:`this_marsad_env`).
    """
    import psutil

    spec = {"inputs": inputs, "workers": workers, "published": published, "marsad": str(package_root())}
    cmd = [sys.executable, "-m", "marsad.bench", "--child", json.dumps(spec)]
    result = RunResult(label, workers, load_before=load_average())
    started = time.perf_counter()
    proc = psutil.Popen(cmd, stdin=subprocess.PIPE if stdin_repeat else subprocess.DEVNULL,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        env=bytecode_env(pycache) if pycache is not None else this_marsad_env(dict(os.environ)))
    feeder = None
    if stdin_repeat:
        def feed() -> None:
            try:
                for _ in range(stdin_repeat):
                    with corpus.open("rb") as fh:  # type: ignore[union-attr]
                        for line in fh:
                            proc.stdin.write(line)
            except BrokenPipeError:
                pass
            finally:
                proc.stdin.close()
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
    peak = 0
    stdout_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stdout_chunks.append(proc.stdout.read()), daemon=True)
    stderr_chunks: list[bytes] = []
    err_reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    err_reader.start()
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.05)
    reader.join()
    err_reader.join()
    if feeder is not None:
        feeder.join()
    result.wall = time.perf_counter() - started
    result.load_after = load_average()
    if proc.returncode != 0:
        raise BenchError(f"benchmark run {label} failed: {b''.join(stderr_chunks).decode(errors='replace')[-2000:]}")
    child = json.loads(b"".join(stdout_chunks).decode().strip().splitlines()[-1])
    result.items, result.seconds = child["coded"], child["seconds"]
    result.events, result.errors = child["events"], child["errors"]
    result.first_item = child["first_item"]
    result.cpu_seconds = child["cpu_seconds"]
    result.peak_main_mb, result.peak_worker_mb = child["maxrss_self_mb"], child["maxrss_children_mb"]
    result.peak_total_mb = round(max(peak / 2**20, result.peak_main_mb), 1)
    return result


def _child(spec_json: str) -> None:
    """The measured process: one extract run; prints its figures as JSON."""
    import resource

    spec = json.loads(spec_json)
    # a second check, after the bench's own (this_marsad_env): it catches a child that imports another
    # marsad only when that marsad has it too, and only after ``-m`` has loaded its package
    if spec.get("marsad", str(package_root())) != str(package_root()):
        sys.exit(f"the measured run imported marsad from {package_root()}, the bench runs {spec['marsad']}")

    from .run.runner import extract_to_file

    first: list[float] = []
    started = time.perf_counter()

    def on_item(item) -> None:
        if not first and hasattr(item, "events"):
            first.append(time.perf_counter() - started)

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    cpu_before = cpu()
    with tempfile.TemporaryDirectory() as tmp:
        summary = extract_to_file(spec["inputs"], Path(tmp) / "events.jsonl", workers=spec["workers"],
                                  published=spec["published"] or None, on_item=on_item)
    cpu_seconds = cpu() - cpu_before  # (workers are joined by now: their time is in RUSAGE_CHILDREN)
    usage_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"coded": summary.articles_coded, "seconds": summary.seconds, "events": summary.events_written,
                      "errors": summary.error_count, "first_item": first[0] if first else 0.0,
                      "cpu_seconds": cpu_seconds,
                      "maxrss_self_mb": round(usage_self, 1),
                      "maxrss_children_mb": round(usage_children, 1)}))


# --------------------------------------------------------------------------- stages, startup


def stage_times(corpus: Path, pages: Optional[Path]) -> dict[str, float]:
    """Milliseconds per article of reading, of each pipeline stage, and of writing (one process,
    resources loaded first, the garbage collector set as a run sets it)."""
    from .io.sources import read_inputs
    from .io.output import EventWriter
    from .pipeline import Pipeline
    from .run.parallel import ParallelOptions, warm_up, young_collections

    nlp = Pipeline(timings=True)
    warm_up(nlp)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    articles = [a for a in read_inputs([corpus]) if hasattr(a, "text")]
    times["read jsonl"] = time.perf_counter() - t0
    n = len(articles)
    if pages is not None:
        t0 = time.perf_counter()
        n_pages = sum(1 for a in read_inputs([pages]) if hasattr(a, "text"))
        times["read html"] = (time.perf_counter() - t0) * n / max(n_pages, 1)
    docs = []
    # (with the collector set as a run sets it: see marsad.run.parallel.young_collections)
    with young_collections(ParallelOptions.from_settings(nlp.settings).young_gc_threshold):
        for doc in nlp.pipe(articles):
            if hasattr(doc, "timings"):
                for name, seconds in doc.timings.items():
                    times[name] = times.get(name, 0.0) + seconds
                docs.append(doc)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with EventWriter(Path(tmp) / "events.jsonl") as writer:
            for doc in docs:
                for event in doc.events:
                    writer.write(event, source=doc.outlet, url=doc.url)
        times["write jsonl"] = time.perf_counter() - t0
    return {name: 1000 * seconds / max(n, 1) for name, seconds in times.items()}


def startup_times(repeat: int = 3) -> tuple[list[float], float]:
    """Wall seconds of ``python -m marsad extract`` on one short article, ``repeat`` times, and
    the wall seconds of a first run before them.

    The runs use compiled bytecode, as an installed package has it (``pip install`` compiles the
    sources): the first run compiles every module it imports into a temporary cache folder
    (``PYTHONPYCACHEPREFIX``, with ``PYTHONDONTWRITEBYTECODE`` unset; the source tree is not
    written to) and the timed runs read it. The first run's time is returned too: it is what a
    run costs without any bytecode (an editable install with ``PYTHONDONTWRITEBYTECODE`` set
    compiles the sources on every run)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "short.txt"
        article.write_text(SHORT_ARTICLE, encoding="utf-8")
        cmd = [sys.executable, "-m", "marsad", "extract", str(article), "--out", str(Path(tmp) / "events.jsonl"),
               "--quiet", "--published", "2023-01-02"]
        env = bytecode_env(Path(tmp) / "pycache")
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        first = time.perf_counter() - t0
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - t0)
    return times, first


def profile_runs(corpus: Path, folder: Path, html: bool = True) -> list[Path]:
    """pyinstrument profiles of one-process extract runs (JSONL, and HTML pages made from the
    corpus), as text reports in ``folder``; needs ``pip install marsad[profile]``."""
    try:
        from pyinstrument import Profiler
    except ImportError as exc:
        raise RuntimeError("profiling needs pyinstrument: pip install 'marsad[profile]'") from exc
    from .run.runner import extract_to_file

    folder.mkdir(parents=True, exist_ok=True)
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {"jsonl": [corpus]}
        if html:
            pages = Path(tmp) / "pages"
            pages.mkdir()
            write_pages(corpus, pages)
            inputs["html"] = [pages]
        for label, paths in inputs.items():
            profiler = Profiler(interval=0.001)
            profiler.start()
            extract_to_file(paths, Path(tmp) / "events.jsonl", workers=1)
            profiler.stop()
            report = folder / f"profile-{label}.txt"
            report.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
            reports.append(report)
    return reports


# --------------------------------------------------------------------------- the benchmark


@dataclass
class BenchResults:
    machine: dict[str, Any]
    corpus: str
    articles: int
    runs: list[RunResult] = field(default_factory=list)
    flat: list[RunResult] = field(default_factory=list)
    stages_ms: dict[str, float] = field(default_factory=dict)
    startup_s: list[float] = field(default_factory=list)
    #: the first startup run, which compiled the bytecode the others read (0: not measured)
    startup_first_s: float = 0.0

    def best(self, label: str, workers: int) -> Optional[RunResult]:
        runs = [r for r in self.runs if r.label == label and r.workers == workers]
        return max(runs, key=lambda r: r.rate) if runs else None

    def to_dict(self) -> dict[str, Any]:
        def run_row(r: RunResult) -> dict[str, Any]:
            # measured values as they are (the tables are computed from them); derived rates rounded
            return {**asdict(r), "rate": round(r.rate, 1), "steady_rate": round(r.steady_rate, 1),
                    "per_cpu_second": round(r.per_cpu_second, 1)}

        return {"machine": self.machine, "corpus": self.corpus, "articles": self.articles,
                "runs": [run_row(r) for r in self.runs], "flat": [run_row(r) for r in self.flat],
                "stages_ms_per_article": dict(self.stages_ms),
                "startup_s": list(self.startup_s), "startup_first_s": self.startup_first_s,
                "targets": {"jsonl_per_core": TARGET_JSONL_PER_CORE, "html_per_core": TARGET_HTML_PER_CORE,
                            "peak_mb": TARGET_PEAK_MB, "startup_s": TARGET_STARTUP_S}}


def run_benchmark(corpus: Path, workers: Iterable[int] = (1, 2), *, html: bool = True, repeat: int = 2,
                  flat_repeat: int = 5, stages: bool = True, startup: bool = True,
                  progress=None) -> BenchResults:
    """Every measurement of the module docstring; ``progress(message)`` hears what runs."""
    from .run.parallel import available_cores

    say = progress or (lambda message: None)
    corpus = corpus.resolve()
    n = sum(1 for _ in corpus_rows(corpus))
    results = BenchResults(machine={**machine(), "cores_usable": available_cores()}, corpus=str(corpus), articles=n)
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        if html:
            pages.mkdir()
            write_pages(corpus, pages)
        pycache = Path(tmp) / "pycache"
        say("compiling bytecode (one run on a short article and a page)")
        compile_bytecode(pycache, workers=max(workers))
        for w in workers:
            for i in range(repeat):
                say(f"jsonl, {w} worker(s), run {i + 1}/{repeat}")
                results.runs.append(measure("jsonl", w, [str(corpus)], pycache=pycache))
                if html:
                    say(f"html, {w} worker(s), run {i + 1}/{repeat}")
                    results.runs.append(measure("html", w, [str(pages)], pycache=pycache))
        if flat_repeat:
            for w in sorted({min(workers), max(workers)}):
                for times in (1, flat_repeat):
                    say(f"memory flatness: corpus x{times} through stdin, {w} worker(s)")
                    run = measure(f"stdin x{times}", w, ["-"], stdin_repeat=times, corpus=corpus, pycache=pycache)
                    results.flat.append(run)
        if stages:
            say("per-stage times")
            results.stages_ms = stage_times(corpus, pages if html else None)
    if startup:
        say("startup of marsad extract on one short article")
        results.startup_s, results.startup_first_s = startup_times()
    return results


def target_lines(results: BenchResults) -> list[str]:
    """Each target of :data:`TARGET_JSONL_PER_CORE` and the others, the figure measured against
    it, and whether it is met: one line each (no line is longer than 80 characters)."""
    import statistics

    m = results.machine
    cores = max(1, m.get("cores_usable") or 1)
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for label, noun, target in (("jsonl", "articles", TARGET_JSONL_PER_CORE), ("html", "pages", TARGET_HTML_PER_CORE)):
        ws = sorted({r.workers for r in results.runs if r.label == label})
        if not ws:
            continue
        best = results.best(label, ws[0])
        runs = [r for r in results.runs if r.label == label and r.workers == ws[0]]
        per_core = best.rate / min(ws[0], cores)
        per_cpu = max(r.per_cpu_second for r in runs)
        lines.append(f"{label.upper()}: {per_core:.0f} {noun}/s per core, {per_cpu:.0f} per CPU-s "
                     f"(target >= {target}): {verdict(max(per_core, per_cpu) >= target)}")
    jsonl = [r for r in results.runs if r.label == "jsonl"]
    firsts = [r.first_item for r in (jsonl or results.runs) if r.first_item > 0
              and r.workers == min(x.workers for x in (jsonl or results.runs))]
    if firsts:
        first = statistics.median(firsts)
        lines.append(f"first coded article: median {first:.2f} s of {len(firsts)} run(s) "
                     f"(target < {TARGET_STARTUP_S} s): {verdict(first < TARGET_STARTUP_S)}")
    if results.startup_s:
        startup = statistics.median(results.startup_s)
        lines.append(f"startup, one article, whole process: median {startup:.2f} s "
                     f"(target < {TARGET_STARTUP_S} s): {verdict(startup < TARGET_STARTUP_S)}")
    peaks = [r.peak_total_mb for r in results.runs + results.flat]
    if peaks:
        flat = ""
        by_workers: dict[int, list[RunResult]] = {}
        for r in results.flat:
            by_workers.setdefault(r.workers, []).append(r)
        growth = [f"{rs[0].peak_total_mb:.0f}->{rs[-1].peak_total_mb:.0f}" for rs in by_workers.values() if len(rs) > 1]
        if growth:
            flat = f" (1x->{results.flat[-1].label.split('x')[-1]}x: {', '.join(growth)})"
        lines.append(f"peak RSS {max(peaks):.0f} MB{flat} (target < {TARGET_PEAK_MB} MB): "
                     f"{verdict(max(peaks) < TARGET_PEAK_MB)}")
    return lines


def _run_rows(results: BenchResults) -> list[tuple[str, str, RunResult, list[RunResult], int]]:
    """(input, workers, best run, all runs, target) of each measured input and worker count."""
    rows = []
    for label, target in (("jsonl", TARGET_JSONL_PER_CORE), ("html", TARGET_HTML_PER_CORE)):
        for w in sorted({r.workers for r in results.runs if r.label == label}):
            best = results.best(label, w)
            if best is not None:
                runs = [r for r in results.runs if r.label == label and r.workers == w]
                rows.append((label, str(w), best, runs, target))
    return rows


def render(results: BenchResults, console=None) -> None:
    """Print the results as rich tables: one row a run on a wide console, turned on their side
    (one column a run, one row a figure) when it has fewer than :data:`WIDE_CONSOLE` columns."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    narrow = console.width < WIDE_CONSOLE
    m = results.machine
    console.print(f"machine: {m['nproc']} cores ({m['cores_usable']} usable), {m['cpu']}, {m['ram_gb']} GB RAM")
    console.print(f"Python {m['python']}, marsad {m['marsad']}; corpus: {results.corpus} ({results.articles} articles)")
    cores = max(1, m.get("cores_usable") or 1)
    console.print("against the targets:")
    for line in target_lines(results):
        console.print(f"  {line}")

    def table(title: str, columns: list[str], rows: list[list[str]], first_left: bool = True) -> Table:
        """A table, or on a narrow console the same figures with one column a row of ``rows``."""
        if not narrow:
            t = Table(title=title)
            for i, column in enumerate(columns):
                t.add_column(column, justify="left" if i == 0 and first_left else "right")
            for row in rows:
                t.add_row(*row)
            return t
        t = Table(title=title, show_header=True)
        t.add_column(columns[0])
        for row in rows:
            t.add_column(row[0], justify="right")
        for i, column in enumerate(columns[1:], 1):
            t.add_row(column, *[row[i] for row in rows])
        return t

    run_rows = []
    for label, w, best, runs, target in _run_rows(results):
        used = min(int(w), cores)
        run_rows.append([f"{label} x{w}" if narrow else label, *([] if narrow else [w]), str(best.items),
                         f"{best.seconds:.2f}", f"{best.rate:.0f}", f"{best.rate / used:.0f}", f"{best.first_item:.2f}",
                         f"{best.steady_rate:.0f}", f"{best.steady_rate / used:.0f}",
                         f"{max(r.per_cpu_second for r in runs):.0f}", str(target), f"{best.peak_total_mb:.0f}",
                         f"{best.peak_main_mb:.0f}", f"{best.peak_worker_mb:.0f}",
                         f"{best.load_before:.2f}-{best.load_after:.2f}", ", ".join(f"{r.rate:.0f}" for r in runs)])
    if run_rows:
        columns = ["input", "workers", "items", "seconds", "items/s", "per core", "first item s", "steady/s",
                   "steady/core", "per CPU-s", "target/core", "peak RSS MB (tree)", "main MB", "worker MB",
                   "load avg", "runs (items/s)"]
        if narrow:
            columns = ["input x workers"] + columns[2:]
        console.print(table("Whole runs (extract_to_file: read, code, write), best of repeats", columns, run_rows))
    if results.flat:
        flat_rows = [[f"{r.label} w{r.workers}" if narrow else r.label, *([] if narrow else [str(r.workers)]),
                      str(r.items), f"{r.seconds:.2f}", f"{r.rate:.0f}", f"{r.peak_total_mb:.0f}",
                      f"{r.peak_main_mb:.0f}", f"{r.peak_worker_mb:.0f}", f"{r.load_before:.2f}-{r.load_after:.2f}"]
                     for r in results.flat]
        columns = ["input", "workers", "articles", "seconds", "articles/s", "peak RSS MB (tree)", "main MB",
                   "worker MB", "load avg"]
        if narrow:
            columns = ["input, workers"] + columns[2:]
        console.print(table("Memory flatness: the corpus streamed through stdin (marsad extract -)", columns, flat_rows))
    if results.stages_ms:
        stages = Table(title="Time per article, one process, resources loaded")
        stages.add_column("step")
        stages.add_column("ms/article", justify="right")
        stages.add_column("share of coding", justify="right")
        coding = sum(v for k, v in results.stages_ms.items() if not k.startswith(("read", "write")))
        for name, ms in sorted(results.stages_ms.items(), key=lambda kv: -kv[1]):
            share = "" if name.startswith(("read", "write")) else f"{ms / coding:.0%}"
            stages.add_row(name, f"{ms:.3f}", share)
        stages.add_row("all stages", f"{coding:.3f}", "100%")
        console.print(stages)
    if results.startup_s:
        console.print(f"startup: marsad extract on one short article: "
                      f"{', '.join(f'{t:.2f}' for t in results.startup_s)} s wall (whole process, imports included"
                      f"{first_run(results)})")


def first_run(results: BenchResults) -> str:
    """How long the first startup run took, compiling the bytecode the others read."""
    if not results.startup_first_s:
        return ""
    return (f"; with bytecode, as an installed package has it: the first run, which compiled it, "
            f"took {results.startup_first_s:.2f} s")


def markdown(results: BenchResults) -> str:
    """The results as Markdown tables (for the README), with the machine and the load."""
    import statistics

    m = results.machine
    lines = [f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gb']} GB RAM, Python {m['python']}, "
             f"marsad {m['marsad']}; corpus {Path(results.corpus).name} ({results.articles} articles).", "",
             "| input | workers | items/s (whole run) | per core | first article s | steady items/s | per CPU-s | "
             "target per core | peak RSS MB (tree / main / largest worker) | load avg | all runs items/s |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    cores = max(1, m.get("cores_usable") or 1)
    for label, target in (("jsonl", TARGET_JSONL_PER_CORE), ("html", TARGET_HTML_PER_CORE)):
        for w in sorted({r.workers for r in results.runs if r.label == label}):
            best = results.best(label, w)
            runs = [r for r in results.runs if r.label == label and r.workers == w]
            if best is None:
                continue
            lines.append(
                f"| {label} | {w} | {best.rate:.0f} | {best.rate / min(w, cores):.0f} | {best.first_item:.2f} | "
                f"{best.steady_rate:.0f} | {max(r.per_cpu_second for r in runs):.0f} | {target} | "
                f"{best.peak_total_mb:.0f} / {best.peak_main_mb:.0f} / {best.peak_worker_mb:.0f} | "
                f"{best.load_before:.2f}-{best.load_after:.2f} | {', '.join(f'{r.rate:.0f}' for r in runs)} |")
    if results.flat:
        lines += ["", "| streamed through stdin | workers | articles | articles/s | peak RSS MB (tree / main / worker) | load avg |",
                  "|---|---|---|---|---|---|"]
        for r in results.flat:
            lines.append(f"| {r.label} | {r.workers} | {r.items} | {r.rate:.0f} | {r.peak_total_mb:.0f} / "
                         f"{r.peak_main_mb:.0f} / {r.peak_worker_mb:.0f} | {r.load_before:.2f}-{r.load_after:.2f} |")
    if results.stages_ms:
        coding = sum(v for k, v in results.stages_ms.items() if not k.startswith(("read", "write")))
        lines += ["", "| step (one process) | ms/article | share of coding |", "|---|---|---|"]
        for name, ms in sorted(results.stages_ms.items(), key=lambda kv: -kv[1]):
            share = "" if name.startswith(("read", "write")) else f"{ms / coding:.0%}"
            lines.append(f"| {name} | {ms:.3f} | {share} |")
        lines.append(f"| all stages | {coding:.3f} | 100% |")
    if results.startup_s:
        lines += ["", f"Startup of `marsad extract` on one short article (wall, whole process, imports included): "
                      f"median {statistics.median(results.startup_s):.2f} s of "
                      f"{', '.join(f'{t:.2f}' for t in results.startup_s)} s{first_run(results)}."]
    targets = target_lines(results)
    if targets:
        lines += ["", "Against the targets:", ""] + [f"- {line}" for line in targets]
    return "\n".join(lines) + "\n"


def results_from_json(data: dict[str, Any]) -> BenchResults:
    """Results written by ``--json-out``, read back (to render them again)."""
    fields = set(RunResult.__dataclass_fields__)

    def run(row: dict[str, Any]) -> RunResult:
        return RunResult(**{k: v for k, v in row.items() if k in fields})

    return BenchResults(machine=data["machine"], corpus=data["corpus"], articles=data["articles"],
                        runs=[run(r) for r in data["runs"]], flat=[run(r) for r in data["flat"]],
                        stages_ms=data.get("stages_ms_per_article") or {}, startup_s=data.get("startup_s") or [],
                        startup_first_s=data.get("startup_first_s") or 0.0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        sys.exit("usage: marsad bench (this module's --child is for its own measured runs)")
