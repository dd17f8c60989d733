#!/usr/bin/env python3
"""make_icon.py: writes bnlab.svg, the app icon (our own drawing): a wide, shifted distribution (orange, the raw
values) and the standard bell it is normalized to (white), over a baseline with a tick at 0.
Render the PNG with: node assets/render_icon.mjs (headless chromium)."""
import math, os

W = 256
base = 196.0           # baseline y
def curve(mu, sd, height, x0=28, x1=228, n=80):
    pts = []
    for k in range(n + 1):
        x = x0 + (x1 - x0) * k / n
        t = (x - mu) / sd
        pts.append((x, base - height * math.exp(-0.5 * t * t)))
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)

raw = curve(mu=158, sd=34, height=58)     # the raw values: off-centre, wide, low
bell = curve(mu=128, sd=22, height=128)   # after BN: centred at 0, unit spread
svg = f'''<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{W}" viewBox="0 0 {W} {W}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2f56a0"/><stop offset="1" stop-color="#1a2d55"/>
    </linearGradient>
  </defs>
  <rect x="12" y="12" width="232" height="232" rx="46" fill="url(#bg)"/>
  <path d="{raw}" fill="none" stroke="#f0a030" stroke-width="9" stroke-linecap="round" stroke-linejoin="round" opacity="0.9"/>
  <path d="{bell}" fill="none" stroke="#ffffff" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>
  <line x1="28" y1="{base + 14}" x2="228" y2="{base + 14}" stroke="#c9d6f2" stroke-width="6" stroke-linecap="round"/>
  <line x1="128" y1="{base + 4}" x2="128" y2="{base + 26}" stroke="#c9d6f2" stroke-width="6" stroke-linecap="round"/>
</svg>
'''
here = os.path.dirname(os.path.abspath(__file__))
open(os.path.join(here, "bnlab.svg"), "w").write(svg)
print("wrote assets/bnlab.svg")
