import sys

from bialign.cli import main

sys.exit(main())
