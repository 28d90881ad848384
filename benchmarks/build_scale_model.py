"""A model with the real shape of Phi-4-mini-instruct and random weights, for scale tests
and benchmarks (issue 14). Its text is nonsense; its memory, load time, prefill and decode
speed are those of the real model.

    python benchmarks/build_scale_model.py [--shape phi4-mini|phi4-mini-2l] [--gguf] [--force]

Steps (each in its own process, so each one's peak memory is measured on its own):

1. ``Phi3ForCausalLM`` from Phi-4-mini-instruct's configuration (hidden 3072, 32 layers,
   24 heads, 8 KV heads, head size 128, intermediate 8192, vocab 200,064, tied embeddings,
   LongRoPE with a 4,096-token original context, partial rotary 0.75, 131,072 tokens) with
   transformers' random initialisation (seeded), saved in bf16 with a tokenizer: SmolLM2's
   byte-level BPE from ``../shared/models`` padded to 200,064 entries (fillers made of two
   SmolLM2 tokens each, never produced by encoding, so every id the model emits decodes).
2. ``python -m onnxruntime_genai.models.builder -p int4 -e cpu`` (its defaults: RTN,
   block 32, accuracy level 4: how the catalog's ``cpu-int4-rtn-block-32-acc-level-4``
   variants are made).
3. With ``--gguf``: llama.cpp's ``convert_hf_to_gguf.py`` (from llama-cpp-python's sdist,
   fetched with ``pip download`` at run time) to a bf16 GGUF of the same weights, then
   ``llama_cpp.llama_model_quantize`` to Q4_0 with every tensor Q4_0 (``pure``: block 32,
   like the int4 RTN block 32 above; llama.cpp's default would keep the tied output matrix at
   Q6_K). This needs llama-cpp-python, which ``--llamacpp-venv`` installs (compiled from
   source: several minutes on 2 cores).

The output is cached in ``~/.cache/agentic-desk/scale-models/<shape>/`` (or
``$AGENTIC_DESK_SCALE_CACHE``); ``stamp.json`` records the shape, the versions of the
builder, transformers and torch, and what each step cost (seconds, peak RSS). A second run
reuses the folder unless one of those changed (or ``--force``).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SMOLLM2 = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"
FORMAT = 1  # bump when the recipe below changes, so cached models are rebuilt
LLAMA_CPP_VERSION = "0.3.36"
SEED = 1234
# llama.cpp's default build (GGML_NATIVE) compiles its AMX kernels on a CPU that reports
# AMX, and on this project's machines (VMs that report amx_int8 but do not let a process
# use it) every batched matrix product then crashes (SIGSEGV in ggml_backend_amx_mul_mat,
# seen with gdb). So: the same instruction sets without AMX. Override with CMAKE_ARGS.
LLAMACPP_CMAKE_ARGS = "-DGGML_NATIVE=OFF " + " ".join(
    f"-DGGML_{flag}=ON"
    for flag in (
        *("AVX", "AVX2", "FMA", "F16C", "BMI2", "AVX_VNNI"),
        *("AVX512", "AVX512_VNNI", "AVX512_BF16", "AVX512_VBMI"),
    )
)


@dataclasses.dataclass(frozen=True)
class Shape:
    """The geometry of a decoder; everything else comes from Phi-4-mini-instruct."""

    name: str
    layers: int
    hidden: int = 3072
    heads: int = 24
    kv_heads: int = 8
    intermediate: int = 8192
    vocab: int = 200064
    context: int = 131072

    @property
    def head_size(self) -> int:
        return self.hidden // self.heads

    def kv_bytes_per_token(self, bytes_per_value: int = 4) -> int:
        return 2 * self.layers * self.kv_heads * self.head_size * bytes_per_value


SHAPES = {
    "phi4-mini": Shape("phi4-mini", layers=32),
    # Identical per-layer geometry and vocabulary, two layers: what CI builds.
    "phi4-mini-2l": Shape("phi4-mini-2l", layers=2),
    "phi4-mini-8l": Shape("phi4-mini-8l", layers=8),
}


@dataclasses.dataclass
class ScaleModel:
    shape: Shape
    folder: Path

    @property
    def genai(self) -> Path:
        return self.folder / "genai"

    @property
    def hf(self) -> Path:
        return self.folder / "hf"

    @property
    def gguf(self) -> Path:
        return self.folder / f"{self.shape.name}-Q4_0.gguf"

    @property
    def stamp(self) -> dict[str, Any]:
        stamp: dict[str, Any] = json.loads((self.folder / "stamp.json").read_text())
        return stamp


def cache_root() -> Path:
    env = os.environ.get("AGENTIC_DESK_SCALE_CACHE")
    return Path(env) if env else Path.home() / ".cache/agentic-desk/scale-models"


def llamacpp_venv() -> Path:
    return Path.home() / ".cache/agentic-desk/llamacpp-venv"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def wanted_stamp(shape: Shape) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "shape": dataclasses.asdict(shape),
        "onnxruntime-genai": _version("onnxruntime-genai"),
        "transformers": _version("transformers"),
        "torch": _version("torch"),
        "seed": SEED,
    }


def say(msg: str) -> None:
    print(f"[build_scale_model] {msg}", file=sys.stderr, flush=True)


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a command, its output to ``log``; return its seconds and peak RSS (MB)."""
    started = time.monotonic()
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(cmd[:4])}... failed ({proc.returncode}); log {log}:\n{tail}")
    # ru_maxrss is in KiB on Linux: the largest of the process and its waited-for children.
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024)}


