"""Which of Workprint's modules a host's Python needs: the import closure of the plugin's entry points.

The installer copies exactly these into the plugin's private folder, so the
list cannot drift from the code: a module the plugin starts importing is
copied, one it stops importing is not. The closure is read from the source
(ast), never by importing it: the engine environment may hold what the
host's Python does not, and importing would hide that.

Every import statement counts, those inside functions included (the dialog
and the gRPC client are imported only when used), but only over Workprint's
own modules; third-party imports are the host's light client's business.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "workprint"
#: Where the plugin starts inside a host when no script says otherwise: the menu scripts import this module.
ENTRY_MODULES = ("workprint.plugin.resolve.main",)
#: Files beside the modules that the host's side needs too (the contract, and its typing stubs).
COMPANION_SUFFIXES = (".proto", ".pyi")


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    #: A package's __init__.py rather than a plain module.
    package: bool


def package_roots() -> dict[str, Path]:
    """Folder of each top-level subpackage of the installed workprint (plugin, engine, adapters, install)."""
    import workprint.adapters
    import workprint.engine
    import workprint.install
    import workprint.plugin

    return {
        package.__name__: Path(package.__path__[0])
        for package in (workprint.plugin, workprint.engine, workprint.adapters, workprint.install)
    }


def locate(name: str, roots: dict[str, Path]) -> Module | None:
    """The source of a workprint module, or None when name is not a module (an attribute, a missing file)."""
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != NAMESPACE:
        return None
    top = ".".join(parts[:2])
    if top not in roots:
        return None
    base = roots[top].joinpath(*parts[2:])
    if (base / "__init__.py").is_file():
        return Module(name, base / "__init__.py", True)
    if base.with_suffix(".py").is_file() and parts[2:]:
        return Module(name, base.with_suffix(".py"), False)
    return None


def imported_names(module: Module) -> set[str]:
    """Every module name an import statement of module names, at any depth, relative imports resolved."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    here = module.name if module.package else module.name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            found.add(source)
            # "from package import name": name may be a submodule.
            found.update(f"{source}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def script_entries(scripts: list[Path]) -> tuple[str, ...]:
    """The workprint modules the menu scripts themselves import: where the closure starts."""
    found: set[str] = set()
    for script in scripts:
        found |= imported_names(Module("__main__", script, False))
    return tuple(sorted(name for name in found if name.startswith(NAMESPACE + ".")))


def closure(entries: tuple[str, ...] = ENTRY_MODULES, roots: dict[str, Path] | None = None) -> dict[str, Module]:
    """The entry modules and every workprint module they import, transitively, with their packages."""
    roots = roots or package_roots()
    found: dict[str, Module] = {}
    waiting = list(entries)
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        module = locate(name, roots)
        if module is None:  # an attribute imported from a module, or not Workprint's
            continue
        found[name] = module
        # Importing a module runs its packages' __init__ first.
        parents = [".".join(name.split(".")[:n]) for n in range(2, name.count(".") + 1)]
        waiting += parents + sorted(imported_names(module))
    if not any(name in found for name in entries):
        raise FileNotFoundError(f"none of the entry modules is there: {', '.join(entries)}")
    return found


def files_to_copy(modules: dict[str, Module]) -> list[tuple[Path, Path]]:
    """(source, path relative to the host's library folder) for every file the closure needs."""
    copies: dict[Path, Path] = {}
    for module in modules.values():
        relative = Path(*module.name.split("."))
        relative = relative / "__init__.py" if module.package else relative.with_suffix(".py")
        copies[module.path] = relative
        folder, stem = module.path.parent, module.path.stem
        for suffix in COMPANION_SUFFIXES:
            # A module's typing stub, and a package's contract files (the .proto the stubs come from).
            for companion in sorted(folder.glob(f"*{suffix}")):
                if companion.stem == stem or (module.package and suffix == ".proto"):
                    copies[companion] = relative.parent / companion.name
    return sorted(copies.items(), key=lambda item: str(item[1]))
