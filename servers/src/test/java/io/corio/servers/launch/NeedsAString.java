package io.corio.servers.launch;

import io.corio.transports.Protocol;

/** A protocol class the launcher cannot make: its only constructor takes a String. */
public class NeedsAString implements Protocol {
    public NeedsAString(String name) {
    }
}
