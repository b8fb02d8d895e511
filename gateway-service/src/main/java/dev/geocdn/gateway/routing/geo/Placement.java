package dev.geocdn.gateway.routing.geo;

/**
 * The region chosen for a client, and why: the source that placed it and what matched, so that
 * an operator reading a response header or the access log sees how the decision was made.
 *
 * @param region the region
 * @param source the geo source's name: {@code header}, {@code cidr}, {@code maxmind},
 *               {@code latency}, {@code default}, or {@code home} for a regional gateway
 * @param detail what matched (a header value, a CIDR block, a country, an RTT)
 */
public record Placement(String region, String source, String detail) {

    /** The response header's value: {@code eu-west; by=cidr; match="127.0.3.0/24"}. */
    public String headerValue() {
        String value = region + "; by=" + source;
        return detail == null || detail.isEmpty() ? value : value + "; match=\"" + detail.replace("\"", "'") + "\"";
    }
}
