"""The browser library the dashboard serves from its static files, pinned (vendor/VENDOR.md).

The page sends ``integrity`` with the script, so a browser refuses a file that is not the
one pinned here; a test checks the committed file against the same hash.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class VendoredScript:
    package: str
    version: str
    tarball_integrity: str  # npm's, as in package-lock.json
    static_path: str
    sha384: str  # base64, of the committed file

    @property
    def integrity(self):
        return f"sha384-{self.sha384}"


ECHARTS = VendoredScript(
    package="echarts",
    version="5.6.0",
    tarball_integrity=(
        "sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYG"
        "H8Fa3kA=="
    ),
    static_path="dashboard/vendor/echarts/echarts.common.min.js",
    sha384="3BB1i9RyL6QcTzTUKkG9tAu4MkqwQcZG1wUsaGFVqEOS64SE18ARmIFlWzVBKJS4",
)
