# t-init.sh: creating and opening studies, --version, --help and usage errors.
. "$(dirname "$0")/lib.sh"

run "$T" --version
expect_rc 0 "--version"
expect_out_line "tevreden 0.1.0"

S=$TMP/s.sqlite
run "$T" init "$S"
expect_rc 0 "init"
expect_out_line "created study $S (schema version 3)"
expect_sql "$S" "PRAGMA user_version" "3"
expect_sql "$S" "PRAGMA journal_mode" "wal"

run "$T" init "$S"
expect_rc 3 "init on an existing file"
expect_err_line "tevreden: '$S' already exists; a study is created in a new file"

# A study written by a newer tevreden is refused, and left alone.
sqlite3 "$S" "PRAGMA user_version = 99"
snapshot "$S"
run "$T" response "$S"
expect_rc 3 "newer schema"
expect_err_line "tevreden: $S: study has schema version 99, this tevreden knows up to 3; use a newer tevreden"
unchanged "$S" "opening a newer study"

printf 'no study here\n' > "$TMP/text.txt"
run "$T" response "$TMP/text.txt"
expect_rc 3 "not a study"
expect_err_line "tevreden: '$TMP/text.txt' is not a tevreden study (not an SQLite file)"

run "$T" response "$TMP/missing.sqlite"
expect_rc 3 "missing study"
expect_err_line "tevreden: cannot open study '$TMP/missing.sqlite': No such file or directory (create one with 'tevreden init')"

# --help on every command and subcommand goes to stdout with exit 0.
for c in "--help" "init --help" "collect --help" "collect survey --help" \
	"collect contacts --help" "collect limesurvey --help" "response --help"; do
	# shellcheck disable=SC2086
	run "$T" $c
	expect_rc 0 "$c"
	expect_out_has "usage: tevreden"
done

run "$T" frobnicate
expect_rc 2 "unknown command"
expect_err_line "tevreden: unknown command 'frobnicate'"
run "$T" collect survey
expect_rc 2 "collect survey without arguments"
expect_err_line "tevreden: expected STUDY and FILE"
run "$T" collect survey "$S" x.csv --wave
expect_rc 2 "option without value"
expect_err_line "tevreden: option '--wave' needs a value"
run "$T" response "$S" --format xml
expect_rc 2 "bad format"
expect_err_line "tevreden: --format expects text, csv, json or md, not 'xml'"

finish
