"""People's names, postal addresses, organisations and free-text dates of birth: precision
and recall on the hand-labelled set (``tests/data/names_eval.txt``, see ``names_eval.py``),
with the rules alone and with the small names model built here
(``benchmarks/build_entity_model.py``); and the model's worker.

Targets (issue 18): recall >= 0.9 for people's names and addresses, precision >= 0.85.
Each configuration has floors just below what it scores now, so breaking a recogniser (or
the model's features) turns a test red; the tables are printed even without ``-s``.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import names_eval
from agentic_desk.core.context import AppContext
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.privacy import entities, scanning
from agentic_desk.core.privacy.entities import EntityWorker, coverage_notice
from agentic_desk.core.privacy.payload import clear_cache
from agentic_desk.core.privacy.scanning import DetectorOptions, detect
from agentic_desk.core.settings import Settings, SettingsStore

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

# (recall floor, precision floor) per category, measured when set (see the README's table).
RULES_FLOORS: dict[str, tuple[float, float]] = {
    "person": (0.50, 0.97),  # measured 0.542 / 1.000: names with a cue only
    "address": (0.96, 0.96),  # measured 1.000 / 1.000
    "organisation": (0.94, 0.94),  # measured 1.000 / 1.000
    "date_of_birth": (0.90, 0.90),  # measured 1.000 / 1.000
}
MODEL_FLOORS: dict[str, tuple[float, float]] = {
    # measured 0.932 / 0.859 with recipe 7 (hard negatives: turns about identifiers and
    # greetings), with 76 ordinary chat turns among the negatives (none read as a name);
    # recipe 6: 0.949 / 0.862; 0.898 / 0.883 before recipe 6 (issue 18). The false
    # positives left are capitalised words read as names (German nouns, a product, a
    # language), public figures in quoted news and names found only in part;
    # PERSON_TARGETS below is what must hold
    "person": (0.93, 0.85),
    "address": (0.96, 0.96),  # measured 1.000 / 1.000
    "organisation": (0.94, 0.94),  # measured 1.000 / 1.000
    "date_of_birth": (0.90, 0.90),  # measured 1.000 / 1.000
}


#: Issue 18's targets for people's names with the names model: (recall, precision). A
#: regression below them turns the test red, whatever the floors above say.
PERSON_TARGETS = (0.90, 0.85)
HOLDOUT = names_eval.DATA.with_name("names_holdout.txt")
# The second set (tests/data/names_holdout.txt, written before the misses on the first were
# looked at): people's names only; floors just under what the model scores on it.
HOLDOUT_FLOORS: dict[str, tuple[float, float]] = {
    # measured 0.921 / 0.921 with recipe 7 (recipe 6: 0.895 / 0.971; recipe 2, before issue
    # 18: 0.658 / 0.893)
    "person": (0.90, 0.90),
}


@pytest.fixture(autouse=True)
def _nothing_configured() -> Any:
    before = scanning.configured()
    scanning.configure(entities=None)
    clear_cache()
    yield
    scanning.configure(terms=before[0], entities=before[1])
    clear_cache()


@pytest.fixture(scope="module")
def docs() -> list[names_eval.Doc]:
    found = names_eval.load()
    assert len(found) >= 150
    return found


@pytest.fixture(scope="module")
def built_model() -> Path:
    """The small names model the app ships (built by benchmarks/build_entity_model.py
    --ship; rebuilding takes minutes, so the tests use the shipped one)."""
    return entities.SHIPPED_FOLDER


def test_the_shipped_names_model_is_built_from_the_current_recipe() -> None:
    """A change to the features or the training recipe must come with a rebuilt model
    (``python benchmarks/build_entity_model.py --ship``): an old model would read new
    features wrongly."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import build_entity_model
    finally:
        sys.path.remove(str(BENCHMARKS))
    info = json.loads((entities.SHIPPED_FOLDER / entities.INFO_FILE).read_text())
    assert info["recipe"] == build_entity_model.recipe_key()
    assert (entities.SHIPPED_FOLDER / entities.MODEL_FILE).stat().st_size > 1_000_000


def finder(entity_finder: Any) -> Any:
    options = DetectorOptions(entities=entity_finder if entity_finder else False)
    return lambda text: [(f.category, f.start, f.end) for f in detect(text, options)]


