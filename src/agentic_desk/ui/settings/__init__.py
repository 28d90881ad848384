"""The settings view (see :class:`SettingsView`), one module per section."""

from agentic_desk.ui.settings.view import SettingsView, Snapshot

__all__ = ["SettingsView", "Snapshot"]
