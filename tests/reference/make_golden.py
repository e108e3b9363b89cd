"""Writes tests/reference/metrics-golden.json: reference values for lib/metrics computed with numpy/scipy.

Regenerate with `python3 tests/reference/make_golden.py` (numpy >= 1.26, scipy >= 1.11) and commit the output; the
unit tests in tests/unit/metrics/golden.test.ts and tests/unit/annotations/scores.test.ts read it. Inputs come from a
seeded generator, so a re-run reproduces the file. Krippendorff's alpha has no scipy implementation: it is computed
here from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"), and the three
published values of that paper's example are checked before anything is written.
"""
import json
import os

import numpy as np
import scipy.integrate
import scipy.optimize
import scipy.spatial.distance
import scipy.special
import scipy.stats

rng = np.random.default_rng(20240117)


def entropy_cases():
    cases = []
    for k in (2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 10, 10, 10, 10):
        p = rng.dirichlet(np.full(k, 0.3 if len(cases) % 4 == 0 else 1.0))
        cases.append(p)
    cases += [np.array([1.0, 0, 0, 0]), np.full(4, 0.25)]
    out = []
    for p in cases:
        p = p / p.sum()
        out.append(
            {
                "p": p.tolist(),
                "bits": float(scipy.stats.entropy(p, base=2)),
                "nats": float(scipy.stats.entropy(p)),
                "normalized": float(scipy.stats.entropy(p) / np.log(len(p))),
            }
        )
    return out


def correlation_cases():
    cases = []
    for n in (5, 12, 50, 200):
        x = rng.normal(size=n)
        cases.append((f"continuous n={n}", x, 0.6 * x + rng.normal(size=n)))
    for n in (20, 100, 500):
        x = rng.integers(1, 6, size=n).astype(float)
        cases.append((f"ordinal 1-5 with ties n={n}", x, np.clip(x + rng.integers(-2, 3, size=n), 1, 5)))
        grade = rng.integers(3, 9, size=n).astype(float)
        cases.append((f"grade 3-8 vs difficulty 1-3 n={n}", grade, np.clip(np.round(grade / 3 + rng.normal(size=n)), 1, 3)))
    # Magnitudes that overflow or underflow a sum of squares taken without centring and scaling first.
    cases.append(("huge magnitudes", np.array([1e200, 2e200, 3e200]), np.array([1.0, 2.0, 3.5])))
    cases.append(("tiny magnitudes", np.array([1e-200, 2e-200, 3e-200, 5e-200]), np.array([4.0, 3.0, 2.5, 1.0])))
    return [
        {
            "name": name,
            "x": x.tolist(),
            "y": y.tolist(),
            "pearson": float(scipy.stats.pearsonr(x, y).statistic),
            "spearman": float(scipy.stats.spearmanr(x, y).statistic),
            "kendall_tau_b": float(scipy.stats.kendalltau(x, y, variant="b").statistic),
        }
        for name, x, y in cases
    ]


def ece(conf, correct, bins):
    n = len(conf)
    return float(sum(abs(correct[b].mean() - conf[b].mean()) * len(b) / n for b in bins if len(b)))


def calibration_cases():
    out = []
    for n, k in ((10, 4), (60, 4), (300, 3), (200, 5)):
        probs = rng.dirichlet(np.ones(k), size=n)
        gold = rng.integers(0, k, size=n)
        onehot = np.eye(k)[gold]
        top = probs.argmax(axis=1)
        conf = probs.max(axis=1)
        correct = (top == gold).astype(float)
        width = np.clip(np.ceil(conf * 10) - 1, 0, 9).astype(int)
        equal_width = [np.flatnonzero(width == b) for b in range(10)]
        equal_mass = np.array_split(np.argsort(conf, kind="stable"), 10)
        out.append(
            {
                "probs": probs.tolist(),
                "gold": gold.tolist(),
                "brier_multiclass_sum": float(((probs - onehot) ** 2).sum(axis=1).mean()),
                "log_loss_nats": float(-np.log(probs[np.arange(n), gold]).mean()),
                "accuracy": float(correct.mean()),
                "ece_10_equal_width": ece(conf, correct, equal_width),
                "ece_10_equal_mass": ece(conf, correct, equal_mass),
                "notes": "brier = mean over items of sum_k (p_k - onehot_k)^2 (range 0..2); ECE uses top-label "
                "confidence; equal-width bins are (lo,hi] with the first [0,0.1]; equal-mass = "
                "numpy.array_split of the confidence-sorted items",
            }
        )
    return out


