package io.corio.servers.launch;

import java.util.function.Supplier;

/** A Supplier named as a protocol factory by mistake: it supplies strings (launcher tests). */
public class StringSupplier implements Supplier<String> {
    @Override
    public String get() {
        return "not a protocol";
    }
}
