"""The fake Hub in `hub_server` against the real `huggingface_hub` client (and plain httpx).

Pointing huggingface_hub (2.x) at a `HubServer` - what works and what does not:

* ``HfApi(endpoint=server.endpoint)``: every API call (model_info, list_repo_tree, ...) goes to
  the server. This is the reliable way for API calls.
* ``hf_hub_download(..., endpoint=server.endpoint)``: works with nothing patched, because
  ``hf_hub_url`` swaps the ``constants.ENDPOINT`` prefix of the URL it built for ``endpoint``.
* ``monkeypatch.setenv("HF_ENDPOINT", ...)`` alone does nothing in-process:
  ``huggingface_hub.constants`` reads it once, at import, into ``ENDPOINT`` *and* into
  ``HUGGINGFACE_CO_URL_TEMPLATE`` (the ``/resolve`` URL template). To redirect calls that pass no
  ``endpoint=``, patch both (see `point_huggingface_hub_at`); ``HfApi()`` objects created after
  that pick the new ``ENDPOINT`` up. The module-level shortcuts (``huggingface_hub.model_info``,
  ...) are bound to an ``HfApi`` made at import, so they also need ``hf_api.api.endpoint``.
* In a child process, ``HF_ENDPOINT`` in the environment works as documented (it is read at the
  child's import), see `test_hf_endpoint_env_var_in_a_subprocess`.

LFS files redirect to the server's second port (``server.cdn_endpoint``): a different origin, so
the client does not follow the redirect on its metadata ``HEAD`` (it reads ``X-Linked-Etag`` /
``X-Linked-Size`` / ``X-Repo-Commit`` off the ``302``, as with the real Hub's CDN) and downloads
from the ``Location`` without the ``Authorization`` header.

The client's own retry back-off calls ``time.sleep``; tests that exercise it swap the ``time``
module of ``huggingface_hub.file_download`` / ``huggingface_hub.utils._http`` for a recorder
(`no_client_sleep`), so nothing here waits on a clock except one deliberate 0.2 s read timeout.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import huggingface_hub
import huggingface_hub.file_download as hf_file_download
import huggingface_hub.utils._http as hf_http
import pytest
from huggingface_hub import (
    HfApi,
    constants,
    get_hf_file_metadata,
    hf_hub_download,
    snapshot_download,
)
from huggingface_hub import hf_api as hf_api_module
from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import RepoFile, RepoFolder

from hub_server import HubServer, RequestRecord, git_blob_oid

ONNX_REPO = "agentic-desk-tests/SmolLM2-135M-Instruct-onnx"
VARIANTS = ("cpu_and_mobile/cpu-int4-rtn-block-32", "cuda/cuda-int4-rtn-block-32")
TINY_REPO = "agentic-desk-tests/tiny-onnx"
GATED_REPO = "agentic-desk-tests/tiny-gated"
TOKEN = "hf_fake_test_token_0123456789"
MiB = 1024 * 1024


# --------------------------------------------------------------------------- fixtures


def _place(src: Path, dst: Path) -> None:
    """Hardlink, else symlink, else copy (the shared model is read-only and root-owned)."""
    try:
        os.link(src, dst)
    except OSError:
        try:
            dst.symlink_to(src)
        except OSError:
            shutil.copy2(src, dst)


@pytest.fixture(scope="session")
def onnx_repo_dir(real_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An official-style ONNX repo: two variant folders with the real model, and a README."""
    root = tmp_path_factory.mktemp("hub") / "onnx-repo"
    for variant in VARIANTS:
        folder = root / variant
        folder.mkdir(parents=True)
        for src in sorted(real_model.iterdir()):
            if src.is_file():
                _place(src, folder / src.name)
    (root / "README.md").write_text(
        "---\nlicense: apache-2.0\nlibrary_name: onnxruntime-genai\n---\n# SmolLM2 ONNX\n"
    )
    return root