def check(scores: dict[str, names_eval.Score], floors: dict[str, tuple[float, float]]) -> None:
    failures = []
    for category, (recall, precision) in floors.items():
        s = scores[category]
        if s.recall < recall or s.precision < precision:
            failures.append(
                f"{category}: recall {s.recall:.3f} (floor {recall}), precision "
                f"{s.precision:.3f} (floor {precision})\n  missed: {s.misses[:8]}\n"
                f"  false positives: {s.false_positives[:8]}"
            )
    assert not failures, "\n".join(failures)


def test_the_set_covers_every_category_and_hard_negatives(docs: list[names_eval.Doc]) -> None:
    labels = [category for doc in docs for category, _, _ in doc.spans]
    assert {c: labels.count(c) for c in names_eval.CATEGORIES} == {
        "person": 59,
        "address": 32,
        "organisation": 17,
        "date_of_birth": 10,
    }
    assert sum(1 for doc in docs if not doc.spans) >= 120  # hard negatives
    chat = [doc for doc in docs if doc.group == names_eval.CHAT]  # ordinary chat turns
    assert len(chat) >= 60 and not any(doc.spans for doc in chat)


def test_rules_alone(docs: list[names_eval.Doc], capsys: pytest.CaptureFixture[str]) -> None:
    scores = names_eval.score(docs, finder(None))
    with capsys.disabled():
        print("\n\n" + names_eval.table("Names, addresses, organisations: rules only", scores))
    check(scores, RULES_FLOORS)


@pytest.mark.slow
def test_rules_and_the_small_names_model(
    docs: list[names_eval.Doc], built_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    worker = EntityWorker(built_model)
    try:
        scores = names_eval.score(docs, finder(worker))
        assert worker.error is None
        chat = [doc for doc in docs if doc.group == names_eval.CHAT]
        in_chat = names_eval.group_findings(chat, finder(worker))
    finally:
        worker.close()
    with capsys.disabled():
        print("\n\n" + names_eval.table("With the small names model (built here)", scores))
        print(f"people or organisations found in {len(chat)} ordinary chat turns: {in_chat}")
    check(scores, MODEL_FLOORS)
    person = scores["person"]
    recall, precision = PERSON_TARGETS
    assert person.recall >= recall and person.precision >= precision, (
        f"people's names: recall {person.recall:.3f}, precision {person.precision:.3f}; "
        f"the targets are {recall} and {precision}\n  missed: {person.misses}\n"
        f"  false positives: {person.false_positives}"
    )
    assert in_chat == []  # "Done." is no name (issue 18)


@pytest.mark.slow
def test_the_names_model_on_a_second_set_written_apart(
    built_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names of other cultures and in other places (particles, initials, lists, quoted
    speech, lower-case chat) than the first set, labelled before the recipe was changed
    for issue 18: the gain is not the first set's names learnt by heart."""
    docs = names_eval.load(HOLDOUT)
    labels = [category for doc in docs for category, _, _ in doc.spans]
    assert labels.count("person") == len(labels) == 38
    worker = EntityWorker(built_model)
    try:
        scores = names_eval.score(docs, finder(worker))
        assert worker.error is None
    finally:
        worker.close()
    rules = names_eval.score(docs, finder(None))
    with capsys.disabled():
        print("\n\n" + names_eval.table("Second set: rules only", {"person": rules["person"]}))
        print(names_eval.table("Second set: with the names model", {"person": scores["person"]}))
    check(scores, HOLDOUT_FLOORS)
    assert scores["person"].recall > rules["person"].recall


@pytest.mark.slow
def test_the_model_runs_in_its_own_thread_and_is_found_in_the_models_folder(
    tmp_path: Path, built_model: Path
) -> None:
    paths = AppPaths.for_root(tmp_path)
    settings = Settings()
    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    shipped = scanning.configured()[1]  # nothing installed: the model the app ships
    assert isinstance(shipped, EntityWorker)
    assert shipped.key == f"names-model:{entities.SHIPPED_FOLDER}"
    assert "No names model is installed." in coverage_notice(None)
    installed = entities.model_folder(paths.models_folder(None))
    shutil.copytree(built_model, installed)
    context.apply_settings(settings)
    worker = scanning.configured()[1]
    assert isinstance(worker, EntityWorker)
    assert worker.key == f"names-model:{installed}"  # an installed one comes first
    assert coverage_notice(worker) == ""
    text = "Forward the notes to Rosalind Pemberton."
    callers: list[str] = []
    real_find = entities.EntityModel.find

    def spy(self: entities.EntityModel, value: str) -> list[tuple[str, int, int]]:
        callers.append(threading.current_thread().name)
        return real_find(self, value)

    entities.EntityModel.find = spy  # type: ignore[method-assign]
    try:
        findings = detect(text)
        found = [(f.category, f.text) for f in findings]
    finally:
        entities.EntityModel.find = real_find  # type: ignore[method-assign]
    assert callers == ["names-model"]  # not the caller's thread
    assert ("person", "Rosalind Pemberton") in found  # no cue: the model, not the rules
    # what only the model found carries its probability; rules and terms are sure
    (person,) = [f for f in findings if f.category == "person"]
    assert 0.3 < person.confidence < 1.0
    assert detect("Dear Mr Holloway,", DetectorOptions(entities=False))[0].confidence == 1.0
    assert not any(f.category == "person" for f in detect(text, DetectorOptions(entities=False)))
    # switched off in the settings: the rules only
    off = settings.model_copy(deep=True)
    off.privacy.names_model = False
    context.apply_settings(off)
    assert scanning.configured()[1] is None
    worker.close()


def test_a_damaged_model_leaves_the_rules_and_says_what_is_not_seen(tmp_path: Path) -> None:
    folder = tmp_path / entities.FOLDER_NAME
    folder.mkdir()
    (folder / entities.MODEL_FILE).write_bytes(b"not an onnx file")
    (folder / entities.INFO_FILE).write_text('{"format": 1, "labels": ["O", "B-PER"]}')
    worker = EntityWorker(folder)
    try:
        text = "Dear Eleanor Whitcombe, about the lease."
        found = detect(text, DetectorOptions(entities=worker))
        assert [(f.category, f.text) for f in found] == [("person", "Eleanor Whitcombe")]
        assert worker.error is not None and "could not be loaded" in worker.error
        notice = coverage_notice(worker)
        assert notice.startswith("The names model could not be used: The names model in ")
        assert "found by rules only" in notice
    finally:
        worker.close()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Dear aunt, the garden is lovely.", []),
        ("Dear all,\nthe meeting moved.", []),
        ("Dear Sir or Madam,", []),
        ("dear jonathan pryce-williams, see the quote", ["jonathan pryce-williams"]),
        ("Hi Leilani, the contract is attached.", ["Leilani"]),
        ("Kind regards,\nThe Customer Service Team", []),
    ],
)
def test_greetings_and_sign_offs(text: str, names: list[str]) -> None:
    found = detect(text, DetectorOptions(entities=False))
    assert [f.text for f in found if f.category == "person"] == names


