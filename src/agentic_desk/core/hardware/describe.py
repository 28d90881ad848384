"""The hardware report as text for people (``agentic-desk hw``)."""

from __future__ import annotations

import os

from agentic_desk.core.hardware.model import GIB, MIB, GpuInfo, HardwareReport

PROVIDER_LABELS = {"cuda": "CUDA", "dml": "DirectML", "cpu": "CPU"}


def _gb(value: int | None) -> str:
    """Binary units, as Windows and macOS show memory ("16.0 GB" for 16 GiB)."""
    if value is None:
        return "?"
    if value < GIB:
        return f"{value / MIB:.0f} MB"
    return f"{value / GIB:.1f} GB"


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def _describe_gpu(gpu: GpuInfo) -> str:
    parts = [f"{gpu.name} ({gpu.vendor}{', software' if gpu.software else ''})"]
    if gpu.unified_memory:
        parts.append("unified memory")
    elif gpu.vram_total_bytes is not None:
        free = f", {_gb(gpu.vram_free_bytes)} free" if gpu.vram_free_bytes is not None else ""
        parts.append(f"{_gb(gpu.vram_total_bytes)} VRAM{free}")
    else:
        parts.append("VRAM not reported")
    if gpu.shared_memory_bytes:
        parts.append(f"{_gb(gpu.shared_memory_bytes)} shared")
    if gpu.cores:
        parts.append(f"{gpu.cores} cores")
    if gpu.driver_version or gpu.driver:
        driver = " ".join(p for p in (gpu.driver, gpu.driver_version) if p)
        parts.append(f"driver {driver}")
    return ", ".join(parts) + f" [{gpu.source}]"


def format_report(report: HardwareReport) -> str:
    """The report as readable text (``agentic-desk hw``)."""
    o, c, m, d, p = report.os, report.cpu, report.memory, report.disk, report.providers
    os_line = f"{o.system} {o.release}".strip()
    if o.description:
        os_line = f"{o.description} ({os_line})"
    cores = []
    if c.physical_cores is not None:
        cores.append(f"{c.physical_cores} cores")
    if c.logical_cores is not None:
        cores.append(f"{c.logical_cores} threads")
    features = ", ".join(
        f"{label} {_yes_no(value)}"
        for label, value in (
            ("AVX", c.avx),
            ("AVX2", c.avx2),
            ("AVX-512", c.avx512),
            ("FMA", c.fma),
            ("NEON", c.neon),
        )
    )
    disk = f"{_gb(d.free_bytes)} free of {_gb(d.total_bytes)} for models in {d.path}"
    if d.probed_path and os.path.abspath(d.path) != d.probed_path:
        disk += f" (measured at {d.probed_path}, the folder does not exist yet)"
    lines = [
        f"OS:        {os_line}, {o.machine}, Python {o.python}",
        f"CPU:       {c.name or 'unknown'}" + (f", {', '.join(cores)}" if cores else ""),
        f"           {features}",
        f"RAM:       {_gb(m.total_bytes)} total, {_gb(m.available_bytes)} available",
        f"Disk:      {disk}",
    ]
    if report.gpus:
        lines.append("GPUs:")
        for index, gpu in enumerate(report.gpus, 1):
            lines.append(f"  {index}. {_describe_gpu(gpu)}")
            lines.extend(f"     {note}" for note in gpu.notes)
    else:
        lines.append("GPUs:      none found")
    build = (
        f"onnxruntime-genai {p.genai_version}, built with "
        + ", ".join(PROVIDER_LABELS[k] for k, v in p.compiled.items() if v)
        if p.genai_version is not None or any(p.compiled.values())
        else "onnxruntime-genai not available"
    )
    lines.append(f"Engine:    {build}")
    usable = ", ".join(PROVIDER_LABELS.get(u, u) for u in p.usable)
    lines.append(
        f"Providers: usable here: {usable}; the engine's pick (auto): "
        f"{PROVIDER_LABELS.get(p.engine_pick, p.engine_pick)}"
    )
    lines.extend(f"  {reason}" for reason in p.reasons.values())
    if report.probe_notes:
        lines.append("Notes:")
        lines.extend(f"  - {note}" for note in report.probe_notes)
    return "\n".join(lines)
