"""The hub link: the nbgitpuller address that clones (or updates) the course and opens the learner workspace."""

from __future__ import annotations

import urllib.parse


def hub_link(hub: str, repo: str, *, branch: str = "main", path: str = "workspace") -> str:
    """The nbgitpuller link that pulls ``repo`` on ``hub`` and opens ``path`` in JupyterLab.

    Parameters
    ----------
    hub : str
        The hub's address; anything but an ``http(s)`` URL is refused with ``ValueError``.
    repo : str
        The course repository's git URL (``http(s)`` too); its last path part, without ``.git``, is
        the folder the hub clones it into.
    branch : str, default "main"
        The branch to pull.
    path : str, default "workspace"
        The folder, inside the repository, that JupyterLab opens.

    Returns
    -------
    str
        The link to hand to learners.

    Examples
    --------
    >>> hub_link("https://hub.example.org", "https://github.com/org/aipm-kit")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Faipm-kit&branch=main&urlpath=lab%2Ftree%2Faipm-kit%2Fworkspace'
    """
    for flag, value in (("--hub", hub), ("--repo", repo)):
        parts = urllib.parse.urlsplit(value or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{flag} must be an http(s) URL, got {value!r}")
    folder = urllib.parse.urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{path}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