@pytest.mark.parametrize(
    ("text", "found", "kept"),
    [
        # no capital anywhere: the writer does not use them, a sure name stays
        ("ask farid about the keys", ("person", 4, 9, 0.95), True),
        ("ask farid about the keys", ("person", 4, 9, 0.5), False),  # not sure enough
        ("send the budget to me", ("person", 9, 15, 0.95), False),  # a common word
        # with capitals elsewhere, a lower-case word is no name
        ("Ask farid about the keys", ("person", 4, 9, 0.95), False),
        ("ask farid about the keys", ("organisation", 4, 9, 0.95), False),
        # an address has a number and a word: the "2" of a numbered list is none
        ("1. Mix the flour.\n2. Bake it.", ("address", 18, 20, 0.9), False),
        ("Send it to 14 Oak Lane today.", ("address", 11, 22, 0.9), True),
        # a possessive is not part of the name
        ("Nadia Farouk's car is outside.", ("person", 0, 14, 0.9), True),
    ],
)
def test_what_the_model_found_is_kept_when_plausible(
    text: str, found: tuple[str, int, int, float], kept: bool
) -> None:
    category, start, end, p = found
    tokens = entities.tokenize(text)
    labels = [
        ("B-" if s == start else "I-")
        + {"person": "PER", "organisation": "ORG", "address": "ADDR"}[category]
        if start <= s and e <= end
        else "O"
        for s, e in tokens
    ]
    spans = entities.spans_from_labels(text, tokens, labels, [p] * len(tokens))
    result = entities.tidy(text, spans)
    assert [text[s:e] for _, s, e, _ in result] == (
        [text[start:end].removesuffix("'s")] if kept else []
    )