def krippendorff_alpha(data, level):
    """data: coders x units with nan for missing. Coincidence-matrix form of Krippendorff (2011)."""
    units = [col[~np.isnan(col)] for col in data.T]
    units = [u for u in units if len(u) >= 2]
    values = np.unique(np.concatenate(units))
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for u in units:
        m = len(u)
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[index[u[a]], index[u[b]]] += 1 / (m - 1)
    n_v = o.sum(axis=1)
    n = n_v.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(len(values))
    elif level == "interval":
        delta = (values[:, None] - values[None, :]) ** 2
    elif level == "ordinal":
        delta = np.zeros((len(values), len(values)))
        for c in range(len(values)):
            for k in range(len(values)):
                lo, hi = min(c, k), max(c, k)
                delta[c, k] = (n_v[lo : hi + 1].sum() - (n_v[c] + n_v[k]) / 2) ** 2
    else:
        raise ValueError(level)
    expected = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1)
    return float(1 - (o * delta).sum() / (expected * delta).sum())


def krippendorff_cases():
    example = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
            [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
        ]
    )
    published = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849}
    to_json = lambda d: [[None if np.isnan(v) else float(v) for v in row] for row in d]
    out = []
    for level, value in published.items():
        alpha = krippendorff_alpha(example, level)
        assert round(alpha, 3) == value, (level, alpha)
        out.append({"name": "Krippendorff 2011 example", "level": level, "data": to_json(example), "alpha": alpha, "published_3dp": value})
    for level in ("nominal", "ordinal", "interval"):
        truth = rng.integers(1, 6, size=40)
        data = np.where(rng.random((5, 40)) < 0.7, truth, rng.integers(1, 6, size=(5, 40))).astype(float)
        data[rng.random((5, 40)) < 0.25] = np.nan
        out.append({"name": f"random 5 coders x 40 units ({level})", "level": level, "data": to_json(data), "alpha": krippendorff_alpha(data, level)})
    return out


def jsd_cases():
    out = []
    for _ in range(5):
        p, q = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(3))
        distance = float(scipy.spatial.distance.jensenshannon(p, q))
        out.append({"p": p.tolist(), "q": q.tolist(), "jsd_nats": distance**2, "js_distance_nats": distance})
    return out


# Cases added later draw from their own generator, so the cases above keep their inputs and values.
added = np.random.default_rng(20261204)


def split_credit(p, g):
    """1/t when gold is among the t options tied for the top probability (within 1e-12), else 0."""
    top = p.max()
    tied = np.flatnonzero(top - p <= 1e-12)
    return 1.0 / len(tied) if g in tied else 0.0


def tie_cases():
    """Human soft labels with ties ([0.5, 0.5, 0, 0] ...): accuracy and reliability split the credit over tied tops."""
    out = []
    shapes = [[0.5, 0.5, 0, 0], [1 / 3, 1 / 3, 1 / 3, 0], [0.4, 0.4, 0.2, 0], [0.25] * 4, [0.7, 0.1, 0.1, 0.1], [0.6, 0.2, 0.2, 0]]
    for n in (12, 80):
        probs = np.array([added.permutation(shapes[added.integers(len(shapes))]) for _ in range(n)])
        gold = added.integers(0, 4, size=n)
        conf = probs.max(axis=1)
        correct = np.array([split_credit(p, g) for p, g in zip(probs, gold)])
        width = np.clip(np.ceil(conf * 10) - 1, 0, 9).astype(int)
        # (lo, hi] bins: a confidence on a boundary such as 0.5 belongs to the bin below.
        for i, c in enumerate(conf):
            if width[i] > 0 and c <= width[i] / 10:
                width[i] -= 1
        equal_width = [np.flatnonzero(width == b) for b in range(10)]
        out.append(
            {
                "probs": probs.tolist(),
                "gold": gold.tolist(),
                "accuracy": float(correct.mean()),
                "ece_10_equal_width": ece(conf, correct, equal_width),
                "reliability_10_equal_width_accuracy": [float(correct[b].mean()) if len(b) else None for b in equal_width],
            }
        )
    out.append({"probs": [[0.5, 0.5, 0, 0]], "gold": [0], "accuracy": 0.5, "ece_10_equal_width": 0.0,
                "reliability_10_equal_width_accuracy": [None, None, None, None, 0.5, None, None, None, None, None]})
    return out


