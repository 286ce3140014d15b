"""Apertium: offline rule-based machine translation through the installed
Apertium packages (Debian). Direct pairs as installed, and a pivot through
Spanish where no direct pair exists (en→it = en→es→it).

Warm pipelines. Starting `apertium` costs ~0.2-0.3 s a call (a shell script,
then a dozen programs that each load their transducers), which is most of the
time a title takes. So each process keeps, per mode (eng-spa, spa-ita, …), one
pipeline running in null-flush mode (`-z`: every stage flushes its output when
it reads a NUL byte, as Apertium's own web service runs them): a text goes in
followed by NUL, its translation comes out followed by NUL, and the next text
follows without a start-up. At most CARAVAN_APERTIUM_WARM_PIPELINES pipelines
live in a process (least recently used closed first; ~30-100 MB of private
memory each) and one idle for CARAVAN_APERTIUM_IDLE_SECONDS is closed.
`translate_many` sends a whole batch down one pipeline in one go. (The taggers
keep a little context from one text to the next, so a word with two readings may
now and then come out as the other one than a fresh process would choose.)

Format. Plain text is deformatted in Python the way `apertium-destxt` does
(escape the stream's special characters, whitespace runs as blocks, a possible
sentence end marked after each paragraph) and reformatted as `apertium-retxt`
does; tests/translation/test_apertium.py checks both against the real programs
and every warm translation against `apertium -f txt`. HTML goes through the real
format programs `apertium -f html` uses (Transfuse's tf-extract / tf-inject where
installed, else apertium-deshtml / apertium-rehtml) around the warm pipeline. Any trouble with
a warm pipeline (it died, it timed out) closes it and the text is translated the
cold way, one `apertium` process, so a bad pipeline costs speed, never a text.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import select
import shlex
import shutil
import subprocess
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from translation.engines.base import HTML, TEXT, Engine, EngineError, EngineResult, EngineUnavailable

logger = logging.getLogger(__name__)

# Apertium names languages with ISO 639-1 or 639-3 codes depending on the pair package.
_ISO3 = {"eng": "en", "spa": "es", "ita": "it", "por": "pt", "fra": "fr", "fre": "fr", "cat": "ca"}
# Caravan code → (Apertium language, preferred variant of a mode's target)
_CARAVAN = {"en": "en", "es": "es", "it": "it", "fr": "fr", "pt-br": "pt", "pt": "pt"}
_VARIANT = {"pt-br": "pt_BR"}
PIVOT = "es"


def _base(code: str) -> str:
    return _ISO3.get(code, code)


@lru_cache(maxsize=1)
def installed_modes() -> dict[tuple[str, str], list[str]]:
    """{(source, target): [mode names]} from `apertium -l`, asked once per process."""
    binary = shutil.which("apertium")
    if not binary:
        return {}
    try:
        listing = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [binary, "-l"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    modes: dict[tuple[str, str], list[str]] = {}
    for line in listing.split():
        parts = line.strip().split("-")
        if len(parts) != 2:  # eco-es-fr and the like: not a translation mode
            continue
        source, target = _base(parts[0]), _base(parts[1].split("_")[0])
        modes.setdefault((source, target), []).append(line.strip())
    return modes


def _mode(source: str, target: str) -> str | None:
    """The mode for one direct hop in Caravan codes, preferring the target's variant (pt_BR)."""
    candidates = installed_modes().get((_CARAVAN[source], _CARAVAN[target]), [])
    if not candidates:
        return None
    variant = _VARIANT.get(target)
    for name in candidates:
        if variant and name.endswith("-" + variant):
            return name
    return min(candidates, key=len)  # the plain mode (spa-eng rather than spa-eng_US)


def route(source: str, target: str) -> list[str] | None:
    """The list of modes that take `source` to `target`, or None."""
    if source not in _CARAVAN or target not in _CARAVAN or _CARAVAN[source] == _CARAVAN[target]:
        return None
    direct = _mode(source, target)
    if direct:
        return [direct]
    if PIVOT in (source, target):
        return None
    first, second = _mode(source, PIVOT), _mode(PIVOT, target)
    if first and second:
        return [first, second]
    return None


# --- plain-text format, as apertium-destxt / apertium-retxt -------------------------------------

# Characters with a meaning in Apertium's stream format: escaped with a backslash in text.
_SPECIAL = re.compile(r"([\\\[\]^$@/<>{}])")
# Whitespace other than one plain space is a block of format ("superblank"), kept as it is.
_BLANKS = re.compile(r"\s+")
# A possible sentence end: the deformatter adds ".[]" there (the tagger and the transfer see a
# sentence end, so no rule reorders words across it); the reformatter removes it again.
_SENTENCE_END = ".[]"