@pytest.fixture(scope="session")
def onnx_expected(onnx_repo_dir: Path) -> dict[str, tuple[int, str, str]]:
    """path -> (size, sha256, git blob oid of the content), hashed independently of the server,
    each distinct file once per session (the two variants share their files)."""
    by_file: dict[str, tuple[int, str, str]] = {}
    expected: dict[str, tuple[int, str, str]] = {}
    for path in sorted(p for p in onnx_repo_dir.rglob("*") if p.is_file()):
        real = os.path.realpath(path)
        if real not in by_file:
            data = path.read_bytes()
            by_file[real] = (len(data), hashlib.sha256(data).hexdigest(), git_blob_oid(data))
        expected[path.relative_to(onnx_repo_dir).as_posix()] = by_file[real]
    return expected


@pytest.fixture(scope="session")
def tiny_repo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few KB laid out like a model repo: regular files and small LFS (.onnx/.data) files."""
    rng = random.Random(1234)
    files = {
        "README.md": b"---\nlicense: mit\n---\n# tiny\n",
        "genai_config.json": json.dumps({"model": {"type": "tiny"}}).encode(),
        "cpu/model.onnx": rng.randbytes(3000),
        "cpu/model.onnx.data": rng.randbytes(8192),
        "cpu/tokenizer.json": b'{"version": "1.0"}',
    }
    root = tmp_path_factory.mktemp("hub") / "tiny-repo"
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


@pytest.fixture
def hub(tiny_repo_dir: Path) -> Iterator[HubServer]:
    with HubServer(
        {TINY_REPO: tiny_repo_dir, GATED_REPO: tiny_repo_dir}, gated={GATED_REPO}, token=TOKEN
    ) as server:
        yield server


@pytest.fixture
def onnx_hub(onnx_repo_dir: Path) -> Iterator[HubServer]:
    with HubServer({ONNX_REPO: onnx_repo_dir}) as server:
        yield server


def point_huggingface_hub_at(server: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redirect huggingface_hub calls that get no ``endpoint=`` to ``server`` (in-process)."""
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)  # for child processes
    monkeypatch.setattr(constants, "ENDPOINT", server.endpoint)
    monkeypatch.setattr(
        constants,
        "HUGGINGFACE_CO_URL_TEMPLATE",
        server.endpoint + "/{repo_id}/resolve/{revision}/{filename}",
    )
    monkeypatch.setattr(hf_api_module.api, "endpoint", server.endpoint)


@pytest.fixture(autouse=True)
def _no_ambient_hf_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_client_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record instead of performing huggingface_hub's retry back-off sleeps."""
    sleeps: list[float] = []
    fake_time = SimpleNamespace(sleep=sleeps.append)
    monkeypatch.setattr(hf_file_download, "time", fake_time)
    monkeypatch.setattr(hf_http, "time", fake_time)
    return sleeps


def _stream(
    url: str, client: httpx.Client, sink: bytearray, headers: dict[str, str] | None = None
) -> int:
    """GET ``url`` and append the body to ``sink`` as it arrives; returns the status."""
    with client.stream("GET", url, headers=headers) as response:
        for chunk in response.iter_raw():
            sink.extend(chunk)
        return response.status_code


# --------------------------------------------------------------------------- API


def test_model_info_with_files_metadata(
    onnx_hub: HubServer, onnx_expected: dict[str, tuple[int, str, str]]
) -> None:
    info = HfApi(endpoint=onnx_hub.endpoint).model_info(ONNX_REPO, files_metadata=True, token=False)

    assert info.id == ONNX_REPO
    assert info.sha == onnx_hub.repo(ONNX_REPO).sha
    assert info.private is False
    assert info.gated is False
    assert info.last_modified is not None
    siblings = {s.rfilename: s for s in info.siblings or []}
    assert set(siblings) == set(onnx_expected)
    for path, (size, sha256, git_oid) in onnx_expected.items():
        sibling = siblings[path]
        assert sibling.size == size, path
        if path.endswith((".onnx", ".onnx.data")) or size > MiB:  # LFS on the Hub
            assert sibling.lfs is not None, path
            assert sibling.lfs.sha256 == sha256, path
            assert sibling.lfs.size == size
            pointer = (
                f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n"
            )
            assert sibling.lfs.pointer_size == len(pointer)
            assert sibling.blob_id == git_blob_oid(pointer.encode())
        else:
            assert sibling.lfs is None, path
            assert sibling.blob_id == git_oid, path
    for variant in VARIANTS:
        assert f"{variant}/genai_config.json" in siblings
        assert siblings[f"{variant}/tokenizer.json"].lfs is not None  # 3.5 MB > 1 MiB

    # Without files_metadata the Hub lists names only.
    plain = HfApi(endpoint=onnx_hub.endpoint).model_info(ONNX_REPO, token=False)
    assert all(s.size is None and s.lfs is None for s in plain.siblings or [])


