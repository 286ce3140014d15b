"""Apertium: offline rule-based machine translation through the installed
`apertium` binary (Debian packages). Direct pairs as installed, and a pivot
through Spanish where no direct pair exists (en→it = en→es→it)."""

import shutil
import subprocess
from functools import lru_cache

from django.conf import settings

from translation.engines.base import HTML, TEXT, Engine, EngineError, EngineResult, EngineUnavailable

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


class ApertiumEngine(Engine):
    name = "apertium"
    formats = frozenset({TEXT, HTML})  # `-f html`: the tags pass through as format, only the text is translated

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout if timeout is not None else getattr(settings, "CARAVAN_APERTIUM_TIMEOUT", 30.0)

    def supports(self, source: str, target: str) -> bool:
        return route(source, target) is not None

    def translate(self, text: str, source: str, target: str, format: str = TEXT) -> EngineResult | None:
        modes = route(source, target)
        if modes is None:
            return None
        for mode in modes:
            text = self._run(mode, text, "html" if format == HTML else "txt")
        text = text.strip()
        return EngineResult(text=text, engine=self.name) if text else None

    def _run(self, mode: str, text: str, deformatter: str = "txt") -> str:
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
