"""Apertium throughput for listing titles: `python benchmarks/apertium_rate.py [TITLES]`
(run by `make bench`). English titles (the real-style Chinese, Russian and Turkish test
titles through the keyword engine) go into Spanish (one hop, eng-spa) and Italian (two
hops through Spanish), three ways:

- cold: one `apertium` process per text and hop, as before the warm pipelines;
- warm: `translate()` one title at a time through the process's warm pipelines
  (what a listing translation job does);
- batch: `translate_many()` with all the titles in one call.

Prints titles per second for each and the warm/cold ratio, then a last line with
the warm ratio alone (bench.py reads it)."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from translation.engines.apertium import ApertiumEngine, warm_pool  # noqa: E402
from translation.glossary import GlossaryEngine  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "translation" / "data" / "real_titles.json"
COLD_TITLES = 6  # a cold call takes ~0.3 s a hop: a handful measures it


def english_titles(count: int) -> list[str]:
    glossary = GlossaryEngine()
    titles = []
    for source, cases in json.loads(DATA.read_text(encoding="utf-8"))["titles"].items():
        for case in cases:
            result = glossary.translate(case["title"], source, "en")
            if result:
                titles.append(result.text)
    titles = [f"{title} {n // len(titles)}" if n >= len(titles) else title for n, title in enumerate(titles * 10)]
    return titles[:count]


def rate(run, titles) -> float:
    started = time.perf_counter()
    run(titles)
    return len(titles) / (time.perf_counter() - started)


def main(count: int) -> None:
    apertium = ApertiumEngine()
    titles = english_titles(count)
    ratios = []
    for target in ("es", "it"):
        settings.CARAVAN_APERTIUM_WARM_PIPELINES = 0
        warm_pool.close_all()
        cold = rate(lambda ts, target=target: [apertium.translate(t, "en", target) for t in ts], titles[:COLD_TITLES])
        settings.CARAVAN_APERTIUM_WARM_PIPELINES = 4
        apertium.translate("warm up", "en", target)  # the pipelines start once per process
        warm = rate(lambda ts, target=target: [apertium.translate(t, "en", target) for t in ts], titles)
        batch = rate(lambda ts, target=target: apertium.translate_many(ts, "en", target), titles)
        ratios.append(warm / cold)
        print(f"en→{target}: cold {cold:.1f} titles/s, warm {warm:.0f} titles/s ({warm / cold:.0f}×), "
              f"batch {batch:.0f} titles/s ({batch / cold:.0f}×), {len(titles)} titles")  # fmt: skip
    warm_pool.close_all()
    print(f"{min(ratios):.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
