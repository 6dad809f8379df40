"""Valid answer sets drawn at random, for demo data, benchmarks and tests.

`quality` in [0, 1] moves every answer towards the better end, so a cohort drawn with
varied qualities has a realistic spread of scores and levels.
"""

import random
from typing import Any

from .method import INTEGER, MULTI, PAIR, PERCENT, SINGLE, TEXT, YESNO, MethodSpec, QuestionSpec


def _towards(rng: random.Random, quality: float, n: int) -> int:
    """An index 0..n-1, centred on quality*(n-1), with some noise."""
    centre = quality * (n - 1)
    return max(0, min(n - 1, round(rng.gauss(centre, max(0.6, n / 4)))))


def sample_answer(q: QuestionSpec, quality: float, rng: random.Random) -> Any:
    if q.kind == SINGLE:
        return q.choices[_towards(rng, quality, len(q.choices))].value
    if q.kind == MULTI:
        options = [c for c in q.choices if not c.exclusive]
        chosen = [c.value for c in options if rng.random() < quality * 0.9 + 0.05]
        if chosen:
            return chosen
        exclusive = [c.value for c in q.choices if c.exclusive]
        return exclusive[:1] or [options[0].value]
    if q.kind == YESNO:
        return rng.random() < quality * 0.9 + 0.05
    if q.kind == PERCENT and q.scoring.get("full_at", 100) < 50:
        # A small share such as revenue invested in digitalisation: around the full mark.
        full_at = q.scoring["full_at"]
        return round(max(0.0, rng.gauss(quality * full_at, full_at / 4)), 1)
    if q.kind in (INTEGER, PERCENT):
        low = q.min_value or 0
        high = q.max_value if q.max_value is not None else (100 if q.kind == PERCENT else 200)
        high = min(high, 100 if q.kind == PERCENT else 200)
        value = low + (high - low) * min(1.0, max(0.0, rng.gauss(quality, 0.2)))
        return round(value, 1) if q.kind == PERCENT else int(value)
    if q.kind == PAIR:
        whole = rng.randint(max(1, q.min_value or 1), 60)
        share = min(1.0, max(0.0, rng.gauss(quality, 0.2)))
        return {"part": int(whole * share), "whole": whole}
    if q.kind == TEXT:
        return "" if rng.random() < 0.6 else "—"
    raise ValueError(q.kind)


def sample_answers(spec: MethodSpec, *, quality: float, seed: int | None = None) -> dict:
    """A complete answer set (every question answered) that satisfies the cross-field rules."""
    rng = random.Random(seed)
    answers = {code: sample_answer(q, quality, rng) for code, q in spec.questions.items()}
    # Swapping one rule's pair can break a rule it shares a question with (platform ≤
    # networked ≤ total): swap until none is broken, as a bubble sort would.
    for _ in range(len(spec.rules) + 1):
        swapped = False
        for rule in spec.rules:
            left, right = answers.get(rule.left), answers.get(rule.right)
            if isinstance(left, int) and isinstance(right, dict) and left > right["part"]:
                # A count never above a pair's part (platform devices ≤ networked machines).
                answers[rule.left] = right["part"]
                continue
            if isinstance(left, int) and isinstance(right, int) and left > right:
                answers[rule.left], answers[rule.right] = right, left
                swapped = True
        if not swapped:
            break
    return answers
