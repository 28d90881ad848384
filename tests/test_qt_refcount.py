"""PySide6 6.12.0 drops a reference to ``True`` on every emit of a signal defined in Python
(measured: -1 per emit); the app emits one per streamed text chunk and download event, so a
long session ends with "Fatal Python error: bool_dealloc". The pinned Qt binding must not."""

from __future__ import annotations

import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    text = Signal(str)
    anything = Signal(object)
    flag = Signal(bool)


def test_emitting_signals_keeps_reference_counts(qapp: Any) -> None:
    emitter = Emitter()
    seen: list[object] = []
    for signal in (emitter.text, emitter.anything, emitter.flag):
        signal.connect(seen.append)
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(200):
        emitter.text.emit("chunk")
        emitter.anything.emit(None)
        emitter.flag.emit(False)
    seen.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert after == before
