package io.corio.servers.launch;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.ProtocolOptions.Echo;
import io.corio.servers.config.ProtocolOptions.Rpc;
import io.corio.servers.echo.EchoDatagram;
import io.corio.servers.echo.EchoService;
import io.corio.servers.rpc.RpcServer;
import io.corio.servers.rpc.RpcServerOptions;
import io.corio.servers.rpc.RpcService;
import io.corio.servers.config.TransportKind;
import io.corio.servers.launch.internal.HttpListeners;
import io.corio.servers.launch.internal.UserProtocolService;
import io.corio.servers.launch.internal.UserProtocols;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.Protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which {@link io.corio.servers.Service} serves a listener's {@code protocol}: a factory registered under that name
 * (stream transports and UDP separately), else a user class loaded by its fully qualified name from the
 * {@link UserClasspath} (see {@code docs/cli.md}, "Your own protocol classes"). Immutable: each method returns a
 * new registry. Any thread.
 *
 * <pre>{@code
 * ServiceRegistry registry = ServiceRegistry.builtIns()
 *         .stream("greeter", (loop, listener) -> new GreeterService(loop))
 *         .classpath(UserClasspath.of(List.of("build/classes"), System.getenv("CORIO_CLASSPATH"),
 *                 List.of(Path.of("lib"))));
 * }</pre>
 */
public final class ServiceRegistry {
    /** The names Corio's own servers use; a listener naming one that is not registered gets a clear error. */
    public static final Set<String> BUILT_IN = Set.of("echo", "http", "rpc");

    private final Map<String, ServiceFactory.Preparer> streams;
    private final Map<String, DatagramServiceFactory> datagrams;
    private final UserClasspath classpath;

    private ServiceRegistry(Map<String, ServiceFactory.Preparer> streams, Map<String, DatagramServiceFactory> datagrams,
                            UserClasspath classpath) {
        this.streams = Map.copyOf(streams);
        this.datagrams = Map.copyOf(datagrams);
        this.classpath = classpath;
    }

    /** No protocol registered; user classes are looked up on Corio's own classpath only. */
    public static ServiceRegistry empty() {
        return new ServiceRegistry(Map.of(), Map.of(), UserClasspath.NONE);
    }

    /** Corio's servers: what {@code corio serve}, {@code echo}, {@code http} and {@code rpc} run. */
    public static ServiceRegistry builtIns() {
        // one line per server and transport family; http and rpc are added the same way as they land
        return empty()
                .stream("echo", (loop, listener) -> EchoService.create(loop, options(listener, Echo.DEFAULTS),
                        listener.timeouts().idle()))
                .datagram("echo", (loop, listener) -> EchoDatagram.create(loop).newProtocol())
                .streamPrepared("http", HttpListeners::prepare)
                .streamPrepared("rpc", (listener, context) -> {
                    Rpc rpc = options(listener, Rpc.DEFAULTS);
                    RpcService service = RpcService.forName(rpc.service(), context.loader());
                    RpcServerOptions serverOptions = RpcServerOptions.from(listener.limits(), listener.timeouts(), rpc);
                    return (loop, config) -> RpcServer.service(loop, service, serverOptions);
                });
    }

    /** The listener's options as the protocol's record, or {@code defaults} when it has none of that type. */
    public static <O extends ProtocolOptions> O options(ListenerConfig listener, O defaults) {
        @SuppressWarnings("unchecked")
        Class<O> type = (Class<O>) defaults.getClass();
        return type.isInstance(listener.options()) ? type.cast(listener.options()) : defaults;
    }

    /** Serves {@code protocol} on TCP, Unix and TLS listeners with services from {@code factory}. */
    public ServiceRegistry stream(String protocol, ServiceFactory factory) {
        return streamPrepared(protocol, (listener, context) -> factory);
    }

    /** Serves {@code protocol} on TCP, Unix and TLS listeners with a factory prepared per listener at startup. */
    public ServiceRegistry streamPrepared(String protocol, ServiceFactory.Preparer preparer) {
        var copy = new LinkedHashMap<>(streams);
        copy.put(checkName(protocol), preparer);
        return new ServiceRegistry(copy, datagrams, classpath);
    }

