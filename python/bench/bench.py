"""Side-by-side throughput of the Python package, in one run on one machine:

- ``Glossary.lookup_many`` over a list of names (list and Arrow input), beside
  ``rapidfuzz.process.extractOne`` over every form of the same glossary, with the recall of both
  on the same names;
- ``Transliterator.convert_many`` beside ``iuliia.translate`` (Russian to Latin, BGN/PCGN and
  Wikipedia);
- ``import tilmach`` plus the embedded glossary's first lookup, in a fresh interpreter.

Usage: python bench/bench.py [--names 1000000] [--fuzzy-names 200000] [--peer-names 2000]

rapidfuzz compares a query with every form, so it runs on a sample of the list (the same names
for both tools); its names per second are measured on that sample.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import unicodedata

import pyarrow as pa

import tilmach

def script_of(text):
    """The script of ``text``'s first letter, by its Unicode name (LATIN, CYRILLIC, ARABIC, CJK…)."""
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return None


def alphabets(forms):
    """The letters each script's forms of the glossary use: a typo replaces or inserts a letter
    of the name's own script."""
    letters = {}
    for text, _ in forms:
        script = script_of(text)
        letters.setdefault(script, set()).update(ch for ch in text if ch.isalpha() and script_of(ch) == script)
    return {script: sorted(chars) for script, chars in letters.items()}


def labelled_names(count, kind, seed=1):
    """``count`` (name, entry id) pairs: glossary forms as written or in another case
    (``exact``), misspelt by one or two edits with letters of the form's own script
    (``fuzzy``), or both with random Latin or Cyrillic strings that match nothing (``mixed``,
    entry id None for those)."""
    rng = random.Random(seed)
    forms = [(f.text, e.id) for e in tilmach.Glossary.embedded() for f in e.forms]
    letters = alphabets(forms)
    noise = letters["LATIN"] + letters["CYRILLIC"]
    out = []
    while len(out) < count:
        text, entry = rng.choice(forms)
        mode = kind if kind != "mixed" else rng.choice(("exact", "exact", "fuzzy", "fuzzy", "noise"))
        if mode == "exact":
            roll = rng.random()
            text = text if roll < 0.5 else text.lower() if roll < 0.75 else text.upper()
        elif mode == "fuzzy":
            # A name without letters of its own (digits, signs) takes Latin ones.
            alphabet = letters.get(script_of(text)) or letters["LATIN"]
            chars = list(text)
            edits = 1 if len(chars) < 6 else rng.choice((1, 2))
            for _ in range(edits):
                i = rng.randrange(len(chars))
                op = rng.choice(("sub", "del", "ins"))
                if op == "sub":
                    chars[i] = rng.choice(alphabet)
                elif op == "del" and len(chars) > 3:
                    del chars[i]
                else:
                    chars.insert(i, rng.choice(alphabet))
            text = "".join(chars)
        else:
            text, entry = "".join(rng.choice(noise) for _ in range(rng.randint(4, 12))), None
        out.append((text, entry))
    return out


def best_of(runs, fn, clock=time.perf_counter):
    """The fastest of ``runs`` timings of ``fn`` (seconds of ``clock``: wall clock, or
    ``time.process_time`` for the CPU time of all the process's threads), and its last
    result."""
    times, result = [], None
    for _ in range(runs):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return min(times), result


def recall(ids, labels):
    known = [(got, want) for got, want in zip(ids, labels) if want is not None]
    return sum(got == want for got, want in known) / max(1, len(known))


def noise_hits(ids, labels):
    """The share of names that should match nothing (label None) that got an answer."""
    noise = [got for got, want in zip(ids, labels) if want is None]
    return sum(got is not None for got in noise) / len(noise) if noise else None


def rates(ids, labels):
    """Recall and, where the list has names that match nothing, their share with an answer."""
    hit = noise_hits(ids, labels)
    return f"{recall(ids, labels):.3f} | {'—' if hit is None else f'{hit:.3f}'}"


def bench_lookup(n, fuzzy_n, peer_n):
    glossary = tilmach.Glossary.embedded()
    glossary.lookup("warm up")
    print(f"## lookup_many, {os.cpu_count()} cores")
    print("| names | count | input | names/s | recall |")
    print("|---|---:|---|---:|---:|")
    samples = {}
    for kind in ("exact", "fuzzy", "mixed"):
        count = n if kind == "exact" else fuzzy_n
        pairs = labelled_names(count, kind)
        names = [p[0] for p in pairs]
        labels = [p[1] for p in pairs]
        samples[kind] = pairs[:peer_n]
        t, hits = best_of(1, lambda: glossary.lookup_many(names, errors="null"))
        r = recall([h.entry.id if h else None for h in hits], labels)
        print(f"| {kind} | {count:,} | list of str | {count / t:,.0f} | {r:.3f} |", flush=True)
        array = pa.array(names, pa.string())
        t, out = best_of(1, lambda: glossary.lookup_many(array, errors="null"))
        r = recall(out.field("id").to_pylist(), labels)
        print(f"| {kind} | {count:,} | pyarrow string array | {count / t:,.0f} | {r:.3f} |", flush=True)
    return samples


