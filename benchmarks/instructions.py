"""Instructions per coded article, counted by valgrind's callgrind: a measure of the coder's cost that a busy
machine does not blur, to compare two checkouts (a change's cost, a speed-up's gain) when timings move by
more than the change.

    python benchmarks/instructions.py [CHECKOUT ...] [--articles N] [--corpus CORPUS.jsonl]

For each checkout (a folder holding the ``marsad`` package; default: this one) it runs the pipeline (bundled
gazetteer) under ``valgrind --tool=callgrind`` twice, once on one article and once on the first ``N`` articles of
the corpus (each run codes its first article once before, so that lazily built tables are built in both), and
prints the instructions of the difference divided by ``N - 1``: start-up, imports and table building cancel out.
Needs valgrind (Debian package ``valgrind``); runs about 50 times slower than the pipeline itself.

On 2026-12-07 (150 articles): 10.26 million instructions an article at 1221a89, 10.56 million with the rules of
that night's unseen-article review (+2.9%), while wall-clock timings of the same two checkouts, alternated on the
2-core machine, ranged over 2.1-3.9 ms an article each.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_RUNNER = """
import json, sys
from datetime import date
sys.path.insert(0, sys.argv[1])
from marsad.pipeline import Pipeline
from marsad.document import Article
nlp = Pipeline()
arts = []
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        pub = (d.get("published") or "")[:10]
        arts.append(Article(id=d["id"], text=d["text"], title=d.get("title") or "",
                            published=date.fromisoformat(pub) if pub else None))
        if len(arts) >= int(sys.argv[3]):
            break
nlp(arts[0])
for a in arts:
    nlp(a)
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(checkout: Path, corpus: Path, articles: int, runner: Path) -> int:
    """Instructions callgrind counts for a run that codes the first ``articles`` articles of ``corpus``."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, str(runner),
         str(checkout), str(corpus), str(articles)],
        capture_output=True, text=True, env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"}, check=True)
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output for {checkout}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="*", type=Path, default=[here])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus" / "unlabeled.jsonl")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    if args.articles < 2:
        raise SystemExit("--articles must be at least 2")
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.py"
        runner.write_text(_RUNNER, encoding="utf-8")
        for checkout in args.checkouts:
            one = instructions(checkout.resolve(), args.corpus, 1, runner)
            many = instructions(checkout.resolve(), args.corpus, args.articles, runner)
            per = (many - one) / (args.articles - 1)
            print(f"{checkout}: {per / 1e6:.2f} million instructions an article ({args.articles} articles)")


if __name__ == "__main__":
    main()
