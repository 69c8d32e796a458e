"""Draws examples/markdown/khatam.png: a band of eight-pointed stars (khatam),
the example essay's one picture. Run with a Python that has Pillow."""
import math
from PIL import Image, ImageDraw

W, H, S = 600, 300, 2  # drawn at twice the size, then reduced for smooth edges
paper, ink, sepia, gold = (243, 234, 215), (29, 53, 87), (122, 82, 48), (201, 162, 39)
img = Image.new("RGB", (W * S, H * S), paper)
d = ImageDraw.Draw(img)


def star(cx, cy, r, fill, outline):
    points = []
    for k in range(16):
        radius = r if k % 2 == 0 else r * 0.72
        a = math.pi / 8 * k
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    d.polygon(points, fill=fill, outline=outline, width=3 * S)


step = 100 * S
for row in range(4):
    for col in range(7):
        cx, cy = col * step + (step // 2 if row % 2 else 0), row * step * 0.75 + 20 * S
        star(cx, cy, 38 * S, gold if (row + col) % 3 == 0 else ink, sepia)
        star(cx, cy, 14 * S, paper, sepia)
d.rectangle([6 * S, 6 * S, (W - 7) * S, (H - 7) * S], outline=sepia, width=6 * S)
img.resize((W, H), Image.LANCZOS).quantize(32).save("examples/markdown/khatam.png", optimize=True)