# --- step 1: the Hugging Face folder (runs in its own process) --------------------------


def phi4_mini_config(shape: Shape) -> dict[str, Any]:
    rotary_dims = int(shape.head_size * 0.75)
    half = rotary_dims // 2
    return {
        "architectures": ["Phi3ForCausalLM"],
        "model_type": "phi3",
        "attention_bias": False,
        "attention_dropout": 0.0,
        "embd_pdrop": 0.0,
        "resid_pdrop": 0.0,
        "hidden_act": "silu",
        "hidden_size": shape.hidden,
        "initializer_range": 0.02,
        "intermediate_size": shape.intermediate,
        "max_position_embeddings": shape.context,
        "original_max_position_embeddings": 4096,
        "num_attention_heads": shape.heads,
        "num_hidden_layers": shape.layers,
        "num_key_value_heads": shape.kv_heads,
        "partial_rotary_factor": 0.75,
        "rms_norm_eps": 1e-05,
        "rope_theta": 10000.0,
        # LongRoPE like Phi-4-mini's (its factors are learned; these rise the same way)
        "rope_scaling": {
            "type": "longrope",
            "short_factor": [1.0 + 0.05 * i / half for i in range(half)],
            "long_factor": [1.0 + 40.0 * (i / half) ** 2 for i in range(half)],
        },
        "sliding_window": 262144,
        "tie_word_embeddings": True,
        "vocab_size": shape.vocab,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "pad_token_id": 2,
        "use_cache": True,
        "torch_dtype": "bfloat16",
    }


def padded_tokenizer(vocab_size: int) -> dict[str, Any]:
    """SmolLM2's tokenizer.json with filler entries up to ``vocab_size``."""
    tok: dict[str, Any] = json.loads((SMOLLM2 / "tokenizer.json").read_text())
    vocab: dict[str, int] = tok["model"]["vocab"]
    specials = {t["id"] for t in tok["added_tokens"]}
    ordinary = [s for s, i in sorted(vocab.items(), key=lambda kv: kv[1]) if i not in specials]
    rng = random.Random(SEED)
    next_id = max(vocab.values()) + 1
    while next_id < vocab_size:
        filler = rng.choice(ordinary) + rng.choice(ordinary)
        if filler not in vocab:
            vocab[filler] = next_id
            next_id += 1
    return tok


