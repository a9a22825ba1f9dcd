# t-limesurvey.sh: `collect limesurvey` against a LimeSurvey stand-in on 127.0.0.1 (tests/limesurvey_server.py):
# first and incremental pulls, nothing new, every failure on purpose (message, exit code, session
# released, study unchanged), the password kept out of command lines, output and the study.
. "$(dirname "$0")/lib.sh"

SERVER=$ROOT/tests/limesurvey_server.py
PY=${PYTHON:-python3}

# The tests talk to 127.0.0.1 directly; a proxy of the environment would get in between.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

# A password with characters JSON and shells care about.
PW='Ge"heim \ wacht€woord $1'
export LS_TEST_PASSWORD="$PW"
unset TEVREDEN_LIMESURVEY_PASSWORD

"$PY" "$SERVER" serve > "$TMP/port" 2> "$TMP/server.err" &
SRV=$!
trap 'kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT
# Wait for the port as long as the stand-in runs (a loaded machine may take a while to
# start Python), at most a minute.
for _ in $(seq 1 600); do
	[ -s "$TMP/port" ] && break
	kill -0 "$SRV" 2>/dev/null || break
	sleep 0.1
done
PORT=$(head -n 1 "$TMP/port")
if [ -z "$PORT" ]; then
	not_ok "the LimeSurvey stand-in did not start"
	cat "$TMP/server.err" >&2
	finish
	exit 1
fi
URL=http://127.0.0.1:$PORT/index.php/admin/remotecontrol

# ls_ctl_out JSON: tell the stand-in something and print its answer (bash's /dev/tcp: a
# python3 start per request would double the test's time); ls_ctl JSON: the same, quietly.
# The stand-in answers only after every call that reached it earlier is done, so a reset,
# the call log and the session count never race with a call of an earlier run.
ls_ctl_out() {
	local LC_ALL=C body=$1
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" || { not_ok "cannot reach the stand-in"; return 1; }
	printf 'POST /_control HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
		"${#body}" "$body" >&3
	sed '1,/^\r$/d' <&3
	exec 3<&-
}
ls_ctl() {
	if [ "$(ls_ctl_out "$1")" != ok ]; then not_ok "control $1"; fi
}
# fail MODE METHOD [EXTRA]: make the stand-in fail on purpose (after forgetting earlier failures)
fail() {
	ls_ctl '{"op": "reset"}'
	ls_ctl "{\"op\": \"fail\", \"mode\": \"$1\", \"method\": \"$2\"${3:+, $3}}"
}
# expect_released: every session key handed out has been given back
expect_released() {
	n=$(ls_ctl_out '{"op": "sessions"}')
	if [ "$n" = 0 ]; then ok; else not_ok "$1: $n LimeSurvey session(s) not released"; fi
}
# expect_calls CALL...: the stand-in's call log since the last reset, one call per argument
expect_calls() {
	want=$(printf '%s\n' "$@")
	got=$(ls_ctl_out '{"op": "log"}')
	if [ "$got" = "$want" ]; then ok; else
		not_ok "calls to LimeSurvey differ"
		printf '    want: %s\n' "$@" >&2
		printf '%s\n' "$got" | sed 's/^/    got:  /' >&2
	fi
}
# no_password: the password is not in the last command's output
no_password() {
	if grep -qF -- "$PW" "$TMP/out" "$TMP/err"; then not_ok "the password was printed"; else ok; fi
}

# The stand-in is as strict as LimeSurvey: any other content type than exactly
# application/json gets an empty answer. (So every pull below that works sent exactly that.)
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /index.php/admin/remotecontrol HTTP/1.0\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}' >&3
answer=$(sed '1,/^\r$/d' <&3)
exec 3<&-
if [ -z "$answer" ]; then ok; else not_ok "the stand-in answered a request with a charset"; fi
expect_calls "bad-content-type application/json; charset=utf-8"
ls_ctl '{"op": "reset"}'

"$PY" "$SERVER" fixture "$DATA/ceo-2015.csv" 1 5 > "$TMP/first.json"
"$PY" "$SERVER" fixture "$DATA/ceo-2015.csv" 1 8 > "$TMP/more.json"
"$PY" "$SERVER" fixture "$DATA/ceo-2016.csv" 1 4 > "$TMP/routed-2016.json"
ls_ctl "{\"op\": \"survey\", \"sid\": 123456, \"file\": \"$TMP/first.json\"}"
ls_ctl '{"op": "survey", "sid": 999999, "responses": []}'
ls_ctl "{\"op\": \"survey\", \"sid\": 777777, \"file\": \"$TMP/routed-2016.json\"}"
ls_ctl "{\"op\": \"survey\", \"sid\": 555555, \"file\": \"$TMP/first.json\"}"
ls_ctl '{"op": "deny", "sid": 555555}'
ls_ctl '{"op": "inactive", "sid": 444444}'

