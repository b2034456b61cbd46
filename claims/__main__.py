"""`python -m claims`: the same command line as `claims`."""

from claims.cli.main import main

main()
