"""Screen-reader support shared by the views: polite announcements (a reply finished)."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtWidgets import QWidget

# Qt 6.8 added announcements (QAccessibleAnnouncementEvent); before it, the widget's
# accessible description carries the news (screen readers read it on focus).
HAS_ANNOUNCEMENTS = hasattr(QtGui, "QAccessibleAnnouncementEvent")


def announce(widget: QWidget, text: str) -> None:
    """Tell a screen reader ``text`` politely (after what it is saying now), on behalf of
    ``widget``; also kept as the widget's accessible description."""
    widget.setAccessibleDescription(text)
    if HAS_ANNOUNCEMENTS:
        event = QtGui.QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Polite)
        QtGui.QAccessible.updateAccessibility(event)


__all__ = ["HAS_ANNOUNCEMENTS", "announce"]