CRED=$TMP/limesurvey.pw
printf '%s\n' "$PW" > "$CRED"
chmod 600 "$CRED"
FIRST="--url $URL --user onderzoek --questionnaire $Q --credentials $CRED"

S=$(new_study ceo.sqlite)

# The same rows imported from CSV by `collect survey`: what the pulls must store.
C=$(new_study csv.sqlite)
head -n 6 "$DATA/ceo-2015.csv" > "$TMP/rows-1-5.csv"
{ head -n 1 "$DATA/ceo-2015.csv"; sed -n 7,9p "$DATA/ceo-2015.csv"; } > "$TMP/rows-6-8.csv"
"$T" collect survey "$C" --questionnaire "$Q" --wave 2017 "$TMP/rows-1-5.csv" > "$TMP/csv.out" || not_ok "CSV import 1-5"
CSV_FIRST=$(sed -n 's/^imported 5 respondents with \([0-9]*\) answers.*/\1/p' "$TMP/csv.out")
"$T" collect survey "$C" --questionnaire "$Q" --wave 2017 "$TMP/rows-6-8.csv" > "$TMP/csv.out" || not_ok "CSV import 6-8"
CSV_MORE=$(sed -n 's/^imported 3 respondents with \([0-9]*\) answers.*/\1/p' "$TMP/csv.out")
ANSWERS="SELECT r.ext_id, i.name, COALESCE(o.code, ''), COALESCE(a.num, ''), COALESCE(a.text, '')
	FROM answer a JOIN respondent r ON r.id = a.respondent_id JOIN item i ON i.id = a.item_id
	LEFT JOIN scale_option o ON o.id = a.option_id ORDER BY r.ext_id, a.seq"

# ---- the command line ----

run "$T" collect limesurvey --help
expect_rc 0 "--help"
expect_out_has "usage: tevreden collect limesurvey STUDY --survey ID --wave W [OPTIONS]"
expect_out_has "TEVREDEN_LIMESURVEY_PASSWORD"

run "$T" collect limesurvey "$S" --survey 123456
expect_rc 2 "no --wave"
expect_err_line "tevreden: --survey and --wave are required"

run "$T" collect limesurvey "$S" --survey 12x --wave 2017
expect_rc 2 "bad survey id"

run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --password "$PW"
expect_rc 2 "--password"
expect_err_line "tevreden: --password is not accepted: other users can read the command line; set TEVREDEN_LIMESURVEY_PASSWORD or use --credentials FILE"
no_password

snapshot "$S"
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017
expect_rc 2 "first pull without --url"
expect_err_line "tevreden: no earlier pull of survey 123456 in this study: the first pull needs --url, --user and --questionnaire"
unchanged "$S" "first pull without --url"

run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url "http://onderzoek:$PW@127.0.0.1:$PORT/index.php/admin/remotecontrol" --user onderzoek --questionnaire "$Q"
expect_rc 2 "password in the URL"
expect_err_line "tevreden: the URL must not hold a user name or password; give the user with --user and the password in TEVREDEN_LIMESURVEY_PASSWORD or a credentials file"
no_password

run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url http://enquete.example.nl/index.php/admin/remotecontrol --user onderzoek --questionnaire "$Q"
expect_rc 2 "plain http to another host"
expect_err_line "tevreden: 'http://enquete.example.nl/index.php/admin/remotecontrol': plain http:// would send the password unencrypted; use https:// (--allow-http permits http:// for a test server)"

run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url ftp://127.0.0.1/x --user onderzoek --questionnaire "$Q"
expect_rc 2 "not http"
expect_err_line "tevreden: 'ftp://127.0.0.1/x': only https:// (or http:// to this machine) is supported"
unchanged "$S" "refused URLs"

# ---- the password ----

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url "$URL" --user onderzoek --questionnaire "$Q"
expect_rc 3 "no password"
expect_err_line "tevreden: no LimeSurvey password: set TEVREDEN_LIMESURVEY_PASSWORD or give --credentials FILE (a file of mode 0600 holding the password)"

