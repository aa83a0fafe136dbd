"""The pre-commit hook (.pre-commit-hooks.yaml): well-formed, aimed at case files, and working in a real repository."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CASE = ROOT / "cases" / "RUN-572-2020.yaml"
HAS_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
NO_PRE_COMMIT = "the pre-commit package is not installed (pip install pre-commit)"


def hook() -> dict[str, object]:
    [only] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return only


def test_hook_runs_tjs_validate_strict_on_case_files() -> None:
    tjs = hook()
    assert (tjs["id"], tjs["entry"], tjs["language"]) == ("tjs-validate", "tjs validate --strict", "python")


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("RUN-572-2020.yaml", True),
        ("ärenden/2024/KS-2024-13.yml", True),
        ("tjs.yaml", False),
        ("nämnd/tjs.yaml", False),
        (".pre-commit-config.yaml", False),
        ("README.md", False),
        ("mallar/tjs.yaml.bak", False),
    ],
)
def test_hook_checks_case_files_only(path: str, checked: bool) -> None:
    # pre-commit applies both patterns with re.search to the path relative to the repository root.
    tjs = hook()
    selected = re.search(str(tjs["files"]), path) is not None and re.search(str(tjs["exclude"]), path) is None
    assert selected is checked


@pytest.mark.skipif(not HAS_PRE_COMMIT, reason=NO_PRE_COMMIT)
def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    [loaded] = load_manifest(HOOKS)
    assert loaded["id"] == "tjs-validate" and loaded["pass_filenames"] is True


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.mark.skipif(not HAS_PRE_COMMIT or shutil.which("git") is None, reason=NO_PRE_COMMIT + ", or git is missing")
@pytest.mark.xfail(strict=False, reason="--strict lands with the validate integration")
def test_hook_in_a_case_repository_fails_on_a_personnummer_and_names_its_place(tmp_path: Path) -> None:
    """One try-repo run (it installs tjs into a fresh environment, ~30 s): a clean case, a case with a
    personnummer, the project config and pre-commit's own config; only the personnummer fails, with file:line:col."""
    repo = tmp_path / "ärenden"
    repo.mkdir()
    clean = CASE.read_text(encoding="utf-8")
    anchor = "Östersunds kommun och Region"
    assert anchor in clean
    dirty = clean.replace(anchor, "Östersunds kommun (19121212-1212) och Region", 1)
    (repo / "RUN-572-2020.yaml").write_text(clean, encoding="utf-8")
    (repo / "RUN-573-2020.yaml").write_text(dirty, encoding="utf-8")
    (repo / "tjs.yaml").write_text("organisation: Region Jämtland Härjedalen\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    before = dirty[: dirty.index("19121212-1212")]
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "cases")

    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tjs-validate", "--all-files"],
        check=False,
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"RUN-573-2020.yaml:{line}:{column}" in output, output
    assert "1212-1212" not in output  # the number itself is never echoed
    assert "RUN-572-2020.yaml:" not in output and "tjs.yaml:" not in output and "pre-commit-config" not in output
