package dev.geocdn.edge.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 section 15.2: interim responses are read and set aside; the final one is the answer. */
class InterimResponsesTest {

    private final List<Integer> heard = new ArrayList<>();
    private final List<String> links = new ArrayList<>();

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("codec", new HttpClientCodec());
        assertThat(InterimResponses.install(channel.pipeline(), "codec")).isTrue();
        InterimResponses.listen(channel, response -> {
            heard.add(response.status().code());
            String link = response.headers().get("Link");
            if (link != null) {
                links.add(link);
            }
        });
        return channel;
    }

    private static void request(EmbeddedChannel channel, HttpMethod method) {
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/a", Unpooled.EMPTY_BUFFER));
        channel.outboundMessages().clear();
    }

    private static void receive(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private static List<HttpObject> read(EmbeddedChannel channel) {
        List<HttpObject> objects = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            objects.add((HttpObject) o);
        }
        return objects;
    }

    @Test
    void earlyHintsProcessingAndContinue_beforeTheFinalResponse_reachOnlyTheListener() {
        EmbeddedChannel channel = channel();
        request(channel, HttpMethod.GET);

        receive(channel, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        List<HttpObject> objects = read(channel);
        assertThat(objects.getFirst()).isInstanceOf(HttpResponse.class);
        assertThat(((HttpResponse) objects.getFirst()).status().code()).isEqualTo(200);
        assertThat(objects.getLast()).isInstanceOf(LastHttpContent.class);
        assertThat(objects.stream().filter(HttpContent.class::isInstance)
                .mapToInt(o -> ((HttpContent) o).content().readableBytes()).sum()).isEqualTo(5);
        assertThat(heard).containsExactly(103, 102, 100);
        assertThat(links).containsExactly("</a.css>; rel=preload");
        objects.forEach(io.netty.util.ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void theNextExchangeOnTheConnection_isReadAsUsual() {
        EmbeddedChannel channel = channel();
        request(channel, HttpMethod.GET);
        receive(channel, "HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        read(channel).forEach(io.netty.util.ReferenceCountUtil::release);

        request(channel, HttpMethod.HEAD);
        receive(channel, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n");

        List<HttpObject> objects = read(channel);
        assertThat(((HttpResponse) objects.getFirst()).status().code()).isEqualTo(200);
        assertThat(objects.getLast()).isInstanceOf(LastHttpContent.class);
        assertThat(heard).containsExactly(103);
        channel.finishAndReleaseAll();
    }

    @Test
    void switchingProtocols_isNotTakenForAnInterimResponse() {
        EmbeddedChannel channel = channel();
        request(channel, HttpMethod.GET);

        receive(channel, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

        List<HttpObject> objects = read(channel);
        assertThat(((HttpResponse) objects.getFirst()).status().code()).isEqualTo(101);
        assertThat(heard).isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void aChannelThatReadsOnDemand_isAskedToReadPastTheInterimResponse() {
        EmbeddedChannel channel = channel();
        channel.config().setAutoRead(false);
        List<String> reads = new ArrayList<>();
        channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void read(io.netty.channel.ChannelHandlerContext ctx) {
                reads.add("read");
                ctx.read();
            }
        });
        request(channel, HttpMethod.GET);

        receive(channel, "HTTP/1.1 103 Early Hints\r\n\r\n");

        assertThat(read(channel)).isEmpty();
        assertThat(reads).isNotEmpty();
        channel.finishAndReleaseAll();
    }
}