chmod 644 "$CRED"
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 $FIRST
expect_rc 3 "credentials readable by others"
expect_err_line "tevreden: credentials file '$CRED' can be read or changed by others (mode 0644); make it private with 'chmod 600 $CRED'"
chmod 600 "$CRED"
: > "$TMP/empty.pw"
chmod 600 "$TMP/empty.pw"
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url "$URL" --user onderzoek --questionnaire "$Q" --credentials "$TMP/empty.pw"
expect_rc 3 "empty credentials file"
expect_err_line "tevreden: credentials file '$TMP/empty.pw' is empty; its first line is the password"
expect_calls
unchanged "$S" "password problems"

ls_ctl '{"op": "reset"}'
TEVREDEN_LIMESURVEY_PASSWORD='not the password' run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url "$URL" --user onderzoek --questionnaire "$Q"
expect_rc 3 "wrong password"
expect_err_line "tevreden: login of user 'onderzoek' refused by '$URL': invalid user name or password"
expect_calls "get_session_key refused"
expect_released "wrong password"
unchanged "$S" "wrong password"

# A server that echoes the password in its message does not get it printed.
fail echo_password get_session_key
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 $FIRST
expect_rc 3 "password echoed by the server"
expect_err_line "tevreden: login of user 'onderzoek' refused by '$URL': (message withheld: it contains the password)"
no_password
unchanged "$S" "password echoed"

# ---- an empty survey, then the first pull ----

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 999999 --wave 2017 $FIRST
expect_rc 0 "empty survey"
expect_out_line "no responses in survey 999999 yet; the study is unchanged"
expect_calls "get_session_key ok" "export_responses empty-survey" "release_session_key released"
expect_released "empty survey"
unchanged "$S" "empty survey"

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 $FIRST
expect_rc 0 "first pull"
expect_out_line "imported 5 respondents with $CSV_FIRST answers into wave 2017 from survey 123456 (responses 1-5)"
expect_err_count 0
no_password
expect_calls "get_session_key ok" "export_responses ok 1-5 5" "release_session_key released"
expect_released "first pull"
expect_sql "$S" "SELECT source, survey, username, last_response FROM pull_state" "$URL|123456|onderzoek|5"
expect_sql "$S" "SELECT w.name FROM pull_state p JOIN wave w ON w.id = p.wave_id" "2017"
expect_sql "$S" "SELECT p.questionnaire_checksum = q.checksum FROM pull_state p, questionnaire q" "1"
expect_sql "$S" "SELECT kind, file, rows FROM import_log" "limesurvey|$URL survey 123456 responses 1-5|5"
expect_sql "$S" "SELECT group_concat(ext_id || ':' || source_line, ' ') FROM respondent" \
	"$(cut -d';' -f1 "$TMP/rows-1-5.csv" | tail -n 5 | awk '{ printf "%s%s:%d", (NR > 1 ? " " : ""), $1, NR }')"
# LimeSurvey's decimal(30,10) numbers and Y/'' multiple choice arrive as numbers and options.
expect_sql "$S" "SELECT a.num FROM answer a JOIN item i ON i.id = a.item_id JOIN respondent r ON r.id = a.respondent_id WHERE i.name = 'cijfer' AND r.ext_id = '15000001'" "7.0"
expect_sql "$S" "SELECT o.code FROM answer a JOIN item i ON i.id = a.item_id JOIN respondent r ON r.id = a.respondent_id JOIN scale_option o ON o.id = a.option_id WHERE i.name = 'verwijzer' AND r.ext_id = '15000001'" "4"

# ---- nothing new: nothing changes ----

snapshot "$S"
ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --credentials "$CRED"
expect_rc 0 "nothing new"
expect_out_line "no new responses in survey 123456 since response 5; the study is unchanged"
expect_calls "get_session_key ok" "export_responses ok 6-5 0" "release_session_key released"
unchanged "$S" "nothing new"

# Some LimeSurvey versions export one empty record for an empty range.
fail empty_record export_responses
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --credentials "$CRED"
expect_rc 0 "empty record"
expect_out_line "no new responses in survey 123456 since response 5; the study is unchanged"
unchanged "$S" "empty record"

# ---- failures on purpose, with three new responses waiting: nothing may change ----

ls_ctl "{\"op\": \"survey\", \"sid\": 123456, \"file\": \"$TMP/more.json\"}"
export TEVREDEN_LIMESURVEY_PASSWORD="$PW"
PULL="collect limesurvey $S --survey 123456 --wave 2017"

