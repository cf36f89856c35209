"""The sockets ``serve`` binds before anything starts: connections accepted on them send
without Nagle's delay (TCP_NODELAY), as sockets uvicorn binds itself do."""

from __future__ import annotations

import asyncio
import socket

from bot.cli.serve_command import _bound
from tests.support.polling import wait_until_async


async def test_accepted_connections_have_tcp_nodelay() -> None:
    sock = _bound("127.0.0.1", 0, host_setting="HOST", port_setting="PORT")
    nodelay: list[int] = []

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("socket")
        nodelay.append(peer.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=sock)
    async with server:
        _reader, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        await wait_until_async(lambda: nodelay, "the accepted connection", 10)
        writer.close()
    assert nodelay == [1]