def test_model_info_at_a_commit_and_unknown_revision(hub: HubServer) -> None:
    api = HfApi(endpoint=hub.endpoint)
    sha = hub.repo(TINY_REPO).sha
    assert len(sha) == 40
    assert api.model_info(TINY_REPO, revision=sha, token=False).sha == sha
    assert api.model_info(TINY_REPO, revision="main", token=False).sha == sha
    with pytest.raises(RevisionNotFoundError):
        api.model_info(TINY_REPO, revision="v9.9", token=False)
    assert hub.requests[-1].path == f"/api/models/{TINY_REPO}/revision/v9.9"


def test_list_repo_tree_recursive_expand(
    onnx_hub: HubServer, onnx_expected: dict[str, tuple[int, str, str]]
) -> None:
    api = HfApi(endpoint=onnx_hub.endpoint)
    entries = list(api.list_repo_tree(ONNX_REPO, recursive=True, expand=True, token=False))

    folders = {e.path for e in entries if isinstance(e, RepoFolder)}
    assert folders == {"cpu_and_mobile", "cuda", *VARIANTS}
    files = {e.path: e for e in entries if isinstance(e, RepoFile)}
    assert set(files) == set(onnx_expected)
    sha = onnx_hub.repo(ONNX_REPO).sha
    for path, (size, sha256, _) in onnx_expected.items():
        entry = files[path]
        assert entry.size == size
        assert entry.last_commit is not None
        assert entry.last_commit.oid == sha
        assert entry.security is not None
        assert entry.security.safe
        if entry.lfs is not None:
            assert entry.lfs.sha256 == sha256
            assert entry.lfs.size == size
    assert {p for p, f in files.items() if f.lfs is not None} == {
        f"{v}/{name}"
        for v in VARIANTS
        for name in ("model.onnx", "model.onnx.data", "tokenizer.json")
    }

    # A sub-folder, not recursive: the path is sent %2F-encoded, as the client does.
    variant = list(api.list_repo_tree(ONNX_REPO, path_in_repo=VARIANTS[1], token=False))
    assert sorted(e.path for e in variant) == sorted(
        p for p in onnx_expected if p.startswith(f"{VARIANTS[1]}/")
    )
    top = list(api.list_repo_tree(ONNX_REPO, token=False))
    assert sorted(e.path for e in top) == ["README.md", "cpu_and_mobile", "cuda"]
    with pytest.raises(EntryNotFoundError):
        list(api.list_repo_tree(ONNX_REPO, path_in_repo="nope", token=False))


def test_list_repo_tree_follows_link_pagination(tiny_repo_dir: Path) -> None:
    with HubServer({TINY_REPO: tiny_repo_dir}, tree_page_size=2) as server:
        api = HfApi(endpoint=server.endpoint)
        paths = [e.path for e in api.list_repo_tree(TINY_REPO, recursive=True, token=False)]
        tree_requests = server.faults.requests.matching("/tree/")
    assert paths == sorted(
        [
            "README.md",
            "genai_config.json",
            "cpu",
            *(f"cpu/{n}" for n in ("model.onnx", "model.onnx.data", "tokenizer.json")),
        ]
    )
    assert len(tree_requests) == 3  # 6 entries, 2 per page
    assert "cursor=4" in tree_requests[-1].path


