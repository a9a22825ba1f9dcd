#!/usr/bin/env python3
"""analyze_ref.py: an independent reference implementation of `tevreden analyze --format json`.

Reads a study (an SQLite file written by tevreden) with sqlite3 and pandas and computes
the full table set of docs/analyze.md, printing JSON in the shape of docs/analyze-json.md.
Tests come from SciPy: the pooled two-proportion z (scipy.stats.norm), Fisher's exact
test (scipy.stats.fisher_exact), Welch's and Student's t (ttest_ind),
Mann-Whitney U (mannwhitneyu, asymptotic, continuity and tie correction as R's
wilcox.test(exact = FALSE, correct = TRUE)); quantiles are numpy/pandas 'linear' (R type 7).

It serves as the reference of bench/analyze.sh and as a cross-check of every number of
`tevreden analyze` in tests/cli/t-analyze-scipy.sh (compared by bench/analyze_compare.py).
It is written from the spec, not from the C code.

usage: analyze_ref.py STUDY [--waves W1,W2 | --wave W] [--by VAR] [--items A,B,...]
           [--letters none|reference|pairwise] [--adjust none|bonferroni|holm]
           [--year-mark letters|star] [--sided two|one] [--alpha A] [--min-base N]
           [--mean-test welch|pooled] [--total-exclude G[,G]] [--distribution]
"""

import argparse
import json
import math
import shlex
import sqlite3
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import stats

FISHER_BELOW = 5  # Fisher's exact test when an expected count of the 2x2 table is below this
TOTAL = "totaal"


class UsageError(Exception):
    """A bad command line (exit 2)."""


class DataError(Exception):
    """A study without respondents, an unknown item (exit 1)."""


# ---------------------------------------------------------------------------------------
# Command line


def parse_args(argv):
    p = argparse.ArgumentParser(prog="analyze_ref.py", description=__doc__.split("\n")[0])
    p.add_argument("study")
    p.add_argument("--waves")
    p.add_argument("--wave")
    p.add_argument("--by", default=None)
    p.add_argument("--items")
    p.add_argument("--letters", choices=["none", "reference", "pairwise"])
    p.add_argument("--adjust", choices=["none", "bonferroni", "holm"])
    p.add_argument("--year-mark", choices=["letters", "star"], default="letters")
    p.add_argument("--sided", choices=["two", "one"], default="two")
    p.add_argument("--alpha", type=float, default=0.05)
    p.add_argument("--min-base", type=int, default=30)
    p.add_argument("--mean-test", choices=["welch", "pooled"], default="welch")
    p.add_argument("--total-exclude")
    p.add_argument("--distribution", action="store_true")
    # Accepted for command-line compatibility; the output is always JSON.
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--decimals", type=int)
    a = p.parse_args(argv)
    if a.waves and a.wave:
        raise UsageError("--waves and --wave exclude each other")
    if not 0 < a.alpha < 1:
        raise UsageError("--alpha must lie between 0 and 1")
    if a.min_base < 0:
        raise UsageError("--min-base must be 0 or more")
    return a


# ---------------------------------------------------------------------------------------
# Reading the study


def read_meta(con):
    """Waves, items, options and wordings of the study as DataFrames."""
    waves = pd.read_sql_query(
        "SELECT w.id AS wave_id, w.name, w.questionnaire_id, w.wording_id, "
        "(SELECT count(*) FROM respondent r WHERE r.wave_id = w.id) AS respondents "
        "FROM wave w ORDER BY w.name", con)
    items = pd.read_sql_query(
        "SELECT i.id AS item_id, i.questionnaire_id, i.name, i.label, i.type, i.role, "
        "i.module_id, i.scale_id, i.skewed, i.ord, sc.top_label "
        "FROM item i LEFT JOIN scale sc ON sc.id = i.scale_id ORDER BY i.questionnaire_id, i.ord",
        con)
    options = pd.read_sql_query(
        "SELECT id AS option_id, scale_id, code, label, is_missing, is_top, ord "
        "FROM scale_option ORDER BY scale_id, ord", con)
    texts = pd.read_sql_query("SELECT item_id, wording_id, text FROM item_text", con)
    return waves, items, options, texts


