"""How fast a whole blog moves in: a generated WordPress export of 10,000 posts and 150,000
threaded comments imported by ``flask --app comments import`` (wall time and peak memory of the
process), next to Pelican's own ``pelican-import --wpfile`` (with Debian's pandoc) on a slice of
the same posts in the same run. ``pelican-import`` imports posts only, so the comparison is per
post: our posts-only import of the same slice, and the whole import, against it.

Goals (issue #14): the whole import under 60 s and 300 MB on this machine, and at least 5x faster
per post than pelican-import.

Usage: .venv/bin/python bench/import.py [--posts 10000] [--comments 150000] [--slice 1000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SENTENCES = (
    "Asiakas huomaa ensimmäisenä sen, mitä häneltä kysytään kahdesti.",
    "Meillä kokeiltiin samaa, ja tulokset näkyivät jo ensimmäisen kuukauden aikana.",
    "Palautteen kerääminen on helppoa, mutta sen käsittely vaatii sovitun vastuun.",
    "Odotusaika tuntuu lyhyemmältä, kun asiakas tietää, mitä seuraavaksi tapahtuu.",
    "Tämä oli hyvä muistutus siitä, että prosessi on asiakkaalle näkymätön.",
    "Olen eri mieltä: mittari kertoo vain osan totuudesta, ei koko kokemusta.",
)
WORDS = sorted({word.strip(".,:").lower() for sentence in SENTENCES for word in sentence.split()})


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def post_html(rng: random.Random, number: int) -> str:
    paragraphs = [
        f"{rng.choice(SENTENCES)} {words(rng, 25)} (kirjoitus {number})." for _ in range(4)
    ]
    return (
        f"{paragraphs[0]}\n\n<h2>{words(rng, 3).capitalize()}</h2>\n{paragraphs[1]}\n\n"
        f"<ul>\n<li>{words(rng, 5)}</li>\n<li><strong>{words(rng, 4)}</strong></li>\n</ul>\n\n"
        f'{paragraphs[2]} <a href="https://esimerkki.example/{number}">{words(rng, 2)}</a>.\n\n'
        f"<blockquote>{rng.choice(SENTENCES)}</blockquote>\n\n{paragraphs[3]}"
    )


def comment_text(rng: random.Random, number: int) -> str:
    text = f"{rng.choice(SENTENCES)} {words(rng, rng.randint(8, 40))}, kommentti {number}."
    if number % 3 == 0:
        text += f"\n\n{rng.choice(SENTENCES)} <em>{words(rng, 3)}</em>."
    return text


def write_export(path: Path, posts: int, comments: int, seed: int = 14) -> None:
    """A WXR 1.2 file: ``posts`` posts, ``comments`` comments spread over them, a third of them
    replies (to a random earlier comment of the same post), statuses mixed like a real blog."""
    rng = random.Random(seed)
    per_post = [comments // posts + (1 if i < comments % posts else 0) for i in range(posts)]
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Vertailublogi</title><link>https://vertailu.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for number in range(1, posts + 1):
            day = f"20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            out.write(
                f"<item><title>{escape(words(rng, 5).capitalize())} {number}</title>\n"
                f"<link>https://vertailu.example/{day[:4]}/{day[5:7]}/kirjoitus-{number}/</link>\n"
                f"<dc:creator>kirjoittaja</dc:creator>\n"
                f"<content:encoded><![CDATA[{post_html(rng, number)}]]></content:encoded>\n"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
                f"<wp:post_id>{number}</wp:post_id>\n"
                f"<wp:post_date>{day} 12:00:00</wp:post_date>\n"
                f"<wp:post_date_gmt>{day} 10:00:00</wp:post_date_gmt>\n"
                f"<wp:post_name>kirjoitus-{number}</wp:post_name>\n"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n"
                f'<category domain="category" nicename="aihe-{number % 9}">'
                f"<![CDATA[Aihe {number % 9}]]></category>\n"
            )
            first = comment_id + 1
            for _ in range(per_post[number - 1]):
                comment_id += 1
                reply = comment_id > first and rng.random() < 0.35
                parent = rng.randint(first, comment_id - 1) if reply else 0
                status = rng.choices(["1", "0", "spam", "trash"], [85, 7, 6, 2])[0]
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Lukija {comment_id % 997} Virtanen</wp:comment_author>"
                    "<wp:comment_author_email>"
                    f"lukija{comment_id % 4999}@example.com</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>{day} 14:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{comment_text(rng, comment_id)}]]>"
                    f"</wp:comment_content><wp:comment_approved>{status}</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


@dataclass(frozen=True)
class Run:
    """One measured command with every process it started: wall seconds, CPU seconds (all of
    them, and of the processes below the command itself: the import's workers), the largest
    single process (max RSS), and the whole tree's memory sampled every 0.2 s: its peak PSS
    (shared pages counted once, split between the processes sharing them) and its peak RSS
    (shared pages counted in every process sharing them: an upper bound). A process shorter
    than a sample (pelican-import's pandoc runs) may be missed by the sampled figures."""

    seconds: float
    cpu: float
    workers_cpu: float
    peak_mb: float
    tree_pss_mb: float
    tree_rss_mb: float


def run_measured(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end and measure it (``wait4`` gives the rusage of the command
    and everything it waited for, and of nothing else this benchmark ran)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        tree_pss = tree_rss = 0
        workers_ticks: dict[int, int] = {}
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree = _process_tree(child.pid)
            tree_pss = max(tree_pss, sum(pss for pss, _, _ in tree.values()))
            tree_rss = max(tree_rss, sum(rss for _, rss, _ in tree.values()))
            for member, (_, _, ticks) in tree.items():
                if member != child.pid:
                    workers_ticks[member] = ticks
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{command[0]} failed:\n{errors.read().decode()[-2000:]}")
    return Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        sum(workers_ticks.values()) / os.sysconf("SC_CLK_TCK"),
        usage.ru_maxrss / 1024,
        tree_pss / 1024,
        tree_rss / 1024,
    )


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine slows every run."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _process_tree(root: int) -> dict[int, tuple[int, int, int]]:
    """pid -> (PSS kB, RSS kB, CPU clock ticks) of ``root`` and its descendants."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])
    members = {root}
    grown = True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in members} - members
        members |= found
        grown = bool(found)
    tree = {}
    for pid in members:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        sizes = dict(line.split()[:2] for line in rollup.splitlines()[1:])
        tree[pid] = (int(sizes.get("Pss:", 0)), int(sizes.get("Rss:", 0)), ticks.get(pid, 0))
    return tree


def shared_floor(samples: int = 2000) -> tuple[float, float]:
    """CPU milliseconds per comment of the two steps every comment takes whatever its way in:
    the sanitising renderer and the comment policy (measured here, in this process)."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from comments.policy import Submission, evaluate
    from comments.render import render_comment

    rng = random.Random(7)
    texts = [comment_text(rng, number) for number in range(samples)]
    start = time.process_time()
    for text in texts:
        render_comment(text)
    render_ms = (time.process_time() - start) / samples * 1000
    start = time.process_time()
    for number, text in enumerate(texts):
        evaluate(Submission(f"Lukija {number} Virtanen", f"lukija{number}@example.com", text))
    return render_ms, (time.process_time() - start) / samples * 1000


def our_import(export: Path, work: Path) -> Run:
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "articles").mkdir(parents=True)
    database = work / "comments.sqlite3"
    database.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VASTINE_")}
    env["VASTINE_DATABASE"] = json.dumps(str(database))
    command = [str(BIN / "flask"), "--app", "comments", "import", str(export)]
    return run_measured([*command, "--content", str(content), "--json"], env)


def posts_only_slice(export: Path, target: Path, posts: int) -> None:
    """The first ``posts`` posts of ``export`` without their comments."""
    with export.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        count = 0
        in_comment = False
        for line in source:
            if line.startswith("<wp:comment>") or in_comment:
                in_comment = "</wp:comment>" not in line
                continue
            if line.startswith("</channel>"):
                break
            if line.startswith("<item>"):
                count += 1
                if count > posts:
                    break
            out.write(line)
        out.write("</channel></rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=150_000)
    parser.add_argument("--slice", type=int, default=1_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vastine-bench-import-"))
    try:
        export = work / "vienti.xml"
        write_export(export, args.posts, args.comments)
        sliced = work / "viipale.xml"
        posts_only_slice(export, sliced, args.slice)
        size = export.stat().st_size / 1e6
        print(f"Generated WXR: {args.posts} posts, {args.comments} comments, {size:.0f} MB")
        print(f"load average before the runs: {_load()} ({os.cpu_count()} CPUs)")
        whole = our_import(export, work)
        ours = our_import(sliced, work)
        rows = [
            ("vastine import, whole export", args.posts, whole),
            (f"vastine import, {args.slice} posts only", args.slice, ours),
        ]
        baseline = shutil.which("pandoc") and importlib.util.find_spec("lxml")
        if baseline:
            output = work / "pelican-import"
            command = [str(BIN / "pelican-import"), "--wpfile", "-m", "markdown"]
            pelican = run_measured([*command, "-o", str(output), str(sliced)])
            rows.append((f"pelican-import --wpfile, {args.slice} posts", args.slice, pelican))
        print(
            f"{'run':40} {'posts':>6} {'wall s':>7} {'CPU s':>7} {'of it':>7} "
            f"{'CPU ms/post':>11} {'max RSS':>8} {'tree PSS':>9} {'tree RSS':>9}"
        )
        for name, count, run in rows:
            print(
                f"{name:40} {count:>6} {run.seconds:>7.1f} {run.cpu:>7.1f} "
                f"{run.workers_cpu:>7.1f} {run.cpu / count * 1000:>11.2f} "
                f"{run.peak_mb:>8.0f} {run.tree_pss_mb:>9.0f} {run.tree_rss_mb:>9.0f}"
            )
        print(
            "(CPU s: the command and every process it started; of it: those below it, the "
            "import's workers or pandoc, sampled; MB: the largest process, and the peak PSS "
            "and RSS of all its processes together, sampled)"
        )
        print(f"load average after the runs: {_load()}")
        render_ms, policy_ms = shared_floor()
        floor = (render_ms + policy_ms) * args.comments / 1000
        print(
            f"every comment's render_comment {render_ms:.2f} + policy {policy_ms:.2f} CPU ms: "
            f"{floor:.0f} CPU s for {args.comments} comments before any importing"
        )
        verdict = "met" if whole.seconds < 60 and whole.tree_pss_mb < 300 else "NOT met"
        print(
            f"goal < 60 s and < 300 MB (tree PSS) for the whole import of {args.posts} posts and "
            f"{args.comments} comments: {verdict}"
        )
        if not baseline:
            print(
                "pandoc or lxml missing: install them (apt-get install pandoc; "
                "pip install -e '.[bench]') for the pelican-import baseline"
            )
            return
        for label, measure in (("CPU", "cpu"), ("wall", "seconds")):
            per_post = getattr(pelican, measure) / args.slice
            sliced_ratio = per_post / (getattr(ours, measure) / args.slice)
            whole_ratio = per_post / (getattr(whole, measure) / args.posts)
            print(
                f"per post vs pelican-import ({label}): posts-only slice {sliced_ratio:.1f}x, "
                f"whole import with its comments {whole_ratio:.1f}x faster (goal >= 5x)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
