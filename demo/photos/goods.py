"""Drawings of phone accessories, home, kitchen, sports, beauty and toys (one
function per family, on the Pen's 100 × 100 grid)."""

import math
import random

from ..catalogue import MATERIAL_TINTS
from .pen import mix


def _draw_phone(p):
    p.rect(30, 10, 70, 90, r=8)
    p.rect(34, 14, 52, 32, r=4, fill=p.dark)
    for x, y in ((39, 19), (47, 19), (39, 27)):
        p.circle(x, y, 2.6, fill=(28, 28, 34, 255))
    p.circle(50, 62, 5, fill=p.light)


def _draw_screen(p):
    p.rect(28, 8, 72, 92, r=8, fill=(40, 40, 48, 255))
    p.rect(31, 11, 69, 89, r=6, fill=(84, 120, 176, 255))
    p.poly([(31, 60), (69, 24), (69, 40), (31, 76)], fill=(150, 184, 226, 255))
    p.rect(44, 13, 56, 16, r=1.5, fill=(24, 24, 28, 255))


def _draw_cable(p):
    points = [(20 + 60 * t / 40, 50 + 18 * math.sin(t / 40 * 2.5 * math.pi)) for t in range(41)]
    p.line(points, 2.4, fill=p.main)
    for x, y in (points[0], points[-1]):
        p.rect(x - 4, y - 6, x + 4, y + 6, r=1.5, fill=p.dark)
        p.rect(x - 2, y - 10, x + 2, y - 6, fill=(*MATERIAL_TINTS["silver925"], 255))


