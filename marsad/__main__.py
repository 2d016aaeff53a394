"""``python -m marsad`` is the same CLI as ``marsad``."""
from .cli import main

if __name__ == "__main__":
    main()
