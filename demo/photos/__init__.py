"""Product photos for the demo listings: a soft gradient in a tint of the
variant's colour, a soft shadow and a flat, vector-like silhouette of the product
(its family's drawing, apparel.py and goods.py)."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from ..catalogue import COLOURS, MATERIAL_TINTS
from . import apparel, goods
from .pen import IMAGE_SIZE, Pen, mix

DRAWERS = {
    name.removeprefix("_draw_"): fn
    for module in (apparel, goods)
    for name, fn in vars(module).items()
    if name.startswith("_draw_")
}
DRAWERS["shirt"] = lambda p: apparel._draw_top(p, collar=True)
DRAWERS["bunny"] = lambda p: goods._draw_teddy(p, bunny=True)
DRAWERS["pump"] = lambda p: goods._draw_bottle(p, pump=True)

STYLES = (  # backgrounds: a tint of the colour; then two neutral studio ones
    None,
    ((244, 240, 234), (222, 212, 198)),
    ((236, 240, 244), (200, 210, 222)),
)


@lru_cache(maxsize=1)
def _backdrop_masks() -> tuple[Image.Image, Image.Image]:
    """The vertical gradient and the soft floor shadow, the same in every photo."""
    gradient = Image.linear_gradient("L").resize((IMAGE_SIZE, IMAGE_SIZE))
    shadow = Image.new("L", (100, 100), 0)
    ImageDraw.Draw(shadow).ellipse((18, 84, 82, 96), fill=90)
    return gradient, shadow.filter(ImageFilter.GaussianBlur(3)).resize((IMAGE_SIZE, IMAGE_SIZE))


@lru_cache(maxsize=512)
def product_photo(family: str, colour: str, style: int = 0, material: str = "") -> bytes:
    """An 800 × 800 JPEG of a `family` product in `colour` (a COLOURS key)."""
    rgb = COLOURS[colour][0] if colour else MATERIAL_TINTS.get(material, (150, 160, 176))
    accent = MATERIAL_TINTS.get(material)
    light = sum(rgb) / 3 > 175
    if STYLES[style % len(STYLES)] is None:
        top = mix(rgb, (255, 255, 255), 0.86) if not light else (190, 200, 216)
        bottom = mix(rgb, (255, 255, 255), 0.66) if not light else (132, 146, 170)
    else:
        top, bottom = STYLES[style % len(STYLES)]
    gradient, shadow = _backdrop_masks()
    photo = ImageOps.colorize(gradient, top, bottom)
    photo.paste(mix(bottom, (0, 0, 0), 0.35), mask=shadow)

    layer = Image.new("RGBA", (IMAGE_SIZE * 2, IMAGE_SIZE * 2), (0, 0, 0, 0))
    DRAWERS[family](Pen(ImageDraw.Draw(layer), rgb, accent))
    layer = layer.reduce(2)
    photo.paste(layer, mask=layer)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()
