package dev.geocdn.gateway.proxy;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import java.util.List;

/**
 * Writes the {@code Forwarded} chain that {@link RegionRoutingFilter} computed into the
 * forwarded request. Spring Cloud Gateway's own header filters drop every incoming
 * {@code Forwarded} and {@code X-Forwarded-*} header when no trusted proxies are configured
 * for it, which is what we want for untrusted clients; this filter runs after them and sets
 * GeoCDN's own chain, built with GeoCDN's CIDR-based trust list.
 */
public final class ForwardedHeaderFilter implements HttpHeadersFilter, Ordered {

    /** Exchange attribute holding the {@code Forwarded} values to send. */
    public static final String FORWARDED_ATTR = ForwardedHeaderFilter.class.getName() + ".values";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        List<String> values = exchange.getAttribute(FORWARDED_ATTR);
        if (values == null) {
            return input;
        }
        HttpHeaders output = new HttpHeaders();
        output.putAll(input);
        output.put("Forwarded", List.copyOf(values));
        return output;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
