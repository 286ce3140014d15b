"""Boots Caravan the way `make run` does: SQLite, the filesystem broker, gunicorn,
a Celery worker and beat, all from scripts/serve; then Ctrl-C stops them all."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, code: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.worker
def test_make_run_serves_the_site_and_runs_jobs_without_servers(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "STATIC_NO_MANIFEST"}}
    env.update(
        CARAVAN_VAR_DIR=str(tmp_path / "var"), CARAVAN_PORT=str(port), CARAVAN_BIN=str(Path(sys.executable).parent)
    )
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 (read after the process ends)
    proc = subprocess.Popen(["bash", "scripts/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    try:
        html = ""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode()
                    break
            except OSError:
                time.sleep(1)
        log.seek(0)
        assert "Direct from the makers" in html, log.read()[-3000:]

        # The worker consumes from the filesystem broker and stores the result.
        ping = "from marketplace.tasks import ping_task; print(ping_task.delay(value='embedded').get(timeout=90))"
        assert _manage(env, ping) == "pong:embedded"
        # Beat started on the database scheduler and registered the periodic jobs.
        beat = "from django_celery_beat.models import PeriodicTask as P; print(list(P.objects.values_list('name')))"
        assert "exchange-rates-refresh" in _manage(env, beat)
        # Demo data is there.
        demo = "from marketplace.models import User; print(User.objects.filter(email='ana@caravan.test').count())"
        assert _manage(env, demo) == "1"
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("Ctrl-C did not stop everything that scripts/serve started")
    # Nothing is left listening.
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
