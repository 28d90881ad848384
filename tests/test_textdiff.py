"""The word diff behind the rewrite view (no Qt)."""

from __future__ import annotations

from agentic_desk.core.textdiff import changed_words, word_diff


def test_runs_rebuild_both_texts_and_count_the_changed_words() -> None:
    old = "Dear landlord,\n\nThe boiler is broken again.\n"
    new = "Dear Ms Smith,\n\nThe boiler has failed again.\n"
    runs = word_diff(old, new)
    assert "".join(t for k, t in runs if k != "added") == old
    assert "".join(t for k, t in runs if k != "removed") == new
    assert ("removed", "landlord,") in runs and ("added", "Ms Smith,") in runs
    assert changed_words(runs) == (3, 4)


def test_identical_and_empty_texts() -> None:
    assert word_diff("same words", "same words") == [("same", "same words")]
    assert word_diff("", "new") == [("added", "new")]
    assert changed_words(word_diff("gone", "")) == (1, 0)
