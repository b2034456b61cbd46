"""The design card's entry point: `python cli.py ...` runs the command line, which lives in
`claims.cli`; nothing is defined here."""

from claims.cli.main import app, main

__all__ = ["app", "main"]

if __name__ == "__main__":
    main()