# --------------------------------------------------------------------------- downloads


def test_hf_hub_download_regular_and_lfs_files(
    onnx_hub: HubServer,
    onnx_repo_dir: Path,
    onnx_expected: dict[str, tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    point_huggingface_hub_at(onnx_hub, monkeypatch)  # no endpoint= below
    regular = f"{VARIANTS[0]}/genai_config.json"
    lfs = f"{VARIANTS[1]}/model.onnx"

    for path in (regular, lfs):
        local = Path(hf_hub_download(ONNX_REPO, path, cache_dir=tmp_path, token=False))
        assert local.read_bytes() == (onnx_repo_dir / path).read_bytes()
        # The cache names blobs after the ETag: git sha1 for regular files, sha256 for LFS.
        _, sha256, git_oid = onnx_expected[path]
        assert Path(os.path.realpath(local)).name == (sha256 if path == lfs else git_oid)

    log = onnx_hub.requests
    assert [(r.method, r.status) for r in log if "genai_config" in r.path] == [
        ("HEAD", 200),
        ("GET", 200),
    ]
    lfs_log = [r for r in log if "model.onnx" in r.path or "/cdn/" in r.path]
    assert [(r.method, r.status, r.path.split("?")[0]) for r in lfs_log] == [
        ("HEAD", 302, f"/{ONNX_REPO}/resolve/main/{lfs}"),
        ("GET", 200, f"/cdn/{onnx_expected[lfs][1]}"),
    ]
    # The module-level shortcut follows the patched endpoint too.
    assert huggingface_hub.model_info(ONNX_REPO, token=False).sha == onnx_hub.repo(ONNX_REPO).sha


def test_snapshot_download_of_one_variant(
    onnx_hub: HubServer,
    onnx_repo_dir: Path,
    onnx_expected: dict[str, tuple[int, str, str]],
    tmp_path: Path,
) -> None:
    variant = VARIANTS[1]
    patterns = [f"{variant}/*.json", f"{variant}/*.jinja"]
    folder = Path(
        snapshot_download(
            ONNX_REPO,
            allow_patterns=patterns,
            cache_dir=tmp_path,
            endpoint=onnx_hub.endpoint,
            token=False,
        )
    )
    got = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert got == sorted(
        p for p in onnx_expected if p.startswith(f"{variant}/") and p.endswith((".json", ".jinja"))
    )
    for rel in got:
        assert (folder / rel).read_bytes() == (onnx_repo_dir / rel).read_bytes()
    # It resolves main to the commit once, lists the tree at that commit, then fetches files.
    paths = [r.path for r in onnx_hub.requests]
    sha = onnx_hub.repo(ONNX_REPO).sha
    assert paths[:2] == [
        f"/api/models/{ONNX_REPO}/revision/main",
        f"/api/models/{ONNX_REPO}/tree/{sha}?recursive=true&expand=false",
    ]


def test_hf_hub_download_with_endpoint_argument_only(
    hub: HubServer, tiny_repo_dir: Path, tmp_path: Path
) -> None:
    assert hub.endpoint != constants.ENDPOINT  # nothing patched
    for path in ("genai_config.json", "cpu/model.onnx.data"):
        local = hf_hub_download(
            TINY_REPO, path, cache_dir=tmp_path, endpoint=hub.endpoint, token=False
        )
        assert Path(local).read_bytes() == (tiny_repo_dir / path).read_bytes()
    # By commit sha too; already cached, so no new request.
    before = len(hub.requests)
    sha = hub.repo(TINY_REPO).sha
    local = hf_hub_download(
        TINY_REPO, "genai_config.json", revision=sha, cache_dir=tmp_path, endpoint=hub.endpoint
    )
    assert Path(local).parent.name == sha
    assert len(hub.requests) == before


def test_hf_endpoint_env_var_in_a_subprocess(
    hub: HubServer, tiny_repo_dir: Path, tmp_path: Path
) -> None:
    code = (
        "import sys; from huggingface_hub import hf_hub_download, HfApi\n"
        "print(HfApi().model_info(sys.argv[1]).sha)\n"
        "print(hf_hub_download(sys.argv[1], 'cpu/model.onnx', cache_dir=sys.argv[2]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING"))}
    env |= {"HF_ENDPOINT": hub.endpoint, "HF_HOME": str(tmp_path / "hf-home")}
    out = subprocess.run(
        [sys.executable, "-c", code, TINY_REPO, str(tmp_path / "cache")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert out[0] == hub.repo(TINY_REPO).sha
    assert Path(out[1]).read_bytes() == (tiny_repo_dir / "cpu/model.onnx").read_bytes()


def test_lfs_resolve_headers_and_file_metadata(hub: HubServer, tiny_repo_dir: Path) -> None:
    path = "cpu/model.onnx.data"
    data = (tiny_repo_dir / path).read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    url = hub.resolve_url(TINY_REPO, path)
    with httpx.Client() as client:
        head = client.head(url)
        get = client.get(url)
        followed = client.get(url, follow_redirects=True)
        cdn_head = client.head(head.headers["Location"])
    for response in (head, get):
        assert response.status_code == 302
        assert response.headers["X-Linked-Etag"] == f'"{sha256}"'
        assert response.headers["X-Linked-Size"] == str(len(data))
        assert response.headers["X-Repo-Commit"] == hub.repo(TINY_REPO).sha
        assert response.headers["Location"].startswith(f"{hub.cdn_endpoint}/cdn/{sha256}?")
    assert followed.content == data
    assert followed.headers["ETag"] == f'"{sha256}"'
    assert cdn_head.headers["Content-Length"] == str(len(data))
    assert cdn_head.headers["Accept-Ranges"] == "bytes"
    assert cdn_head.content == b""

    meta = get_hf_file_metadata(url, token=False)
    assert (meta.etag, meta.size, meta.commit_hash) == (sha256, len(data), hub.repo(TINY_REPO).sha)
    assert meta.location == head.headers["Location"]

    regular = get_hf_file_metadata(hub.resolve_url(TINY_REPO, "genai_config.json"), token=False)
    config = (tiny_repo_dir / "genai_config.json").read_bytes()
    assert regular.etag == git_blob_oid(config)
    assert regular.size == len(config)


def test_range_requests(
    hub: HubServer, tiny_repo_dir: Path, onnx_hub: HubServer, onnx_repo_dir: Path
) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx.data").read_bytes()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx.data")
    size = len(data)
    with httpx.Client() as client:
        part = client.get(url, headers={"Range": "bytes=100-199"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
        assert part.content == data[100:200]
        tail = client.get(url, headers={"Range": "bytes=8000-"})
        assert (tail.status_code, tail.content) == (206, data[8000:])
        suffix = client.get(url, headers={"Range": "bytes=-10"})
        assert (suffix.status_code, suffix.content) == (206, data[-10:])
        clipped = client.get(url, headers={"Range": f"bytes=8100-{size + 50}"})
        assert clipped.content == data[8100:]
        beyond = client.get(url, headers={"Range": f"bytes={size}-"})
        assert beyond.status_code == 416
        assert beyond.headers["Content-Range"] == f"bytes */{size}"
        head = client.head(url, headers={"Range": "bytes=10-19"})
        assert (head.status_code, head.headers["Content-Length"]) == (206, "10")
        # Regular files are range-able on /resolve as well.
        config = (tiny_repo_dir / "genai_config.json").read_bytes()
        resolve_part = client.get(
            hub.resolve_url(TINY_REPO, "genai_config.json"), headers={"Range": "bytes=2-5"}
        )
        assert (resolve_part.status_code, resolve_part.content) == (206, config[2:6])
        # The 86 MB file: a slice near its end, without downloading the rest.
        big = onnx_repo_dir / VARIANTS[0] / "model.onnx.data"
        big_size = big.stat().st_size
        with big.open("rb") as fh:
            fh.seek(big_size - 4096)
            expected_tail = fh.read()
        big_url = onnx_hub.cdn_url(ONNX_REPO, f"{VARIANTS[0]}/model.onnx.data")
        big_tail = client.get(big_url, headers={"Range": f"bytes={big_size - 4096}-"})
        assert (big_tail.status_code, big_tail.content) == (206, expected_tail)

    ranges = [(r.range, r.status, r.bytes_sent) for r in hub.requests]
    assert ranges[:5] == [
        ("bytes=100-199", 206, 100),
        ("bytes=8000-", 206, size - 8000),
        ("bytes=-10", 206, 10),
        (f"bytes=8100-{size + 50}", 206, size - 8100),
        (f"bytes={size}-", 416, len(b"Requested Range Not Satisfiable")),
    ]
    assert ranges[5] == ("bytes=10-19", 206, 0)  # HEAD: no body


# --------------------------------------------------------------------------- faults


def test_drop_after_cuts_the_body_after_exactly_nbytes_then_resume(
    hub: HubServer, tiny_repo_dir: Path
) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx.data").read_bytes()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx.data")
    fault = hub.faults.drop_after("model.onnx.data", 1500)
    got = bytearray()
    with httpx.Client() as client:
        with pytest.raises(httpx.RemoteProtocolError):
            _stream(url, client, got)
        assert bytes(got) == data[:1500]
        assert fault.fired == 1
        assert fault.remaining == 0
        # Resume where the body broke off; the fault fired once, so this one completes.
        status = _stream(url, client, got, headers={"Range": f"bytes={len(got)}-"})
    assert status == 206
    assert bytes(got) == data
    assert hub.requests == [
        RequestRecord("GET", url.removeprefix(hub.cdn_endpoint), None, 200, 1500),
        RequestRecord("GET", url.removeprefix(hub.cdn_endpoint), "bytes=1500-", 206, 6692),
    ]
    fetched = sum(r.bytes_sent for r in hub.faults.requests.matching("/cdn/"))
    assert fetched - len(data) == 0  # nothing fetched twice


def test_reset_after_aborts_with_a_connection_reset(hub: HubServer, tiny_repo_dir: Path) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx.data").read_bytes()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx.data")
    hub.faults.reset_after("model.onnx.data", 4096)
    got = bytearray()
    with httpx.Client() as client:
        with pytest.raises(httpx.ReadError):
            _stream(url, client, got)
        assert bytes(got) == data[:4096]
        assert client.get(url).content == data
    assert [(r.status, r.bytes_sent) for r in hub.requests] == [(200, 4096), (200, len(data))]


def test_error_burst_then_success(hub: HubServer) -> None:
    url = hub.resolve_url(TINY_REPO, "genai_config.json")
    fault = hub.faults.error_burst("genai_config.json", 503, times=3, retry_after=7)
    with httpx.Client() as client:
        responses = [client.get(url) for _ in range(4)]
    assert [r.status_code for r in responses] == [503, 503, 503, 200]
    assert responses[0].headers["Retry-After"] == "7"
    assert responses[0].json() == {"error": "Injected error"}
    assert fault.fired == 3
    assert [r.status for r in hub.requests] == [503, 503, 503, 200]


def test_hf_hub_download_rides_out_an_error_burst(
    hub: HubServer, tiny_repo_dir: Path, tmp_path: Path, no_client_sleep: list[float]
) -> None:
    hub.faults.error_burst("genai_config.json", 503, times=2)
    local = hf_hub_download(
        TINY_REPO, "genai_config.json", cache_dir=tmp_path, endpoint=hub.endpoint, token=False
    )
    assert Path(local).read_bytes() == (tiny_repo_dir / "genai_config.json").read_bytes()
    assert [(r.method, r.status) for r in hub.requests] == [
        ("HEAD", 503),  # first metadata call: no retry, then the "Retrying.." path
        ("HEAD", 503),
        ("HEAD", 200),
        ("GET", 200),
    ]
    assert no_client_sleep == [1]  # one back-off, skipped


def test_hf_hub_download_resumes_with_a_range_after_a_drop(
    onnx_hub: HubServer, onnx_repo_dir: Path, tmp_path: Path, no_client_sleep: list[float]
) -> None:
    path = f"{VARIANTS[0]}/model.onnx.data"
    size = (onnx_repo_dir / path).stat().st_size
    onnx_hub.faults.drop_after("model.onnx.data", 25 * MiB)
    local = hf_hub_download(
        ONNX_REPO, path, cache_dir=tmp_path, endpoint=onnx_hub.endpoint, token=False
    )
    assert filecmp.cmp(local, onnx_repo_dir / path, shallow=False)
    cdn = [(r.range, r.status, r.bytes_sent) for r in onnx_hub.faults.requests.matching("/cdn/")]
    # huggingface_hub writes in 10 MiB chunks: the partial third chunk is lost and re-fetched.
    assert cdn == [(None, 200, 25 * MiB), (f"bytes={20 * MiB}-", 206, size - 20 * MiB)]
    assert sum(sent for _, _, sent in cdn) - size == 5 * MiB  # fetched twice
    assert no_client_sleep == [1]


def test_corrupt_serves_same_length_wrong_bytes(hub: HubServer, tiny_repo_dir: Path) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx").read_bytes()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx")
    hub.faults.corrupt("cpu/model.onnx")
    with httpx.Client() as client:
        bad = client.get(url)
        good = client.get(url)
    assert bad.status_code == 200
    assert len(bad.content) == len(data)
    assert all(a != b for a, b in zip(bad.content, data, strict=True))
    assert hashlib.sha256(bad.content).hexdigest() != bad.headers["ETag"].strip('"')
    assert good.content == data


