"""offshoring.service.api_server._build_routes: one request to the app, in the server's
process, before its socket is served (FastAPI builds its routes' state on the first
request that matches one); a failing app does not stop the server's start."""

from __future__ import annotations

from fastapi import FastAPI

from offshoring.service.api_server import _build_routes


def _app(answer) -> tuple[FastAPI, list[str]]:
    asked: list[str] = []
    api = FastAPI()

    @api.get("/admin/version")
    def version() -> str:
        asked.append("version")
        return answer()

    app = FastAPI()
    app.mount("/api", api)
    return app, asked


def test_the_app_answers_one_version_request_before_it_is_served():
    app, asked = _app(lambda: "3.9.1")
    _build_routes(app)
    assert asked == ["version"]


def test_an_app_that_fails_the_request_leaves_the_start_going():
    def broken() -> str:
        raise RuntimeError("no database yet")

    app, asked = _app(broken)
    _build_routes(app)  # no exception
    assert asked == ["version"]
