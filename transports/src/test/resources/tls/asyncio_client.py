"""TLS client on Python's asyncio/ssl: connects, checks ALPN, sends a line, prints what comes back."""
import asyncio, ssl, sys

async def main(host, port, cafile):
    context = ssl.create_default_context(cafile=cafile)
    context.set_alpn_protocols(["h2", "http/1.1"])
    reader, writer = await asyncio.open_connection(host, int(port), ssl=context, server_hostname="localhost")
    print("alpn=" + str(writer.get_extra_info("ssl_object").selected_alpn_protocol()), flush=True)
    writer.write(b"hello from python\n")
    await writer.drain()
    print("echo=" + (await reader.readline()).decode().strip(), flush=True)
    writer.close()
    await writer.wait_closed()

asyncio.run(main(*sys.argv[1:4]))
