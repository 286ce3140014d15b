"""Drawings of clothes, shoes, bags, accessories and jewellery (one function per
family, on the Pen's 100 × 100 grid)."""

import math

from ..catalogue import MATERIAL_TINTS
from .pen import mix


def _draw_dress(p):
    p.mirror([(50, 14), (58, 14), (61, 24), (58, 40), (80, 88)])
    p.line([(42, 14), (40, 7)], 1.4)
    p.line([(58, 14), (60, 7)], 1.4)
    p.rect(41.5, 38, 58.5, 42, fill=p.dark)
    for x, y in ((36, 62), (50, 70), (62, 58), (44, 80), (68, 78), (30, 82), (54, 52)):
        p.circle(x, y, 1.6, fill=p.light)


def _draw_top(p, collar=False, long=False):
    sleeve = [(82, 36), (76, 46), (68, 40)] if not long else [(80, 30), (88, 80), (79, 82), (69, 44)]
    p.mirror([(50, 20), (56, 18), (67, 22), *sleeve, (68, 86)])
    p.mirror([(50, 30), (56, 18), (53, 18)], fill=p.dark)
    p.rect(31.5, 82, 68.5, 86, fill=p.dark)
    if collar:
        p.poly([(50, 30), (43, 17), (40, 24)], fill=p.light)
        p.poly([(50, 30), (57, 17), (60, 24)], fill=p.light)
        for y in (40, 52, 64, 76):
            p.circle(50, y, 1.2, fill=p.light)
    if long:
        p.rect(11.5, 76, 21, 81, fill=p.dark)
        p.rect(79, 76, 88.5, 81, fill=p.dark)


def _draw_knit(p):
    _draw_top(p, long=True)
    for x in range(33, 68, 3):
        p.line([(x, 82), (x, 86)], 0.5, fill=p.light)


def _draw_hoodie(p):
    p.ellipse(37, 10, 63, 34, fill=p.dark)
    _draw_top(p, long=True)
    p.rect(38, 58, 62, 72, r=3, fill=p.dark)
    p.line([(46, 24), (45, 40)], 0.8, fill=p.white)
    p.line([(54, 24), (55, 40)], 0.8, fill=p.white)


def _draw_pyjamas(p):
    p.mirror([(50, 56), (66, 56), (70, 90), (54, 90), (52, 66)], fill=p.dark)
    _draw_top(p, collar=True, long=True)


def _draw_skirt(p):
    p.mirror([(50, 20), (64, 20), (80, 82)])
    p.rect(36, 18, 64, 25, fill=p.dark)
    for x in (40, 46, 54, 60):
        p.line([(x + (x - 50) * 0.05, 26), (x + (x - 50) * 0.7, 80)], 0.6, fill=p.dark)


def _draw_trousers(p):
    p.mirror([(50, 14), (67, 14), (70, 88), (54, 88), (50, 36)])
    p.rect(33, 14, 67, 19, fill=p.dark)
    p.line([(36, 20), (40, 28)], 0.6, fill=p.light)
    p.line([(64, 20), (60, 28)], 0.6, fill=p.light)


def _draw_scarf(p):
    p.ellipse(28, 8, 72, 30, outline=p.main, width=7)
    p.poly([(30, 20), (42, 24), (46, 62), (40, 84), (28, 84), (33, 60)])
    p.poly([(70, 20), (58, 24), (60, 58), (72, 82), (60, 84), (52, 60)], fill=p.dark)
    for x0, x1, y0, y1, fill in ((29, 39, 72, 76, p.light), (61, 71, 70, 74, p.light)):
        p.rect(x0, y0, x1, y1, fill=fill)
    for x in range(29, 40, 2):
        p.line([(x, 84), (x, 89)], 0.5, fill=p.main)
    for x in range(60, 72, 2):
        p.line([(x, 84), (x + 0.5, 89)], 0.5, fill=p.dark)


def _draw_tie(p):
    p.mirror([(50, 22), (52, 22), (58, 74), (50, 86)])
    p.mirror([(50, 12), (55, 12), (53, 22)], fill=p.dark)
    for y in range(30, 80, 8):
        p.line([(45, y), (56, y - 5)], 0.9, fill=p.light)