def test_stall_holds_the_body_until_release_stalls(hub: HubServer, tiny_repo_dir: Path) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx.data").read_bytes()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx.data")
    fault = hub.faults.stall_after("model.onnx.data", 1000)
    got = bytearray()
    prefix_seen = threading.Event()
    done = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            with httpx.Client(timeout=30) as client, client.stream("GET", url) as response:
                for chunk in response.iter_raw():
                    got.extend(chunk)
                    if len(got) >= 1000:
                        prefix_seen.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    assert fault.wait_reached(10)
    assert prefix_seen.wait(10)
    assert len(got) == 1000  # the server holds the rest back
    assert not done.is_set()
    assert hub.requests == []  # the stalled response is still in flight (and not waited for)
    hub.faults.release_stalls()
    thread.join(10)
    assert done.is_set()
    assert not errors
    assert bytes(got) == data
    assert hub.requests[0].bytes_sent == len(data)


def test_stall_trips_a_client_read_timeout(hub: HubServer, tiny_repo_dir: Path) -> None:
    data = (tiny_repo_dir / "cpu/model.onnx.data").read_bytes()
    hub.faults.stall_after("model.onnx.data", 2048)
    got = bytearray()
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx.data")
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=0.2)) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        _stream(url, client, got)
    assert bytes(got) == data[:2048]
    hub.faults.release_stalls()  # the handler then finds the client gone


