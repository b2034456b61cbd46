"""The whole command line: the application with every command group registered."""

from claims.cli import comparing, data, extracting, records, series, serve, sources, topics  # noqa: F401  (they register)
from claims.cli.app import app


def main():
    app()


if __name__ == "__main__":
    main()
