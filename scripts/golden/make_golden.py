#!/usr/bin/env python3
"""Generate the golden vectors of Tests/AnalysisTests/Golden/ with numpy and scipy.

Run once from the repository root (python3 scripts/golden/make_golden.py); the output is
committed, and the Swift tests compare the Analysis module against it (1e-9 relative).
The Swift project never runs Python: this script only documents where the numbers came from.

  percentiles.json   numpy.percentile (default method = Hyndman-Fan type 7) and numpy.mean
  peak_tps.json      a faithful copy of the original Python pipeline's total_tps_list (bisect on float seconds)
                     and an exact integer-microsecond version of the same rule
  mannwhitney.json   scipy.stats.mannwhitneyu with its defaults (two-sided, continuity
                     correction, method='auto')
  fisher.json        scipy.stats.fisher_exact (two-sided) for error-rate comparisons
  bootstrap_median.json  the exact bootstrap distribution of the median of an odd-sized sample:
                     P(median* <= x_(j)) = P(Binomial(n, (j+1)/n) >= (n+1)/2) (scipy.stats.binom)
  xoshiro.json       reference outputs of SplitMix64-seeded xoshiro256** (plain Python integers)
"""
import bisect
import json
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "AnalysisTests", "Golden")
PERCENTS = [0, 5, 25, 50, 75, 95, 99, 100]
rng = np.random.default_rng(20261130)


def floats(a):
    return [float(v) for v in a]


def percentile_cases():
    samples = {
        "n1": [3.25],
        "n2": [2.0, -1.5],
        "n3": [0.7, 0.1, 0.4],
        "ties": [1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 5.0, 5.0, 5.0, 5.0],
        "all_equal": [0.123] * 7,
        "negative": floats(rng.normal(-3.0, 2.0, 37)),
        "mixed_sign_small": [-0.5, 0.25, -1e-3, 7.5, -2.0, 0.0],
        "lognormal_1200": floats(rng.lognormal(np.log(0.45), 0.6, 1200)),
        "lognormal_20000": floats(rng.lognormal(np.log(25.0), 0.3, 20000)),
        "rounded_ms": floats(np.round(rng.lognormal(np.log(0.3), 0.5, 500), 3)),
    }
    cases = []
    for name, values in samples.items():
        a = np.array(values)
        cases.append({
            "name": name,
            "values": values,
            "percentiles": {str(p): float(np.percentile(a, p)) for p in PERCENTS},
            "mean": float(np.mean(a)),
        })
    return {"generator": f"numpy {np.__version__}", "cases": cases}


def seed_total_tps_list(reqs, throughput_windows=5, throughput_step=1):
    """Verbatim logic of the original Python pipeline (the Python baselines' seed_pipeline.py): float seconds."""
    token_timestamp = []
    for c in reqs:
        for t in c["chunk_times"]:
            token_timestamp.append((t, 1))
    token_timestamp.sort(key=lambda x: x[0])
    count_list = np.zeros(int((token_timestamp[-1][0] - token_timestamp[0][0]) / throughput_step) + 1)
    sample_list = np.zeros(len(count_list))
    for i in range(len(sample_list)):
        ty = token_timestamp[0][0] + i * throughput_step
        sample_list[i] = bisect.bisect_right(
            token_timestamp, ty + throughput_windows / 2, key=lambda x: x[0]
        ) - bisect.bisect_left(token_timestamp, ty - throughput_windows / 2, key=lambda x: x[0])
    return sample_list / throughput_windows


