/**
 * The HTTP server's implementation: the pure request parser, the per-connection protocol, response encoding and
 * the service. Not a public API.
 */
package io.corio.servers.http.internal;
