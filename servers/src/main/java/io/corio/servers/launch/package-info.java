/**
 * Starting and stopping what a {@link io.corio.servers.config.CorioConfig} describes: {@link
 * io.corio.servers.launch.Launcher} binds every listener (a {@code LoopGroup} of {@code workers} loops, one socket
 * per loop with {@code SO_REUSEPORT}), and drains them on shutdown. {@link io.corio.servers.launch.ServiceRegistry}
 * maps a listener's {@code protocol} to the {@link io.corio.servers.Service} that serves it: the built-in ones by
 * name, user classes by loading them from a {@link io.corio.servers.launch.UserClasspath}.
 */
package io.corio.servers.launch;
