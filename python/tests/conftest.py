"""Shared fixtures: the repository's test data and the embedded glossary."""

import pathlib

import pytest

import tilmach

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def glossary():
    return tilmach.Glossary.embedded()


@pytest.fixture(scope="session")
def data():
    return DATA
