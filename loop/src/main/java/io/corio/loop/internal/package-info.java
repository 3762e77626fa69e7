/**
 * Implementation of the loop module. Not API: anything here may change without notice. The reflective access to
 * the JDK's virtual-thread scheduler hook is confined to {@link io.corio.loop.internal.VirtualThreads}.
 */
package io.corio.loop.internal;
