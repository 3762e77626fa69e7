/**
 * Ready servers (echo, HTTP-lite, JSON-RPC), YAML listeners and the {@code corio} command line
 * ({@link io.corio.servers.cli.Main}).
 */
package io.corio.servers;
