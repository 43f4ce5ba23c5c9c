package io.taurusreplicationwatch.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts reached directly although a proxy is set, as {@code NO_PROXY} lists them the way curl reads it: a comma
 * list of host names (matching the name and every name under it), {@code .suffix} names, {@code *} for all, IP
 * addresses and IPv4 CIDR blocks; a {@code :port} after an entry is ignored. The cloud's metadata address is never
 * proxied, whatever the list says: it answers only to the instance itself.
 */
public final class NoProxy {

    /** The instance metadata service of Huawei Cloud (and most clouds). */
    public static final String METADATA_ADDRESS = "169.254.169.254";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final NoProxy NONE = new NoProxy(false, List.of(), List.of());

    private final boolean everything;
    private final List<String> suffixes;
    private final List<byte[][]> blocks;

    private NoProxy(boolean everything, List<String> suffixes, List<byte[][]> blocks) {
        this.everything = everything;
        this.suffixes = suffixes;
        this.blocks = blocks;
    }

    /** No host but the metadata address bypasses the proxy. */
    public static NoProxy none() {
        return NONE;
    }

    /** The list as {@code NO_PROXY} writes it; empty or null means none. */
    public static NoProxy parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        boolean everything = false;
        List<String> suffixes = new ArrayList<>();
        List<byte[][]> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = withoutPort(raw.trim().toLowerCase(Locale.ROOT));
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                everything = true;
            } else if (entry.contains("/")) {
                byte[][] block = block(entry);
                if (block != null) {
                    blocks.add(block);
                }
            } else {
                suffixes.add(entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".")
                        ? entry.substring(1) : entry);
            }
        }
        return new NoProxy(everything, List.copyOf(suffixes), List.copyOf(blocks));
    }

    /** Whether a request to {@code host} goes direct. */
    public boolean bypasses(String host) {
        String name = unbracketed(host.toLowerCase(Locale.ROOT));
        if (name.equals(METADATA_ADDRESS) || everything) {
            return true;
        }
        for (String suffix : suffixes) {
            if (name.equals(suffix) || name.endsWith("." + suffix)) {
                return true;
            }
        }
        if (!blocks.isEmpty() && IPV4.matcher(name).matches()) {
            byte[] address = literal(name);
            return address != null && blocks.stream().anyMatch(block -> within(address, block));
        }
        return false;
    }

    private static String withoutPort(String entry) {
        int colon = entry.lastIndexOf(':');
        // Only host:port and [v6]:port; a bare IPv6 address has colons of its own.
        if (colon > 0 && entry.indexOf(':') == colon || entry.startsWith("[") && entry.contains("]:")) {
            return unbracketed(entry.substring(0, colon));
        }
        return unbracketed(entry);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    // {network, mask} of an IPv4 CIDR block; an entry that is not one is ignored, as curl does.
    private static byte[][] block(String cidr) {
        String[] parts = cidr.split("/", 2);
        byte[] network = IPV4.matcher(parts[0]).matches() ? literal(parts[0]) : null;
        if (network == null || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
            return null;
        }
        int bits = Integer.parseInt(parts[1]);
        byte[] mask = new byte[4];
        for (int i = 0; i < 4; i++) {
            int remaining = Math.max(0, Math.min(8, bits - 8 * i));
            mask[i] = (byte) (0xff << (8 - remaining));
        }
        return new byte[][] {network, mask};
    }

    private static boolean within(byte[] address, byte[][] block) {
        for (int i = 0; i < 4; i++) {
            if ((address[i] & block[1][i]) != (block[0][i] & block[1][i])) {
                return false;
            }
        }
        return true;
    }

    private static byte[] literal(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return null;
            }
        }
        try {
            // A dotted literal is parsed, never looked up.
            return InetAddress.getByName(ipv4).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
