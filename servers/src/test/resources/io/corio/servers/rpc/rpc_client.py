"""A JSON-RPC 2.0 client written with the Python standard library only (socket, json, struct), as a peer that
nobody on the Corio side wrote. Usage: rpc_client.py PORT. Sends a few messages over 4-byte big-endian length
framing and prints each response on its own line as compact JSON, sorted keys."""
import json
import socket
import struct
import sys


def send(sock, payload: bytes):
    sock.sendall(struct.pack(">I", len(payload)) + payload)


def receive(sock):
    header = read_exactly(sock, 4)
    (length,) = struct.unpack(">I", header)
    return json.loads(read_exactly(sock, length).decode("utf-8"))


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("server closed after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def main():
    port = int(sys.argv[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        messages = [
            {"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1},
            {"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": "two"},
            [{"jsonrpc": "2.0", "method": "sum", "params": [1, 2, 4], "id": 3},
             {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
             {"jsonrpc": "2.0", "method": "echo", "params": ["h\u00e9llo \u2603"], "id": 4}],
            {"jsonrpc": "2.0", "method": "update", "params": [1, 2, 3]},
        ]
        for message in messages:
            send(sock, json.dumps(message).encode("utf-8"))
        send(sock, b'{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')
        for _ in range(4):  # the notification gets no answer
            print(json.dumps(receive(sock), sort_keys=True, separators=(",", ":"), ensure_ascii=False))


if __name__ == "__main__":
    main()