def read_answers(con, wave_ids, item_ids):
    """The answer rows of the selected waves and items: rid, item_id, option_id (0 for
    none, as the store's own reader has it), num (NaN for none)."""
    wq = ",".join("?" * len(wave_ids))
    iq = ",".join("?" * len(item_ids))
    sql = ("SELECT a.respondent_id AS rid, a.item_id, COALESCE(a.option_id, 0) AS option_id, "
           "a.num FROM respondent r JOIN answer a ON a.respondent_id = r.id "
           f"WHERE r.wave_id IN ({wq}) AND a.item_id IN ({iq})")
    dtypes = {"rid": "int64", "item_id": "int64", "option_id": "int64", "num": "float64"}
    chunks = pd.read_sql_query(sql, con, params=[int(w) for w in wave_ids] + [int(i) for i in item_ids],
                               chunksize=1 << 20)
    parts = [c.astype(dtypes) for c in chunks]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------
# Statistics


def p_adjust(p, method):
    """R's p.adjust for a 1-d array without NaN: 'none', 'bonferroni' or 'holm'."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if method == "none" or m == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(1.0, p * m)
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(1.0, stepped)
    return out


def t_quantile(prob, df):
    """The t distribution's quantile, as R's qt. SciPy 1.10's t.ppf (cephes stdtrit) is
    off by up to a few 1e-9 relative (df = 43: 2.0166921941 against 2.0166921992), so two
    Newton steps on t.sf, which is accurate to the last bits, finish it."""
    q = stats.t.ppf(prob, df)
    for _ in range(2):
        q += (stats.t.sf(q, df) - (1 - prob)) / stats.t.pdf(q, df)
    return q


def test_proportions(xa, na, xb, nb, sided):
    """Pooled z or, when an expected count is below FISHER_BELOW, Fisher's exact test.
    Returns (test, statistic, df, p); statistic is z for a - b."""
    table = np.array([[xa, na - xa], [xb, nb - xb]], dtype=np.int64)
    expected = stats.contingency.expected_freq(table)
    pa, pb = xa / na, xb / nb
    if expected.min() < FISHER_BELOW:
        # SciPy 1.10 counts a table as "as likely as the observed one" within a relative
        # 1e-14, R within 1e-7; on 5 400 tables with bases 30..1000 the p values agree
        # with R's to 1e-12 (bench/analyze_compare.py holds Fisher to 1e-9).
        alt = "two-sided" if sided == "two" else ("greater" if pa > pb else "less")
        return "fisher", None, None, float(stats.fisher_exact(table, alternative=alt)[1])
    pooled = (xa + xb) / (na + nb)
    z = (pa - pb) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    p = stats.norm.sf(abs(z)) * (2 if sided == "two" else 1)
    return "z", float(z), None, float(p)


def test_means(a, b, sided, mean_test, skewed):
    """Mann-Whitney for skewed numbers, else Welch's or Student's t.
    Returns (test, statistic, df, p)."""
    if skewed:
        two = stats.mannwhitneyu(a, b, use_continuity=True, alternative="two-sided",
                                 method="asymptotic")
        u = float(two.statistic)  # SciPy's U for a = R's W: rank sum of a - na(na+1)/2
        if sided == "two":
            return "mann_whitney", u, None, float(two.pvalue)
        alt = "greater" if u > len(a) * len(b) / 2 else "less"
        one = stats.mannwhitneyu(a, b, use_continuity=True, alternative=alt, method="asymptotic")
        return "mann_whitney", u, None, float(one.pvalue)
    pooled = mean_test == "pooled"
    res = stats.ttest_ind(a, b, equal_var=pooled)
    t = float(res.statistic)
    if sided == "two":
        p = float(res.pvalue)
    else:
        p = float(stats.ttest_ind(a, b, equal_var=pooled,
                                  alternative="greater" if t > 0 else "less").pvalue)
    na, nb = len(a), len(b)
    if pooled:
        df = na + nb - 2.0
    else:  # Welch-Satterthwaite (SciPy 1.10's result does not carry df)
        va, vb = np.var(a, ddof=1) / na, np.var(b, ddof=1) / nb
        df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    return ("pooled_t" if pooled else "welch"), t, float(df), p


# ---------------------------------------------------------------------------------------
# The analysis


def fnum(x):
    """A float for JSON: None for NaN/None."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


class Study:
    def __init__(self, path):
        try:
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            self.con.execute("SELECT count(*) FROM respondent").fetchone()
        except sqlite3.Error as e:
            raise DataError(f"{path}: {e}")
        self.waves, self.items, self.options, self.texts = read_meta(self.con)
        self.opt = self.options.set_index("option_id")


