"""With cloud off, nothing leaves this computer: proven three ways on a real chat turn.

1. No network at all: the turn runs in a new network namespace where only loopback exists.
2. Python audit hooks (``socket.connect``) in every process of the app, the inference
   worker included (installed through ``sitecustomize`` on PYTHONPATH, which every new
   interpreter imports).
3. ``strace -f -e trace=connect`` on the whole process tree, which also sees native
   libraries (onnxruntime's telemetry would connect from C++).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm

pytestmark = pytest.mark.engine

AUDIT_HOOK = """
import json, os, sys
_log = os.environ.get("AGENTIC_DESK_CONNECT_LOG")
def _hook(event, args):
    if event == "socket.connect" and _log:
        sock, address = args[0], args[1]
        with open(_log, "a") as fh:
            fh.write(json.dumps({"pid": os.getpid(), "family": int(sock.family),
                                 "address": repr(address)}) + "\\n")
if _log:
    sys.addaudithook(_hook)
"""

LOOPBACK = re.compile(r"127\.\d+\.\d+\.\d+|::1|localhost")


def chat_command(model: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "agentic_desk",
        "chat",
        "--model",
        str(model),
        "--temperature",
        "0",
        "What is in my notes?",
    ]


def test_a_chat_turn_works_with_no_network_at_all(scripted_model: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root, unshare and ip (iproute2) to make a network namespace")
    inner = " ".join(f"'{part}'" for part in chat_command(scripted_model))
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", f"ip link set lo up; {inner}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == tm.SENTENCE + "\n"
    assert "(Local · " in result.stderr


def test_no_process_of_the_app_connects_anywhere(scripted_model: Path, tmp_path: Path) -> None:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(AUDIT_HOOK)
    log = tmp_path / "connects.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": str(hook_dir),
        "AGENTIC_DESK_CONNECT_LOG": str(log),
        "HF_HUB_OFFLINE": "1",
    }
    # the control: the hook does see connections (so an empty log means something)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import socket; s = socket.socket(); "
            "s.settimeout(0.2)\ntry: s.connect(('127.0.0.1', 9))\nexcept OSError: pass",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    control = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(control) == 1 and "127.0.0.1" in control[0]["address"]
    log.unlink()
    result = subprocess.run(
        chat_command(scripted_model),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == tm.SENTENCE + "\n"
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    outside = [e for e in events if e["family"] != 1 and not LOOPBACK.search(e["address"])]
    assert outside == []


def test_strace_sees_no_outbound_connect_from_any_process(
    scripted_model: Path, tmp_path: Path
) -> None:
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (scripts/test.sh installs it)")
    trace = tmp_path / "connect.trace"
    result = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=connect,execve",
            "-o",
            str(trace),
            *chat_command(scripted_model),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if "ptrace" in result.stderr and result.returncode != 0:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert result.stdout == tm.SENTENCE + "\n"
    calls = [line for line in trace.read_text().splitlines() if "connect(" in line]
    outbound = [
        line
        for line in calls
        if ("AF_INET" in line or "AF_INET6" in line) and not LOOPBACK.search(line)
    ]
    assert outbound == [], outbound
    # the inference worker (a second interpreter) was traced too
    execs = [line for line in trace.read_text().splitlines() if "execve(" in line]
    assert len({line.split()[0] for line in execs}) >= 2, execs
