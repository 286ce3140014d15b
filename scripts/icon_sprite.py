"""Build static/icons/sprite.svg from the Lucide SVGs in static/icons/lucide/: one
<symbol id="name"> per file, so a page draws an icon with
<svg><use href="…/sprite.svg#name"></use></svg> (templates/includes/icon.html) in the
text colour, with no inline style (CSP). Run: python scripts/icon_sprite.py"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "icons" / "lucide"
TARGET = ROOT / "static" / "icons" / "sprite.svg"
ATTRIBUTES = (
    'viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"'
)


def symbol(path: Path) -> str:
    svg = path.read_text(encoding="utf-8")
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    body = " ".join(line.strip() for line in body.strip().splitlines())
    return f'<symbol id="{path.stem}" {ATTRIBUTES}>{body}</symbol>'


def main() -> None:
    symbols = "\n".join(symbol(path) for path in sorted(SOURCE.glob("*.svg")))
    TARGET.write_text(
        "<!-- Lucide icons (ISC licence: static/icons/lucide/LICENSE), built by scripts/icon_sprite.py -->\n"
        f'<svg xmlns="http://www.w3.org/2000/svg">\n{symbols}\n</svg>\n',
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
