"""Incremental decoding and stop-string hold-back, without a model."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from agentic_desk.core.engine.textstream import IncrementalDecoder, StopStringFilter


def byte_decode(ids: Sequence[int]) -> str:
    """A byte-level 'tokenizer': each id is one byte, as byte-level BPE models do."""
    return bytes(ids).decode("utf-8", errors="replace")


def stream_bytes(text: str) -> list[str]:
    decoder = IncrementalDecoder(byte_decode)
    deltas = [decoder.push(b) for b in text.encode("utf-8")]
    deltas.append(decoder.flush())
    return deltas


def test_multibyte_characters_are_never_split() -> None:
    deltas = stream_bytes("Café 🙂!")
    assert "".join(deltas) == "Café 🙂!"
    assert all("\ufffd" not in d for d in deltas)
    # the four bytes of the emoji produce nothing, nothing, nothing, then the whole emoji
    emoji_at = [i for i, d in enumerate(deltas) if "🙂" in d]
    assert len(emoji_at) == 1
    assert deltas[emoji_at[0] - 3 : emoji_at[0]] == ["", "", ""]


def test_incomplete_character_at_the_end_is_dropped_not_garbled() -> None:
    decoder = IncrementalDecoder(byte_decode)
    out = [decoder.push(b) for b in "ok🙂".encode()[:-1]]
    assert "".join(out) + decoder.flush() == "ok"


@given(st.text(min_size=0, max_size=40))
def test_any_text_streams_back_exactly(text: str) -> None:
    assert "".join(stream_bytes(text)) == text


def test_stop_string_is_held_back_until_it_cannot_match() -> None:
    stops = StopStringFilter(["lazy cat"])
    assert stops.push("the ") == "the "
    assert stops.push("lazy") == ""  # could be the start of "lazy cat"
    assert stops.push(" c") == ""
    assert stops.push("ow") == "lazy cow"  # it was not
    assert stops.matched is None


def test_stop_string_ends_the_text_before_it() -> None:
    stops = StopStringFilter(["</answer>", "STOP"])
    assert stops.push("The answer is 4.</ans") == "The answer is 4."
    assert stops.push("wer> and more") == ""
    assert stops.matched == "</answer>"
    assert stops.push("anything") == ""


def test_earliest_stop_string_wins() -> None:
    stops = StopStringFilter(["world", "lo w"])
    assert stops.push("hello world") == "hel"
    assert stops.matched == "lo w"


def test_flush_releases_what_was_held() -> None:
    stops = StopStringFilter(["###"])
    assert stops.push("done #") == "done "
    assert stops.flush() == "#"


@given(
    text=st.text(alphabet="ab#xy", max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=30), max_size=8),
    stop=st.text(alphabet="ab#", min_size=1, max_size=4),
)
def test_chunking_never_changes_the_result(text: str, cuts: list[int], stop: str) -> None:
    """Whatever the token boundaries, the output is the text up to the first stop string,
    and no emitted piece ever contains the stop string."""
    bounds = sorted({c for c in cuts if c <= len(text)} | {0, len(text)})
    stops = StopStringFilter([stop])
    pieces = [stops.push(text[a:b]) for a, b in itertools.pairwise(bounds)]
    if stops.matched is None:
        pieces.append(stops.flush())
    index = text.find(stop)
    expected = text if index < 0 else text[:index]
    assert "".join(pieces) == expected
    assert (stops.matched is not None) == (index >= 0)