def make_hf(shape: Shape, out: Path) -> None:
    import torch
    from transformers import Phi3Config, Phi3ForCausalLM

    torch.manual_seed(SEED)
    config = Phi3Config(**phi4_mini_config(shape))
    # Initialise straight in bf16: 2 bytes a parameter (7.6 GB for the full shape).
    torch.set_default_dtype(torch.bfloat16)
    model = Phi3ForCausalLM(config)
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, max_shard_size="2GB")
    del model
    (out / "tokenizer.json").write_text(
        json.dumps(padded_tokenizer(shape.vocab), ensure_ascii=False)
    )
    tok_config: dict[str, Any] = json.loads((SMOLLM2 / "tokenizer_config.json").read_text())
    # llama.cpp's converter picks the BPE path for Phi-3 only with this class name.
    tok_config["tokenizer_class"] = "GPT2Tokenizer"
    tok_config["model_max_length"] = shape.context
    tok_config["chat_template"] = (SMOLLM2 / "chat_template.jinja").read_text()
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2))
    shutil.copy(SMOLLM2 / "chat_template.jinja", out / "chat_template.jinja")
    for name in ("special_tokens_map.json",):
        src = SMOLLM2 / name
        if src.exists():
            shutil.copy(src, out / name)


# --- step 2: the onnxruntime-genai folder -----------------------------------------------


def hf_env() -> dict[str, str]:
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ORT_DISABLE_TELEMETRY": "1",
    }


def build_genai(model: ScaleModel, log: Path) -> dict[str, float]:
    tmp = model.folder / "genai.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    cache = model.folder / "builder-cache"
    cmd = [sys.executable, __file__, "--stage-builder", "-i", str(model.hf)]
    cmd += ["-o", str(tmp), "-p", "int4", "-e", "cpu", "-c", str(cache)]
    cost = run_measured(cmd, log, env=hf_env())
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(model.genai, ignore_errors=True)
    tmp.rename(model.genai)
    return cost


