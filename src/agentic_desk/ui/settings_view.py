"""``SettingsView(context)``: the settings view of the desktop window (its sections
live in :mod:`agentic_desk.ui.settings`)."""

from agentic_desk.ui.settings import SettingsView, Snapshot

__all__ = ["SettingsView", "Snapshot"]