    /** Serves {@code protocol} on UDP listeners with protocols from {@code factory}. */
    public ServiceRegistry datagram(String protocol, DatagramServiceFactory factory) {
        var copy = new LinkedHashMap<>(datagrams);
        copy.put(checkName(protocol), factory);
        return new ServiceRegistry(streams, copy, classpath);
    }

    /** Looks user classes up on {@code classpath} (then on Corio's own classpath). */
    public ServiceRegistry classpath(UserClasspath classpath) {
        return new ServiceRegistry(streams, datagrams, classpath);
    }

    public UserClasspath classpath() {
        return classpath;
    }

    /** The registered protocol names, sorted. */
    public Set<String> protocols() {
        var names = new TreeSet<>(streams.keySet());
        names.addAll(datagrams.keySet());
        return names;
    }

    /**
     * The factory for a TCP, Unix or TLS listener. A user class is loaded and checked here.
     *
     * @throws LaunchException naming the listener: unknown protocol, a protocol that runs on UDP only, a user class
     *                         that is missing or unusable
     */
    public ServiceFactory streamFactory(ListenerConfig listener, LaunchContext context) throws LaunchException {
        ClassLoader loader = context.loader();
        ServiceFactory.Preparer preparer = streams.get(listener.protocol());
        if (preparer != null) {
            try {
                return preparer.prepare(listener, context);
            } catch (Exception e) {
                throw new LaunchException(listener.name(), "listener '" + listener.name() + "': "
                        + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
            }
        }
        if (datagrams.containsKey(listener.protocol())) {
            throw fail(listener, "protocol '" + listener.protocol() + "' runs on udp only, not on "
                    + listener.transport().yamlName());
        }
        checkUserClassName(listener);
        Supplier<Supplier<Protocol>> maker = UserProtocols.factory(Protocol.class, listener, loader, classpath);
        return (loop, config) -> new UserProtocolService(loop, maker.get());
    }

    /** The factory for a UDP listener; as {@link #streamFactory}. */
    public DatagramServiceFactory datagramFactory(ListenerConfig listener, ClassLoader loader)
            throws LaunchException {
        DatagramServiceFactory factory = datagrams.get(listener.protocol());
        if (factory != null) {
            return factory;
        }
        if (streams.containsKey(listener.protocol())) {
            throw fail(listener, "protocol '" + listener.protocol() + "' does not run on udp; use tcp, unix or tls");
        }
        checkUserClassName(listener);
        Supplier<Supplier<DatagramProtocol>> maker =
                UserProtocols.factory(DatagramProtocol.class, listener, loader, classpath);
        return (loop, config) -> maker.get().get();
    }

    /** The loader for user classes: {@link #classpath()} over Corio's own. */
    public ClassLoader classLoader() {
        return classpath.classLoader(ServiceRegistry.class.getClassLoader());
    }

    private void checkUserClassName(ListenerConfig listener) throws LaunchException {
        String name = listener.protocol();
        if (BUILT_IN.contains(name)) {
            throw fail(listener, "protocol '" + name + "' is not available in this build"
                    + (protocols().isEmpty() ? "" : " (available: " + String.join(", ", protocols()) + ")"));
        }
        if (name.indexOf('.') < 0) {
            throw fail(listener, "unknown protocol '" + name + "': use " + String.join(", ", new TreeSet<>(BUILT_IN))
                    + " or the fully qualified name of a Protocol class");
        }
    }

    private static String checkName(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            throw new IllegalArgumentException("protocol name must not be blank");
        }
        return protocol;
    }

    private static LaunchException fail(ListenerConfig listener, String message) {
        return new LaunchException(listener.name(), "listener '" + listener.name() + "': " + message, null);
    }

    @Override
    public String toString() {
        return "ServiceRegistry[" + protocols() + (classpath.entries().isEmpty() ? "" : ", classpath=" + classpath)
                + "]";
    }
}
