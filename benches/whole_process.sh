#!/usr/bin/env bash
# Whole-process throughput of the streaming commands beside their peers, same file, same run.
#
# Usage: benches/whole_process.sh [MB]      (MB: size of the translit files, default 30)
#   TILMACH=path/to/tilmach   use this binary instead of building target/release/tilmach
#   ANNOTATE_MB=200           size of the annotate text
#   QUERIES=100000            batch lookup queries
#   NAMES=1000000             names in the generated lookup index (0 to skip it)
#   QUERIES=0                 skips batch lookup
#   BASELINE=path/to/tilmach  also times this (earlier) build on 2 threads for translit and
#                             annotate, in the same run, and checks it writes the same bytes
#
# Peers: ICU `uconv -x Russian-Latin/BGN` (Debian icu-devtools) and the Python package iuliia
# (BGN/PCGN schema) for ru-cyrl → ru-bgn; tilmach itself on one thread (-j1) for the others.
# Each row gives seconds, MB/s (10^6 bytes per second of wall clock), peak RSS and the ratio to
# the row it is compared with, and the CPU seconds (user + system) with MB per CPU second, the
# measure that holds on a shared machine. Everything is timed with /usr/bin/time.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-30}"
annotate_mb="${ANNOTATE_MB:-200}"
queries="${QUERIES:-100000}"
names="${NAMES:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -z "${TILMACH:-}" ]]; then
    (cd "$here" && cargo build --release --quiet)
    TILMACH="$here/target/release/tilmach"
fi

# --- inputs ---------------------------------------------------------------------------------
repeat_to() { # FILE MB OUT: FILE repeated to MB megabytes
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
want = int(float(sys.argv[2]) * 1e6)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    written = 0
    while written < want:
        out.write(text)
        written += len(text.encode())
EOF
}
repeat_to "$here/benches/data/ru.txt" "$size_mb" "$work/ru.txt"
repeat_to "$here/benches/data/kk.txt" "$size_mb" "$work/kk.txt"
# Uyghur Arabic-script text as benches/translit.rs makes it (see benches/data/README.md).
sed 's/ы/и/g; s/і/и/g; s/ұ/у/g; s/Ы/И/g; s/І/И/g; s/Ұ/У/g' "$here/benches/data/kk.txt" |
    "$TILMACH" translit --from ug-cyrl --to ug-arab >"$work/ug-one.txt"
