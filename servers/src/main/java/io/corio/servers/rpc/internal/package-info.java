/** Implementation of the JSON-RPC server and client; not public API. */
package io.corio.servers.rpc.internal;
