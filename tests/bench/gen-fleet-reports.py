#!/usr/bin/env python3
"""Writes N realistic reports for the fleet benchmark: each is one of the golden
reports that `check --format xml` wrote for the fixture hosts
(tests/fixtures/hosts/*/expected/report.xml, 20 to 40 KB), with the host's name,
machine model and time made unique, so the files are what a fleet of real hosts
sends. About one in a thousand is cut short (a broken transfer). Deterministic
for a given seed. Usage: gen-fleet-reports.py OUTDIR N SEED TEMPLATE.xml..."""
import os
import random
import re
import sys

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
templates = []
for path in sys.argv[4:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if len(text) >= 20000 and "<report " in text:
        templates.append(text.replace(' root="ROOT"', ' root="/"'))
if not templates:
    sys.exit("gen-fleet-reports: no template of 20 KB or more")
MODELS = ["PowerEdge R750xa", "SYS-420GP-TNR", "ProLiant DL380 Gen10 Plus", "ThinkSystem SR670 V2",
          "G292-Z40", "ESC8000 G4"]
host_re = re.compile(r'hostname="[^"]*"')
product_re = re.compile(r'product-name="[^"]*"')
for i in range(n):
    sub = os.path.join(out, "%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(sub, exist_ok=True)
    t = rng.choice(templates)
    t = host_re.sub('hostname="gpu%06d.dc%d.example.net"' % (i, i % 3), t, count=1)
    t = product_re.sub('product-name="%s"' % rng.choice(MODELS), t, count=1)
    t = t.replace('generated="TIME"', 'generated="2026-11-23T%02d:%02d:%02dZ"' % (i // 3600 % 24, i // 60 % 60, i % 60))
    if rng.random() < 0.001:
        t = t[: len(t) // 2]
    with open(os.path.join(sub, "host%06d.xml" % i), "w", encoding="utf-8") as f:
        f.write(t)
