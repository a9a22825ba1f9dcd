#!/usr/bin/env python3
"""analyze_compare.py: compare two `tevreden analyze --format json` outputs.

usage: analyze_compare.py OURS.json REFERENCE.json [-v]

Tables are matched by (item, measure), cells by (group, wave), comparisons by
(kind, a.group, a.wave, b.group, b.wave); a table, cell or comparison present in one
output only is a difference. Within them:

  * counts (n, missing, not_asked, x), strings, booleans, marks and letters: equal;
  * value, share_of_answers, mean, sd, ci_low, ci_high, median, q1, q3, statistic, df:
    within 1e-9 relative (or 1e-12 absolute near 0);
  * p and p_adjusted: within the relative tolerance of the test kind (P_TOL below), or
    1e-300 absolute (where a tail probability underflows in one library first; a t test
    above 4e5 df: 2e-12, see T_NORMAL_DF);
  * a null on one side only is a difference;
  * the header (waves, by, groups, total, settings, ungrouped) and each table's type,
    label, option, text, wording_differs and warnings: equal.

P_TOL: SciPy and the C implementation compute the same quantities through different
code paths (SciPy's ndtr, stdtr, hypergeom and rankdata against GSL's erfc and
incomplete beta and the C's own ranking and hypergeometric sums), so p values differ in
the last bits, and where one library is less accurate by more: the tolerances are what
holds with room to spare (the comments at P_TOL say how much was seen and why), far
below anything that could change a verdict.

Prints "compared N tables, M cells, K comparisons: all equal" and exits 0, or lists
the differences (at most 50, then a count) and exits 1. -v also prints the largest
relative difference per field and test kind.
"""

import json
import math
import sys

FLOAT_REL = 1e-9
FLOAT_ABS = 1e-12
# Relative tolerance of p values per test kind (1e-6 would do for any verdict). Largest
# differences seen between the C and SciPy 1.10, on the sample study with 20 option sets,
# 24 small fuzzed studies and 200 000 respondents per wave, are in the comments.
P_TOL = {
    # 2 * norm.sf(|z|), erfc in both: only z's last bits differ (seen: 1.7e-13).
    "z": 1e-11,
    # Rank sums and tie terms are exact in doubles in both (seen: 3.7e-15).
    "mann_whitney": 1e-11,
    # SciPy 1.10's hypergeom loses accuracy with large margins: against mpmath it is
    # off by 4.3e-11 at N = 300 000 where R is exact to 1e-15 (seen: 2.2e-13).
    "fisher": 1e-9,
    # The C computes t tails as R's pt() with GSL's incomplete beta, off by 1.1e-11 at
    # df = 155 670 against mpmath, where SciPy is within 2e-15 (seen: 1.1e-11).
    "welch": 1e-9,
    "pooled_t": 1e-9,
}
# Above 4e5 degrees of freedom R's pt(), and the C after it, switch to a normal
# approximation whose relative error grows into the far tail (4e-9 at p = 6e-7, 7e-4
# at p = 1e-300) while its absolute error stays below 1.1e-12; SciPy stays exact.
T_NORMAL_DF = 4e5
T_NORMAL_ABS = 2e-12
P_TINY = 1e-300
FLOAT_FIELDS = ["value", "share_of_answers", "mean", "sd", "ci_low", "ci_high",
                "median", "q1", "q3"]
INT_FIELDS = ["n", "missing", "not_asked", "x"]
EXACT_CELL = ["testable", "untestable_reason", "year_mark", "letters"]
HEADER = ["format", "waves", "by", "groups", "total", "settings", "ungrouped"]
TABLE_META = ["type", "label", "option", "text", "wording_differs", "warnings"]


