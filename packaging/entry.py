"""Entry point of the packaged app (PyInstaller runs this as ``__main__``).

- ``multiprocessing.freeze_support()`` first: the inference worker is a spawned process,
  which in a frozen app is this same executable started with multiprocessing's arguments
  (PyInstaller's runtime hook makes that work on every OS, not only Windows).
- keyring's backends are pinned to the platform's store: keyring discovers backends through
  package entry points, which break in frozen apps.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from agentic_desk.cli import main
    from agentic_desk.core.secrets import pin_platform_backend_when_frozen

    pin_platform_backend_when_frozen()
    sys.exit(main())
