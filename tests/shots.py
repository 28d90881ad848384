"""Screenshots the GUI tests take for a person to look at, and the checks that make each
one able to fail: the file is written afresh (an old file does not count), reads back
as the same picture, is not blank, and a themed shot really has that theme's colours.

They go to ``build/screenshots/`` (ignored by git), so a test run leaves a checkout
clean; ``scripts/refresh_screenshots.sh`` points ``AGENTIC_DESK_SCREENSHOTS`` at
``docs/screenshots`` to refresh the README's pictures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QWidget

REPO = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get("AGENTIC_DESK_SCREENSHOTS") or REPO / "build" / "screenshots")

# Mean luminance (0-255) of a whole window in each theme: the light theme is mostly white
# and light grey, the dark one near-black. A theme that did nothing lands on the wrong side.
DARK_MAX = 90
LIGHT_MIN = 170


def _image(shot: Any) -> QImage:
    if isinstance(shot, QWidget):
        shot = shot.grab()
    if isinstance(shot, QPixmap):
        shot = shot.toImage()
    assert isinstance(shot, QImage) and not shot.isNull(), "nothing was drawn"
    return shot


def _samples(image: QImage, step: int = 7) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    ]


def luminance(image: QImage) -> float:
    colours = _samples(image)
    return sum(0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() for c in colours) / len(
        colours
    )


def save_shot(shot: Any, name: str, theme: str | None = None) -> Path:
    """Save ``shot`` (a widget, pixmap or image) as ``SHOTS/name.png`` and check it."""
    image = _image(shot)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    assert image.save(str(path)), f"{path} could not be written"
    saved = QImage(str(path))
    assert not saved.isNull() and saved.size() == image.size(), f"{path} does not read back"
    distinct = {c.rgb() for c in _samples(saved)}
    assert len(distinct) >= 8, f"{path} is blank ({len(distinct)} colours)"
    if theme is not None:
        check_theme(saved, theme, str(path))
    return path


def check_theme(shot: Any, theme: str, name: str = "the picture") -> None:
    """``shot`` is drawn in ``theme``'s colours (mean luminance on the right side)."""
    light = luminance(_image(shot))
    if theme == "dark":
        assert light < DARK_MAX, f"{name} is not dark (mean luminance {light:.0f})"
    else:
        assert light > LIGHT_MIN, f"{name} is not light (mean luminance {light:.0f})"