fail status export_responses '"code": 503'
run "$T" $PULL --retries 2
expect_rc 3 "503 every time"
expect_err_line "tevreden: warning: $URL answered HTTP 503 Service Unavailable; trying again in 0.5 s (attempt 2 of 3)"
expect_err_line "tevreden: warning: $URL answered HTTP 503 Service Unavailable; trying again in 1.0 s (attempt 3 of 3)"
expect_err_line "tevreden: $URL answered HTTP 503 Service Unavailable (after 3 attempts)"
expect_err_count 3
expect_calls "get_session_key ok" "export_responses fail-503" "export_responses fail-503" \
	"export_responses fail-503" "release_session_key released"
expect_released "503"
unchanged "$S" "503 every time"

fail status export_responses '"code": 403'
run "$T" $PULL
expect_rc 3 "403"
expect_err_line "tevreden: $URL answered HTTP 403 Forbidden"
expect_err_count 1
expect_calls "get_session_key ok" "export_responses fail-403" "release_session_key released"
expect_released "403"
unchanged "$S" "403 is not retried"

fail status get_session_key '"code": 401'
run "$T" $PULL
expect_rc 3 "401 at login"
expect_err_line "tevreden: $URL answered HTTP 401 Unauthorized"
expect_calls "get_session_key fail-401"
unchanged "$S" "401 at login"

# The stand-in holds the answer until tevreden hangs up, then drops the call: whatever
# the machine's speed, the timeout is what ends it, and nothing is answered afterwards.
fail slow export_responses '"times": 1'
run "$T" $PULL --timeout 1 --retries 0
expect_rc 3 "slow answer"
expect_err_line "tevreden: no complete answer from $URL within 1 s (--timeout)"
expect_err_count 1
expect_calls "get_session_key ok" "export_responses slow" "release_session_key released"
expect_released "slow answer"
unchanged "$S" "slow answer"

fail truncate export_responses
run "$T" $PULL --retries 1
expect_rc 3 "truncated body"
expect_err_line "tevreden: the answer from $URL was cut off: transfer closed with 69 bytes remaining to read (after 2 attempts)"
expect_released "truncated body"
unchanged "$S" "truncated body"

fail invalid_json export_responses
run "$T" $PULL
expect_rc 3 "invalid JSON"
expect_err_line "tevreden: the answer of '$URL' to export_responses is not a RemoteControl answer: not valid JSON (is the URL the RemoteControl URL, .../index.php/admin/remotecontrol, and is the JSON-RPC interface switched on in LimeSurvey's global settings?)"
expect_released "invalid JSON"
unchanged "$S" "invalid JSON"

fail html get_session_key
run "$T" $PULL
expect_rc 3 "an HTML page"
expect_err_line "tevreden: the answer of '$URL' to get_session_key is not a RemoteControl answer: not valid JSON (is the URL the RemoteControl URL, .../index.php/admin/remotecontrol, and is the JSON-RPC interface switched on in LimeSurvey's global settings?)"
unchanged "$S" "an HTML page"

fail oversize export_responses
run "$T" $PULL --max-size 1
expect_rc 3 "oversize body"
expect_err_line "tevreden: the answer from $URL is larger than 1 MiB (--max-size)"
expect_err_count 1
expect_released "oversize body"
unchanged "$S" "oversize body"

fail oversize_stream export_responses
run "$T" $PULL --max-size 1
expect_rc 3 "oversize body without a length"
expect_err_line "tevreden: the answer from $URL is larger than 1 MiB (--max-size)"
expect_released "oversize stream"
unchanged "$S" "oversize stream"

fail bad_base64 export_responses
run "$T" $PULL
expect_rc 3 "bad base64"
expect_err_line "tevreden: the export of survey 123456 from '$URL' is not base64: a character outside the base64 alphabet"
expect_released "bad base64"
unchanged "$S" "bad base64"

fail bad_payload export_responses
run "$T" $PULL
expect_rc 1 "export cut in half"
expect_err_line "tevreden: survey 123456: nothing imported: 1 error"
grep -q '^survey 123456:1:[0-9]*: invalid JSON: unexpected end of file$' "$TMP/err" && ok ||
	not_ok "no invalid JSON message for a broken export"
expect_released "export cut in half"
unchanged "$S" "export cut in half"

