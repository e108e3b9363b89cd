"""numpy/scipy reference timings for bench/metrics.ts.

Usage: python3 bench/_numpy_metrics.py DIR REPEATS ROW. DIR holds float64 files written by the bench: matrix.bin
(k x n, measure-major), boot.bin (k x m) and pair.bin (2 x N), with shapes in shapes.json. ROW is one of spearman,
pearson, kendall, bootstrap, pair. Prints JSON: the median milliseconds of the computation alone and its result,
to cross-check the JS side.
"""
import json
import sys
import time

import numpy as np
import scipy.stats


def median_ms(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times)), result


def kendall_matrix(x):
    k = x.shape[0]
    rho = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            rho[i, j] = rho[j, i] = scipy.stats.kendalltau(x[i], x[j]).statistic
    return rho


def bootstrap_spearman(x, resamples, seed, chunk=50):
    """Percentile 95% intervals for all Spearman pairs, resampling items; ranks recomputed per resample."""
    k, n = x.shape
    rng = np.random.default_rng(seed)
    values = np.empty((resamples, k, k))
    for start in range(0, resamples, chunk):
        m = min(chunk, resamples - start)
        idx = rng.integers(0, n, size=(m, n))
        ranks = scipy.stats.rankdata(x[:, idx], axis=-1)
        ranks -= ranks.mean(axis=-1, keepdims=True)
        ranks /= np.linalg.norm(ranks, axis=-1, keepdims=True)
        values[start : start + m] = np.einsum("imn,jmn->mij", ranks, ranks)
    return np.percentile(values, [2.5, 97.5], axis=0)


def main():
    folder, repeats, row = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    shapes = json.load(open(f"{folder}/shapes.json"))
    load = lambda name: np.fromfile(f"{folder}/{name}.bin").reshape(shapes[name])
    if row == "spearman":
        matrix = load("matrix")
        ms, result = median_ms(lambda: scipy.stats.spearmanr(matrix, axis=1).statistic, repeats)
    elif row == "pearson":
        matrix = load("matrix")
        ms, result = median_ms(lambda: np.corrcoef(matrix), repeats)
    elif row == "kendall":
        matrix = load("matrix")
        ms, result = median_ms(lambda: kendall_matrix(matrix), repeats)
    elif row == "bootstrap":
        boot = load("boot")
        ms, result = median_ms(lambda: bootstrap_spearman(boot, shapes["resamples"], 1)[0], repeats)
    else:
        pair = load("pair")
        ms, result = median_ms(lambda: np.array(scipy.stats.kendalltau(pair[0], pair[1]).statistic), repeats)
    print(json.dumps({"ms": ms, "result": np.ravel(result).tolist()}))


if __name__ == "__main__":
    main()
