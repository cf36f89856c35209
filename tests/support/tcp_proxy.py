"""A loopback TCP proxy a test can cut: put between an app and PostgreSQL, ``cut()`` takes the
database away (live connections closed, new ones reset at once), ``blackhole()`` makes it go
silent (a network dropping packets: nothing is closed, nothing answered) and ``restore()``
gives it back, without touching the server or the app."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_CHUNK = 65536
_RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST, not FIN


def _close(sock: socket.socket, *, reset: bool = False) -> None:
    try:
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
        else:
            sock.shutdown(socket.SHUT_RDWR)  # wakes the pump blocked in recv()
    except OSError:
        pass
    sock.close()


class TcpProxy:
    """Forwards each connection it accepts on 127.0.0.1:``port`` to ``target`` (a thread
    per direction of each connection). While cut, every live connection is closed and every
    new one is reset as soon as it is accepted."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._cut = False
        self._silent = False
        self._thread = threading.Thread(target=self._accept, name="tcp-proxy", daemon=True)
        self._thread.start()

    def cut(self) -> None:
        """Close every live connection; reset new ones until ``restore()``."""
        with self._lock:
            self._cut = True
            live, self._live = self._live, set()
        for sock in live:
            _close(sock)

    def blackhole(self) -> None:
        """Go silent until ``restore()``: what live connections send is read and dropped, and
        new connections are accepted and read but never forwarded nor answered."""
        with self._lock:
            self._silent = True

    def restore(self) -> None:
        """Forward new connections again."""
        with self._lock:
            self._cut = self._silent = False

    def close(self) -> None:
        self.cut()
        _close(self._listener)
        self._thread.join()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # the listener was closed
            with self._lock:
                cut, silent = self._cut, self._silent
                if silent:
                    self._live.add(client)
            if cut:
                _close(client, reset=True)
            elif silent:
                threading.Thread(target=self._pump, args=(client, None), daemon=True).start()
            else:
                threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self._target)
        except OSError:
            _close(client, reset=True)
            return
        with self._lock:
            if self._cut:  # cut while connecting
                _close(client, reset=True)
                _close(upstream)
                return
            self._live.update((client, upstream))
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    def _pump(self, source: socket.socket, sink: socket.socket | None) -> None:
        """Copy ``source`` to ``sink`` until either ends; while silent (or without a sink)
        what is read is dropped."""
        try:
            while data := source.recv(_CHUNK):
                if sink is not None and not self._silent:
                    sink.sendall(data)
        except OSError:
            pass
        ends = (source,) if sink is None else (source, sink)
        with self._lock:
            self._live.difference_update(ends)
        for sock in ends:
            _close(sock)


@contextmanager
def tcp_proxy(target: tuple[str, int]) -> Iterator[TcpProxy]:
    """A running ``TcpProxy`` to ``target``, closed afterwards."""
    proxy = TcpProxy(target)
    try:
        yield proxy
    finally:
        proxy.close()