def test_wait_before_body_is_a_seam_and_stop_cuts_parked_responses(
    hub: HubServer, tiny_repo_dir: Path
) -> None:
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx")
    fault = hub.faults.wait_before_body("cpu/model.onnx")
    headers_seen = threading.Event()
    outcome: list[object] = []
    got = bytearray()

    def reader() -> None:
        try:
            with httpx.Client(timeout=30) as client, client.stream("GET", url) as response:
                outcome.append(response.status_code)
                headers_seen.set()
                for chunk in response.iter_raw():
                    got.extend(chunk)
        except httpx.TransportError as exc:
            outcome.append(exc)
        finally:
            headers_seen.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    assert fault.wait_reached(10)
    assert headers_seen.wait(10)
    assert outcome == [200]
    assert got == b""
    hub.stop()  # releases the parked handler, which resets the connection
    thread.join(10)
    assert not thread.is_alive()
    assert isinstance(outcome[-1], httpx.TransportError)
    assert got == b""
    assert hub.requests == [RequestRecord("GET", url.removeprefix(hub.cdn_endpoint), None, 200, 0)]


def test_wait_before_body_release_lets_the_body_through(
    hub: HubServer, tiny_repo_dir: Path
) -> None:
    data = (tiny_repo_dir / "genai_config.json").read_bytes()
    fault = hub.faults.wait_before_body("genai_config.json")
    fault.release()  # released before anyone gets there: no pause at all
    with httpx.Client() as client:
        assert client.get(hub.resolve_url(TINY_REPO, "genai_config.json")).content == data
    assert fault.fired == 1
    assert fault.reached.is_set()


