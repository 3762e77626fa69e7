"""TLS echo server on Python's asyncio/ssl: prints its port, echoes lines upper-cased, stops after one client."""
import asyncio, ssl, sys

async def main(certfile, keyfile):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    done = asyncio.Event()

    async def handle(reader, writer):
        line = await reader.readline()
        writer.write(line.upper())
        await writer.drain()
        writer.close()
        done.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.wait_for(done.wait(), 30)
    server.close()

asyncio.run(main(*sys.argv[1:3]))
