"""A Datasette plugin that `claims serve` loads (it copies this file into Datasette's
plugins folder): the base is served read-only, so a request that would write (POST, PUT,
PATCH, DELETE) is refused with 405 Method Not Allowed and one line, before it reaches
Datasette's views, which answer a POST to a table or a view with an error 500.
"""

from datasette import hookimpl

READS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSAL = b"405 Method Not Allowed: this claims base is served read-only; change it with the claims command\n"


@hookimpl
def asgi_wrapper(datasette):
    return refuse_writes


def refuse_writes(app):
    """The ASGI app `app`, answering every request that would write with 405."""

    async def read_only(scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in READS:
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS"),
                       (b"content-length", str(len(REFUSAL)).encode())]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": REFUSAL})
            return
        await app(scope, receive, send)

    return read_only
