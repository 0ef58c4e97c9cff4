#!/usr/bin/env python3
"""A router for `aurora-lab ... --router-cmd "python3 examples/keyword_router.py"`: reads one JSON request per line
on stdin, writes one JSON reply per line on stdout. Math and science go to the largest model, the rest by preference."""
import json
import sys

HARD = ("algebra", "physics", "chemistry", "math", "calculus", "equation")

for line in sys.stdin:
    req = json.loads(line)
    models = sorted(req["candidates"], key=lambda c: c["sizeMb"])  # smallest first
    text = (req["subject"] + " " + req["text"]).lower()
    if any(word in text for word in HARD):
        pick = models[-1]
    else:
        pick = models[round(req["preference"] * (len(models) - 1))]
    print(json.dumps({"id": req["id"], "model": pick["model"]}), flush=True)
