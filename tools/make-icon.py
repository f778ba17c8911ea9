"""Draws the LSTM Studio icon (assets/icon.png, 512×512 RGBA) with the standard library only:
a rounded blue tile with two white chart lines (one per feature head). Run: python3 tools/make-icon.py"""
import math, struct, zlib, os

N = 512
px = bytearray(N * N * 4)

def blend(x, y, rgb, a):
    if 0 <= x < N and 0 <= y < N and a > 0:
        i = (y * N + x) * 4
        for k in range(3):
            px[i + k] = int(px[i + k] * (1 - a) + rgb[k] * a)
        px[i + 3] = max(px[i + 3], int(255 * a))

R = 96  # corner radius
for y in range(N):
    for x in range(N):
        cx = min(max(x, R), N - 1 - R); cy = min(max(y, R), N - 1 - R)
        d = math.hypot(x - cx, y - cy)
        a = max(0.0, min(1.0, R - d + 0.5)) if d > R - 1 else 1.0
        t = y / N
        blend(x, y, (int(37 + 30 * t), int(99 + 20 * t), int(235 - 40 * t)), a)

def line(points, rgb, w):
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        steps = int(math.hypot(x1 - x0, y1 - y0) * 2)
        for s in range(steps + 1):
            x = x0 + (x1 - x0) * s / steps; y = y0 + (y1 - y0) * s / steps
            for dy in range(-w, w + 1):
                for dx in range(-w, w + 1):
                    d = math.hypot(dx, dy)
                    if d <= w:
                        blend(int(x + dx), int(y + dy), rgb, min(1.0, w - d + 0.5))

line([(96, 380), (170, 300), (240, 330), (320, 200), (416, 130)], (255, 255, 255), 14)
line([(96, 410), (180, 370), (260, 380), (340, 300), (416, 260)], (255, 200, 120), 9)

raw = b''.join(b'\x00' + bytes(px[y * N * 4:(y + 1) * N * 4]) for y in range(N))
def chunk(tag, data):
    return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
out = os.path.join(os.path.dirname(__file__), '..', 'assets', 'icon.png')
open(out, 'wb').write(png)
print('wrote', out)