def bench_rapidfuzz(samples):
    """extractOne with its default scorer, and with ``ratio`` without and with a score cutoff
    (a cutoff of 80 reaches about the recall of tilmach's ``auto`` budget on misspelt names and
    answers nothing for random strings, so that row compares at the same recall)."""
    from rapidfuzz import fuzz, process, utils

    glossary = tilmach.Glossary.embedded()
    forms = [(f.text, e.id) for e in glossary for f in e.forms]
    choices = [f for f, _ in forms]
    owner = [e for _, e in forms]
    print()
    # extractOne runs on one thread and lookup_many on all cores: both are timed in CPU seconds.
    print(f"## beside rapidfuzz.process.extractOne over the {len(choices):,} forms (per CPU second)")
    print("| names | tool | names per CPU s | recall | answers for random strings |")
    print("|---|---|---:|---:|---:|")
    for kind, pairs in samples.items():
        names = [p[0] for p in pairs]
        labels = [p[1] for p in pairs]
        for fuzzy in ("auto", 2):
            t, hits = best_of(
                1, lambda: glossary.lookup_many(names, fuzzy=fuzzy, errors="null"), time.process_time
            )
            ids = [h.entry.id if h else None for h in hits]
            print(f"| {kind} | tilmach lookup_many, fuzzy={fuzzy} | {len(names) / t:,.0f} | {rates(ids, labels)} |")
        for scorer, cutoff in ((fuzz.WRatio, None), (fuzz.ratio, None), (fuzz.ratio, 80)):
            def run():
                return [
                    process.extractOne(
                        q, choices, scorer=scorer, processor=utils.default_process, score_cutoff=cutoff
                    )
                    for q in names
                ]

            t, found = best_of(1, run, time.process_time)
            ids = [owner[f[2]] if f else None for f in found]
            label = scorer.__name__ + ("" if cutoff is None else f", score_cutoff={cutoff}")
            print(f"| {kind} | rapidfuzz extractOne, {label} | {len(names) / t:,.0f} | {rates(ids, labels)} |")


def bench_convert(n, peer_n):
    import iuliia

    glossary = tilmach.Glossary.embedded()
    russian = [f.text for e in glossary for f in e.forms if f.lang == "ru"]
    rng = random.Random(3)
    names = [rng.choice(russian) for _ in range(n)]
    print()
    print(f"## convert_many beside iuliia, {n:,} Russian names ({peer_n:,} for iuliia)")
    print("| scheme | tool | names/s |")
    print("|---|---|---:|")
    for ours, theirs in (("ru-bgn", iuliia.BGN_PCGN), ("ru-wiki", iuliia.WIKIPEDIA)):
        t = tilmach.Transliterator("ru-cyrl", ours)
        secs, _ = best_of(2, lambda: t.convert_many(names))
        print(f"| {ours} | tilmach convert_many, list | {n / secs:,.0f} |")
        array = pa.array(names)
        secs, _ = best_of(2, lambda: t.convert_many(array))
        print(f"| {ours} | tilmach convert_many, pyarrow | {n / secs:,.0f} |")
        sample = names[:peer_n]
        secs, _ = best_of(1, lambda: [theirs.translate(x) for x in sample])
        print(f"| {ours} | iuliia.translate ({theirs.name}) | {peer_n / secs:,.0f} |")


def bench_import():
    code = (
        "import time; t = time.perf_counter(); import tilmach; "
        "g = tilmach.Glossary.embedded(); g.lookup('Almaty'); "
        "print(time.perf_counter() - t)"
    )
    times = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(7)
    ]
    print()
    print(
        f"## import tilmach + Glossary.embedded() + first lookup: median {statistics.median(times) * 1000:.1f} ms, "
        f"fastest {min(times) * 1000:.1f} ms (7 fresh interpreters)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--fuzzy-names", type=int, default=200_000)
    parser.add_argument("--peer-names", type=int, default=2_000)
    args = parser.parse_args()
    samples = bench_lookup(args.names, args.fuzzy_names, args.peer_names)
    bench_rapidfuzz(samples)
    bench_convert(args.names, min(args.names, 100_000))
    bench_import()


if __name__ == "__main__":
    main()
