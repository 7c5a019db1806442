"""Run the data home's Superset for a person until Ctrl-C (``make bi-serve``)."""

from __future__ import annotations

import argparse
import contextlib
import time

from bi.server import ADMIN, admin_password, bi_home, running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8088)
    port = parser.parse_args().port
    with running(port) as url, contextlib.suppress(KeyboardInterrupt):
        print(f"Superset: {url}/superset/dashboard/chainseg-segmentation/")
        print(f"user {ADMIN}, password in {bi_home() / 'admin_password'} ({admin_password()})")
        print(f"log: {bi_home() / 'server.log'}; Ctrl-C stops it")
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
