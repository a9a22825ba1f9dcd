# t-transcripts.sh: importing transcripts: pseudonymisation, metadata, segments, errors that store nothing.
. "$(dirname "$0")/lib.sh"

S=$(new_study s.sqlite)
TR=$DATA/transcripts

run "$T" collect transcript "$S" --key "$TMP/key.tsv" "$TR/lvb-jongeren-1.txt" "$TR/jb-ouders-2.md" \
	"$TR/migrantenjongeren-1.vtt"
expect_rc 0 "three transcripts"
expect_out_has "imported 3 transcripts:"
expect_out_line "key written to $TMP/key.tsv (mode 0600); keep it apart from the study"
expect_sql "$S" "SELECT group_concat(ext_id || '/' || grp || '/' || method, ' ') FROM (SELECT * FROM document ORDER BY ext_id)" \
	"jb-ouders-2/JB-ouders/face-to-face lvb-jongeren-1/LVB-jongeren/focusgroep migrantenjongeren-1/migrantenjongeren/focusgroep"
# The key is private and holds the originals; the study holds none of them.
if [ "$(stat -c %a "$TMP/key.tsv")" = 600 ]; then ok; else not_ok "key file mode is $(stat -c %a "$TMP/key.tsv")"; fi
expect_sql "$S" "SELECT count(*) FROM document WHERE text LIKE '%Kevin%' OR text LIKE '%Dylan%' OR text LIKE '%voorbeeld.nl%'" "0"
if grep -q "Kevin" "$TMP/key.tsv"; then ok; else not_ok "key lacks a speaker name"; fi
expect_sql "$S" "SELECT count(*) > 0 FROM document WHERE text LIKE '%[naam-1]%'" "1"
# Interviewer turns are kept but not coded; every sentence lies inside its turn.
expect_sql "$S" "SELECT count(*) FROM segment s JOIN speaker p ON p.id = s.speaker_id WHERE p.role = 'interviewer' AND s.coded = 1" "0"
expect_sql "$S" "SELECT count(*) FROM segment c JOIN segment t ON t.id = c.parent_id WHERE c.start_cp < t.start_cp OR c.end_cp > t.end_cp" "0"
expect_sql "$S" "SELECT count(*) > 100 FROM segment WHERE kind = 'sentence' AND coded = 1" "1"

# Flags override the header; SRT carries no header at all.
run "$T" collect transcript "$S" --wave 2017 --group GGZ-ouders --method groepsinterview "$TR/ggz-ouders-1.srt"
expect_rc 0 "srt with flags"
expect_sql "$S" "SELECT grp || '/' || method || '/' || (SELECT name FROM wave WHERE id = wave_id) FROM document WHERE ext_id = 'ggz-ouders-1'" "GGZ-ouders/groepsinterview/2017"

# The same document again is refused; nothing changes.
snapshot "$S"
run "$T" collect transcript "$S" "$TR/lvb-jongeren-1.txt"
expect_rc 1 "same document again"
expect_err_line "tevreden: $TR/lvb-jongeren-1.txt: a document 'lvb-jongeren-1' is already in the study; --replace replaces it"
unchanged "$S" "document imported twice"

# --replace: the document is replaced; the old import stays in the log, marked replaced by the new one.
OLD=$(sql "$S" "SELECT import_id FROM document WHERE ext_id = 'lvb-jongeren-1'")
run "$T" collect transcript "$S" --replace "$TR/lvb-jongeren-1.txt"
expect_rc 0 "--replace"
NEW=$(sql "$S" "SELECT import_id FROM document WHERE ext_id = 'lvb-jongeren-1'")
[ "$NEW" != "$OLD" ] && [ -n "$NEW" ] || not_ok "--replace: a new import ($OLD -> $NEW)"
expect_sql "$S" "SELECT count(*) FROM document WHERE ext_id = 'lvb-jongeren-1'" "1"
expect_sql "$S" "SELECT replaced_by FROM import_log WHERE id = $OLD" "$NEW"
expect_sql "$S" "SELECT coalesce(replaced_by, '-') FROM import_log WHERE id = $NEW" "-"
snapshot "$S"

# Broken files: clear errors, nothing stored (also not the good file given with them).
printf 'I: hallo \377 daar\n' > "$TMP/bad-utf8.txt"
: > "$TMP/empty.txt"
printf 'Dit is gewoon tekst\nzonder sprekers.\n' > "$TMP/noturns.txt"
printf 'WEBVTT\n\n00:01.000 --> 00:00.500\n<v I>Hallo</v>\n' > "$TMP/backwards.vtt"
run "$T" collect transcript "$S" "$TR/ggz-ouders-2.txt" "$TMP/bad-utf8.txt"
expect_rc 1 "invalid UTF-8"
expect_err_line "$TMP/bad-utf8.txt:1:10: invalid UTF-8 byte 0xff, a transcript must be UTF-8"
unchanged "$S" "invalid UTF-8"
run "$T" collect transcript "$S" "$TMP/empty.txt"
expect_rc 1 "empty file"
expect_err_line "$TMP/empty.txt: empty file, expected a transcript"
unchanged "$S" "empty file"
run "$T" collect transcript "$S" "$TMP/noturns.txt"
expect_rc 1 "no turns"
expect_err_line "$TMP/noturns.txt: no speaker turns found (expected lines like 'I: ...' or 'Ouder 1: ...')"
unchanged "$S" "no turns"
run "$T" collect transcript "$S" "$TMP/backwards.vtt"
expect_rc 1 "end before start"
unchanged "$S" "cue ending before it starts"
run "$T" collect transcript "$S" --key "$TMP/key.tsv" "$TR/ggz-ouders-3.txt"
expect_rc 3 "existing key file (a file problem, not bad data)"
unchanged "$S" "key file exists"
run "$T" collect transcript "$S" --method interview "$TR/ggz-ouders-3.txt"
expect_rc 2 "bad method"

finish
