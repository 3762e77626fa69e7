package io.corio.servers.launch;

import io.corio.transports.Protocol;
import io.corio.transports.Transport;

import java.util.Map;

/** A user protocol class for the launcher tests: greets with its {@code greeting} option, then echoes. */
public class GreetingProtocol implements Protocol {
    private final String greeting;
    private Transport transport;

    public GreetingProtocol(Map<String, Object> options) {
        this.greeting = String.valueOf(options.getOrDefault("greeting", "hello"));
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        transport.write(greeting + "\n");
    }

    @Override
    public void dataReceived(io.netty.buffer.ByteBuf data) {
        transport.write(data.retain());
    }
}
