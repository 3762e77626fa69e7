package io.corio.servers.launch;

/** A class named as a protocol by mistake (launcher tests). */
public class NotAProtocol {
}
