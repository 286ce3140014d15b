"""`make bench`: a large catalogue on PostgreSQL, served by gunicorn as in
production, loaded by wrk from the same machine.

Prints requests/s and p50/p95/p99 latency for the home, a category, a search
results and a listing page, next to a bare Django view on the same server
(the machine's ceiling, so figures read as ratios on a noisy machine), the
search query's own time in the database, Apertium's titles per second (cold,
warm, batched: benchmarks/apertium_rate.py), and the source-feed import's rows
per second (BENCH_IMPORT_ROWS rows of the sample feed's shape, one batch
after another as the Celery task runs them, without the images).

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/caravan_bench),
BENCH_REDIS_URL (redis://127.0.0.1:6379/14), BENCH_LISTINGS (100000), BENCH_SECONDS (10),
BENCH_CONNECTIONS (8), BENCH_WORKERS (2 gunicorn workers).
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caravan_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
LISTINGS = int(os.environ.get("BENCH_LISTINGS", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DEBUG": "false",
    "CARAVAN_VAR_DIR": str(ROOT / "var" / "bench"),
    "LOG_LEVEL": "WARNING",
}


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=ENV, check=True,
                            capture_output=capture, text=True)  # fmt: skip
    return result.stdout if capture else ""


def ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    query = f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query], capture_output=True, text=True
    )
    if "1" not in exists.stdout:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage("migrate", "--noinput", "-v0")
    manage("seed_demo", "--listings", str(LISTINGS))
    manage("collectstatic", "--noinput", "-v0")
    subprocess.run(["psql", DATABASE_URL, "-qc", "VACUUM ANALYZE"], check=True)


def pick_urls() -> dict[str, str]:
    code = (
        "from listings.models import Listing, Category\n"
        "l = Listing.objects.filter(status='active', seller__status='approved').order_by('-orders_count', 'pk')"
        ".values_list('pk', flat=True).first()\n"
        "c = Category.objects.filter(parent__isnull=False, listings__status='active').values_list('slug', flat=True)"
        ".first()\n"
        "print(l, c)"
    )
    listing, category = manage("shell", "--no-imports", "-c", code, capture=True).split()[-2:]
    return {
        "bare Django view (/healthz)": "/healthz",
        "home": "/",
        f"category /c/{category}/": f"/c/{category}/",
        "search ?q=dress": "/search/?q=dress",
        f"listing /item/{listing}/": f"/item/{listing}/",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str) -> dict[str, float]:
    script = str(ROOT / "benchmarks" / "percentiles.lua")
    subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", "-d2s", url], capture_output=True)  # warm-up
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    match = re.search(r"RESULT (.*)", out)
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def search_query_times(samples: int = 200) -> list[float]:
    code = (
        "import time\n"
        "from listings.search import listings_matching\n"
        "from listings.models import Listing\n"
        "words = ['dress', 'chiffon', 'leather', 'кожаный', 'case', 'cotton', 'ring', 'bag', 'seramik', 'dres']\n"
        "qs = Listing.objects.filter(status='active')\n"
        "times = []\n"
        f"for i in range({samples}):\n"
        "    q = words[i % len(words)]\n"
        "    t = time.perf_counter()\n"
        "    list(listings_matching(qs, q).order_by('-rank').values_list('pk', flat=True)[:24])\n"
        "    times.append((time.perf_counter() - t) * 1000)\n"
        "print(' '.join(f'{x:.3f}' for x in times))"
    )
    return [float(x) for x in manage("shell", "--no-imports", "-c", code, capture=True).split()[-samples:]]


def import_rows_per_second(rows: int) -> tuple[float, float]:
    """benchmarks/import_rate.py against the bench database: rows per second of wall time and of CPU time."""
    result = subprocess.run([str(BIN / "python"), str(ROOT / "benchmarks" / "import_rate.py"), str(rows)], cwd=ROOT,
                            env=ENV, check=True, capture_output=True, text=True)  # fmt: skip
    wall, cpu = result.stdout.split()[-2:]
    return float(wall), float(cpu)


def settlement() -> None:
    """benchmarks/settlement.py against the bench database: its own report lines."""
    result = subprocess.run([str(BIN / "python"), str(ROOT / "benchmarks" / "settlement.py")], cwd=ROOT, env=ENV,
                            check=True, capture_output=True, text=True)  # fmt: skip
    print(result.stdout.strip())


def main() -> None:
    if sys.argv[1:] == ["settlement"]:
        manage("migrate", "--noinput", "-v0")
        settlement()
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs it with apt-get).")
    ensure_database()
    urls = pick_urls()
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "marketplace.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=ENV, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        rows = []
        for name, path in urls.items():
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).status
            result = wrk(f"http://127.0.0.1:{port}{path}")
            rows.append((name, status, result))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = rows[0][2]["rps"]
    print(f"\nCaravan benchmark: {LISTINGS} listings, gunicorn {WORKERS} sync workers, wrk -t2 -c{CONNECTIONS} "
          f"-d{SECONDS}s, {os.cpu_count()} cores\n")  # fmt: skip
    header = ("status", "req/s", "of bare", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'page':<34} " + " ".join(f"{h:>8}" for h in header))
    for name, status, r in rows:
        print(f"{name:<34} {status:>8} {r['rps']:>8.0f} {r['rps'] / ceiling:>8.0%} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['p99']:>8.1f} {int(r['errors']):>7}")  # fmt: skip
    times = sorted(search_query_times())
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"\nsearch query in the database (listings_matching, top 24 by rank, {len(times)} runs): "
          f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")  # fmt: skip
    rate, cpu_rate = import_rows_per_second(IMPORT_ROWS)
    print(f"source-feed import ({IMPORT_ROWS:,} rows, batches in one process, no images): {rate:.0f} rows/s "
          f"(load average {os.getloadavg()[0]:.1f}), {cpu_rate:.0f} rows per CPU second of the process and its "
          f"PostgreSQL backend (the rate on an idle machine); a 10,000-row feed in ~{10000 / rate:.0f} s per worker "
          f"(target: 500 rows/s)")  # fmt: skip
    apertium_section()
    settlement()


def apertium_section() -> None:
    """benchmarks/apertium_rate.py: titles per second through Apertium, cold, warm and batched."""
    if not shutil.which("apertium"):
        print("\nApertium: not installed (scripts/system-deps), no throughput measured")
        return
    result = subprocess.run([str(BIN / "python"), str(ROOT / "benchmarks" / "apertium_rate.py")], cwd=ROOT, env=ENV,
                            check=True, capture_output=True, text=True)  # fmt: skip
    lines = result.stdout.strip().splitlines()
    print("\nApertium titles (a process per call = cold; warm pipelines; one batch):")
    for line in lines[:-1]:
        print("  " + line)


if __name__ == "__main__":
    main()