def destxt(text: str) -> str:
    """`text` in Apertium's stream format, as `apertium-destxt` writes it: special
    characters escaped, whitespace runs other than a single space as [blocks], a
    possible sentence end before each paragraph break and at the end."""
    out: list[str] = []
    position = 0
    for match in _BLANKS.finditer(text):
        out.append(_SPECIAL.sub(r"\\\1", text[position : match.start()]))
        blank = match.group()
        if blank != " " or match.start() == 0 or match.end() == len(text):
            if match.start() > 0 and (match.end() == len(text) or blank.count("\n") >= 2):
                out.append(_SENTENCE_END)
            out.append("[" + blank + "]")
        else:
            out.append(blank)
        position = match.end()
    out.append(_SPECIAL.sub(r"\\\1", text[position:]))
    if not text or not _BLANKS.fullmatch(text[-1]):
        out.append(_SENTENCE_END)
    return "".join(out)


def retxt(stream: str) -> str:
    """Plain text back from Apertium's stream format, as `apertium-retxt` does:
    blocks opened, escapes removed, the deformatter's sentence ends dropped."""
    out: list[str] = []
    i, length = 0, len(stream)
    while i < length:
        char = stream[i]
        if char == "\\" and i + 1 < length:
            out.append(stream[i + 1])
            i += 2
        elif stream.startswith(_SENTENCE_END, i):
            i += len(_SENTENCE_END)
        elif char == "[":
            i += 1
            while i < length and stream[i] != "]":
                if stream[i] == "\\" and i + 1 < length:
                    i += 1
                out.append(stream[i])
                i += 1
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _run_filter(argv: list[str], data: bytes, timeout: float) -> bytes:
    """Run one of Apertium's format programs (tf-extract, apertium-deshtml, …) over `data`."""
    program = argv[0]
    binary = shutil.which(program)
    if not binary:
        raise EngineUnavailable(f"{program} is not installed")
    try:
        done = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [binary, *argv[1:]], input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise EngineUnavailable(f"{program} timed out") from exc
    except OSError as exc:
        raise EngineUnavailable(f"{program} could not start: {exc}") from exc
    if done.returncode != 0:
        raise EngineError(f"{program} failed: {done.stderr.decode(errors='replace').strip()[:200]}")
    return done.stdout


# --- warm pipelines ------------------------------------------------------------------------------


