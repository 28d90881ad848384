"""``python -m agentic_desk``."""

import sys

from agentic_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
