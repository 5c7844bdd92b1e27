#!/usr/bin/env python
from hromada.cli import main

if __name__ == "__main__":
    main()
