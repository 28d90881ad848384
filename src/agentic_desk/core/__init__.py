"""The app's core: plain Python (no GUI), shared by the desktop UI, the CLI and the worker."""