def _draw_belt(p):
    p.rect(6, 44, 94, 56, r=2)
    p.rect(6, 44, 94, 56, r=2, outline=p.light, width=0.4)
    for x in (70, 76, 82):
        p.circle(x, 50, 1.1, fill=p.dark)
    p.rect(16, 39, 30, 61, r=2, outline=p.metal, width=2.2)
    p.line([(23, 41), (23, 59)], 1.4, fill=p.metal)


def _draw_heel(p):
    p.poly([(12, 68), (16, 58), (34, 54), (52, 60), (70, 44), (84, 42), (88, 50), (86, 68)])
    p.poly([(76, 66), (86, 66), (84, 88), (80, 88)], fill=p.dark)
    p.rect(12, 66, 78, 70, r=1, fill=p.dark)
    p.line([(36, 57), (48, 60)], 1.2, fill=p.light)


def _draw_loafer(p):
    p.poly([(8, 70), (12, 60), (34, 54), (54, 48), (74, 44), (88, 50), (92, 62), (92, 70)])
    p.rect(6, 68, 94, 75, r=2, fill=p.dark)
    p.poly([(40, 53), (54, 48), (60, 56), (46, 60)], fill=p.light)


def _draw_sneaker(p):
    p.poly([(10, 70), (12, 56), (30, 50), (48, 40), (64, 36), (78, 40), (88, 54), (90, 70)])
    p.rect(8, 67, 92, 78, r=3, fill=p.white)
    p.line([(8, 72), (92, 72)], 0.6, fill=p.light)
    for x in (44, 50, 56):
        p.line([(x, 42 + (56 - x) * 0.2), (x + 6, 52)], 0.9, fill=p.white)
    p.poly([(10, 70), (12, 58), (24, 54), (26, 68)], fill=p.dark)


def _draw_espadrille(p):
    p.poly([(14, 66), (20, 54), (44, 48), (70, 50), (86, 58), (88, 66)])
    p.rect(10, 64, 90, 78, r=6, fill=(*MATERIAL_TINTS["jute"], 255))
    for y in (67.5, 71, 74.5):
        p.line([(14, y), (86, y)], 0.5, fill=(*mix(MATERIAL_TINTS["jute"], (90, 60, 20), 0.3), 255))
    for x in range(22, 80, 4):
        p.line([(x, 58 - (x - 50) ** 2 / 400), (x + 2, 58 - (x - 50) ** 2 / 400)], 0.5, fill=p.light)


def _draw_sandal(p):
    p.rect(8, 66, 92, 73, r=3, fill=(*MATERIAL_TINTS["wood"], 255))
    p.arc(16, 46, 48, 86, 200, 340, 3.2, fill=p.main)
    p.arc(40, 42, 72, 86, 200, 340, 3.2, fill=p.main)
    p.arc(58, 44, 88, 86, 210, 330, 3.2, fill=p.main)


def _draw_slipper(p):
    p.rect(8, 70, 92, 77, r=3, fill=p.light)
    p.rect(6, 76, 94, 81, r=2, fill=p.dark)
    p.poly([(40, 72), (44, 58), (58, 50), (78, 50), (90, 58), (92, 72)])
    p.line([(44, 58), (58, 50), (78, 50), (90, 58)], 2.2, fill=p.light)


def _draw_handbag(p):
    p.arc(32, 16, 68, 58, 180, 360, 3.6)
    p.poly([(20, 38), (80, 38), (86, 86), (14, 86)])
    p.poly([(20, 38), (80, 38), (78, 56), (50, 62), (22, 56)], fill=p.dark)
    p.rect(46, 56, 54, 64, r=1.5, fill=p.metal)


def _draw_wallet(p):
    p.rect(16, 30, 84, 72, r=4)
    p.rect(18.5, 32.5, 81.5, 69.5, r=3, outline=p.light, width=0.5)
    p.poly([(16, 30), (84, 30), (84, 46), (50, 54), (16, 46)], fill=p.dark)
    p.circle(50, 50, 2.6, fill=p.metal)


def _draw_backpack(p):
    p.arc(40, 10, 60, 30, 180, 360, 2.6)
    p.rect(24, 20, 76, 88, r=12)
    p.rect(32, 54, 68, 82, r=6, fill=p.dark)
    p.line([(34, 58), (66, 58)], 0.8, fill=p.light)
    p.line([(30, 34), (70, 34)], 0.8, fill=p.light)