# --------------------------------------------------------------------------- errors


def test_gated_repo_needs_the_token(hub: HubServer, tiny_repo_dir: Path, tmp_path: Path) -> None:
    api = HfApi(endpoint=hub.endpoint)
    with pytest.raises(GatedRepoError) as no_token:
        api.model_info(GATED_REPO, token=False)
    assert no_token.value.response.status_code == 401
    with pytest.raises(GatedRepoError) as wrong_token:
        api.model_info(GATED_REPO, token="hf_not_the_right_one")
    assert wrong_token.value.response.status_code == 403
    with pytest.raises(GatedRepoError):
        list(api.list_repo_tree(GATED_REPO, token=False))
    with pytest.raises(GatedRepoError):
        hf_hub_download(
            GATED_REPO, "genai_config.json", cache_dir=tmp_path, endpoint=hub.endpoint, token=False
        )

    info = api.model_info(GATED_REPO, token=TOKEN, files_metadata=True)
    assert info.gated == "auto"
    assert len(list(api.list_repo_tree(GATED_REPO, recursive=True, token=TOKEN))) == 6
    for path in ("genai_config.json", "cpu/model.onnx.data"):
        local = hf_hub_download(
            GATED_REPO, path, cache_dir=tmp_path, endpoint=hub.endpoint, token=TOKEN
        )
        assert Path(local).read_bytes() == (tiny_repo_dir / path).read_bytes()


