"""`python -m bench NAME [args]` runs bench/NAME.py's main(argv); `python -m bench` lists them."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main():
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )
    if len(sys.argv) < 2 or sys.argv[1] not in names:
        print("usage: python -m bench NAME [args]; benchmarks:", ", ".join(names))
        return 2
    module = importlib.import_module(f"bench.{sys.argv[1]}")
    return module.main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