fail invalid_session export_responses
run "$T" $PULL
expect_rc 3 "invalid session key"
expect_err_line "tevreden: export of survey 123456 refused by '$URL': invalid session key (the session ended or expired; try again)"
expect_calls "get_session_key ok" "export_responses invalid-session" "release_session_key released"
unchanged "$S" "invalid session key"

fail rpc_error export_responses
run "$T" $PULL
expect_rc 3 "JSON-RPC error"
expect_err_line "tevreden: export of survey 123456 from '$URL' failed: unknown method or incorrect parameters"
expect_released "JSON-RPC error"
unchanged "$S" "JSON-RPC error"

fail ignore_range export_responses
run "$T" $PULL --max-errors 3
expect_rc 1 "range ignored"
expect_err_line "survey 123456:1: response 1 was pulled before (up to 5): LimeSurvey did not keep to the requested range"
expect_err_line "tevreden: survey 123456: nothing imported: 3 errors (stopped at --max-errors)"
expect_released "range ignored"
unchanged "$S" "range ignored"

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 555555 --wave 2017 $FIRST
expect_rc 3 "no permission"
expect_err_line "tevreden: export of survey 555555 refused by '$URL': no permission (user 'onderzoek' may not export its responses)"
expect_calls "get_session_key ok" "export_responses no-permission" "release_session_key released"
unchanged "$S" "no permission"

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 444444 --wave 2017 $FIRST
expect_rc 3 "survey not active"
expect_err_line "tevreden: survey 444444 at '$URL' has no responses table: is the survey activated?"
expect_released "survey not active"
unchanged "$S" "survey not active"

ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 123456 --wave 2017 --url http://127.0.0.1:1/index.php/admin/remotecontrol --user onderzoek --questionnaire "$Q" --retries 1
expect_rc 3 "nothing listening"
expect_err_line "tevreden: warning: cannot connect to http://127.0.0.1:1/index.php/admin/remotecontrol: Connection refused; trying again in 0.5 s (attempt 2 of 2)"
expect_err_line "tevreden: cannot connect to http://127.0.0.1:1/index.php/admin/remotecontrol: Connection refused (after 2 attempts)"
unchanged "$S" "nothing listening"

# Data LimeSurvey delivers that the questionnaire refuses (2016 routing in wave 2017).
ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S" --survey 777777 --wave 2017 $FIRST
expect_rc 1 "refused responses"
expect_err_line "survey 777777:3: respondent '16000004' answered 'wachttijd', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "tevreden: survey 777777: nothing imported: 2 errors"
expect_released "refused responses"
unchanged "$S" "refused responses"

run "$T" collect limesurvey "$S" --survey 123456 --wave 2018
expect_rc 2 "another wave"
expect_err_line "tevreden: survey 123456 from '$URL' goes into wave 2017 (its earlier pulls); it cannot also go into wave 2018"
unchanged "$S" "another wave"

# ---- the incremental pull: only the new responses, through two 503s ----

fail status export_responses '"code": 503, "times": 2'
run "$T" $PULL
expect_rc 0 "incremental pull"
expect_out_line "imported 3 respondents with $CSV_MORE answers into wave 2017 from survey 123456 (responses 6-8)"
expect_err_line "tevreden: warning: $URL answered HTTP 503 Service Unavailable; trying again in 0.5 s (attempt 2 of 4)"
expect_err_line "tevreden: warning: $URL answered HTTP 503 Service Unavailable; trying again in 1.0 s (attempt 3 of 4)"
expect_err_count 2
expect_calls "get_session_key ok" "export_responses fail-503" "export_responses fail-503" \
	"export_responses ok 6-8 3" "release_session_key released"
expect_released "incremental pull"
expect_sql "$S" "SELECT last_response FROM pull_state" "8"
expect_sql "$S" "SELECT count(*), group_concat(source_line, ' ') FROM respondent" "8|1 2 3 4 5 6 7 8"
expect_sql "$S" "SELECT group_concat(file, ' / ') FROM import_log" \
	"$URL survey 123456 responses 1-5 / $URL survey 123456 responses 6-8"

# Exactly what `collect survey` stores for the same rows.
if [ "$(sqlite3 "$S" "$ANSWERS")" = "$(sqlite3 "$C" "$ANSWERS")" ] && [ -n "$(sqlite3 "$C" "$ANSWERS")" ]; then
	ok
else
	not_ok "the pulled answers differ from a CSV import of the same rows"
fi

snapshot "$S"
ls_ctl '{"op": "reset"}'
run "$T" $PULL
expect_rc 0 "nothing new after the incremental pull"
expect_out_line "no new responses in survey 123456 since response 8; the study is unchanged"
unchanged "$S" "nothing new after the incremental pull"

