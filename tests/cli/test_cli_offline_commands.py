"""``import``, ``demo`` and ``render`` on a local folder: what they ask, print and write."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.cli.demo import copy_tree

MOJIBAKE = "# ðŸš€ Plan\n\n## Basics\n\n- [ ] Python\n- [x] Git\n"  # 🚀 read as cp1252


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _at_a_terminal(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    """Make stdin and stdout a terminal whose user types ``answer``; return the prompts."""
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return answer

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("sys.stdout", _Terminal())
    monkeypatch.setattr("builtins.input", typed)
    return prompts


@pytest.mark.parametrize("answer", ["", "y", "Yes "])
def test_import_at_a_terminal_asks_and_repairs_mis_decoded_text_unless_told_no(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answer: str
) -> None:
    source = tmp_path / "README.md"
    source.write_text(MOJIBAKE, encoding="utf-8")
    prompts = _at_a_terminal(monkeypatch, answer)
    assert main(["import", str(source), "-o", str(tmp_path / "roadmap.yaml")]) == 0
    assert prompts == [f"{source} looks mis-decoded (e.g. 'ðŸš€' for 🚀). Repair it? [Y/n] "]
    assert "repaired mis-decoded text (1 damaged emoji restored" in capsys.readouterr().err
    written = (tmp_path / "roadmap.yaml").read_text(encoding="utf-8")
    assert "🚀" in written and "ðŸš€" not in written


@pytest.mark.parametrize("answer", ["n", " NO"])
def test_import_at_a_terminal_keeps_the_text_when_the_user_declines_the_repair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answer: str
) -> None:
    source = tmp_path / "README.md"
    source.write_text(MOJIBAKE, encoding="utf-8")
    prompts = _at_a_terminal(monkeypatch, answer)
    assert main(["import", str(source), "-o", str(tmp_path / "roadmap.yaml")]) == 0
    assert len(prompts) == 1 and "repaired" not in capsys.readouterr().err
    assert "ðŸš€" in (tmp_path / "roadmap.yaml").read_text(encoding="utf-8")


def test_import_repair_names_the_fragments_it_could_not_repair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_text(MOJIBAKE + "- [ ] Version Ãx\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "roadmap.yaml"), "--repair"]) == 0
    err = capsys.readouterr().err
    assert f"{source}: repaired mis-decoded text (1 damaged emoji" in err
    assert err.rstrip().endswith("; could not repair: Ãx")


def test_import_no_repair_keeps_the_text_without_asking_or_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_text(MOJIBAKE, encoding="utf-8")
    prompts = _at_a_terminal(monkeypatch, "y")
    out = tmp_path / "roadmap.yaml"
    assert main(["import", str(source), "-o", str(out), "--no-repair"]) == 0
    assert prompts == [] and capsys.readouterr().err == ""
    assert "ðŸš€" in out.read_text(encoding="utf-8")


def test_demo_run_again_uses_the_copy_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    assert main(["demo", str(target)]) == 0
    assert f"demo copied to {target}/" in capsys.readouterr().out
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["demo", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"using the demo in {target}/; running `roadmap-bot sync --offline`")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_demo_copy_leaves_out_python_caches(tmp_path: Path) -> None:
    source = tmp_path / "packaged"
    (source / "projects" / "__pycache__").mkdir(parents=True)
    (source / "projects" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (source / "__pycache__").mkdir()
    (source / "roadmap.yaml").write_text("version: 1\n", encoding="utf-8")
    (source / "projects" / "app.py").write_text("print(1)\n", encoding="utf-8")
    target = tmp_path / "copy"
    assert copy_tree(source, target) == 2
    copied = sorted(str(p.relative_to(target)) for p in target.rglob("*"))
    assert copied == ["projects", "projects/app.py", "roadmap.yaml"]


def test_render_stdout_prints_the_block_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.helpers import MINIMAL

    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    assert main(["render", "--stdout", "-c", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Demo\n") and "- [ ] First topic <!-- phase0.one -->" in out
    assert "roadmap:start" not in out  # the block alone, not the README around it
    assert sorted(tmp_path.iterdir()) == before
