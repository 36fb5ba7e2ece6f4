"""`python -m etftool.backup DEST`: see etftool.db.backup."""

import sys

from etftool.db.backup import main

if __name__ == "__main__":
    sys.exit(main())
