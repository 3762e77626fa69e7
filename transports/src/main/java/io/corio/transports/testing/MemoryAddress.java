package io.corio.transports.testing;

import java.net.SocketAddress;

/** The address of one end of a {@link MemoryTransport} pair: {@code memory:server} or {@code memory:client}. */
public final class MemoryAddress extends SocketAddress {
    private final String name;

    MemoryAddress(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryAddress other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "memory:" + name;
    }
}
