"""What every app's tests share (NetBox's ``utilities/testing`` is the model).

- ``users``: the one way to make a user, in role groups or with a model's rights.
- ``clients``: API clients per role (the dashboard by its token, as in production).
- ``clock``: office time (``at``) and running the services at a chosen moment (``clock``).
- ``admin``: the POST data a browser sends back from an admin page.
- ``closed_loop``: the legal moves written out by hand, walks of an item to a status,
  snapshots that must not move when a request is refused.
- ``exports``: CSV/XLSX answers read back as rows keyed by their headers.
- ``contracts``: ``ResourceContract`` and ``ClosedLoopContract``: an app declares each of its
  resources in a few lines and inherits the tests every resource must pass.
- ``demo``: the 2024 demo, loaded once per test session.
- ``summaries``: a summary's figures by path, their counts, their links followed (the
  monthly series' too).
"""