def entropy_estimator_cases():
    """Miller-Madow, the NSB posterior of the entropy with its Beta-matched 95% interval, and the expected plug-in entropy
    at a fixed number of labels, written from their definitions on the expanded list of labels (one row per label)."""

    def bits(p):
        return float(scipy.stats.entropy(p, base=2)) if p.sum() > 0 else 0.0

    def miller_madow(labels):
        pooled = labels.mean(axis=0)
        return bits(pooled) + ((pooled > 1e-15).sum() - 1) / (2 * len(labels) * np.log(2))

    def dirichlet_entropy_moments(alpha):
        """Mean and second moment (nats) of the entropy of p ~ Dirichlet(alpha): Wolpert & Wolf (1995), Hutter (2002)."""
        psi, psi1 = scipy.special.digamma, lambda x: scipy.special.polygamma(1, x)
        big = alpha.sum()
        mean = psi(big + 1) - (alpha / big * psi(alpha + 1)).sum()
        second = 0.0
        for i in range(len(alpha)):
            for j in range(len(alpha)):
                if i == j:
                    second += alpha[i] * (alpha[i] + 1) * ((psi(alpha[i] + 2) - psi(big + 2)) ** 2 + psi1(alpha[i] + 2) - psi1(big + 2))
                else:
                    second += alpha[i] * alpha[j] * ((psi(alpha[i] + 1) - psi(big + 2)) * (psi(alpha[j] + 1) - psi(big + 2)) - psi1(big + 2))
        return mean, second / (big * (big + 1))

    # The closed form against numerical integration over Beta(a, b) (two options).
    for a, b in ((0.3, 4.2), (2.0, 2.0), (7.5, 0.05)):
        h = lambda p, power: (-(p * np.log(p) + (1 - p) * np.log1p(-p))) ** power * scipy.stats.beta.pdf(p, a, b)
        numeric = [scipy.integrate.quad(h, 0, 1, args=(power,), limit=200, epsabs=1e-13)[0] for power in (1, 2)]
        assert np.allclose(dirichlet_entropy_moments(np.array([a, b])), numeric, rtol=1e-7), (a, b)

    def nsb(labels):
        """NSB: symmetric Dirichlet(a) priors at 16 values of a whose prior expected entropy xi(a) sits at the midpoints of
        16 equal steps of [0, ln k], equally weighted, times the Dirichlet-multinomial likelihood of the summed labels."""
        n, k = labels.shape
        counts = labels.sum(axis=0)
        xi = lambda a: scipy.special.digamma(k * a + 1) - scipy.special.digamma(a + 1)
        grid = [np.exp(scipy.optimize.brentq(lambda x: xi(np.exp(x)) - (g + 0.5) / 16 * np.log(k), -30, 30, xtol=1e-14))
                for g in range(16)]
        log_w = np.array([scipy.special.gammaln(k * a) - scipy.special.gammaln(n + k * a)
                          + (scipy.special.gammaln(counts + a) - scipy.special.gammaln(a)).sum() for a in grid])
        w = np.exp(log_w - log_w.max())
        w /= w.sum()
        moments = np.array([dirichlet_entropy_moments(counts + a) for a in grid])
        mean = (w * moments[:, 0]).sum()
        variance = (w * moments[:, 1]).sum() - mean**2
        top = np.log(k)
        m, v = mean / top, variance / top**2
        size = m * (1 - m) / v - 1
        lo, hi = scipy.stats.beta.ppf([0.025, 0.975], m * size, (1 - m) * size) * np.log2(k)
        expected = n / k
        if ((counts - expected) ** 2 / expected).sum() <= scipy.stats.chi2.ppf(0.95, k - 1):
            hi = np.log2(k)
        if (counts / n > 1e-15).sum() == 1:
            lo = 0.0
        return float(mean / np.log(2)), float(np.sqrt(variance) / np.log(2)), float(lo), float(hi)

    def estimates(labels):
        mean, sd, lo, hi = nsb(labels)
        return {
            "plug_in": bits(labels.mean(axis=0)),
            "miller_madow": float(miller_madow(labels)),
            "posterior_mean": mean,
            "se": sd,
            "lo": lo,
            "hi": hi,
        }

    def at_size(labels, size):
        n = len(labels)
        if np.all((labels == 0) | (labels == 1)) and np.all(labels.sum(axis=1) == 1):
            counts = labels.sum(axis=0)
            total = 0.0
            for nc in counts:
                for x in range(1, int(min(nc, size)) + 1):
                    q = x / size
                    total -= scipy.stats.hypergeom.pmf(x, n, nc, size) * q * np.log2(q)
            return float(total)
        import itertools

        subsets = list(itertools.combinations(range(n), size))
        return float(np.mean([bits(labels[list(s)].mean(axis=0)) for s in subsets]))

    out = []
    for counts in ([3, 1, 0], [7, 2, 1], [60, 25, 10, 5], [1, 1], [5, 0, 0, 0], [2, 3], [20, 0, 1, 0, 0], [1, 1, 1, 0, 0], [3, 0]):
        labels = np.repeat(np.eye(len(counts)), counts, axis=0)
        for size in (3, 5):
            out.append({"counts": counts, "size": size, "at_size": at_size(labels, size) if len(labels) >= size else None, **estimates(labels)})
    for n, k in ((4, 3), (7, 4), (9, 2)):
        labels = added.dirichlet(np.ones(k), size=n)
        out.append({"soft": labels.tolist(), "size": 3, "at_size": at_size(labels, 3), **estimates(labels)})
    return out


golden = {
    "about": "Reference values computed with numpy/scipy by tests/reference/make_golden.py. Tolerance 1e-9 relative "
    "unless a case says otherwise.",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
    "entropy": entropy_cases(),
    "correlation": correlation_cases(),
    "calibration": calibration_cases(),
    "krippendorff": krippendorff_cases(),
    "jsd": jsd_cases(),
    "calibration_ties": tie_cases(),
    "entropy_estimators": entropy_estimator_cases(),
}
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics-golden.json")
with open(target, "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
print(f"wrote {target}")
