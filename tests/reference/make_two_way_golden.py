"""Writes tests/reference/two-way-golden.json: Krippendorff's alpha of two-way bootstrap resamples, with numpy.

A two-way resample draws units and coders with multiplicities; its data are the units repeated by their unit
multiplicity, each holding every value of a coder repeated by that coder's multiplicity. Alpha is computed here from
pairwise differences, D_o = sum_u sum_{i != j in u} d(v_i, v_j) / (m_u - 1) / n and
D_e = sum_{i != j over all pairable values} d(v_i, v_j) / (n (n - 1)), alpha = 1 - D_o / D_e (Krippendorff 2011),
not from the coincidence matrix lib/metrics uses. Regenerate with `python3 tests/reference/make_two_way_golden.py`, then `npx prettier --write` the JSON.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20261204)


def alpha(units, level):
    units = [np.asarray(u, dtype=float) for u in units if len(u) >= 2]
    values = np.concatenate(units)
    n = len(values)

    def d(a, b):
        diff = a[:, None] - b[None, :]
        return (diff != 0).astype(float) if level == "nominal" else diff**2

    observed = sum(d(u, u).sum() / (len(u) - 1) for u in units) / n
    expected = d(values, values).sum() / (n * (n - 1))
    return 1 - observed / expected


cases = []
for case in range(6):
    n_units, n_coders = 12, 5
    bias = rng.normal(0, 1.5, n_coders)
    unit, coder, value = [], [], []
    for u in range(n_units):
        truth = rng.normal(0, 2)
        for c in rng.choice(n_coders, size=3, replace=False):
            unit.append(u)
            coder.append(int(c))
            value.append(float(np.round(truth + bias[c])))
    level = "nominal" if case % 3 == 2 else "interval"
    unit_weight = rng.multinomial(n_units, np.full(n_units, 1 / n_units))
    coder_weight = rng.multinomial(n_coders, np.full(n_coders, 1 / n_coders))
    expanded = []
    for u in range(n_units):
        vals = [v for (uu, c, v) in zip(unit, coder, value) for _ in range(coder_weight[c]) if uu == u]
        expanded += [vals] * int(unit_weight[u])
    cases.append(
        {
            "level": level,
            "units": n_units,
            "coders": n_coders,
            "unit": unit,
            "coder": coder,
            "value": value,
            "unitWeight": unit_weight.tolist(),
            "coderWeight": coder_weight.tolist(),
            "alpha": alpha(expanded, level),
            "alphaAsGiven": alpha([[v for (uu, v) in zip(unit, value) if uu == u] for u in range(n_units)], level),
        }
    )

path = os.path.join(os.path.dirname(__file__), "two-way-golden.json")
with open(path, "w") as f:
    json.dump({"about": "numpy reference, compare to 1e-9 relative", "cases": cases}, f, indent=1)
    f.write("\n")
