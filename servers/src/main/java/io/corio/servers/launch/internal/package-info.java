/** The launcher's parts: workers, user-class loading, connection limits, TLS contexts from configuration. */
package io.corio.servers.launch.internal;
