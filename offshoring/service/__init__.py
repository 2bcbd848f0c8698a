"""The always-on service and the Prefect API a run talks to.

- ``local_server.LocalServer``  a Prefect API server started for one process's lifetime
  (a child that exits with its parent, even after ``kill -9``); ``api_server`` is the
  child's entry point;
- ``runs.run_flow``             one pipeline run as a Prefect flow run (CLI and service);
- ``handoff``                   ``offshoring ingest`` / ``run`` handing files to the service
  over the Unix socket ``<warehouse>/.service.sock``;
- ``watcher``                   the landing folder watched with watchfiles, settled files;
- ``service.Service``           ``offshoring serve``: deployments, watcher, hand-off, runs.

docs/operations.md ("The service") describes it for users.
"""