def _draw_keyring(p):
    p.circle(50, 24, 9, outline=p.metal, width=2.2)
    p.rect(44, 30, 56, 38, r=1.5, fill=p.metal)
    p.mirror([(50, 36), (60, 36), (62, 80), (50, 88)])
    p.circle(50, 72, 2.2, fill=p.dark)


def _draw_hat(p):
    p.ellipse(8, 52, 92, 74, fill=p.dark if p.main[:3] != MATERIAL_TINTS["straw"] else p.main)
    p.ellipse(10, 51, 90, 71)
    p.rect(30, 28, 70, 63, r=12)
    p.rect(30, 52, 70, 58, fill=p.dark)


def _draw_mitten(p):
    p.ellipse(18, 36, 36, 64)
    p.rect(30, 18, 70, 74, r=18)
    p.rect(30, 72, 70, 88, r=2, fill=p.light)
    for x in range(33, 70, 4):
        p.line([(x, 73), (x, 87)], 0.6, fill=p.main)
    for x, y in ((42, 40), (50, 46), (58, 40), (50, 34)):
        p.circle(x, y, 1.6, fill=p.light)


def _draw_sunglasses(p):
    lens = (30, 30, 36, 255)
    for x0 in (14, 54):
        p.rect(x0, 38, x0 + 32, 62, r=10, fill=lens)
        p.rect(x0, 38, x0 + 32, 62, r=10, outline=p.main, width=2.2)
        p.line([(x0 + 6, 44), (x0 + 12, 42)], 1.0, fill=(120, 120, 130, 255))
    p.arc(44, 38, 56, 52, 200, 340, 2.2, fill=p.main)
    p.line([(14, 42), (6, 40)], 2.2, fill=p.main)
    p.line([(86, 42), (94, 40)], 2.2, fill=p.main)


def _draw_necklace(p):
    p.arc(14, 4, 86, 76, 15, 165, 2.0, fill=p.main)
    for i in range(1, 10):
        a = math.radians(15 + 150 * i / 10)
        p.circle(50 + 36 * math.cos(a), 40 + 36 * math.sin(a), 1.8, fill=p.main)
    p.circle(50, 77, 3.5, outline=p.main, width=1.4)
    p.mirror([(50, 79), (60, 88), (50, 98)], fill=p.accent)
    p.circle(50, 87, 2, fill=p.white)


def _draw_earring(p):
    for x in (34, 66):
        p.arc(x - 6, 14, x + 6, 30, 180, 360, 1.2, fill=p.main)
        p.line([(x + 6, 22), (x, 40)], 1.2, fill=p.main)
        p.ellipse(x - 7, 40, x + 7, 64, fill=p.accent)
        p.ellipse(x - 7, 40, x + 7, 64, outline=p.main, width=1.2)


def _draw_ring(p):
    p.ellipse(28, 40, 72, 82, outline=p.main, width=5)
    p.ellipse(30, 43, 70, 80, outline=p.light, width=0.8)
    p.mirror([(50, 22), (58, 30), (54, 40)], fill=p.accent)
    p.mirror([(50, 28), (54, 31), (50, 36)], fill=p.white)


def _draw_bracelet(p):
    steps = 18
    for i in range(steps):
        angle = 2 * math.pi * i / steps
        x, y = 50 + 30 * math.cos(angle), 52 + 22 * math.sin(angle)
        p.circle(x, y, 5.2, fill=p.accent if i % 3 else p.main)
        p.circle(x - 1.4, y - 1.4, 1.2, fill=p.white)


def _draw_watch(p):
    p.rect(40, 6, 60, 94, r=4)
    for y in (16, 22, 78, 84):
        p.line([(42, y), (58, y)], 0.5, fill=p.dark)
    p.circle(50, 50, 19, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.circle(50, 50, 16, fill=p.white)
    for i in range(12):
        a = 2 * math.pi * i / 12
        p.line([(50 + 13 * math.cos(a), 50 + 13 * math.sin(a)), (50 + 15 * math.cos(a), 50 + 15 * math.sin(a))],
               0.7, fill=p.ink)  # fmt: skip
    p.line([(50, 50), (50, 38)], 1.2, fill=p.ink)
    p.line([(50, 50), (58, 54)], 1.2, fill=p.ink)
