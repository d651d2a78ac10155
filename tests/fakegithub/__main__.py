"""Serve the fake GitHub outside pytest: ``python -m tests.fakegithub [--port N] [--seed-repos N]``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from tests.fakegithub.fake import FakeGitHub
from tests.fakegithub.seed import seed_repos


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakegithub", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--seed-repos", type=int, default=0, metavar="N", help="repos to create")
    parser.add_argument("--owner", default="learner", help="owner of the seeded repositories")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    args = parser.parse_args(argv)
    fake = FakeGitHub(port=args.port)
    names = seed_repos(fake, args.seed_repos, owner=args.owner)
    fake.latency = args.latency
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        print(f"GITHUB_API_URL={fake.api_url}")
        print(f"GITHUB_GRAPHQL_URL={fake.graphql_url}")
        print(f"GITHUB_SERVER_URL={fake.server_url}")
        print(f"GITHUB_TOKEN={fake.token}")
        print(f"# {len(names)} seeded repositories, e.g. {', '.join(names[:3]) or '-'}")
        print("# serving; stop with Ctrl-C or SIGTERM", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