# A request that timed out is tried again in the same session (its key is still valid),
# and the key is released once, at the end.
fail slow export_responses '"times": 1'
run "$T" $PULL --timeout 1 --retries 1
expect_rc 0 "retry after a timeout"
expect_out_line "no new responses in survey 123456 since response 8; the study is unchanged"
expect_err_line "tevreden: warning: no complete answer from $URL within 1 s (--timeout); trying again in 0.5 s (attempt 2 of 2)"
expect_err_count 1
expect_calls "get_session_key ok" "export_responses slow" "export_responses ok 9-8 0" \
	"release_session_key released"
expect_released "retry after a timeout"
unchanged "$S" "retry after a timeout"

# A release that fails is a warning: the key expires on the server.
fail status release_session_key '"code": 500'
run "$T" $PULL --retries 0
expect_rc 0 "release fails"
expect_out_line "no new responses in survey 123456 since response 8; the study is unchanged"
expect_err_line "tevreden: $URL answered HTTP 500 Internal Server Error"
expect_err_line "tevreden: warning: the LimeSurvey session was not ended; its key expires on the server"
unchanged "$S" "release fails"

# ---- the proxy of the environment is used ----

ls_ctl '{"op": "reset"}'
http_proxy=http://127.0.0.1:$PORT run "$T" collect limesurvey "$S" --survey 999999 --wave 2017 \
	--url http://127.0.0.1:1/index.php/admin/remotecontrol --user onderzoek --questionnaire "$Q"
expect_rc 0 "through a proxy"
expect_out_line "no responses in survey 999999 yet; the study is unchanged"
expect_calls "via-proxy http://127.0.0.1:1/index.php/admin/remotecontrol" "get_session_key ok" \
	"via-proxy http://127.0.0.1:1/index.php/admin/remotecontrol" "export_responses empty-survey" \
	"via-proxy http://127.0.0.1:1/index.php/admin/remotecontrol" "release_session_key released"

# ---- LimeSurvey's id as respondent id, question codes mapped ----

"$PY" - "$TMP/more.json" > "$TMP/noresp.json" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
for r in rows:
    del r["respnr"]
    r["rapportcijfer"] = r.pop("cijfer")
json.dump(rows, sys.stdout)
EOF
ls_ctl "{\"op\": \"survey\", \"sid\": 222222, \"file\": \"$TMP/noresp.json\"}"
printf 'column,item\nrapportcijfer,cijfer\n' > "$TMP/map.csv"
S2=$(new_study ids.sqlite)
ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S2" --survey 222222 --wave 2017 $FIRST --map "$TMP/map.csv"
expect_rc 0 "LimeSurvey ids"
expect_out_line "imported 8 respondents with $((CSV_FIRST + CSV_MORE)) answers into wave 2017 from survey 222222 (responses 1-8)"
expect_sql "$S2" "SELECT group_concat(ext_id, ' ') FROM respondent" "1 2 3 4 5 6 7 8"
expect_sql "$S2" "SELECT a.num FROM answer a JOIN item i ON i.id = a.item_id JOIN respondent r ON r.id = a.respondent_id WHERE i.name = 'cijfer' AND r.ext_id = '1'" "7.0"

# ---- the protocol was kept, and the password never stored ----

if ls_ctl_out '{"op": "log"}' | grep -qE 'bad-content-type|bad-request|unexpected-params'; then
	not_ok "a request broke the protocol"
else ok; fi
for db in "$S" "$S2"; do
	if sqlite3 "$db" .dump | grep -qF -- "$PW"; then not_ok "the password is in $db"; else ok; fi
	if sqlite3 "$db" .dump | grep -qF -- "wacht€woord"; then not_ok "part of the password is in $db"; else ok; fi
done

# ---- a study of schema version 1 is brought forward when opened ----

S1=$(new_study old.sqlite)
sqlite3 "$S1" "ALTER TABLE import_log DROP COLUMN replaced_by; DROP TABLE pull_state; PRAGMA user_version = 1"
ls_ctl '{"op": "reset"}'
run "$T" collect limesurvey "$S1" --survey 123456 --wave 2017 $FIRST
expect_rc 0 "pull into a version 1 study"
expect_sql "$S1" "PRAGMA user_version" "3"
expect_sql "$S1" "SELECT last_response FROM pull_state" "8"

finish
