"""HTTP by hand over a loopback socket, for requests no client library would send as written: a NUL in a
cookie, a file part, a body that never ends, a request sent a byte at a time."""

import contextlib
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

CSRF_TOKEN = "a" * 32  # a well-formed CSRF secret: sent as the cookie and as the form's token


@dataclass
class Answer:
    status: int
    head: str
    body: str
    seconds: float


def address(url):
    parts = urlsplit(url)
    return parts.hostname, parts.port


def request_bytes(method, path, *, host="localhost", headers=(), body=b""):
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + host.encode(), b"Connection: close"]
    lines += [header if isinstance(header, bytes) else header.encode() for header in headers]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def exchange(url, data, *, timeout=10.0, send_only=None):
    """Send ``data`` (or only its first ``send_only`` bytes, keeping the connection open) and read the whole
    answer. A server that answers before the body is all sent may close the socket under us: that is fine."""
    started = time.monotonic()
    with socket.create_connection(address(url), timeout=timeout) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data if send_only is None else data[:send_only])
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while not complete(received) and (chunk := sock.recv(65536)):
                received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return Answer(status, head.decode("latin-1"), body.decode("utf-8", "replace"), time.monotonic() - started)


def complete(received):
    """Whether ``received`` holds a whole answer with a Content-Length: a server may keep the connection open
    after answering (Django's test server reads what is left of the request first)."""
    head, found, body = received.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length: *(\d+)", head)
    return bool(found and length and len(body) >= int(length.group(1)))


def form_post(
    url, path, body, *, content_type="application/x-www-form-urlencoded", headers=(), body_sent=None, **options
):
    """A POST that passes CSRF: the token as a cookie and (for the caller to put) in the form. With
    ``body_sent``, only that many bytes of the body go out and the connection stays open."""
    data = request_bytes(
        "POST",
        path,
        headers=[f"Content-Type: {content_type}", f"Cookie: csrftoken={CSRF_TOKEN}", *headers],
        body=body,
    )
    send_only = None if body_sent is None else len(data) - len(body) + body_sent
    return exchange(url, data, send_only=send_only, **options)


def multipart(fields, files=(), boundary="hostile-boundary"):
    """A multipart/form-data body and its content type: ``fields`` as (name, text), ``files`` as (name, bytes)."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="upload.bin"\r\n'.encode()
        + b"Content-Type: application/octet-stream\r\n\r\n"
        + content
        + b"\r\n"
        for name, content in files
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
