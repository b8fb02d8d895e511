package dev.geocdn.gateway.proxy;

import dev.geocdn.edge.http.InterimResponses;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * The forwarding client reads past interim responses (RFC 9110 section 15.2): a node passes an
 * origin's {@code 103 Early Hints} on, and Spring Cloud Gateway's Netty client, like the node's
 * own, would otherwise take that 103 for the answer and leave the final response unread. The
 * gateway drops them; its clients get the final response.
 */
@Configuration(proxyBeanMethods = false)
public class InterimResponsesConfiguration {

    @Bean
    HttpClientCustomizer interimResponses() {
        return client -> client.doOnChannelInit((observer, channel, address) ->
                InterimResponses.install(channel.pipeline(), NettyPipeline.HttpCodec));
    }
}
