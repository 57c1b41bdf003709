"""The peer for libcloud-list: Apache Libcloud's DigitalOcean driver (Debian's python3-libcloud,
the engine Mist used) listing every droplet of the simulator. Prints one JSON line:
{"nodes": N, "list_seconds": S}."""
import json
import sys
import time
from urllib.parse import urlparse

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider


def main():
    url, token = sys.argv[1], sys.argv[2]
    parsed = urlparse(url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("the peer only talks to loopback")
    driver = get_driver(Provider.DIGITAL_OCEAN)(token, api_version="v2")
    # Debian's libcloud 3.4 rejects host/port in the constructor; set them on the connection.
    driver.connection.host = parsed.hostname
    driver.connection.port = parsed.port
    driver.connection.secure = parsed.scheme == "https"
    # The constructor already opened a connection object for api.digitalocean.com: make it anew.
    driver.connection.connect()
    started = time.perf_counter()
    nodes = driver.list_nodes()
    elapsed = time.perf_counter() - started
    print(json.dumps({"nodes": len(nodes), "list_seconds": elapsed}))


if __name__ == "__main__":
    main()
