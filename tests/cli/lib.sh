# lib.sh: helpers for command-line tests: run the real binary, assert exit code, output, and study contents.
# Sourced by tests/cli/t-*.sh; tools/run-cli sets TEVREDEN, ROOT and RESULTS.
set -u
T=${TEVREDEN:-$(pwd)/tevreden}
ROOT=${ROOT:-$(pwd)}
Q=$ROOT/templates/questionnaires/ceo-jeugd.json
DATA=$ROOT/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
NAME=$(basename "$0" .sh)
npass=0
nfail=0

ok() { npass=$((npass + 1)); }
not_ok() {
	nfail=$((nfail + 1))
	echo "FAIL $NAME: $*" >&2
}

# run CMD...: run it, keeping stdout in $TMP/out, stderr in $TMP/err, exit code in $rc
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

# expect_rc N DESCRIPTION
expect_rc() {
	if [ "$rc" = "$1" ]; then ok; else
		not_ok "$2: exit code $rc, expected $1"
		sed 's/^/    stderr: /' "$TMP/err" | head -5 >&2
	fi
}

# expect_err_line LINE: stderr has exactly this line
expect_err_line() {
	if grep -qxF -- "$1" "$TMP/err"; then ok; else
		not_ok "stderr lacks line: $1"
		sed 's/^/    stderr: /' "$TMP/err" | head -8 >&2
	fi
}

# expect_out_line LINE: stdout has exactly this line
expect_out_line() {
	if grep -qxF -- "$1" "$TMP/out"; then ok; else
		not_ok "stdout lacks line: $1"
		sed 's/^/    stdout: /' "$TMP/out" | head -12 >&2
	fi
}

# expect_out_has TEXT: stdout contains TEXT somewhere
expect_out_has() {
	if grep -qF -- "$1" "$TMP/out"; then ok; else
		not_ok "stdout lacks: $1"
		sed 's/^/    stdout: /' "$TMP/out" | head -12 >&2
	fi
}

# expect_err_count N: stderr has exactly N lines
expect_err_count() {
	n=$(wc -l < "$TMP/err")
	if [ "$n" -eq "$1" ]; then ok; else not_ok "stderr has $n lines, expected $1"; fi
}

# sql STUDY QUERY: print the query result
sql() { sqlite3 "$1" "$2"; }

# expect_sql STUDY QUERY EXPECTED
expect_sql() {
	got=$(sqlite3 "$1" "$2" 2>&1)
	if [ "$got" = "$3" ]; then ok; else not_ok "query '$2' gave '$got', expected '$3'"; fi
}

# snapshot STUDY: remember the study's full contents; unchanged STUDY: compare with it
snapshot() { sqlite3 "$1" .dump > "$TMP/snapshot.sql"; }
unchanged() {
	sqlite3 "$1" .dump > "$TMP/now.sql"
	if cmp -s "$TMP/snapshot.sql" "$TMP/now.sql"; then ok; else
		not_ok "study changed: $2"
		diff "$TMP/snapshot.sql" "$TMP/now.sql" | head -5 >&2
	fi
}

# new_study NAME: a fresh study path in $TMP
new_study() {
	rm -f "$TMP/$1"
	"$T" init "$TMP/$1" >/dev/null || not_ok "init $1"
	echo "$TMP/$1"
}

finish() {
	echo "$NAME: $npass passed, $nfail failed"
	[ -n "${RESULTS:-}" ] && echo "$npass $nfail" >> "$RESULTS"
	[ "$nfail" -eq 0 ]
}
