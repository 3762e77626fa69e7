/**
 * JSON-RPC 2.0: {@link io.corio.servers.rpc.RpcService} (methods from {@link io.corio.servers.rpc.RpcMethod}
 * objects or lambdas, and a transport-free dispatcher), {@link io.corio.servers.rpc.RpcServer} (a
 * {@code Service} over length-prefixed or newline-delimited frames on TCP, Unix or TLS) and
 * {@link io.corio.servers.rpc.RpcClient}. Guide: docs/rpc.md.
 */
package io.corio.servers.rpc;