def test_unknown_repo_and_missing_file(hub: HubServer, tmp_path: Path) -> None:
    api = HfApi(endpoint=hub.endpoint)
    with pytest.raises(RepositoryNotFoundError) as info_error:
        api.model_info("nobody/nothing", token=False)
    assert not isinstance(info_error.value, GatedRepoError)
    assert info_error.value.response.status_code == 404
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download(
            "nobody/nothing", "x.json", cache_dir=tmp_path, endpoint=hub.endpoint, token=False
        )
    with pytest.raises(EntryNotFoundError):
        hf_hub_download(
            TINY_REPO, "missing.json", cache_dir=tmp_path, endpoint=hub.endpoint, token=False
        )
    with httpx.Client() as client:
        response = client.get(hub.resolve_url(TINY_REPO, "missing.json"))
    assert response.headers["X-Error-Code"] == "EntryNotFound"
    assert response.headers["X-Repo-Commit"] == hub.repo(TINY_REPO).sha


def test_request_log_records_methods_ranges_and_bytes(hub: HubServer) -> None:
    url = hub.cdn_url(TINY_REPO, "cpu/model.onnx")
    with httpx.Client() as client:
        client.head(url)
        client.get(url, headers={"Range": "bytes=0-99"})
        client.get(url, headers={"Range": "bytes=100-"})
    assert [(r.method, r.range, r.status, r.bytes_sent) for r in hub.requests] == [
        ("HEAD", None, 200, 0),
        ("GET", "bytes=0-99", 206, 100),
        ("GET", "bytes=100-", 206, 2900),
    ]
    assert len(hub.faults.requests.matching("cpu/model.onnx", method="GET")) == 2
    hub.faults.requests.clear()
    assert hub.requests == []