def exact_total_tps_list(micros, window_us, step_us):
    """The same rule on integer microseconds: edges [c - w/2, c + (w - w/2)], both inclusive."""
    t = sorted(micros)
    first, last = t[0], t[-1]
    half = window_us // 2
    out = []
    for k in range((last - first) // step_us + 1):
        c = first + k * step_us
        lo = bisect.bisect_left(t, c - half)
        hi = bisect.bisect_right(t, c + (window_us - half))
        out.append((hi - lo) / (window_us / 1e6))
    return out


def peak_cases():
    cases = []

    def add(name, requests, window_s=5, step_s=1):
        reqs_s = [{"chunk_times": [m / 1e6 for m in r["chunk_times_us"]]} for r in requests]
        seed = seed_total_tps_list(reqs_s, window_s, step_s)
        micros = [m for r in requests for m in r["chunk_times_us"]]
        exact = exact_total_tps_list(micros, int(round(window_s * 1e6)), int(round(step_s * 1e6)))
        differ = [i for i, (a, b) in enumerate(zip(seed, exact)) if a != b]
        if len(seed) != len(exact):
            raise SystemExit(f"{name}: series lengths differ")
        cases.append({
            "name": name, "window_seconds": window_s, "step_seconds": step_s,
            "requests": requests, "seed_series": floats(seed), "exact_series": exact,
            "seed_differs_at": differ, "peak": float(max(exact)),
        })

    # Seed-like: 10 req/s for 20 s, lognormal TTFT, exponential-ish gaps; one failed request.
    reqs = []
    for i in range(200):
        sent = i * 100_000 + int(rng.integers(0, 500))
        first = sent + int(rng.lognormal(np.log(400_000), 0.5))
        n = int(rng.integers(1, 120))
        gaps = rng.gamma(2.0, 12_000, n - 1).astype(np.int64) + 1
        times = [first] + list(first + np.cumsum(gaps))
        reqs.append({"chunk_times_us": [int(x) for x in times], "failed": bool(i == 17)})
    add("seed_like_200", reqs)
    add("seed_like_200_w3_s0_5", reqs, 3, 0.5)
    # Chunks exactly on window edges (integer and half seconds from the first arrival).
    edge = [{"chunk_times_us": [1_000_000, 3_500_000, 3_500_000, 6_000_000, 8_500_000, 9_000_000], "failed": False},
            {"chunk_times_us": [2_000_000, 4_500_000, 7_000_000], "failed": False}]
    add("edges_on_boundaries", edge)
    # A first arrival at an awkward float offset: float edges can round differently.
    odd = [{"chunk_times_us": [100_003 + k * 499_999 for k in range(40)], "failed": False},
           {"chunk_times_us": [2_600_003 + k * 1_000_000 for k in range(12)], "failed": False}]
    add("float_offsets", odd)
    add("single_chunk", [{"chunk_times_us": [5_000_000], "failed": False}])

    # Chunks carrying several tokens (the original Python pipeline assumed one token per chunk): weighted exact rule.
    weighted = []
    for i in range(60):
        first = i * 250_000 + int(rng.integers(0, 1000)) + 300_000
        n = int(rng.integers(2, 40))
        times = [first] + list(first + np.cumsum(rng.integers(5_000, 60_000, n - 1)))
        weighted.append({"chunk_times_us": [int(x) for x in times],
                         "chunk_tokens": [int(x) for x in rng.integers(1, 6, n)]})
    pairs = sorted((t, w) for r in weighted for t, w in zip(r["chunk_times_us"], r["chunk_tokens"]))
    t = [p[0] for p in pairs]
    cum = np.concatenate([[0], np.cumsum([p[1] for p in pairs])])
    series = []
    for k in range((t[-1] - t[0]) // 1_000_000 + 1):
        c = t[0] + k * 1_000_000
        lo = bisect.bisect_left(t, c - 2_500_000)
        hi = bisect.bisect_right(t, c + 2_500_000)
        series.append(float(cum[hi] - cum[lo]) / 5.0)
    return {"generator": "seed total_tps_list (bisect) and exact integer-µs rule", "cases": cases,
            "weighted": {"requests": weighted, "series": series}}


def mwu_cases():
    specs = []
    specs.append(("exact_3_vs_4", [1.1, 3.4, 2.2], [4.5, 5.1, 2.9, 6.0]))
    specs.append(("exact_1_vs_5", [2.5], [1.0, 3.0, 4.0, 5.0, 6.0]))
    specs.append(("exact_separated_5_vs_7", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]))
    specs.append(("exact_8_vs_40", floats(rng.normal(0, 1, 8)), floats(rng.normal(0.8, 1, 40))))
    specs.append(("exact_6_vs_1200", floats(rng.lognormal(0, 0.5, 6)), floats(rng.lognormal(0.2, 0.5, 1200))))
    specs.append(("exact_equal_medians_4_vs_4", [1, 4, 5, 8], [2, 3, 6, 7]))
    specs.append(("ties_small", [1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 6]))
    specs.append(("ties_9_vs_9", [1, 1, 2, 2, 3, 3, 4, 4, 5], [3, 3, 4, 4, 5, 5, 6, 6, 7]))
    specs.append(("all_tied", [2.0, 2.0, 2.0], [2.0, 2.0]))
    specs.append(("asymptotic_9_vs_12", floats(rng.normal(0, 1, 9)), floats(rng.normal(1, 1, 12))))
    specs.append(("unequal_50_vs_80", floats(rng.lognormal(0, 0.4, 50)), floats(rng.lognormal(0.1, 0.4, 80))))
    specs.append(("lognormal_1200_vs_1200_same", floats(rng.lognormal(np.log(0.5), 0.5, 1200)),
                  floats(rng.lognormal(np.log(0.5), 0.5, 1200))))
    specs.append(("lognormal_1200_vs_1200_shift20", floats(rng.lognormal(np.log(0.5), 0.5, 1200)),
                  floats(rng.lognormal(np.log(0.6), 0.5, 1200))))
    specs.append(("rounded_ties_1200_vs_1200", floats(np.round(rng.lognormal(np.log(0.5), 0.5, 1200), 2)),
                  floats(np.round(rng.lognormal(np.log(0.52), 0.5, 1200), 2))))
    specs.append(("far_apart_300_vs_200", floats(rng.normal(0, 1, 300)), floats(rng.normal(6, 1, 200))))
    cases = []
    for name, x, y in specs:
        x, y = floats(x), floats(y)
        r = stats.mannwhitneyu(x, y)  # defaults: two-sided, use_continuity=True, method='auto'
        ties = len(set(x + y)) < len(x) + len(y)
        method = "asymptotic" if (len(x) > 8 and len(y) > 8) or ties else "exact"
        cases.append({"name": name, "x": x, "y": y, "u": float(r.statistic), "p": float(r.pvalue),
                      "method": method})
    return {"generator": f"scipy {scipy.__version__} stats.mannwhitneyu defaults", "cases": cases}


def fisher_cases():
    specs = [(0, 1200, 5, 1200), (3, 1200, 4, 1200), (12, 1200, 40, 1200), (0, 10, 0, 12),
             (60, 1200, 61, 6000), (1, 3, 2, 5), (200, 1200, 150, 1200)]
    cases = []
    for a, n1, b, n2 in specs:
        r = stats.fisher_exact([[a, n1 - a], [b, n2 - b]])
        cases.append({"failed_a": a, "total_a": n1, "failed_b": b, "total_b": n2, "p": float(r.pvalue)})
    return {"generator": f"scipy {scipy.__version__} stats.fisher_exact two-sided", "cases": cases}


def bootstrap_cases():
    cases = []
    for n in (1, 5, 51):
        values = sorted(floats(rng.lognormal(0, 0.5, n)))
        k = (n + 1) // 2
        cdf = [float(stats.binom.sf(k - 1, n, (j + 1) / n)) for j in range(n)]
        cases.append({"values": values, "cdf": cdf})
    return {"generator": f"scipy {scipy.__version__} stats.binom.sf", "cases": cases}


def xoshiro_cases():
    mask = (1 << 64) - 1

    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & mask

    cases = []
    for seed in (0, 42, 0xDEADBEEF12345678):
        sm = seed
        state = []
        for _ in range(4):
            sm = (sm + 0x9E3779B97F4A7C15) & mask
            z = sm
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            state.append(z ^ (z >> 31))
        s0, s1, s2, s3 = state
        out = []
        for _ in range(5):
            out.append(str((rotl((s1 * 5) & mask, 7) * 9) & mask))
            t = (s1 << 17) & mask
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
            s2 ^= t
            s3 = rotl(s3, 45)
        cases.append({"seed": str(seed), "outputs": out})
    return {"generator": "reference xoshiro256** (Blackman and Vigna) seeded by SplitMix64", "cases": cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("percentiles", percentile_cases()), ("peak_tps", peak_cases()),
                       ("mannwhitney", mwu_cases()), ("fisher", fisher_cases()),
                       ("bootstrap_median", bootstrap_cases()), ("xoshiro", xoshiro_cases())]:
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(data, f, separators=(",", ":"))
            f.write("\n")
        print(name, len(data["cases"]), "cases")


if __name__ == "__main__":
    main()
