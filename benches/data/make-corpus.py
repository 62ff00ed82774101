#!/usr/bin/env python3
"""Builds the benchmark corpus benches/data/{ru,kk}.txt from the Debian hunspell dictionaries.

Usage: apt-get install hunspell-ru hunspell-kk && python3 benches/data/make-corpus.py
Words are drawn with a fixed seed, affix flags dropped, and arranged into sentence-like lines
(capitalised first word, commas, full stops, an occasional number) of about 100 characters.
"""
import random
import re

SOURCES = {
    "ru": "/usr/share/hunspell/ru_RU.dic",
    "kk": "/usr/share/hunspell/kk_KZ.dic",
}
TARGET_BYTES = 128 * 1024


def words(path):
    out = []
    with open(path, encoding="utf-8-sig") as f:
        next(f)  # the first line is the entry count
        for line in f:
            word = line.strip().split("/")[0]
            if word and re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)?", word):
                out.append(word)
    return out


def corpus(vocabulary, rng):
    lines, size = [], 0
    while size < TARGET_BYTES:
        line, sentence_start = [], True
        while sum(len(w) + 1 for w in line) < 100:
            w = rng.choice(vocabulary)
            if sentence_start:
                w = w[:1].upper() + w[1:]
            sentence_start = False
            r = rng.random()
            if r < 0.08:
                w += ","
            elif r < 0.14:
                w += "."
                sentence_start = True
            elif r < 0.16:
                w += " " + str(rng.randint(1, 2025))
            line.append(w)
        text = " ".join(line)
        lines.append(text)
        size += len(text.encode()) + 1
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(20260121)
    for lang, path in SOURCES.items():
        text = corpus(words(path), rng)
        with open(f"benches/data/{lang}.txt", "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
