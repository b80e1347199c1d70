"""Benchmark: approved comments into the static site.

Generates synthetic Finnish sites (about 800 words an article, 0–30 comments each, some
threaded) in a temporary directory and prints, for each size:

- full build time and peak memory with the comment plugin against plain Pelican without it, on
  the same content (goal: at most 1.10x);
- approval -> comment visible in the article file through the fast path, p50 and p95 over the
  approvals (goal: p50 under 100 ms, and the largest site at most 1.5x the smallest), next to
  Pelican's own cached rebuild of the same site (LOAD_CONTENT_CACHE + CACHE_CONTENT, the second
  build after the plugin build; goal: the fast path at least 30x faster).

Each build is a child process; its peak memory is its own ``ru_maxrss`` from ``os.wait4``. The
plain and the plugin build of a round run side by side, one per core, so that both meet the same
machine (sequential builds on this shared machine differ by 10-20 % from one minute to the next).
Synthetic comments are inserted in bulk with sqlite-utils' table API (the store's one-comment
``add_comment`` would take minutes at 10k articles); approvals go through ``store.decide`` and
``publish_article_comments`` exactly as the moderation UI does.

    python bench/publish.py --sizes 200            # quick
    python bench/publish.py --sizes 1000,10000     # the full run (about 15 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from flask import Flask  # noqa: E402

from comments import store  # noqa: E402
from comments.render import render_comment  # noqa: E402
from comments.site.publish import publish_article_comments  # noqa: E402

SETTINGS = PROJECT_ROOT / "pelicanconf.py"
THEME = PROJECT_ROOT / "theme"
_WORD_POOL = """asiakas asiakkaan asiakkaat palvelu palvelun palvelua kokemus kokemuksen kokemusta
yritys yrityksen organisaatio organisaation tiimi tiimin johto johtoryhmä esihenkilö työntekijä
asiakaspalvelu asiakaspolku palaute palautteen kysely kyselyn mittari mittarin tulos tulokset
tavoite tavoitteen prosessi prosessin järjestelmä järjestelmän tieto tiedon tietoa data
kanava kanavan puhelin sähköposti chat itsepalvelu verkkosivu sovellus lomake lasku sopimus
tilaus toimitus reklamaatio odotus jono ratkaisu ongelma syy seuraus muutos kehitys parannus
hyvä parempi paras selkeä nopea helppo vaikea hidas tärkeä olennainen yksinkertainen uusi
vanha oikea väärä yhteinen oma koko jokainen moni harva usein harvoin aina joskus heti
tehdä tekee tekevät tehdään kuunnella kuuntelee ymmärtää ymmärtää kertoa kertoo kysyä
kysyy vastata vastaa muuttaa muuttuu parantaa paranee mitata mitataan seurata seurataan
oppia oppii sopia sovitaan päättää päätetään korjata korjataan hoitaa hoituu odottaa
ja tai mutta koska kun jos vaikka että joka jotka mikä mitkä niin myös vain jo vielä
eikä sekä siis kuitenkin silti ensin sitten lopuksi esimerkiksi erityisesti varsinkin
viikko kuukausi vuosi päivä hetki vaihe kohta osa kokonaisuus tilanne tapa malli
"""
_FIRST_NAMES = """Aino Eino Helmi Juho Kaisa Lauri Maija Niko Outi Pekka Riikka Sami Tuula
Ville Elina Janne Katja Mikko Noora Petri Sanna Tuomas Anni Heikki Iida Joonas"""
_LAST_NAMES = """Lehtinen Rantala Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine
Heikkinen Koskinen Järvinen Lehtonen Saarinen Salminen Heinonen Niemi Salonen Laaksonen"""
WORDS = _WORD_POOL.split()
FIRST_NAMES = _FIRST_NAMES.split()
LAST_NAMES = _LAST_NAMES.split()
CATEGORIES = ["Asiakaskokemus", "Asiakaspalvelu", "Mittaaminen", "Digitaaliset työtavat"]
TAGS = [f"aihe-{n}" for n in range(30)]


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    peak_mb: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts, e.g. 200 or 1000")
    parser.add_argument("--approvals", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=0, help="builds of each kind (0: auto)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="vastine-bench-") as temporary:
        theme = THEME
        for size in sizes:
            root = Path(temporary) / f"site-{size}"
            results[size] = run_size(
                root, size, args.approvals, random.Random(args.seed), theme, args.rounds
            )
        # Approvals alternate between the sites, so that every size meets the same machine.
        timings = approve_interleaved({size: results[size]["site"] for size in sizes})
        for size in sizes:
            times, decisions = timings[size]
            results[size] |= {
                "fast_p50": percentile(times, 50),
                "fast_p95": percentile(times, 95),
                "decision_p50": percentile(decisions, 50),
                "approvals": len(times),
            }
            print_size(size, results[size], flush=True)
            if args.keep:
                kept = Path(tempfile.gettempdir()) / f"vastine-bench-site-{size}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(Path(temporary) / f"site-{size}", kept)
    if len(sizes) > 1:
        small, large = results[min(sizes)], results[max(sizes)]
        ratio = large["fast_p50"] / small["fast_p50"]
        print(
            f"\nfast path p50 at {max(sizes)} / at {min(sizes)} articles: {ratio:.2f}x "
            f"(goal <= 1.5x) {'OK' if ratio <= 1.5 else 'MISSED'}"
        )


def run_size(
    root: Path, size: int, approvals: int, rng: random.Random, theme: Path, rounds: int
) -> dict:
    started = time.perf_counter()
    content = root / "content"
    database = root / "comments.sqlite3"
    slugs = write_articles(content / "articles", size, rng)
    pending = fill_store(database, slugs, approvals, rng)
    print(f"[{size}] generated in {time.perf_counter() - started:.1f} s", flush=True)

    # Both full builds also write Pelican's content cache (to their own directories), so the
    # plugin build can serve as the first build of the cached rebuild without favouring either.
    # Each round runs the two builds side by side, one per core: on a shared machine one build
    # can be 10-20 % off the next, but two running at once meet the same machine. The better
    # build of each kind over the rounds (4, or --rounds) is kept.
    # The two cores of a shared machine need not be equally fast: the builds swap cores every
    # round, so an even number of rounds gives each kind each core equally often.
    commands = [
        pelican_command(root, "plain", database, theme, plugins=False, cache="plain"),
        pelican_command(root, "output", database, theme, plugins=True, cache="plugin"),
    ]
    runs = [
        side_by_side(root, commands, swap_cores=bool(number % 2)) for number in range(rounds or 4)
    ]
    plain = min((run[0] for run in runs), key=lambda build: build.seconds)
    with_plugin = min((run[1] for run in runs), key=lambda build: build.seconds)
    cached_build = pelican_command(
        root, "cached", database, theme, plugins=True, cache="plugin", load_cache=True
    )
    [cached] = side_by_side(root, [cached_build])
    print(f"[{size}] builds done", flush=True)

    work = plugin_work(database, root / "content" / "articles", slugs, theme / "templates")
    for spare in ("plain", "cached"):
        shutil.rmtree(root / spare)
    return {
        "plain": plain,
        "round_ratios": [plugin.seconds / plain.seconds for plain, plugin in runs],
        "plugin_work": work,
        "plugin": with_plugin,
        "cached": cached,
        "site": (root / "output", database, pending, theme / "templates"),
    }


def plugin_work(database: Path, articles: Path, slugs: list[str], templates: Path) -> float:
    """CPU seconds of what the plugin adds to a build, measured in this process (steadier than
    the difference of two builds on a shared machine): importing it, one read of the store and
    every article's block rendered, as the plugin does."""
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))
    from comment_threads import CommentBlock, approved_by_article

    from comments.site.articles import ArticleRef

    titles = {
        slug: (articles / f"{slug}.md").read_text(encoding="utf-8").split("\n", 1)[0][7:]
        for slug in slugs
    }
    started = time.process_time()
    by_article = approved_by_article(database)
    for slug in slugs:
        block = CommentBlock(
            ArticleRef(slug, titles[slug], f"{slug}/"), by_article.get(slug, []), templates, ""
        )
        block.__html__()
    return time.process_time() - started + plugin_import_seconds()