def rel_diff(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


class Comparer:
    def __init__(self):
        self.diffs = []
        self.largest = {}  # (field, test) -> (relative difference, where)

    def diff(self, where, what):
        self.diffs.append(f"{where}: {what}")

    def note(self, field, where, a, b):
        d = rel_diff(a, b)
        if d > self.largest.get(field, (-1.0, ""))[0]:
            self.largest[field] = (d, where)

    def number(self, where, field, a, b, rel, absolute=0.0, kind=None):
        """Compare two JSON numbers (or nulls) within rel/absolute."""
        if a is None or b is None:
            if a is not b:
                self.diff(where, f"{field} {json.dumps(a)} vs {json.dumps(b)}")
            return
        if isinstance(a, bool) or isinstance(b, bool) or not all(
                isinstance(v, (int, float)) for v in (a, b)):
            self.diff(where, f"{field} {json.dumps(a)} vs {json.dumps(b)} (not numbers)")
            return
        if math.isnan(a) or math.isnan(b):
            self.diff(where, f"{field} {a} vs {b}")
            return
        self.note(field + (f"[{kind}]" if kind else ""), where, a, b)
        if abs(a - b) <= absolute or rel_diff(a, b) <= rel:
            return
        self.diff(where, f"{field} {a!r} vs {b!r} (relative difference {rel_diff(a, b):.3g})")

    def exact(self, where, field, a, b):
        if a != b or type(a) is not type(b):
            self.diff(where, f"{field} {json.dumps(a, ensure_ascii=False)} vs "
                             f"{json.dumps(b, ensure_ascii=False)}")

    def keyed(self, where, what, ours, ref, key):
        """Match two lists by key; report the unmatched; return the matched pairs."""
        mo, mr = {}, {}
        for src, m in ((ours, mo), (ref, mr)):
            for x in src:
                k = key(x)
                if k in m:
                    self.diff(where, f"{what} {k} appears twice in one output")
                m[k] = x
        for k in mo.keys() - mr.keys():
            self.diff(where, f"{what} {k} only in ours")
        for k in mr.keys() - mo.keys():
            self.diff(where, f"{what} {k} only in the reference")
        return [(k, mo[k], mr[k]) for k in mo if k in mr]


def cell_key(c):
    return (c.get("group"), c.get("wave"))


def cmp_key(c):
    a, b = c.get("a") or {}, c.get("b") or {}
    return (c.get("kind"), a.get("group"), a.get("wave"), b.get("group"), b.get("wave"))


def compare(ours, ref, cmp):
    counts = [0, 0, 0]
    for f in HEADER:
        cmp.exact("header", f, ours.get(f), ref.get(f))
    tables = cmp.keyed("tables", "table", ours.get("tables", []), ref.get("tables", []),
                       lambda t: (t.get("item"), t.get("measure")))
    for (item, measure), to, tr in tables:
        counts[0] += 1
        where = f"{item} {measure}"
        for f in TABLE_META:
            cmp.exact(where, f, to.get(f), tr.get(f))
        # Cells must also come in the same order (rows, then waves).
        if [cell_key(c) for c in to.get("cells", [])] != [cell_key(c) for c in tr.get("cells", [])]:
            cmp.diff(where, "cells in a different order or set")
        for (group, wave), co, cr in cmp.keyed(where, "cell", to.get("cells", []),
                                              tr.get("cells", []), cell_key):
            counts[1] += 1
            w = f"{where} [{group} {wave}]"
            for f in INT_FIELDS:
                cmp.exact(w, f, co.get(f), cr.get(f))
            for f in FLOAT_FIELDS:
                cmp.number(w, f, co.get(f), cr.get(f), FLOAT_REL, FLOAT_ABS)
            for f in EXACT_CELL:
                cmp.exact(w, f, co.get(f), cr.get(f))
        for k, co, cr in cmp.keyed(where, "comparison", to.get("comparisons", []),
                                   tr.get("comparisons", []), cmp_key):
            counts[2] += 1
            w = f"{where} {k[0]} {k[1]} {k[2]} vs {k[3]} {k[4]}"
            cmp.exact(w, "test", co.get("test"), cr.get("test"))
            test = cr.get("test")
            cmp.number(w, "statistic", co.get("statistic"), cr.get("statistic"), FLOAT_REL,
                       FLOAT_ABS, test)
            cmp.number(w, "df", co.get("df"), cr.get("df"), FLOAT_REL, FLOAT_ABS, test)
            tol = P_TOL.get(test, 1e-6)
            floor = P_TINY
            if test in ("welch", "pooled_t") and (cr.get("df") or 0) > T_NORMAL_DF:
                floor = T_NORMAL_ABS
            for f in ("p", "p_adjusted"):
                cmp.number(w, f, co.get(f), cr.get(f), tol, floor, test)
            cmp.exact(w, "significant", co.get("significant"), cr.get("significant"))
    return counts


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if a != "-v"]
    if len(files) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    docs = []
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                docs.append(json.load(fh))
        except (OSError, ValueError) as e:
            print(f"analyze_compare: {f}: {e}", file=sys.stderr)
            return 2
    cmp = Comparer()
    n_tables, n_cells, n_cmps = compare(docs[0], docs[1], cmp)
    if verbose:
        for field, (d, where) in sorted(cmp.largest.items()):
            print(f"largest relative difference of {field}: {d:.3g} ({where})")
    summary = f"compared {n_tables} tables, {n_cells} cells, {n_cmps} comparisons"
    if not cmp.diffs:
        print(f"{summary}: all equal")
        return 0
    print(f"{summary}: {len(cmp.diffs)} differences (ours vs reference)")
    for d in cmp.diffs[:50]:
        print("  " + d)
    if len(cmp.diffs) > 50:
        print(f"  ... and {len(cmp.diffs) - 50} more")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