def select_waves(st, args):
    w = st.waves
    if args.waves:
        names = [s.strip() for s in args.waves.split(",") if s.strip()]
        if len(names) > 2:
            raise UsageError("more than two waves cannot be compared")
    elif args.wave:
        names = [args.wave]
    else:
        with_resp = w[w.respondents > 0].name.tolist()
        if not with_resp:
            raise DataError("the study has no respondents")
        names = with_resp[-2:]
    rows = []
    for n in names:
        r = w[w.name == n]
        if r.empty:
            raise DataError(f"unknown wave '{n}'")
        if int(r.respondents.iloc[0]) == 0:
            raise DataError(f"wave '{n}' has no respondents")
        rows.append(r.iloc[0])
    if len(rows) == 2 and rows[0]["name"] == rows[1]["name"]:
        raise UsageError("the two waves must differ")
    return pd.DataFrame(rows).reset_index(drop=True)


def analyze(args):
    st = Study(args.study)
    waves = select_waves(st, args)
    wave_names = waves.name.tolist()
    nw = len(wave_names)
    letters_mode = args.letters or ("reference" if nw == 1 else "none")
    # Pairwise letters are SPSS's "compare column proportions", Bonferroni over the
    # k(k-1)/2 pairs (DOMAIN.md section 3); analyze.md names no default for --adjust.
    if args.adjust is None:
        args.adjust = "bonferroni" if letters_mode == "pairwise" else "none"

    # Items of the study: the last wave's questionnaire, then items only the other has.
    # Items are matched across waves by name (their id in the questionnaire).
    quest = waves.questionnaire_id.tolist()
    items = st.items
    main = items[items.questionnaire_id == quest[-1]]
    extra = items[(items.questionnaire_id.isin(quest[:-1])) & ~items.name.isin(main.name)]
    catalogue = pd.concat([main, extra.drop_duplicates("name")]).set_index("name", drop=False)

    if args.items:
        names = [s.strip() for s in args.items.split(",") if s.strip()]
        unknown = [n for n in names if n not in catalogue.index]
        if unknown:
            raise DataError(f"unknown item '{unknown[0]}'")
        chosen = catalogue.loc[names]
        if (chosen.type == "open").any():
            raise DataError(f"item '{chosen.name[chosen.type == 'open'].iloc[0]}' is an open question")
    else:
        chosen = catalogue[catalogue.module_id.notna() & (catalogue.type != "open")]

    # The --by variable: a single-choice item; its substantive options are the groups.
    by = args.by
    if by is None:
        seg = catalogue[catalogue.role == "segment"]
        by = seg.name.iloc[0] if not seg.empty else "none"
    if by != "none":
        if by not in catalogue.index:
            raise DataError(f"unknown item '{by}'")
        by_item = catalogue.loc[by]
        if by_item.type != "single":
            raise DataError(f"--by needs a single-choice item, '{by}' is {by_item.type}")

    # Every item id (per questionnaire) of the chosen items and of the --by variable;
    # answers carry the item's position in `chosen` (-1 for the --by variable alone).
    wanted = set(chosen.name) | ({by} if by != "none" else set())
    ids = items[items.questionnaire_id.isin(quest) & items.name.isin(wanted)]
    position = {name: i for i, name in enumerate(chosen.name)}
    item_of_id = ids.set_index("item_id").name.map(lambda n: position.get(n, -1))

    resp = pd.read_sql_query(
        "SELECT id AS rid, wave_id FROM respondent WHERE wave_id IN (%s)" % ",".join("?" * nw),
        st.con, params=[int(x) for x in waves.wave_id])
    resp["wave"] = resp.wave_id.map(dict(zip(waves.wave_id, range(nw))))
    ans = read_answers(st.con, waves.wave_id.tolist(), ids.item_id.tolist())
    ans["item"] = ans.item_id.map(item_of_id).astype("int32")
    opt = st.opt
    ans["code"] = ans.option_id.map(opt.code)
    ans["valid"] = ans.code.notna() & (ans.option_id.map(opt.is_missing) == 0)
    ans["is_top"] = ans.option_id.map(opt.is_top) == 1

    # Groups: the --by scale's substantive options, in scale order, with respondents.
    if by != "none":
        scale = st.options[st.options.scale_id == by_item.scale_id]
        scale = scale[scale.is_missing == 0]
        by_ans = ans[ans.item_id.isin(ids.item_id[ids.name == by]) & ans.valid]
        resp["group"] = resp.rid.map(by_ans.set_index("rid").code)
        present = set(resp.group.dropna().astype(int))
        groups = scale[scale.code.isin(present)][["code", "label"]].reset_index(drop=True)
    else:
        resp["group"] = 0.0
        groups = pd.DataFrame({"code": pd.Series(dtype="int64"), "label": pd.Series(dtype=str)})
    ungrouped = resp[resp.group.isna()].groupby("wave").size().reindex(range(nw), fill_value=0)
    resp = resp[resp.group.notna()]
    k = len(groups)

    excludes = []
    if args.total_exclude:
        for g in (s.strip() for s in args.total_exclude.split(",")):
            hit = groups[(groups.label == g) | (groups.code.astype(str) == g)]
            if hit.empty:
                raise DataError(f"--total-exclude: '{g}' is not a group of '{by}'")
            excludes.append(hit.label.iloc[0])
    total_label = TOTAL + (" excl. " + ", ".join(excludes) if excludes else "")
    in_total = (~groups.label.isin(excludes)).tolist()
    total_rows = [r for r in range(k) if in_total[r]]
    row_labels = groups.label.tolist() + [total_label]

    # Rows: each group is row 0..k-1, the total row k. With --by none the total is the
    # only row and holds every respondent.
    resp["row"] = resp.group.map(dict(zip(groups.code, range(k)))) if k else k
    resp = resp.astype({"row": "int64"}).set_index("rid")

    def with_total(counts):
        """Counts indexed by (item, row, wave, ...) or (row, wave) plus the total row k:
        the sum over the groups in the total. Counts add up; means do not (see below)."""
        if not k:
            return counts
        names = list(counts.index.names)
        part = counts[counts.index.get_level_values("row").isin(total_rows)]
        total = part.groupby([n for n in names if n != "row"]).sum().to_frame("v")
        total["row"] = k
        total = total.set_index("row", append=True).reorder_levels(names).v
        return pd.concat([counts, total]).sort_index()

    row_size = with_total(resp.groupby(["row", "wave"]).size())

    ans = ans[ans.item >= 0].join(resp[["wave", "row"]], on="rid", how="inner")
    types = chosen.type.to_numpy()[ans.item.to_numpy()]
    ans["numeric"] = np.isin(types, ["number", "mark"])
    ans["multiple"] = types == "multiple"
    ans["valid"] = ans.num.notna().where(ans.numeric, ans.valid)

    cellkey = ["item", "row", "wave"]
    # Base: a respondent with a multiple-choice item is valid when any chosen option is
    # substantive; every other item has one answer row per respondent.
    per_resp = pd.concat([
        ans.loc[~ans.multiple, cellkey + ["valid"]],
        ans[ans.multiple].groupby(cellkey + ["rid"], sort=False).valid.any().reset_index(),
    ])
    base = pd.DataFrame({
        "n": with_total(per_resp.groupby(cellkey).valid.sum()),
        "answered": with_total(per_resp.groupby(cellkey).size()),
    })
    base["missing"] = base.answered - base.n

    valid = ans[ans.valid & ~ans.numeric]
    top_x = with_total(valid[valid.is_top].groupby(cellkey).size())
    opt_x = with_total(valid.groupby(cellkey + ["code"]).size())
    choices = with_total(valid[valid.multiple].groupby(cellkey).size())
    # Means, SDs, quartiles and tests need the values themselves: the total row gets a
    # copy of the values of the groups in it.
    nums = ans.loc[ans.valid & ans.numeric, cellkey + ["num"]]
    nums = pd.concat([nums, nums[nums.row.isin(total_rows)].assign(row=k)]) if k else nums
    by_cell = nums.groupby(cellkey).num
    desc = by_cell.agg(["mean", "std"])
    skewed = [position[n] for n in chosen.name[(chosen.skewed == 1) & (chosen.type == "number")]]
    quart = (nums[nums.item.isin(skewed)].groupby(cellkey).num
             .quantile([0.25, 0.5, 0.75]).unstack())
    values = {key: s.to_numpy() for key, s in by_cell}

    def cell_counts(item, r, w):
        key = (position[item], r, w)
        n = int(base.n.get(key, 0))
        missing = int(base.missing.get(key, 0))
        size = int(row_size.get((r, w), 0))
        return n, missing, size - n - missing

    # Texts per wave: the wave's questionnaire and wording.
    text_of = st.texts.set_index(["item_id", "wording_id"]).text

    def item_text(name, w):
        wv = waves.iloc[w]
        hit = items[(items.questionnaire_id == wv.questionnaire_id) & (items.name == name)]
        if hit.empty or pd.isna(wv.wording_id):
            return None
        return text_of.get((int(hit.item_id.iloc[0]), int(wv.wording_id)))

    ctx = SimpleNamespace(args=args, letters_mode=letters_mode, wave_names=wave_names,
                          row_labels=row_labels, k=k, in_total=in_total, position=position,
                          cell_counts=cell_counts, top_x=top_x, opt_x=opt_x, choices=choices,
                          desc=desc, quart=quart, values=values)
    tables = []
    for name, it in chosen.iterrows():
        scale = st.options[(st.options.scale_id == it.scale_id) & (st.options.is_missing == 0)]
        measures = []
        if it.type in ("number", "mark"):
            measures.append(("mean", None, "gemiddelde"))
        else:
            tops = scale[scale.is_top == 1]
            if it.type == "single" and not tops.empty:
                lab = it.top_label if isinstance(it.top_label, str) else "/".join(tops.label)
                measures.append(("top", None, "% " + lab))
            if it.type == "multiple" or tops.empty or args.distribution:
                measures += [(f"option:{c}", int(c), "% " + l) for c, l in zip(scale.code, scale.label)]
        texts = {wave_names[w]: item_text(name, w) for w in range(nw)}
        differs = nw == 2 and None not in texts.values() and len(set(texts.values())) == 2
        for measure, code, label in measures:
            tables.append(make_table(ctx, name, it, measure, code, label, texts, differs))

    out = {
        "format": "tevreden-analyze-1",
        "waves": wave_names,
        "by": None if by == "none" else by,
        "groups": [{"code": int(c), "label": l} for c, l in zip(groups.code, groups.label)],
        "total": {"label": total_label, "excludes": excludes},
        "settings": {"alpha": args.alpha, "sided": args.sided, "letters": letters_mode,
                     "adjust": args.adjust, "year_mark": args.year_mark,
                     "min_base": args.min_base, "mean_test": args.mean_test,
                     "fisher_below": FISHER_BELOW},
        "ungrouped": {wave_names[w]: int(ungrouped.iloc[w]) for w in range(nw)},
        "tables": tables,
    }
    return out


