# survey-fixture.sh: builders of small survey files from the real questionnaire template, sourced by the survey CLI tests.
# The columns of templates/questionnaires/ceo-jeugd.json in questionnaire order: its
# respondent_id, the background variables, then every module item. A successful import
# (unknown and missing columns are refused) proves this list matches the template.
ITEMS="segment resptype leeftijd eerste_keer maatregel tevreden cijfer wachttijd wacht_tevreden
toegang_weten toegang_snel toegang_nodig contact_gemeente verwijzer netwerk_steun netwerk_wie
meerdere_hulpverleners samenwerking_tevreden passende_hulp passend_nodig uitv_respect
uitv_serieus uitv_geholpen uitv_deskundig uitv_informatie uitv_samenwerking
uitv_samen_beslissen effect_beter effect_gevoel effect_zelfvertrouwen effect_thuis
effect_ruzie effect_gezin effect_problemen effect_hulp_vragen effect_tegenslag effect_school
effect_anderen effect_activiteiten effect_toekomst open_goed open_beter"
declare -A NOPT=([verwijzer]=9 [netwerk_wie]=4)	# options of the multiple-choice items
D=';'		# delimiter
EOL=$'\n'	# record terminator
MC=list		# multiple choice as one "1;3" column (list) or ITEM_CODE 0/1 columns (flags)
YES=1 NO=0	# how the flags columns say chosen / not chosen

# csv_line FIELD...: one record, quoting the fields that need it
csv_line() {
	local out='' sep='' f
	for f in "$@"; do
		case $f in *"$D"* | *'"'* | *$'\n'* | *$'\r'*) f="\"${f//\"/\"\"}\"" ;; esac
		out+="$sep$f"
		sep=$D
	done
	printf '%s%s' "$out" "$EOL"
}

# header: the header line
header() {
	local h=(respnr) it k
	for it in $ITEMS; do
		if [ "$MC" = flags ] && [ -n "${NOPT[$it]:-}" ]; then
			for ((k = 1; k <= NOPT[$it]; k++)); do h+=("${it}_$k"); done
		else
			h+=("$it")
		fi
	done
	csv_line "${h[@]}"
}

# fill ID [ITEM=VALUE...]: the answers of one respondent into V (item → value);
# unnamed items get a plausible default (segment 1 'basishulp', a first-time client,
# routed-out follow-ups empty)
declare -A V
fill() {
	local kv it
	shift
	V=([segment]=1 [resptype]=1 [leeftijd]=10 [eerste_keer]=1 [tevreden]=1 [cijfer]=8
		[wachttijd]=3 [wacht_tevreden]=1 [contact_gemeente]=1 [verwijzer]=2 [netwerk_steun]=2
		[meerdere_hulpverleners]=2 [passende_hulp]=1)
	for it in $ITEMS; do
		case $it in
		toegang_*) V[$it]=3 ;;
		uitv_*) V[$it]=4 ;;
		effect_*) V[$it]=2 ;;
		esac
	done
	for kv in "$@"; do V[${kv%%=*}]=${kv#*=}; done
}

# resp ID [ITEM=VALUE...]: one respondent as a CSV record
resp() {
	local it k f=("$1")
	fill "$@"
	for it in $ITEMS; do
		if [ "$MC" = flags ] && [ -n "${NOPT[$it]:-}" ]; then
			for ((k = 1; k <= NOPT[$it]; k++)); do
				if [ -z "${V[$it]:-}" ]; then f+=("")
				elif [[ ";${V[$it]};" == *";$k;"* ]]; then f+=("$YES")
				else f+=("$NO"); fi
			done
		else
			f+=("${V[$it]:-}")
		fi
	done
	csv_line "${f[@]}"
}

# answers STUDY: every stored answer, one line each, in a fixed order
answers() {
	sqlite3 "$1" "SELECT w.name, r.ext_id, i.name, coalesce(o.code, '-'), coalesce(a.num, '-'),
		coalesce(a.text, '-') FROM answer a JOIN respondent r ON r.id = a.respondent_id
		JOIN wave w ON w.id = r.wave_id JOIN item i ON i.id = a.item_id
		LEFT JOIN scale_option o ON o.id = a.option_id ORDER BY w.name, r.ext_id, i.ord, o.code"
}

# answer STUDY RESPONDENT ITEM: that answer as code|num|text ('-' for NULL), rows joined by ' '
answer() {
	sqlite3 "$1" "SELECT group_concat(v, ' ') FROM (SELECT coalesce(o.code, '-') || '|' ||
		coalesce(a.num, '-') || '|' || coalesce(a.text, '-') AS v FROM answer a
		JOIN respondent r ON r.id = a.respondent_id JOIN item i ON i.id = a.item_id
		LEFT JOIN scale_option o ON o.id = a.option_id WHERE r.ext_id = '$2' AND i.name = '$3'
		ORDER BY o.code)"
}
