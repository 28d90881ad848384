"""Agentic Desk: offline, privacy-first desktop chat with local models."""

import os as _os

# Privacy: onnxruntime collects usage telemetry unless this is set before it is
# imported (ARCHITECTURE Fact 6). Every process of the app imports this package
# first, and child processes inherit the environment, so set it here, always.
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