def make_table(ctx, name, it, measure, code, label, texts, differs):
    """One table: its cells (rows x waves), the tests between waves and between groups."""
    args, letters_mode, wave_names = ctx.args, ctx.letters_mode, ctx.wave_names
    row_labels, k, desc, quart = ctx.row_labels, ctx.k, ctx.desc, ctx.quart
    nw = len(wave_names)
    is_mean = measure == "mean"
    skewed = is_mean and it.type == "number" and it.skewed == 1
    cells = {}  # (row, wave) -> cell dict (plus private keys starting with '_')
    for r in range(k + 1):
        for w in range(nw):
            key = (ctx.position[name], r, w)
            n, missing, not_asked = ctx.cell_counts(name, r, w)
            c = {"group": row_labels[r], "wave": wave_names[w], "n": n, "missing": missing,
                 "not_asked": not_asked, "x": None, "value": None, "share_of_answers": None,
                 "mean": None, "sd": None, "ci_low": None, "ci_high": None,
                 "median": None, "q1": None, "q3": None,
                 "testable": True, "untestable_reason": None, "year_mark": "", "letters": ""}
            if is_mean:
                mean, sd = desc.loc[key] if key in desc.index else (np.nan, np.nan)
                c["value"] = c["mean"] = fnum(mean)
                c["sd"] = fnum(sd)
                if n >= 2:
                    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
                    c["ci_low"], c["ci_high"] = fnum(mean - half), fnum(mean + half)
                if skewed and key in quart.index:
                    c["q1"], c["median"], c["q3"] = (fnum(v) for v in quart.loc[key, [0.25, 0.5, 0.75]])
                c["_values"] = ctx.values.get(key, np.empty(0))
                c["_sd"] = sd
            else:
                if measure == "top":
                    x = int(ctx.top_x.get(key, 0))
                else:
                    x = int(ctx.opt_x.get(key + (code,), 0))
                    if it.type == "multiple":
                        total_choices = int(ctx.choices.get(key, 0))
                        c["share_of_answers"] = x / total_choices if total_choices else None
                c["x"] = x
                c["value"] = x / n if n else None
            # An empty cell has no base even at --min-base 0, nor has a mean of one value.
            if n < args.min_base or n < (2 if is_mean else 1):
                c["testable"], c["untestable_reason"] = False, "base"
            elif not is_mean and (c["x"] == 0 or c["x"] == n):
                c["testable"], c["untestable_reason"] = False, "extreme"
            elif is_mean and not c["_sd"] > 0:
                c["testable"], c["untestable_reason"] = False, "no_variance"
            cells[(r, w)] = c

    def run(kind, ca, cb):
        if is_mean:
            test, stat, df, p = test_means(ca["_values"], cb["_values"], args.sided,
                                           args.mean_test, skewed)
        else:
            test, stat, df, p = test_proportions(ca["x"], ca["n"], cb["x"], cb["n"], args.sided)
        return {"kind": kind, "a": {"group": ca["group"], "wave": ca["wave"]},
                "b": {"group": cb["group"], "wave": cb["wave"]},
                "test": test, "statistic": stat, "df": df, "p": p, "p_adjusted": p,
                "significant": None}

    warnings = []
    if differs:
        warnings.append(f"let op: de vraagstelling verschilde tussen {wave_names[0]} en {wave_names[1]}")
    total_tested = True
    if nw == 2 and k > 0:
        # The groups each total is built on: those in the total with a valid answer.
        # A group that has answers in one wave only makes the totals incomparable.
        have = [{r for r in range(k) if ctx.in_total[r] and cells[(r, w)]["n"] > 0}
                for w in range(2)]
        if have[0] != have[1]:
            total_tested = False
            parts, fix = [], []
            for w, other in ((0, 1), (1, 0)):
                lack = [row_labels[r] for r in sorted(have[other] - have[w])]
                if lack:
                    parts.append(f"totaal {wave_names[w]} bevat geen {' en '.join(lack)}, "
                                 f"totaal {wave_names[other]} wel")
                    fix += [shlex.quote(label) for label in lack]
            warnings.append(f"let op: {'; '.join(parts)}; gebruik --total-exclude "
                            f"{','.join(fix)} voor een vergelijkbaar totaal")

    comparisons = []
    # Between waves, one test per row, not adjusted.
    if nw == 2:
        for r in range(k + 1):
            ca, cb = cells[(r, 0)], cells[(r, 1)]
            if not (ca["testable"] and cb["testable"]) or (r == k and not total_tested):
                continue
            cmp_ = run("waves", ca, cb)
            cmp_["significant"] = cmp_["p"] < args.alpha
            comparisons.append(cmp_)
            if args.year_mark == "letters":
                ca["year_mark"], cb["year_mark"] = "a", ("b" if cmp_["significant"] else "a")
            elif cmp_["significant"]:
                cb["year_mark"] = "*"
    # Between groups within each wave; a family is one measure in one wave.
    if letters_mode != "none" and k > 1:
        for w in range(nw):
            if letters_mode == "reference":
                pairs = [(0, j) for j in range(1, k)]
            else:
                pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
            pairs = [(i, j) for i, j in pairs if cells[(i, w)]["testable"] and cells[(j, w)]["testable"]]
            family = [run("groups", cells[(i, w)], cells[(j, w)]) for i, j in pairs]
            adjusted = p_adjust([c["p"] for c in family], args.adjust)
            marks = {r: set() for r in range(k)}
            for (i, j), c, pa in zip(pairs, family, adjusted):
                c["p_adjusted"] = float(pa)
                c["significant"] = bool(pa < args.alpha)
                if not c["significant"]:
                    continue
                if letters_mode == "reference":
                    marks[j].add(chr(ord("a") + j))
                else:
                    vi, vj = cells[(i, w)]["value"], cells[(j, w)]["value"]
                    if vi > vj:
                        marks[i].add(chr(ord("a") + j))
                    elif vj > vi:
                        marks[j].add(chr(ord("a") + i))
            for r in range(k):
                cells[(r, w)]["letters"] = "".join(sorted(marks[r]))
            comparisons += family
    for c in comparisons:
        c["significant"] = bool(c["significant"])

    out_cells = []
    for r in range(k + 1):
        for w in range(nw):
            out_cells.append({key: v for key, v in cells[(r, w)].items() if not key.startswith("_")})
    return {"item": it["name"], "type": it.type, "measure": measure, "label": label,
            "option": code, "text": texts, "wording_differs": bool(differs),
            "warnings": warnings, "cells": out_cells, "comparisons": comparisons}


def main(argv):
    try:
        args = parse_args(argv)
        out = analyze(args)
    except UsageError as e:
        print(f"analyze_ref: {e}", file=sys.stderr)
        return 2
    except DataError as e:
        print(f"analyze_ref: {e}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
