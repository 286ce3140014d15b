"""The pen the product drawings use: flat shapes on a 100 × 100 grid, drawn at
twice the photo's size (reduced afterwards, which smooths their edges)."""

from PIL import ImageDraw

from ..catalogue import MATERIAL_TINTS

IMAGE_SIZE = 800
SCALE = IMAGE_SIZE * 2 / 100  # drawings use a 100 × 100 grid


def mix(rgb, other, amount: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * amount) for a, b in zip(rgb, other, strict=True))


class Pen:
    def __init__(self, draw: ImageDraw.ImageDraw, rgb, accent=None):
        self.draw = draw
        self.main = (*rgb, 255)
        self.dark = (*mix(rgb, (0, 0, 0), 0.3), 255)
        self.light = (*mix(rgb, (255, 255, 255), 0.45), 255)
        self.accent = (*(accent or mix(rgb, (255, 255, 255), 0.6)), 255)
        self.metal = (*MATERIAL_TINTS["brass"], 255)
        self.white = (250, 248, 244, 255)
        self.ink = (44, 44, 52, 255)

    @staticmethod
    def _xy(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def poly(self, points, fill=None):
        self.draw.polygon(self._xy(points), fill=fill or self.main)

    def mirror(self, half, fill=None):
        """A shape symmetric about x = 50, from its right half (top to bottom)."""
        self.poly(list(half) + [(100 - x, y) for x, y in reversed(half)], fill)

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=0.0):
        self.draw.ellipse(self._xy([(x0, y0), (x1, y1)]), fill=(fill or self.main) if outline is None else None,
                          outline=outline, width=round(width * SCALE))  # fmt: skip

    def circle(self, x, y, r, fill=None, outline=None, width=0.0):
        self.ellipse(x - r, y - r, x + r, y + r, fill=fill or (None if outline else self.main), outline=outline,
                     width=width)  # fmt: skip

    def rect(self, x0, y0, x1, y1, r=0.0, fill=None, outline=None, width=0.0):
        self.draw.rounded_rectangle(self._xy([(x0, y0), (x1, y1)]), radius=r * SCALE,
                                    fill=(fill or self.main) if outline is None else None, outline=outline,
                                    width=round(width * SCALE))  # fmt: skip

    def line(self, points, width, fill=None):
        self.draw.line(self._xy(points), fill=fill or self.dark, width=round(width * SCALE), joint="curve")

    def arc(self, x0, y0, x1, y1, start, end, width, fill=None):
        self.draw.arc(self._xy([(x0, y0), (x1, y1)]), start, end, fill=fill or self.dark, width=round(width * SCALE))