def _draw_charger(p):
    p.rect(26, 26, 74, 80, r=9)
    p.rect(36, 14, 40, 27, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.rect(60, 14, 64, 27, fill=(*MATERIAL_TINTS["silver925"], 255))
    for y in (44, 56):
        p.rect(40, y, 60, y + 5, r=1, fill=p.dark)


def _draw_earphones(p):
    p.rect(28, 44, 72, 82, r=14)
    p.line([(28, 58), (72, 58)], 0.6, fill=p.dark)
    for x in (38, 62):
        p.circle(x, 26, 7)
        p.rect(x - 2.5, 26, x + 2.5, 42, r=2)
    p.circle(50, 70, 1.3, fill=(90, 200, 120, 255))


def _draw_stand(p):
    p.rect(22, 78, 78, 86, r=3)
    p.poly([(44, 80), (52, 80), (66, 30), (60, 28)], fill=p.dark)
    p.poly([(40, 20), (62, 14), (72, 64), (50, 70)], fill=(40, 40, 48, 255))
    p.poly([(42, 23), (61, 18), (70, 62), (51, 67)], fill=(96, 130, 186, 255))


def _draw_towel(p):
    shades = (p.main, p.light, p.dark)
    for i, y in enumerate((62, 46, 30)):
        p.rect(18 - i, y, 82 + i, y + 18, r=4, fill=shades[i])
        p.rect(18 - i, y + 4, 82 + i, y + 6, fill=p.white)
        p.rect(18 - i, y + 11, 82 + i, y + 12, fill=p.white)


def _draw_bedding(p):
    p.rect(14, 50, 86, 86, r=3, fill=p.light)
    p.rect(14, 38, 86, 56, r=3)
    p.rect(20, 16, 80, 40, r=8, fill=p.white)
    p.rect(20, 16, 80, 40, r=8, outline=p.light, width=0.8)
    p.rect(46, 38, 54, 86, fill=p.dark)


def _draw_cushion(p):
    p.rect(16, 20, 84, 82, r=12)
    p.rect(16, 20, 84, 82, r=12, outline=p.dark, width=1.2)
    for cx, cy in ((34, 40), (66, 40), (50, 51), (34, 62), (66, 62)):
        p.poly([(cx, cy - 7), (cx + 6, cy), (cx, cy + 7), (cx - 6, cy)], fill=p.accent)
        p.poly([(cx, cy - 3), (cx + 2.5, cy), (cx, cy + 3), (cx - 2.5, cy)], fill=p.dark)


def _draw_casket(p):
    p.rect(18, 44, 82, 82, r=3, fill=p.accent)
    p.poly([(16, 44), (84, 44), (78, 30), (22, 30)], fill=(*mix(p.accent[:3], (0, 0, 0), 0.25), 255))
    for y in (52, 60, 70):
        p.arc(10, y - 6, 60, y + 10, 200, 340, 0.8, fill=(*mix(p.accent[:3], (255, 255, 255), 0.3), 255))
    p.rect(46, 42, 54, 52, r=1.5, fill=p.metal)


def _draw_candle(p):
    p.rect(30, 36, 70, 86, r=6, fill=p.accent)
    p.rect(34, 52, 66, 70, r=2, fill=p.white)
    p.line([(50, 36), (50, 30)], 0.8, fill=p.ink)
    p.mirror([(50, 14), (53, 24), (50, 31)], fill=(244, 170, 60, 255))


def _draw_lantern(p):
    p.line([(50, 4), (50, 16)], 1.0, fill=p.metal)
    p.rect(44, 16, 56, 22, fill=p.metal)
    p.ellipse(26, 22, 74, 82, fill=p.main)
    rng = random.Random(7)
    for y in range(28, 78, 6):
        for x in range(30, 72, 6):
            if (x - 50) ** 2 / 24**2 + (y - 52) ** 2 / 30**2 < 0.85:
                tint = rng.choice(((230, 70, 60), (250, 200, 80), (60, 140, 220), (80, 180, 120), (240, 240, 230)))
                p.rect(x, y, x + 4.6, y + 4.6, r=1, fill=(*tint, 255))
    p.rect(44, 82, 56, 88, fill=p.metal)


def _draw_vase(p):
    p.mirror([(50, 14), (58, 14), (57, 22), (56, 28), (66, 40), (71, 56), (66, 74), (58, 86), (50, 88)])
    p.rect(34, 44, 66, 49, fill=p.light)
    for x in (40, 50, 60):
        p.circle(x, 60, 2.2, fill=p.light)
    p.ellipse(43, 12, 57, 17, fill=p.dark)


def _draw_plate(p):
    p.circle(50, 50, 38)
    p.circle(50, 50, 30, fill=p.white)
    p.circle(50, 50, 38, outline=p.dark, width=0.8)
    for i in range(8):
        a = 2 * math.pi * i / 8
        p.circle(50 + 34 * math.cos(a), 50 + 34 * math.sin(a), 1.8, fill=p.light)
    for i in range(6):
        a = 2 * math.pi * i / 6
        p.circle(50 + 7 * math.cos(a), 50 + 7 * math.sin(a), 4, fill=p.main)
    p.circle(50, 50, 3, fill=(*MATERIAL_TINTS["brass"], 255))


def _draw_pot(p):
    for dx, dy in ((-14, 0), (0, -8), (14, 0), (-7, -4), (7, -4)):
        p.ellipse(44 + dx, 10 + dy + 10, 56 + dx, 44 + dy, fill=(70, 140, 80, 255))
    p.line([(50, 30), (50, 48)], 1.2, fill=(50, 110, 60, 255))
    p.mirror([(50, 52), (66, 52), (62, 88)])
    p.rect(32, 48, 68, 56, r=1, fill=p.dark)


def _draw_shears(p):
    p.line([(50, 50), (80, 16)], 3.0, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.line([(50, 50), (70, 12)], 3.0, fill=(160, 164, 172, 255))
    p.line([(50, 50), (24, 86)], 5.0, fill=p.main)
    p.line([(50, 50), (38, 90)], 5.0, fill=p.dark)
    p.circle(50, 50, 3, fill=p.metal)


def _draw_utensils(p):
    wood = (*MATERIAL_TINTS["olive-wood"], 255)
    p.rect(22, 40, 28, 92, r=3, fill=wood)
    p.ellipse(17, 8, 33, 42, fill=wood)
    p.rect(47, 40, 53, 92, r=3, fill=p.main)
    p.rect(42, 8, 58, 40, r=4, fill=p.main)
    for x in (46, 50, 54):
        p.line([(x, 12), (x, 34)], 1.0, fill=p.dark)
    p.rect(72, 40, 78, 92, r=3, fill=p.dark)
    p.rect(69, 8, 81, 42, r=6, fill=p.dark)


def _draw_teapot(p):
    p.arc(62, 38, 84, 70, 270, 90, 3.2)
    p.poly([(26, 58), (10, 36), (14, 34), (30, 52)])
    p.ellipse(22, 36, 78, 86)
    p.ellipse(36, 30, 64, 40, fill=p.dark)
    p.circle(50, 28, 3, fill=p.dark)
    p.rect(24, 56, 76, 60, fill=p.light)


def _draw_teaglass(p):
    p.ellipse(18, 78, 82, 90, fill=p.main)
    p.ellipse(24, 80, 76, 87, fill=p.light)
    tea = (176, 62, 30, 235)
    p.mirror([(50, 16), (64, 16), (60, 34), (57, 46), (62, 66), (58, 82)], fill=(230, 236, 240, 255))
    p.mirror([(50, 28), (62, 28), (58, 36), (55, 46), (60, 66), (56, 80)], fill=tea)
    p.line([(40, 22), (38, 40)], 0.8, fill=(255, 255, 255, 255))


def _draw_cezve(p):
    copper = (*MATERIAL_TINTS["copper"], 255)
    p.mirror([(50, 30), (66, 30), (62, 44), (68, 80), (50, 82)], fill=copper)
    p.line([(64, 36), (92, 22)], 3.0, fill=p.main)
    p.line([(36, 30), (30, 27)], 1.5, fill=copper)
    for y in (50, 60, 70):
        p.line([(38, y), (62, y)], 0.5, fill=(*mix(copper[:3], (0, 0, 0), 0.25), 255))


def _draw_jar(p):
    p.rect(26, 30, 74, 86, r=8, fill=(*mix(p.main[:3], (255, 255, 255), 0.75), 255))
    p.rect(24, 18, 76, 30, r=3)
    p.rect(32, 50, 68, 68, r=2, fill=p.white)
    p.line([(36, 56), (64, 56)], 0.8, fill=p.dark)
    p.line([(36, 62), (56, 62)], 0.8, fill=p.light)


def _draw_mat(p):
    p.rect(10, 40, 78, 70, r=2)
    p.circle(78, 55, 15, fill=p.dark)
    p.circle(78, 55, 11, outline=p.light, width=1)
    p.circle(78, 55, 6, outline=p.light, width=1)
    p.line([(20, 38), (20, 72)], 2, fill=p.white)
    p.line([(60, 38), (60, 72)], 2, fill=p.white)


def _draw_band(p):
    for i, shade in enumerate((p.main, p.light, p.dark)):
        p.ellipse(14 + i * 8, 22 + i * 6, 86 - i * 8, 82 - i * 6, outline=shade, width=4)


def _draw_bicycle(p):
    for x in (28, 72):
        p.circle(x, 62, 16, outline=p.ink, width=2.2)
        p.circle(x, 62, 2, fill=p.ink)
    p.line([(28, 62), (44, 40), (64, 40), (72, 62)], 2.2, fill=p.main)
    p.line([(44, 40), (50, 62), (64, 40)], 2.2, fill=p.main)
    p.line([(28, 62), (50, 62)], 2.2, fill=p.main)
    p.line([(42, 32), (48, 32)], 2.6, fill=p.ink)
    p.line([(64, 40), (62, 30), (68, 28)], 2.0, fill=p.ink)


def _draw_tent(p):
    p.poly([(50, 18), (88, 80), (12, 80)])
    p.poly([(50, 18), (88, 80), (68, 80)], fill=p.dark)
    p.poly([(50, 44), (60, 80), (40, 80)], fill=(40, 40, 48, 255))
    p.line([(4, 81), (96, 81)], 1.2, fill=(96, 120, 80, 255))


def _draw_lamp(p):
    p.arc(38, 8, 62, 30, 180, 360, 2.4)
    p.rect(34, 18, 66, 26, r=2, fill=p.dark)
    p.rect(36, 26, 64, 74, r=4, fill=(250, 236, 180, 255))
    p.rect(34, 74, 66, 84, r=2, fill=p.dark)
    for x in (42, 50, 58):
        p.line([(x, 28), (x, 72)], 0.6, fill=p.main)


def _draw_bottle(p, pump=False):
    p.rect(32, 34, 68, 88, r=8)
    p.rect(42, 24, 58, 36, fill=p.main)
    p.rect(40, 14, 60, 26, r=2, fill=p.dark)
    p.rect(36, 52, 64, 72, r=2, fill=p.white)
    p.line([(40, 58), (60, 58)], 0.8, fill=p.dark)
    p.line([(40, 64), (54, 64)], 0.8, fill=p.light)
    if pump:
        p.rect(46, 6, 54, 14, fill=p.dark)
        p.rect(46, 4, 66, 8, r=1.5, fill=p.dark)


def _draw_lipstick(p):
    p.rect(38, 52, 62, 88, r=2, fill=p.metal)
    p.rect(40, 40, 60, 54, r=1, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.poly([(42, 40), (58, 40), (58, 22), (42, 30)], fill=p.main)
    p.line([(38, 70), (62, 70)], 0.8, fill=(*mix(MATERIAL_TINTS["brass"], (0, 0, 0), 0.3), 255))


def _draw_palette(p):
    p.rect(14, 24, 86, 80, r=5, fill=(40, 40, 46, 255))
    shades = [mix(p.main[:3], target, t) for target, t in
              (((255, 255, 255), 0.6), ((255, 255, 255), 0.3), ((0, 0, 0), 0), ((0, 0, 0), 0.3))]  # fmt: skip
    shades += [mix((190, 150, 120), (0, 0, 0), t) for t in (0, 0.2, 0.4, 0.6)]
    for i, shade in enumerate(shades):
        x, y = 20 + (i % 4) * 16.5, 32 + (i // 4) * 23
        p.rect(x, y, x + 13, y + 18, r=2, fill=(*shade, 255))


def _draw_comb(p):
    wood = (*MATERIAL_TINTS["wood"], 255)
    p.rect(14, 34, 86, 50, r=4, fill=wood)
    for x in range(17, 84, 3):
        p.rect(x, 48, x + 1.6, 70, r=0.8, fill=wood)


def _draw_brush(p):
    for i, x in enumerate((32, 50, 68)):
        p.rect(x - 3, 46, x + 3, 92, r=3, fill=p.main if i != 1 else p.dark)
        p.rect(x - 4, 38, x + 4, 48, fill=p.metal)
        p.poly([(x, 12 + i * 5), (x + 5, 20 + i * 5), (x + 4, 38), (x - 4, 38), (x - 5, 20 + i * 5)],
               fill=(68, 56, 50, 255))  # fmt: skip


def _draw_roller(p):
    p.line([(50, 88), (50, 40)], 2.4, fill=p.metal)
    p.line([(36, 40), (64, 40)], 2.0, fill=p.metal)
    p.line([(36, 40), (36, 26)], 2.0, fill=p.metal)
    p.line([(64, 40), (64, 26)], 2.0, fill=p.metal)
    p.rect(30, 12, 70, 28, r=8, fill=p.accent)
    p.line([(36, 16), (50, 16)], 1.2, fill=p.white)


def _draw_soap(p):
    p.rect(20, 38, 80, 78, r=10, fill=p.accent)
    p.ellipse(34, 48, 66, 68, fill=(*mix(p.accent[:3], (255, 255, 255), 0.3), 255))
    for x, y, r in ((70, 28, 5), (80, 20, 3), (62, 18, 3.5), (28, 30, 2.5)):
        p.circle(x, y, r, outline=(255, 255, 255, 255), width=0.7)


def _draw_swimsuit(p):
    p.mirror([(50, 30), (56, 16), (60, 16), (63, 46), (70, 76), (58, 80), (50, 70)])
    p.line([(41, 16), (40, 8)], 1.2)
    p.line([(59, 16), (60, 8)], 1.2)
    for x, y in ((44, 50), (56, 44), (50, 60), (60, 62), (40, 64)):
        p.circle(x, y, 2, fill=p.light)


def _draw_trunks(p):
    p.mirror([(50, 28), (70, 28), (74, 72), (54, 72), (50, 56)])
    p.rect(30, 26, 70, 32, fill=p.dark)
    p.line([(48, 32), (46, 42)], 0.7, fill=p.white)
    p.line([(52, 32), (54, 42)], 0.7, fill=p.white)
    p.rect(60, 38, 70, 50, r=1, fill=p.light)


def _draw_teddy(p, bunny=False):
    if bunny:
        p.ellipse(34, 2, 46, 34)
        p.ellipse(54, 2, 66, 34)
        p.ellipse(37, 6, 43, 30, fill=p.light)
        p.ellipse(57, 6, 63, 30, fill=p.light)
    else:
        p.circle(34, 18, 8)
        p.circle(66, 18, 8)
        p.circle(34, 18, 4, fill=p.light)
        p.circle(66, 18, 4, fill=p.light)
    p.ellipse(28, 46, 72, 92)
    p.ellipse(18, 50, 34, 72)
    p.ellipse(66, 50, 82, 72)
    p.ellipse(26, 78, 44, 94)
    p.ellipse(56, 78, 74, 94)
    p.circle(50, 32, 20)
    p.ellipse(40, 34, 60, 48, fill=p.light)
    p.circle(42, 28, 2, fill=p.ink)
    p.circle(58, 28, 2, fill=p.ink)
    p.ellipse(47, 36, 53, 40, fill=p.ink)
    p.ellipse(40, 58, 60, 80, fill=p.light)


def _draw_blocks(p):
    colours = ((214, 72, 64), (240, 190, 70), (70, 130, 200), (86, 170, 110), (160, 100, 180), (240, 140, 60))
    cells = ((18, 60), (42, 60), (66, 60), (30, 38), (54, 38), (42, 16))
    for (x, y), colour in zip(cells, colours, strict=True):
        p.rect(x, y, x + 20, y + 20, r=2, fill=(*colour, 255))
    p.circle(28, 70, 5, fill=p.white)
    p.poly([(52, 76), (57, 64), (62, 76)], fill=p.white)
    p.rect(71, 65, 81, 75, fill=p.white)
    p.circle(52, 26, 5, fill=p.white)


def _draw_matryoshka(p):
    red, yellow, face = (196, 48, 48, 255), (240, 196, 70, 255), (250, 226, 204, 255)
    for scale, x in ((1.0, 40), (0.7, 74), (0.45, 92)):

        def s(v, x=x, scale=scale):
            return x + (v - 50) * scale

        p.ellipse(s(22), 90 - 60 * scale, s(78), 90, fill=red)
        p.circle(s(50), 90 - 66 * scale, 20 * scale, fill=red)
        p.circle(s(50), 90 - 64 * scale, 13 * scale, fill=face)
        p.ellipse(s(36), 90 - 40 * scale, s(64), 88, fill=yellow)
        p.circle(s(50), 90 - 24 * scale, 6 * scale, fill=red)
        p.circle(s(45), 90 - 66 * scale, 1.3 * scale, fill=p.ink)
        p.circle(s(55), 90 - 66 * scale, 1.3 * scale, fill=p.ink)


def _draw_horse(p):
    wood = (*MATERIAL_TINTS["beech"], 255)
    p.ellipse(24, 40, 70, 64, fill=wood)
    p.poly([(60, 44), (70, 20), (80, 22), (84, 30), (74, 34), (70, 50)], fill=wood)
    for x in (30, 40, 54, 64):
        p.rect(x - 2, 58, x + 2, 74, fill=wood)
    p.rect(22, 74, 72, 78, r=2, fill=p.main)
    for x in (30, 64):
        p.circle(x, 82, 5, fill=(196, 48, 48, 255))
    p.poly([(70, 20), (64, 30), (62, 44), (68, 30)], fill=(196, 48, 48, 255))
    p.circle(77, 26, 1.2, fill=p.ink)


def _draw_train(p):
    colours = ((214, 72, 64), (240, 190, 70), (70, 130, 200), (86, 170, 110))
    p.rect(10, 44, 38, 72, r=2, fill=(*colours[0], 255))
    p.rect(14, 30, 30, 46, fill=(*colours[1], 255))
    p.rect(32, 32, 38, 46, fill=(*colours[2], 255))
    for i, x in enumerate((44, 70)):
        p.rect(x, 52, x + 22, 72, r=2, fill=(*colours[(i + 2) % 4], 255))
        p.rect(x + 4, 40, x + 14, 52, fill=(*colours[(i + 1) % 4], 255))
    for x in (18, 32, 50, 60, 76, 86):
        p.circle(x, 76, 5, fill=(*MATERIAL_TINTS["wood"], 255))


def _draw_puzzle(p):
    for (x, y), fill in (((22, 24), p.main), ((52, 24), p.light), ((22, 54), p.dark), ((52, 54), p.main)):
        p.rect(x, y, x + 28, y + 28, r=1, fill=fill)
    p.circle(50, 38, 5, fill=p.main)
    p.circle(36, 52, 5, fill=p.main)
    p.circle(66, 52, 5, fill=p.light)
    p.circle(50, 68, 5, fill=p.dark)


def _draw_chess(p):
    board_dark, board_light = (*MATERIAL_TINTS["jasper"], 255), (236, 220, 190, 255)
    for row in range(4):
        for col in range(8):
            p.rect(10 + col * 10, 60 + row * 7, 20 + col * 10, 67 + row * 7,
                   fill=board_dark if (row + col) % 2 else board_light)  # fmt: skip
    for x, fill in ((34, (40, 40, 44, 255)), (64, (246, 240, 228, 255))):
        p.circle(x, 24, 6, fill=fill)
        p.poly([(x - 5, 30), (x + 5, 30), (x + 9, 54), (x + 12, 60), (x - 12, 60), (x - 9, 54)], fill=fill)
