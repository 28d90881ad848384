"""Engine benchmarks on a real model: the same as ``agentic-desk bench``.

python benchmarks/bench_engine.py --model ../shared/models/smollm2-135m-instruct-cpu-int4 [--json]
"""

from __future__ import annotations

import sys

from agentic_desk.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
