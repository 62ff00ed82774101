"""Generated names for the batch and Spark tests: every form of the embedded glossary, the same
forms misspelt (one or two edits), in other case, and names that match nothing."""

import random

import tilmach


def generated_names(count, seed=14):
    rng = random.Random(seed)
    forms = [f.text for e in tilmach.Glossary.embedded() for f in e.forms]
    letters = "abcdefghijklmnopqrstuvwxyzаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюя"
    names = []
    while len(names) < count:
        text = rng.choice(forms)
        roll = rng.random()
        if roll < 0.35:
            pass
        elif roll < 0.55:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif roll < 0.85:
            chars = list(text)
            for _ in range(rng.choice((1, 1, 2))):
                i = rng.randrange(len(chars) + 1)
                op = rng.choice(("sub", "del", "ins"))
                if op == "ins" or not chars:
                    chars.insert(i, rng.choice(letters))
                elif op == "del" and i < len(chars):
                    del chars[i]
                elif i < len(chars):
                    chars[i] = rng.choice(letters)
            text = "".join(chars)
        else:
            text = "".join(rng.choice(letters) for _ in range(rng.randint(3, 12)))
        names.append(text)
    return names
