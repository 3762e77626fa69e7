/** The client's implementation: response parser, request encoder, connections and the pool. Not an API. */
package io.corio.servers.http.client.internal;
