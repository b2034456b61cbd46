"""The start-up baseline: a one-command Typer app."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world"):
    """Say hello."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
