"""The pipeline's stages (issue #13): read → validate → compute → render → cli, each importing only the stages
below it. Checked on the source's import statements (module level and inside functions), so a lazy import
upwards fails too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "kh113"
# Lower number = lower stage. Modules outside the four stage packages are the ground floor (messages,
# problems, models, i18n) or the command line on top (cli, options, __main__).
RANK = {"read": 1, "validate": 2, "compute": 3, "render": 4}
GROUND = {"messages", "problems", "models", "i18n"}
TOP = {"cli", "options", "__main__"}


def stage_of(module: str) -> int:
    """The stage of ``kh113.x.y``: 0 for the ground floor, 5 for the command line."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "kh113":
        raise ValueError(module)
    head = parts[1]
    if head in RANK:
        return RANK[head]
    if head in GROUND or head == "__init__":
        return 0
    if head in TOP:
        return 5
    raise AssertionError(f"kh113.{head}: not placed in a stage; add it to tests/test_stages.py")


def imports_of(module: str, text: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute kh113 module) of every import of kh113 in the source ``text`` of ``module``."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            if target.startswith("kh113"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kh113")]
    return found


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(["kh113", *(parts[:-1] if parts[-1] == "__init__" else parts)])


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_stage_imports_a_stage_above_it(path: Path) -> None:
    module = module_of(path)
    own = stage_of(module if module.count(".") else module + ".__init__")
    text = path.read_text(encoding="utf-8")
    upward = [
        f"{path.relative_to(PACKAGE)}:{line}: imports {target}"
        for line, target in imports_of(module, text, path.name == "__init__.py")
        if target != "kh113" and stage_of(target) > own
    ]
    assert upward == []


def test_the_check_sees_an_upward_import() -> None:
    # The rule is not vacuous: a compute module importing render inside a function, relatively, is caught.
    found = imports_of("kh113.compute.probe", "def f():\n    from ..render import views\n")
    assert found == [(2, "kh113.render")]
    assert stage_of("kh113.render") > stage_of("kh113.compute.probe")
    assert imports_of("kh113.render", "from . import charts\n", is_package=True) == [(1, "kh113.render")]
