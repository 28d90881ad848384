"""The desktop app (PySide6 + qasync): a thin layer over agentic_desk.core."""
