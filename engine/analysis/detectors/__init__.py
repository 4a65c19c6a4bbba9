"""Every detector, one module each; importing this package registers them all.

Every module in this folder is imported, so a new detector is a module here (its computing half)
plus its parameters and result in `engine/analysis/schema/`.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