def plugin_import_seconds() -> float:
    """CPU seconds a Pelican process spends importing the plugin (comments package, Flask,
    sqlite-utils, ...) on top of what Pelican imports itself."""
    code = (
        "import sys, time; import pelican, pelican.settings, markdown, jinja2; "
        f"sys.path.insert(0, {str(PROJECT_ROOT / 'plugins')!r}); "
        "started = time.process_time(); import comment_threads; "
        "print(time.process_time() - started)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def write_articles(directory: Path, size: int, rng: random.Random) -> list[str]:
    directory.mkdir(parents=True)
    start = datetime(2020, 1, 1, 8, 0)
    slugs = []
    for number in range(size):
        slug = f"artikkeli-{number:05d}"
        date = start + timedelta(hours=7 * number)
        title = " ".join(rng.sample(WORDS, 5)).capitalize()
        body = []
        for section in range(5):
            body.append(f"## {' '.join(rng.sample(WORDS, 3)).capitalize()} {section + 1}")
            for _ in range(4):
                body.append(paragraph(rng, 40))
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        (directory / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nCategory: {rng.choice(CATEGORIES)}\n"
            f"Tags: {', '.join(rng.sample(TAGS, 3))}\nSlug: {slug}\nAuthor: {author}\n"
            f"Summary: {paragraph(rng, 25)}\n\n" + "\n\n".join(body) + "\n",
            encoding="utf-8",
        )
        slugs.append(slug)
    return slugs


def paragraph(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        length = min(left, rng.randint(6, 14))
        sentences.append(" ".join(rng.choices(WORDS, k=length)).capitalize() + ".")
        left -= length
    return " ".join(sentences)


def fill_store(
    database: Path, slugs: list[str], approvals: int, rng: random.Random
) -> list[tuple[int, str]]:
    """Approved comments (0–30 an article, about a third of them replies) and ``approvals``
    pending ones on random articles; returns the pending (id, slug) pairs."""
    db = store.connect(database)
    store.migrate(db)
    bodies = [render_comment(paragraph(rng, rng.randint(15, 80))) for _ in range(200)]
    people = [
        (f"{first} {last}", f"{first}.{last}@example.fi".lower())
        for first in FIRST_NAMES
        for last in LAST_NAMES
    ]
    with store.transaction(db) as conn:
        store.insert_rows(
            db,
            conn,
            "commenters",
            (
                {
                    "id": n + 1,
                    "email": email,
                    "confirmed_at": store.now(),
                    "created_at": store.now(),
                }
                for n, (_, email) in enumerate(people)
            ),
        )
    rows, next_id = [], 1
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    for slug in slugs:
        article_ids: list[int] = []
        for _ in range(rng.randint(0, 30)):
            person = rng.randrange(len(people))
            moment += timedelta(minutes=7)
            html = rng.choice(bodies)
            rows.append(
                {
                    "id": next_id,
                    "article": slug,
                    "parent_id": rng.choice(article_ids)
                    if article_ids and rng.random() < 0.35
                    else None,
                    "commenter_id": person + 1,
                    "name": people[person][0],
                    "body": html,
                    "html": html,
                    "status": "approved",
                    "created_at": moment.isoformat(),
                    "updated_at": moment.isoformat(),
                }
            )
            article_ids.append(next_id)
            next_id += 1
    with store.transaction(db) as conn:
        store.insert_rows(db, conn, "comments", rows)
    pending = []
    for slug in (rng.choice(slugs) for _ in range(approvals)):
        name, email = rng.choice(people)
        text = paragraph(rng, 30)
        comment_id = store.add_comment(
            db,
            article=slug,
            name=name,
            email=email,
            body=text,
            html=render_comment(text),
            status="pending",
        )
        pending.append((comment_id, slug))
    db.close()
    return pending


def pelican_command(
    root: Path,
    output: str,
    database: Path,
    theme: Path,
    *,
    plugins: bool,
    cache: str,
    load_cache: bool = False,
) -> list[str]:
    """A full build of the site into ``root / output``; ``cache`` names its content cache."""
    return [
        sys.executable,
        "-m",
        "pelican",
        str(root / "content"),
        "-s",
        str(SETTINGS),
        "-o",
        str(root / output),
        "-q",
        "-e",
        setting("COMMENTS_DATABASE", str(database)),
        setting("THEME", str(theme)),
        setting(
            "PLUGINS",
            (["comment_threads"] if plugins else []) + ["reading_time", "article_neighbours"],
        ),
        setting("CACHE_PATH", str(root / f"cache-{cache}")),
        setting("CACHE_CONTENT", True),
        setting("LOAD_CONTENT_CACHE", load_cache),
    ]


def side_by_side(root: Path, commands: list[list[str]], swap_cores: bool = False) -> list[Build]:
    """Run the builds at the same time, each on a core of its own (one after the other when
    there are too few), each a child process timed from the common start to its own exit, with
    its own CPU time and peak memory (``ru_maxrss`` from ``os.wait4``)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < len(commands):
        return [build for command in commands for build in side_by_side(root, [command])]
    if swap_cores:
        cores.reverse()
    started = time.perf_counter()
    children = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL) for command in commands
    ]
    for child, core in zip(children, cores, strict=False):
        os.sched_setaffinity(child.pid, {core})
    builds: dict[int, Build] = {}
    while len(builds) < len(children):
        pid, status, usage = os.wait4(-1, 0)
        for index, child in enumerate(children):
            if child.pid == pid:
                child.returncode = os.waitstatus_to_exitcode(status)
                if child.returncode:
                    raise SystemExit(f"pelican failed ({child.returncode}): {child.args}")
                builds[index] = Build(
                    time.perf_counter() - started,
                    usage.ru_utime + usage.ru_stime,
                    usage.ru_maxrss / 1024,
                )
    return [builds[index] for index in range(len(children))]


def setting(name: str, value: object) -> str:
    """A Pelican ``-e`` override (its values are JSON)."""
    return f"{name}={json.dumps(value)}"


def approve_interleaved(
    sites: dict[int, tuple[Path, Path, list[tuple[int, str]], Path]],
) -> dict[int, tuple[list[float], list[float]]]:
    """Approve each site's pending comments as a moderator would, one site after the other in
    turn. Returns, per site, the times from the decision to the comment being readable in the
    article's file, and of the decision alone."""
    apps, databases = {}, {}
    for size, (output, database, _, templates) in sites.items():
        apps[size] = Flask(__name__)
        apps[size].config.update(
            SITE_OUTPUT=str(output),
            DATABASE=str(database),
            THEME_TEMPLATES=str(templates),
            PELICAN_SETTINGS=str(SETTINGS),
            SERVICE_URL="",
            PUBLISH_FULL_BUILD=False,
        )
        databases[size] = store.connect(database)
    # The builds leave up to gigabytes of pages to write back; flush them first so that the
    # disk's backlog from this benchmark's own builds is not timed as the fast path.
    os.sync()
    timings: dict[int, tuple[list[float], list[float]]] = {size: ([], []) for size in sites}
    for turn in range(max(len(site[2]) for site in sites.values())):
        for size, (output, _, pending, _) in sites.items():
            if turn >= len(pending):
                continue
            comment_id, slug = pending[turn]
            page = output / slug / "index.html"
            with apps[size].app_context():
                started = time.perf_counter()
                store.decide(databases[size], comment_id, "approved", actor="bench")
                decided = time.perf_counter()
                publish_article_comments(slug)
                visible = f'id="kommentti-{comment_id}"' in page.read_text(encoding="utf-8")
                finished = time.perf_counter()
            if not visible:
                raise SystemExit(f"comment {comment_id} not visible in {page}")
            timings[size][0].append(finished - started)
            timings[size][1].append(decided - started)
    for database in databases.values():
        database.close()
    return timings


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def print_size(size: int, result: dict, flush: bool = True) -> None:
    plain, plugin, cached = result["plain"], result["plugin"], result["cached"]
    build_ratio = plugin.seconds / plain.seconds
    memory_ratio = plugin.peak_mb / plain.peak_mb
    p50, p95 = result["fast_p50"], result["fast_p95"]
    speedup = cached.seconds / p50
    print(f"\n=== {size} articles ===")
    cpu_ratio = plugin.cpu_seconds / plain.cpu_seconds
    for label, build in (("plain Pelican:", plain), ("with plugin:", plugin)):
        print(
            f"full build, {label:<19}{build.seconds:8.2f} s wall {build.cpu_seconds:8.2f} s CPU"
            f"  peak {build.peak_mb:5.0f} MB"
        )
    ratios = result["round_ratios"]
    median = statistics.median(ratios)
    print(
        f"  plugin / plain, built side by side: median {median:.3f}x over {len(ratios)} rounds "
        f"(goal <= 1.10x) {'OK' if median <= 1.10 else 'MISSED'}; each round "
        f"{', '.join(f'{ratio:.3f}x' for ratio in ratios)}"
    )
    print(
        f"  best build of each kind: {build_ratio:.3f}x wall, {cpu_ratio:.3f}x CPU; "
        f"memory {memory_ratio:.3f}x"
    )
    work = result["plugin_work"]
    print(
        f"  plugin's own work measured in-process: {work:.2f} s CPU = "
        f"{work / plain.cpu_seconds * 100:.1f}% of the plain build's CPU time "
        f"-> {1 + work / plain.cpu_seconds:.3f}x"
    )
    print(f"Pelican cached rebuild:        {cached.seconds:8.2f} s  peak {cached.peak_mb:7.0f} MB")
    print(
        f"fast path, approval -> visible: p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms "
        f"over {result['approvals']} approvals (goal p50 < 100 ms) "
        f"{'OK' if p50 < 0.1 else 'MISSED'}"
    )
    print(f"  of which the decision in SQLite: p50 {result['decision_p50'] * 1000:6.1f} ms")
    print(
        f"  cached rebuild / fast path p50: {speedup:.0f}x (goal >= 30x) "
        f"{'OK' if speedup >= 30 else 'MISSED'}",
        flush=flush,
    )


if __name__ == "__main__":
    main()
