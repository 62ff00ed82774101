"""The examples in the docstrings (of the native module's classes, functions and methods, and
of the Python modules) run as doctests."""

import doctest

import tilmach
import tilmach._tilmach
import tilmach.spark


def run(module, names, recurse=True):
    finder = doctest.DocTestFinder(exclude_empty=True, recurse=recurse)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = []
    for name in names:
        obj = getattr(module, name) if name else module
        tests += finder.find(obj, f"{module.__name__}.{name}", globs={})
    for test in tests:
        runner.run(test)
    return runner.summarize(verbose=False), sum(len(t.examples) for t in tests)


def test_native_docstrings():
    names = [n for n in dir(tilmach._tilmach) if not n.startswith("_")]
    (failed, attempted), examples = run(tilmach._tilmach, names)
    assert failed == 0
    # Glossary, Entry, Hit, Index, Transliterator, schemes, key… carry examples.
    assert examples >= 25


def test_package_docstrings():
    (failed, attempted), examples = run(tilmach, [""], recurse=False)
    assert failed == 0 and examples >= 4
