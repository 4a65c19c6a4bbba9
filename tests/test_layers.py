"""The arrows between Workprint's layers run one way: a module never imports a layer above its own.

Every import statement counts, at the top of a module or inside a function
(a lazy import is still an arrow). The engine's layers, from the leaf up:

    errors, settings, domain   the leaf every layer imports (no torch, no grpc, no host)
    timeline, analysis         reading OTIO and media; analysing media
    cluster                    analysing media on a Ray cluster, into the same cache
    trims                      the trim decision and its application to OTIO
    selects                    grouping, ranking and laying out takes (uses the trim decision)
    report                     the review report, from what the decisions found
    core                       the engine's per-process state (the analyser)
    jobs                       what each call does: media, analysis, decisions, report
    server                     gRPC; translates only
    demo, cli                  the composition root: builds the server, reads and writes files

Below all of them, the contract's constants (plugin/protocol/contract.py), which every part may read.
Outside the engine: the protocol imports nothing of Workprint; adapters (host and file edges) import only
the engine's leaf and OTIO reading; the plugin and the installer import adapters, the protocol and the leaf.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"plugin": "plugin", "engine": "engine", "adapters": "adapters", "install": "install"}

ENGINE_LAYERS: list[tuple[str, ...]] = [
    ("errors", "settings", "domain", "__init__"),
    ("timeline", "analysis"),
    ("cluster",),
    ("trims",),
    ("selects",),
    ("report",),
    ("core",),
    ("jobs",),
    ("server",),
    ("demo", "cli"),
]
RANK = {name: rank for rank, names in enumerate(ENGINE_LAYERS) for name in names}
LEAF = ("workprint.engine.errors", "workprint.engine.settings", "workprint.engine.domain")

#: The contract's constants: standard library only, readable from everywhere.
CONTRACT = "workprint.plugin.protocol.contract"

#: What each part outside the engine's layers may import of Workprint (prefixes), besides itself.
OUTSIDE: dict[str, tuple[str, ...]] = {
    "workprint.plugin.protocol": (),
    "workprint.adapters": (*LEAF, "workprint.engine.timeline"),
    "workprint.plugin": (*LEAF, "workprint.adapters", "workprint.plugin.protocol"),
    "workprint.install": (*LEAF, "workprint.plugin", "workprint.adapters"),
}
#: The engine's own reach outside it: the server speaks the protocol; the composition root uses everything.
ENGINE_OUTSIDE: dict[str, tuple[str, ...]] = {
    "server": ("workprint.plugin.protocol",),
    "cli": ("workprint.plugin", "workprint.adapters", "workprint.install"),
    "demo": ("workprint.plugin", "workprint.adapters"),
}


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return "workprint." + ".".join(parts)


def imported(module: str, source: str) -> list[tuple[int, str]]:
    """Every Workprint module the source imports, with its line (relative imports resolved)."""
    found = []
    package = module if module.endswith("__init__") else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("workprint.")]


def _engine_part(name: str) -> str | None:
    parts = name.split(".")
    if parts[:2] != ["workprint", "engine"]:
        return None
    return parts[2] if len(parts) > 2 else "__init__"


def violations(module: str, source: str) -> list[str]:
    """The imports of module that run against the layers, as 'module:line -> target' lines."""
    bad = []
    own_part = _engine_part(module)
    for line, target in imported(module, source):
        target_part = _engine_part(target)
        if target == CONTRACT or target.startswith(CONTRACT + "."):
            ok = True
        elif own_part is not None:
            if target_part is None:
                allowed = ENGINE_OUTSIDE.get(own_part, ())
                ok = any(target == p or target.startswith(p + ".") for p in allowed)
            elif target_part not in RANK:
                ok = False  # a folder with no layer yet
            else:
                ok = RANK[target_part] <= RANK.get(own_part, -1)
        else:
            group = max((g for g in OUTSIDE if module == g or module.startswith(g + ".")), key=len)
            ok = (
                target == "workprint.engine"
                or target.startswith(group)
                or any(target == p or target.startswith(p + ".") for p in OUTSIDE[group])
            )
        if not ok:
            bad.append(f"{module}:{line} -> {target}")
    return bad


def dir_names() -> set[str]:
    return {p.stem for p in (ROOT / "engine").iterdir() if not p.name.startswith((".", "_"))}


def all_modules() -> list[Path]:
    return sorted(
        p
        for folder in FOLDERS.values()
        for p in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in p.parts and "scripts" not in p.parts
    )


def test_every_engine_folder_and_module_has_a_layer():
    assert dir_names() - {"__init__"} <= set(RANK), f"give these a layer: {sorted(dir_names() - set(RANK))}"


def test_no_import_runs_back_up():
    bad = [line for path in all_modules() for line in violations(module_name(path), path.read_text())]
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        # The trims decision reaching up into the job plumbing (it once did).
        ("workprint.engine.trims.timeline", "from workprint.engine.jobs.events import JobContext\n"),
        # The report reaching the engine's process state, lazily inside a function.
        ("workprint.engine.report.trims", "def f():\n    from workprint.engine.core import Engine\n"),
        # The servicer reading file formats (the composition root hands them over).
        ("workprint.engine.server.servicer", "from workprint.adapters.formats import known_extensions\n"),
        # The leaf importing a decision.
        ("workprint.engine.domain.kinds", "import workprint.engine.trims.plan\n"),
        # An adapter reaching into the engine's jobs, and the plugin into the engine's analysis.
        ("workprint.adapters.formats", "from workprint.engine.jobs import suggest_trims\n"),
        ("workprint.plugin.resolve.tasks", "from workprint.engine.analysis import result\n"),
    ],
)
def test_an_arrow_back_up_is_caught(module, source):
    assert violations(module, source)


def test_arrows_down_are_allowed():
    assert not violations("workprint.engine.jobs.suggest_trims", "from workprint.engine.trims.timeline import x\n")
    assert not violations("workprint.engine.trims.plan", "from ..domain import spans\n")
    assert not violations("workprint.adapters.formats", "from workprint.engine.domain import meta\n")


def test_no_two_engine_folders_import_each_other():
    """Folders that share a layer may lean on one another, but only one way."""
    arrows = set()
    for path in all_modules():
        module = module_name(path)
        own = _engine_part(module)
        if own is None:
            continue
        for _, target in imported(module, path.read_text()):
            other = _engine_part(target)
            if other not in (None, own, "__init__"):
                arrows.add((own, other))
    both_ways = sorted((a, b) for a, b in arrows if (b, a) in arrows and a < b)
    assert not both_ways, f"folders importing each other: {both_ways}"
