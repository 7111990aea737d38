package io.stagehand.http;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.scheduler.Schedulers;

/**
 * Where HTTP fact sources may send requests. A host must be allowed, by the operator
 * ({@code stagehand.scorecards.http.allowed-hosts}) or by the fact source's own
 * {@code allowedHosts} (which, when given, the host must be in either way); and unless the operator named it, it must resolve only to public
 * addresses: loopback, link-local (the cloud metadata service), private and unique-local ranges are
 * refused after DNS, where the connection is made, so a name that resolves inwards is caught too.
 * Entries are host names or addresses ({@code [::1]} for IPv6), with {@code :port} to allow only that
 * port, or {@code *.example.com} for any host under that domain.
 */
public final class OutboundGuard {

    /** A request the guard refused; its message is a fixed form, safe to store and serve. */
    public static final class RefusedException extends UnknownHostException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final Supplier<Set<String>> operatorHosts;

    public OutboundGuard(Collection<String> operatorHosts) {
        this(() -> operatorHosts);
    }

    /** @param operatorHosts asked at every check: an entry may name a port known only once the server listens (the demo's) */
    public OutboundGuard(Supplier<Collection<String>> operatorHosts) {
        this.operatorHosts = () -> lowerCase(operatorHosts.get());
    }

    private static Set<String> lowerCase(Collection<String> hosts) {
        return hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Why a request to this host and port for a source allowing {@code sourceHosts} is refused before sending, or null. */
    public String refusal(String host, int port, List<String> sourceHosts) {
        String name = host.toLowerCase(Locale.ROOT);
        boolean bySource = listed(lowerCase(sourceHosts), name, port);
        // a source's own list also narrows it: a URL whose host comes from a setting stays among those it names
        if (!sourceHosts.isEmpty() && !bySource) {
            return "host " + host + " is not in the source's spec.request.allowedHosts";
        }
        if (listed(operatorHosts.get(), name, port)) {
            return null;
        }
        if (!bySource) {
            return "host " + host + " is not allowed: list it in stagehand.scorecards.http.allowed-hosts or the source's"
                    + " spec.request.allowedHosts";
        }
        InetAddress literal = literal(name);
        if (literal != null && internal(literal)) {
            return "host " + host + " is an internal address, allowed only by stagehand.scorecards.http.allowed-hosts";
        }
        return null;
    }

    /** Whether an entry names the host (any port), the host and this port ({@code host:port}), or a domain above it ({@code *.domain}). */
    private static boolean listed(Set<String> hosts, String name, int port) {
        if (hosts.contains(name) || hosts.contains(name + ":" + port)) {
            return true;
        }
        for (String host : hosts) {
            if (host.startsWith("*.") && name.endsWith(host.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the operator named the host, with any port: the port was checked before sending. */
    private boolean operatorNamed(String name) {
        Set<String> hosts = operatorHosts.get();
        return listed(hosts, name, -1) || hosts.stream().anyMatch(h -> h.startsWith(name + ":"));
    }

    /** The address a host names literally (an IPv4 or bracketed IPv6 address), or null for a name. */
    private static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Loopback, any-local, link-local, private (RFC 1918), carrier-grade NAT, unique-local (fc00::/7) and multicast addresses. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        return address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
    }

    /** The addresses of a host, refused when any is internal and the operator did not name the host. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> all = Arrays.asList(InetAddress.getAllByName(host));
        if (!operatorNamed(host.toLowerCase(Locale.ROOT)) && all.stream().anyMatch(OutboundGuard::internal)) {
            throw new RefusedException("host " + host + " resolves to an internal address, allowed only by "
                    + "stagehand.scorecards.http.allowed-hosts");
        }
        return all;
    }

    /**
     * The resolver for the fact sources' HTTP client: {@link #resolve} on a worker (a lookup blocks),
     * so every connection, whatever name it was given, is checked where it is made.
     */
    public AddressResolverGroup<InetSocketAddress> resolvers() {
        OutboundGuard guard = this;
        return new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new InetNameResolver(executor) {
                    @Override
                    protected void doResolve(String host, Promise<InetAddress> promise) {
                        Schedulers.boundedElastic().schedule(() -> {
                            try {
                                promise.trySuccess(guard.resolve(host).get(0));
                            } catch (Exception e) {
                                promise.tryFailure(e);
                            }
                        });
                    }

                    @Override
                    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                        Schedulers.boundedElastic().schedule(() -> {
                            try {
                                promise.trySuccess(guard.resolve(host));
                            } catch (Exception e) {
                                promise.tryFailure(e);
                            }
                        });
                    }
                }.asAddressResolver();
            }
        };
    }
}