def run_builder(argv: list[str]) -> None:
    """The model builder, loading bf16 and spilling its weights to disk before it quantises.

    Unchanged, the builder hands the whole model to onnxruntime's MatMulNBitsQuantizer as one
    in-memory protobuf with every weight in fp32, while the torch model is still alive: about
    12 bytes a parameter at the peak (10 GB for the 2-layer shape, so ~45 GB for the full
    one). Here its graph's weights are first written to a file in its cache folder (fp32,
    one tensor at a time) and the protobuf only refers to them; the quantizer reads each
    weight from the file as it goes. The resulting model is the same (same quantizer, same
    graph); only the peak memory differs.
    """
    import gc

    import onnx_ir as ir
    import onnxruntime_genai.models  # noqa: F401 (puts the builder's folder on sys.path)

    # builder.py imports its classes as the top-level package ``builders``: patch that copy.
    from builders import base  # type: ignore[import-not-found]

    to_nbits = base.Model.to_nbits

    def to_nbits_spilled(self: Any) -> Any:
        spill = Path(self.cache_dir).resolve() / "fp32-spill"
        spill.mkdir(parents=True, exist_ok=True)
        ir.external_data.unload_from_model(
            self.model, spill, "weights.data", size_threshold_bytes=1 << 20
        )
        gc.collect()
        # The quantizer (onnx.numpy_helper.to_array) and the saved graph resolve the
        # external file relative to the working directory; every other path is absolute.
        os.chdir(spill)
        return to_nbits(self)

    base.Model.to_nbits = to_nbits_spilled

    # The builder loads the Hugging Face model in fp32 (15 GB for the full shape) although
    # it casts each weight to its own dtype lazily, one at a time; loading the bf16
    # checkpoint as bf16 gives the same fp32 values at half the memory.
    import torch
    import transformers

    load = transformers.AutoModelForCausalLM.from_pretrained

    def load_bf16(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("dtype", torch.bfloat16)
        return load(*args, **kwargs)

    transformers.AutoModelForCausalLM.from_pretrained = staticmethod(load_bf16)  # type: ignore[method-assign]
    sys.argv = ["onnxruntime_genai.models.builder", *argv]
    import runpy

    runpy.run_module("onnxruntime_genai.models.builder", run_name="__main__", alter_sys=True)


# --- step 3: the GGUF ---------------------------------------------------------------------


def llamacpp_python() -> Path:
    return llamacpp_venv() / "bin/python"


def install_llamacpp(log: Path) -> dict[str, float]:
    """llama-cpp-python[server] in its own venv, compiled from source (``stamp`` in the
    venv records the version and CMake flags; a venv without it, or with others, is
    rebuilt)."""
    venv = llamacpp_venv()
    cmake_args = os.environ.get("CMAKE_ARGS", LLAMACPP_CMAKE_ARGS)
    wanted = {"llama-cpp-python": LLAMA_CPP_VERSION, "CMAKE_ARGS": cmake_args}
    stamp = venv / "agentic-desk-build.json"
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return {"seconds": 0.0, "peak_rss_mb": 0}
    if not llamacpp_python().exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
    say(f"compiling llama-cpp-python {LLAMA_CPP_VERSION} into {venv} (several minutes)")
    env = {
        **os.environ,
        "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 2),
        "CMAKE_ARGS": cmake_args,
    }
    cmd = [str(llamacpp_python()), "-m", "pip", "install", "--no-cache-dir", "--force-reinstall"]
    cmd += [f"llama-cpp-python[server]=={LLAMA_CPP_VERSION}"]
    cost = run_measured(cmd, log, env=env)
    stamp.write_text(json.dumps(wanted))
    return cost


def llamacpp_converter(log: Path) -> Path:
    """llama.cpp's convert_hf_to_gguf.py (and its gguf-py) from llama-cpp-python's sdist."""
    where = cache_root() / f"llama.cpp-{LLAMA_CPP_VERSION}"
    script = where / "convert_hf_to_gguf.py"
    if script.exists():
        return script
    download = cache_root() / "sdist"
    download.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps"]
    cmd += [f"llama-cpp-python=={LLAMA_CPP_VERSION}", "-d", str(download)]
    run_measured(cmd, log)
    (sdist,) = download.glob(f"llama_cpp_python-{LLAMA_CPP_VERSION}.tar.gz")
    tmp = where.with_suffix(".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        prefix = f"llama_cpp_python-{LLAMA_CPP_VERSION}/vendor/llama.cpp/"
        keep = ("convert_hf_to_gguf.py", "gguf-py/", "conversion/")
        members = []
        for m in tar.getmembers():
            if m.name.startswith(prefix) and m.name[len(prefix) :].startswith(keep):
                m.name = m.name[len(prefix) :]
                members.append(m)
        tar.extractall(tmp, members=members, filter="data")
    tmp.rename(where)
    return script


def build_gguf(model: ScaleModel, log: Path) -> dict[str, Any]:
    costs: dict[str, Any] = {"install_llamacpp": install_llamacpp(log)}
    script = llamacpp_converter(log)
    bf16 = model.folder / f"{model.shape.name}-bf16.gguf"
    cmd = [sys.executable, str(script), str(model.hf), "--outtype", "bf16", "--outfile", str(bf16)]
    costs["convert_hf_to_gguf"] = run_measured(cmd, log, env=hf_env())
    quantise = (
        "import sys, llama_cpp as L\n"
        "p = L.llama_model_quantize_default_params()\n"
        "p.ftype = L.LLAMA_FTYPE_MOSTLY_Q4_0\n"
        "p.pure = True\n"
        "p.nthread = 2\n"
        "rc = L.llama_model_quantize(sys.argv[1].encode(), sys.argv[2].encode(), p)\n"
        "sys.exit(rc)\n"
    )
    partial = model.gguf.with_suffix(".partial")
    cmd = [str(llamacpp_python()), "-c", quantise, str(bf16), str(partial)]
    costs["quantize_q4_0"] = run_measured(cmd, log)
    partial.rename(model.gguf)
    bf16.unlink()
    return costs


# --- the whole recipe ---------------------------------------------------------------------


def build(
    shape_name: str, *, gguf: bool = False, force: bool = False, keep_hf: bool = True
) -> ScaleModel:
    """Build (or reuse) the model of ``shape_name``; importable by tests (``scale_model``)."""
    shape = SHAPES[shape_name]
    model = ScaleModel(shape, cache_root() / shape.name)
    stamp_path = model.folder / "stamp.json"
    wanted = wanted_stamp(shape)
    stamp: dict[str, Any] = {}
    if stamp_path.exists() and not force:
        stamp = json.loads(stamp_path.read_text())
        if any(stamp.get(k) != v for k, v in wanted.items()):
            say(f"{shape.name}: cached from other versions or another recipe: rebuilding")
            stamp = {}
    if not stamp:
        shutil.rmtree(model.folder, ignore_errors=True)
        stamp = {**wanted, "costs": {}}
    model.folder.mkdir(parents=True, exist_ok=True)
    log = model.folder / "build.log"

    def save() -> None:
        stamp_path.write_text(json.dumps(stamp, indent=2))

    costs: dict[str, Any] = stamp["costs"]
    have_genai = (model.genai / "genai_config.json").exists() and "builder" in costs
    need_hf = not have_genai or (gguf and not model.gguf.exists())
    if need_hf and not (model.hf / "config.json").exists():
        say(f"{shape.name}: random weights -> {model.hf}")
        shutil.rmtree(model.hf, ignore_errors=True)
        cmd = [sys.executable, __file__, "--stage-hf", shape.name, str(model.hf)]
        costs["random_weights"] = run_measured(cmd, log, env=hf_env())
        save()
    if not have_genai:
        say(f"{shape.name}: onnxruntime-genai builder (int4, cpu) -> {model.genai}")
        costs["builder"] = build_genai(model, log)
        save()
    if gguf and not model.gguf.exists():
        say(f"{shape.name}: GGUF (Q4_0) -> {model.gguf}")
        costs.update(build_gguf(model, log))
        save()
    if not keep_hf and model.hf.exists():
        shutil.rmtree(model.hf)
    stamp["files_mb"] = {
        str(p.relative_to(model.folder)): round(p.stat().st_size / 1e6, 1)
        for p in sorted(model.folder.rglob("*"))
        if p.is_file() and p.suffix in {".onnx", ".data", ".gguf", ".json"} and "hf" not in p.parts
    }
    save()
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shape", choices=sorted(SHAPES), default="phi4-mini")
    parser.add_argument("--gguf", action="store_true", help="also a Q4_0 GGUF for llama.cpp")
    parser.add_argument(
        "--llamacpp-venv", action="store_true", help="only install llama-cpp-python[server]"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the cache is current")
    parser.add_argument(
        "--drop-hf", action="store_true", help="delete the bf16 Hugging Face folder after"
    )
    parser.add_argument("--stage-hf", nargs=2, metavar=("SHAPE", "OUT"), help=argparse.SUPPRESS)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--stage-builder"]:
        run_builder(argv[1:])
        return 0
    args = parser.parse_args(argv)
    if args.stage_hf:
        make_hf(SHAPES[args.stage_hf[0]], Path(args.stage_hf[1]))
        return 0
    if args.llamacpp_venv:
        cache_root().mkdir(parents=True, exist_ok=True)
        cost = install_llamacpp(cache_root() / "llamacpp-install.log")
        print(json.dumps({"venv": str(llamacpp_venv()), **cost}))
        return 0
    model = build(args.shape, gguf=args.gguf, force=args.force, keep_hf=not args.drop_hf)
    print(
        json.dumps(
            {
                "genai": str(model.genai),
                "gguf": str(model.gguf) if model.gguf.exists() else None,
                **model.stamp,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