repeat_to "$work/ug-one.txt" "$size_mb" "$work/ug.txt"
# The annotate text: the seed documents, with a line of inflected names every 50 lines.
python3 - "$here/tests/data/seeds" "$annotate_mb" "$work/annotate.txt" <<'EOF'
import pathlib, sys
seeds = "".join(p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")))
extra = "Алматыда және Құлжаға, Қазақстанның; в Кульдже и Синьцзяне уйгуров; غۇلجىدا Ghuljida\n"
block = "".join(line + "\n" + (extra if i % 50 == 0 else "") for i, line in enumerate(seeds.splitlines()))
want = int(float(sys.argv[2]) * 1e6)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    written = 0
    while written < want:
        out.write(block)
        written += len(block.encode())
EOF

# --- timing ---------------------------------------------------------------------------------
printf '%-32s %8s %8s %9s %9s %7s %s\n' "what" "seconds" "CPU s" "MB/s" "MB/CPU s" "RSS MB" "ratio (wall)"
declare -A SECS CPU
run() { # NAME INPUT BASE -- COMMAND...: times COMMAND < INPUT, prints a row; BASE: a NAME or -
    local name="$1" input="$2" base="$3"
    shift 4
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" <"$input" >"$work/out" 2>/dev/null || true
    read -r secs rss user sys <"$work/time"
    SECS[$name]="$secs"
    CPU[$name]=$(python3 -c "print($user + $sys)")
    local bytes mbs cpu per_cpu ratio=""
    bytes=$(stat -c %s "$input")
    mbs=$(python3 -c "print(f'{$bytes / 1e6 / max($secs, 0.01):.1f}')")
    cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
    per_cpu=$(python3 -c "print(f'{$bytes / 1e6 / max($user + $sys, 0.01):.1f}')")
    if [[ "$base" != - ]]; then
        ratio=$(python3 -c "print(f'{${SECS[$base]} / max($secs, 0.01):.2f}x {\"$base\"}')")
    fi
    printf '%-32s %8s %8s %9s %9s %7s %s\n' "$name" "$secs" "$cpu" "$mbs" "$per_cpu" "$((rss / 1024))" "$ratio"
    cp "$work/out" "$work/out.$name"
}
same() { # A B: the two runs wrote the same bytes
    cmp -s "$work/out.$1" "$work/out.$2" || echo "!! $1 and $2 differ"
}
speedup() { # NEW OLD: how many times faster NEW ran than OLD (wall and CPU)
    python3 -c "print(f'  $1 against $2: {${SECS[$2]} / max(${SECS[$1]}, 0.01):.2f}x wall, {${CPU[$2]} / max(${CPU[$1]}, 0.01):.2f}x CPU')"
}

echo "# translit ru-cyrl -> ru-bgn, $(stat -c %s "$work/ru.txt") bytes"
if command -v uconv >/dev/null; then
    run uconv "$work/ru.txt" - -- uconv -x Russian-Latin/BGN
fi
iuliia_py="${IULIIA_PYTHON:-python3}"
if "$iuliia_py" -c 'import iuliia' 2>/dev/null; then
    head -c 3000000 "$work/ru.txt" >"$work/ru-small.txt"
    run "iuliia (first 3 MB)" "$work/ru-small.txt" - -- "$iuliia_py" -W ignore -c '
import sys, iuliia
t = iuliia.BGN_PCGN.translate
out = sys.stdout
for line in sys.stdin:
    out.write(t(line))'
fi
base_ru=-
[[ -n "${SECS[uconv]:-}" ]] && base_ru=uconv
run "tilmach ru-bgn -j1" "$work/ru.txt" "$base_ru" -- "$TILMACH" -j1 translit --from ru-cyrl --to ru-bgn
run "tilmach ru-bgn -j2" "$work/ru.txt" "$base_ru" -- "$TILMACH" -j2 translit --from ru-cyrl --to ru-bgn
same "tilmach ru-bgn -j1" "tilmach ru-bgn -j2"
if [[ -n "${BASELINE:-}" ]]; then
    run "baseline ru-bgn -j2" "$work/ru.txt" "$base_ru" -- "$BASELINE" -j2 translit --from ru-cyrl --to ru-bgn
    same "tilmach ru-bgn -j2" "baseline ru-bgn -j2"
    speedup "tilmach ru-bgn -j2" "baseline ru-bgn -j2"
fi
if [[ -n "${SECS[iuliia (first 3 MB)]:-}" ]]; then
    python3 -c "
r = $(stat -c %s "$work/ru.txt") / ${SECS[tilmach ru-bgn -j2]}
i = 3e6 / ${SECS[iuliia (first 3 MB)]}
print(f'tilmach -j2 against iuliia, MB/s ratio: {r / i:.1f}x')"
fi

for pair in "kk kk-cyrl kk-latn" "ug ug-arab ug-latn"; do
    read -r lang from to <<<"$pair"
    echo "# translit $from -> $to, $(stat -c %s "$work/$lang.txt") bytes"
    run "tilmach $to -j1" "$work/$lang.txt" - -- "$TILMACH" -j1 translit --from "$from" --to "$to"
    run "tilmach $to -j2" "$work/$lang.txt" "tilmach $to -j1" -- "$TILMACH" -j2 translit --from "$from" --to "$to"
    same "tilmach $to -j1" "tilmach $to -j2"
    if [[ -n "${BASELINE:-}" ]]; then
        run "baseline $to -j2" "$work/$lang.txt" - -- "$BASELINE" -j2 translit --from "$from" --to "$to"
        same "tilmach $to -j2" "baseline $to -j2"
        speedup "tilmach $to -j2" "baseline $to -j2"
    fi
done

echo "# annotate --json, embedded glossary, $(stat -c %s "$work/annotate.txt") bytes"
run "annotate -j1" "$work/annotate.txt" - -- "$TILMACH" -j1 annotate --json
run "annotate -j2" "$work/annotate.txt" "annotate -j1" -- "$TILMACH" -j2 annotate --json
same "annotate -j1" "annotate -j2"
if [[ -n "${BASELINE:-}" ]]; then
    run "baseline annotate -j2" "$work/annotate.txt" - -- "$BASELINE" -j2 annotate --json
    same "annotate -j2" "baseline annotate -j2"
    speedup "annotate -j2" "baseline annotate -j2"
fi

if [[ "$queries" -gt 0 ]]; then
echo "# batch lookup --fuzzy 0 --limit 1, $queries exact queries"
# Exact queries over the embedded glossary: its forms, in turn.
"$TILMACH" export --format json 2>/dev/null |
    python3 -c '
import json, sys
forms = [f["text"] for e in json.load(sys.stdin)["entries"] for f in e.get("forms", [])]
n = int(sys.argv[1])
print("\n".join(forms[i % len(forms)] for i in range(n)))' "$queries" >"$work/glossary-queries.txt" ||
    true
if [[ -s "$work/glossary-queries.txt" ]]; then
    run "lookup glossary -j1" "$work/glossary-queries.txt" - -- "$TILMACH" -j1 lookup --fuzzy 0 --limit 1
    run "lookup glossary -j2" "$work/glossary-queries.txt" "lookup glossary -j1" -- "$TILMACH" -j2 lookup --fuzzy 0 --limit 1
    same "lookup glossary -j1" "lookup glossary -j2"
    run "lookup glossary ids -j1" "$work/glossary-queries.txt" "lookup glossary -j1" -- "$TILMACH" -j1 lookup --fuzzy 0 --limit 1 --format ids
    run "lookup glossary ids -j2" "$work/glossary-queries.txt" "lookup glossary ids -j1" -- "$TILMACH" -j2 lookup --fuzzy 0 --limit 1 --format ids
    same "lookup glossary ids -j1" "lookup glossary ids -j2"
    for t in 1 2; do
        python3 -c "print(f'  lookup glossary -j$t: {$queries / ${SECS[lookup glossary -j$t]}:,.0f} queries/s')"
        python3 -c "print(f'  lookup glossary --format ids -j$t: {$queries / ${SECS[lookup glossary ids -j$t]}:,.0f} queries/s')"
    done
fi
fi
if [[ "$names" -gt 0 && "$queries" -gt 0 ]]; then
    python3 - "$names" "$queries" "$work/names.tsv" "$work/name-queries.txt" <<'EOF'
import random, sys
n, q = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(17)
syll = ["ba", "da", "ga", "ka", "la", "ma", "na", "ra", "sa", "ta", "zhan", "bek", "gul", "nur",
        "ay", "er", "kul", "mur", "sul", "tan", "jan", "khan", "ov", "ev", "in", "ul", "ar", "sh"]
names = []
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for i in range(n):
        # The syllables of i in base 28 after a random one: every name is distinct.
        word, k = [rng.choice(syll)], i
        while True:
            word.append(syll[k % len(syll)])
            k //= len(syll)
            if k == 0:
                break
        name = "".join(word).capitalize()
        if i % 10 == 0:
            name += " " + "".join(rng.choice(syll) for _ in range(3)).capitalize()
        names.append(name)
        out.write(f"n{i}\tund\t{name}\n")
with open(sys.argv[4], "w", encoding="utf-8") as out:
    for _ in range(q):
        out.write(rng.choice(names) + "\n")
EOF
    "$TILMACH" index build "$work/names.tsv" -o "$work/names.idx" >/dev/null
    idx=("$TILMACH" --no-default --index "$work/names.idx")
    run "lookup 1M-name index -j1" "$work/name-queries.txt" - -- "${idx[@]}" -j1 lookup --fuzzy 0 --limit 1
    run "lookup 1M-name index -j2" "$work/name-queries.txt" "lookup 1M-name index -j1" -- "${idx[@]}" -j2 lookup --fuzzy 0 --limit 1
    same "lookup 1M-name index -j1" "lookup 1M-name index -j2"
    run "lookup 1M-name index ids -j1" "$work/name-queries.txt" "lookup 1M-name index -j1" -- "${idx[@]}" -j1 lookup --fuzzy 0 --limit 1 --format ids
    run "lookup 1M-name index ids -j2" "$work/name-queries.txt" "lookup 1M-name index ids -j1" -- "${idx[@]}" -j2 lookup --fuzzy 0 --limit 1 --format ids
    same "lookup 1M-name index ids -j1" "lookup 1M-name index ids -j2"
    # Opening (reading and checking) the index with one query, to tell it from the queries' time.
    head -n 1 "$work/name-queries.txt" >"$work/one-query.txt"
    run "open 1M-name index" "$work/one-query.txt" - -- "${idx[@]}" -j1 lookup --format ids
    for t in 1 2; do
        python3 -c "print(f'  lookup 1M-name index -j$t: {$queries / ${SECS[lookup 1M-name index -j$t]}:,.0f} queries/s')"
        python3 -c "print(f'  lookup 1M-name index --format ids -j$t: {$queries / ${SECS[lookup 1M-name index ids -j$t]}:,.0f} queries/s; after opening: {$queries / max(1e-9, ${SECS[lookup 1M-name index ids -j$t]} - ${SECS[open 1M-name index]}):,.0f} queries/s')"
    done
fi
echo "# machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
