package io.corio.servers.launch;

import io.corio.transports.Protocol;

import java.util.Map;
import java.util.function.Supplier;

/** A user factory class for the launcher tests: a Supplier of protocols, made with a no-argument constructor. */
public class GreetingFactory implements Supplier<Protocol> {
    @Override
    public Protocol get() {
        return new GreetingProtocol(Map.of("greeting", "from a factory"));
    }
}