def _datadir() -> Path:
    return Path(os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium")


@lru_cache(maxsize=32)
def mode_commands(mode: str) -> tuple[tuple[str, ...], ...] | None:
    """The programs of a mode's pipeline in null-flush mode, as argv lists, or None.

    `apertium-wblank-mode -z` writes the pipeline as `apertium` runs it (with -z on
    every program); without it (an older Apertium) -z is added to each program of
    the mode file, as Apertium's web service does. `$1` is the generator's option
    (-n: no unknown-word marks, like `apertium -u`), `$2` the tagger's (none)."""
    mode_file = _datadir() / "modes" / f"{mode}.mode"
    if not mode_file.is_file():
        return None
    wblank = shutil.which("apertium-wblank-mode")
    try:
        if wblank:
            text = subprocess.run(  # noqa: S603 (fixed argv, no shell)
                [wblank, "-z", str(mode_file)], capture_output=True, text=True, timeout=10, check=True
            ).stdout
        else:
            text = "|".join(re.sub(r"^\s*(\S+)", r"\1 -z", part) for part in mode_file.read_text().split("|"))
    except (OSError, subprocess.SubprocessError):
        return None
    commands = []
    for part in text.strip().split("|"):
        argv = [arg for arg in shlex.split(part.replace("$1", "-n").replace("$2", "")) if arg]
        if not argv:
            return None
        commands.append(tuple(argv))
    return tuple(commands) or None


class PipelineBroken(Exception):
    """A warm pipeline died, answered nonsense or timed out: it is closed, the caller goes cold."""


class WarmPipeline:
    """One mode's programs, chained and kept running: `run(chunks)` writes each chunk
    followed by NUL and reads as many NUL-terminated answers, all within `timeout`."""

    def __init__(self, mode: str, commands: tuple[tuple[str, ...], ...]):
        self.mode = mode
        self.pid = os.getpid()  # a pipeline belongs to the process that started it (not to a fork)
        self.lock = threading.Lock()
        self.last_used = time.monotonic()
        self.processes: list[subprocess.Popen] = []
        previous = subprocess.PIPE
        try:
            for argv in commands:
                process = subprocess.Popen(  # noqa: S603 (argv from the installed mode file, no shell)
                    list(argv), stdin=previous, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
                )
                if self.processes:
                    self.processes[-1].stdout.close()  # the next program owns that end now
                self.processes.append(process)
                previous = process.stdout
        except OSError as exc:
            self.close()
            raise PipelineBroken(f"apertium {mode} could not start: {exc}") from exc
        self.stdin = self.processes[0].stdin
        self.stdout = self.processes[-1].stdout
        os.set_blocking(self.stdin.fileno(), False)

    def alive(self) -> bool:
        return os.getpid() == self.pid and all(process.poll() is None for process in self.processes)

    def run(self, chunks: list[bytes], timeout: float) -> list[bytes]:
        """The pipeline's answer to each chunk. Writing and reading are interleaved, so a
        batch larger than the pipes' buffers cannot deadlock."""
        payload = b"".join(chunk.replace(b"\0", b"") + b"\0" for chunk in chunks)
        deadline = time.monotonic() + timeout
        out_fd, in_fd = self.stdout.fileno(), self.stdin.fileno()
        written, received = 0, bytearray()
        answers: list[bytes] = []
        while len(answers) < len(chunks):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PipelineBroken(f"apertium {self.mode} timed out")
            writers = [in_fd] if written < len(payload) else []
            readable, writable, _ = select.select([out_fd], writers, [], remaining)
            if writable:
                try:
                    written += os.write(in_fd, payload[written : written + 65536])
                except BlockingIOError:
                    pass
                except OSError as exc:
                    raise PipelineBroken(f"apertium {self.mode} stopped reading: {exc}") from exc
            if readable:
                data = os.read(out_fd, 65536)
                if not data:
                    raise PipelineBroken(f"apertium {self.mode} ended")
                received += data
                while b"\0" in received:
                    answer, _, rest = bytes(received).partition(b"\0")
                    answers.append(answer)
                    received = bytearray(rest)
        if received:
            raise PipelineBroken(f"apertium {self.mode} answered more than it was asked")
        self.last_used = time.monotonic()
        return answers

    def close(self) -> None:
        if os.getpid() != self.pid:
            return  # a forked child never closes its parent's programs
        for process in self.processes:
            for stream in (process.stdin, process.stdout):
                try:
                    if stream:
                        stream.close()
                except OSError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class WarmPool:
    """The process's warm pipelines, by mode: at most `size`, least recently used closed first,
    and a reaper thread that closes the ones idle for `idle_seconds`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pipelines: OrderedDict[str, WarmPipeline] = OrderedDict()
        self.reaper: threading.Thread | None = None
        self.pid = os.getpid()

    @staticmethod
    def size() -> int:
        return int(getattr(settings, "CARAVAN_APERTIUM_WARM_PIPELINES", 4))

    @staticmethod
    def idle_seconds() -> float:
        return float(getattr(settings, "CARAVAN_APERTIUM_IDLE_SECONDS", 300))

    def _forked(self) -> None:
        if os.getpid() != self.pid:  # inherited through fork: the parent's pipelines are not ours
            self.pipelines = OrderedDict()
            self.lock = threading.Lock()
            self.reaper = None
            self.pid = os.getpid()

    def get(self, mode: str) -> WarmPipeline | None:
        if self.size() <= 0:
            return None
        commands = mode_commands(mode)
        if commands is None:
            return None
        self._forked()
        closing: list[WarmPipeline] = []
        with self.lock:
            pipeline = self.pipelines.get(mode)
            if pipeline is not None and not pipeline.alive():
                closing.append(self.pipelines.pop(mode))
                pipeline = None
            if pipeline is None:
                pipeline = WarmPipeline(mode, commands)
                self.pipelines[mode] = pipeline
            self.pipelines.move_to_end(mode)
            while len(self.pipelines) > self.size():
                closing.append(self.pipelines.popitem(last=False)[1])
            self._start_reaper()
        for old in closing:
            with old.lock:
                old.close()
        return pipeline

    def discard(self, pipeline: WarmPipeline) -> None:
        with self.lock:
            if self.pipelines.get(pipeline.mode) is pipeline:
                del self.pipelines[pipeline.mode]
        pipeline.close()

    def close_idle(self, older_than: float | None = None) -> int:
        """Close the pipelines unused for `older_than` seconds (all of them with 0)."""
        limit = self.idle_seconds() if older_than is None else older_than
        now = time.monotonic()
        with self.lock:
            idle = [p for p in self.pipelines.values() if now - p.last_used >= limit]
            for pipeline in idle:
                del self.pipelines[pipeline.mode]
        for pipeline in idle:
            with pipeline.lock:
                pipeline.close()
        return len(idle)

    def close_all(self) -> None:
        self._forked()
        self.close_idle(older_than=0)

    def _start_reaper(self) -> None:
        if self.reaper is not None and self.reaper.is_alive():
            return

        def reap():
            while True:
                time.sleep(max(1.0, min(60.0, self.idle_seconds() / 4)))
                if os.getpid() != self.pid:
                    return
                self.close_idle()

        self.reaper = threading.Thread(target=reap, name="apertium-reaper", daemon=True)
        self.reaper.start()


warm_pool = WarmPool()
atexit.register(warm_pool.close_all)


class ApertiumEngine(Engine):
    name = "apertium"
    formats = frozenset({TEXT, HTML})  # the tags pass through as format, only the text is translated

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout if timeout is not None else getattr(settings, "CARAVAN_APERTIUM_TIMEOUT", 30.0)

    def supports(self, source: str, target: str) -> bool:
        return route(source, target) is not None

    def translate(self, text: str, source: str, target: str, format: str = TEXT) -> EngineResult | None:
        [result] = self.translate_many([text], source, target, format=format)
        return result

    def translate_many(
        self, texts: list[str], source: str, target: str, format: str = TEXT
    ) -> list[EngineResult | None]:
        """Each of `texts` translated, in order: one warm pipeline per hop for the whole
        batch (or, without one, one cold `apertium` process per text and hop)."""
        modes = route(source, target)
        if modes is None:
            return [None] * len(texts)
        translated = list(texts)
        for mode in modes:
            translated = self._hop(mode, translated, format)
        return [EngineResult(text=text.strip(), engine=self.name) if text.strip() else None for text in translated]

    def _hop(self, mode: str, texts: list[str], format: str) -> list[str]:
        if not shutil.which("apertium"):
            raise EngineUnavailable("apertium is not installed")
        try:
            pipeline = warm_pool.get(mode)
        except PipelineBroken as exc:
            logger.warning("%s; translating the cold way", exc)
            pipeline = None
        if pipeline is not None:
            try:
                with pipeline.lock:
                    return self._warm(pipeline, texts, format)
            except PipelineBroken as exc:
                logger.warning("%s; closing it and translating the cold way", exc)
                warm_pool.discard(pipeline)
        deformatter = "html" if format == HTML else "txt"
        return [self._run(mode, text, deformatter) for text in texts]

    def _warm(self, pipeline: WarmPipeline, texts: list[str], format: str) -> list[str]:
        if format == HTML:
            return [self._warm_html(pipeline, text) for text in texts]
        answers = pipeline.run([destxt(text).encode() for text in texts], self.timeout)
        return [retxt(answer.decode()) for answer in answers]

    def _warm_html(self, pipeline: WarmPipeline, text: str) -> str:
        """HTML through the warm pipeline with the format programs `apertium -f html` uses:
        Transfuse (tf-extract / tf-inject: inline tags move with their words) where it is
        installed, else apertium-deshtml / apertium-rehtml. Transfuse writes a text as
        several NUL-terminated blocks: each is one answer of the pipeline."""
        if shutil.which("tf-extract") and shutil.which("tf-inject"):
            extracted = _run_filter(["tf-extract", "-f", "html"], text.encode(), self.timeout)
            blocks = extracted.split(b"\0")
            if blocks and not blocks[-1].strip():
                blocks.pop()
            answers = pipeline.run(blocks, self.timeout)
            return _run_filter(["tf-inject"], b"".join(a + b"\0" for a in answers), self.timeout).decode()
        [answer] = pipeline.run([_run_filter(["apertium-deshtml"], text.encode(), self.timeout)], self.timeout)
        return _run_filter(["apertium-rehtml"], answer, self.timeout).decode()

    def _run(self, mode: str, text: str, deformatter: str = "txt") -> str:
        """One text through one mode with a process of its own (the cold way)."""
        binary = shutil.which("apertium")
        if not binary:
            raise EngineUnavailable("apertium is not installed")
        try:
            # -u: no unknown-word marks (*word); -f txt: plain text in and out, -f html: HTML, tags kept.
            done = subprocess.run(  # noqa: S603 (fixed argv, no shell)
                [binary, "-u", "-f", deformatter, mode],
                input=text,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise EngineUnavailable(f"apertium {mode} timed out") from exc
        except OSError as exc:
            raise EngineUnavailable(f"apertium {mode} could not start: {exc}") from exc
        if done.returncode != 0:
            raise EngineError(f"apertium {mode} failed: {done.stderr.strip()[:200]}")
        return done.stdout
