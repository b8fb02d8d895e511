package dev.geocdn.health.dns;

import dev.geocdn.protocol.topology.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The authoritative geo-DNS server: UDP and TCP on one port (RFC 1035 section 4.2; TCP for
 * resolvers that retry truncated answers), answering for the CDN's name with
 * {@link GeoDnsAnswers}. dnsjava parses and writes the wire format; this class only moves
 * bytes. Each query is handled on a virtual thread.
 *
 * <p>EDNS: a query's Client Subnet option (RFC 7871) places the client; the answer echoes the
 * option with a scope prefix equal to the source prefix, so resolvers cache the answer for that
 * subnet only. Answers are authoritative (AA), with a short TTL so that a region taken out of
 * service leaves resolvers' caches within seconds. Malformed packets are dropped (UDP) or the
 * connection closed (TCP); a query we cannot parse gets FORMERR when its header can be read.
 */
public final class GeoDnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeoDnsServer.class);
    /** The largest UDP answer without EDNS (RFC 1035). */
    static final int CLASSIC_UDP_SIZE = 512;

    private final GeoDnsAnswers answers;
    private final DnsAnswerMetrics metrics;
    private final Supplier<Membership> membership;
    private final long ttlSeconds;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean open = true;

    public GeoDnsServer(GeoDnsAnswers answers, Supplier<Membership> membership, Duration ttl, String host, int port,
                        DnsAnswerMetrics metrics) throws IOException {
        this.answers = answers;
        this.metrics = metrics;
        this.membership = membership;
        this.ttlSeconds = Math.max(0, ttl.toSeconds());
        InetAddress address = InetAddress.getByName(host);
        this.tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(address, port), 128);
        this.udp = new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort()));
        Thread.ofPlatform().daemon().name("geocdn-dns-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("geocdn-dns-tcp").start(this::serveTcp);
    }

    public int port() {
        return tcp.getLocalPort();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (open) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (open) {
                    log.warn("DNS UDP receive failed: {}", e.toString());
                }
                continue;
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetAddress from = packet.getAddress();
            int fromPort = packet.getPort();
            threads.submit(() -> {
                byte[] response = respond(query, from, true);
                if (response != null) {
                    try {
                        udp.send(new DatagramPacket(response, response.length, from, fromPort));
                    } catch (IOException e) {
                        log.debug("DNS UDP send failed: {}", e.toString());
                    }
                }
            });
        }
    }

    private void serveTcp() {
        while (open) {
            try {
                Socket socket = tcp.accept();
                threads.submit(() -> serveConnection(socket));
            } catch (IOException e) {
                if (open) {
                    log.warn("DNS TCP accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                byte[] response = respond(query, socket.getInetAddress(), false);
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed or went silent: nothing to answer
        }
    }

    /** The wire answer to a wire query, or null to drop it. */
    byte[] respond(byte[] wire, InetAddress resolver, boolean overUdp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            byte[] formErr = formErr(wire);
            if (formErr != null) {
                metrics.answered(overUdp, Rcode.FORMERR, null);
            }
            return formErr;
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return null; // a response, not a query: never answer those (reflection loops)
        }
        Message response = new Message(header.getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (header.getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (header.getOpcode() != Opcode.QUERY || question == null) {
            int rcode = header.getOpcode() != Opcode.QUERY ? Rcode.NOTIMP : Rcode.FORMERR;
            response.getHeader().setRcode(rcode);
            metrics.answered(overUdp, rcode, null);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        ClientSubnetOption subnet = opt == null ? null : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).stream()
                .filter(ClientSubnetOption.class::isInstance).map(ClientSubnetOption.class::cast).findFirst().orElse(null);
        InetAddress client = subnet != null ? subnet.getAddress() : resolver;
        GeoDnsAnswers.Answer answer = answers.answer(question.getName().toString(), family(question.getType()),
                client, membership.get());
        switch (answer) {
            case GeoDnsAnswers.Answer.Refused refused -> {
                response.getHeader().setRcode(Rcode.REFUSED);
                metrics.answered(overUdp, Rcode.REFUSED, null);
            }
            case GeoDnsAnswers.Answer.Addresses addresses -> {
                metrics.answered(overUdp, Rcode.NOERROR, addresses.region());
                for (InetAddress a : addresses.addresses()) {
                    response.addRecord(a instanceof Inet4Address
                            ? new ARecord(question.getName(), DClass.IN, ttlSeconds, a)
                            : new AAAARecord(question.getName(), DClass.IN, ttlSeconds, a), Section.ANSWER);
                }
                if (addresses.addresses().isEmpty()) {
                    response.addRecord(soa(question.getName()), Section.AUTHORITY); // NODATA, negative TTL
                }
            }
        }
        int maxUdp = CLASSIC_UDP_SIZE;
        if (opt != null) {
            maxUdp = Math.max(CLASSIC_UDP_SIZE, opt.getPayloadSize());
            List<EDNSOption> options = subnet == null ? List.of()
                    : List.of(new ClientSubnetOption(subnet.getSourcePrefixLength(), subnet.getSourcePrefixLength(),
                    subnet.getAddress()));
            response.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
        }
        return overUdp ? response.toWire(maxUdp) : response.toWire();
    }

    private SOARecord soa(Name name) {
        try {
            Name host = Name.fromString("ns." + name.toString(), Name.root);
            Name admin = Name.fromString("hostmaster." + name.toString(), Name.root);
            return new SOARecord(name, DClass.IN, ttlSeconds, host, admin, 1, 3600, 600, 86400, ttlSeconds);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeoDnsAnswers.Family family(int type) {
        return switch (type) {
            case Type.A -> GeoDnsAnswers.Family.V4;
            case Type.AAAA -> GeoDnsAnswers.Family.V6;
            case Type.ANY -> GeoDnsAnswers.Family.BOTH;
            default -> GeoDnsAnswers.Family.NONE;
        };
    }

    private static byte[] formErr(byte[] wire) {
        if (wire.length < Header.LENGTH) {
            return null;
        }
        int id = ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
        Message response = new Message(id);
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return response.toWire();
    }

    @Override
    public void close() {
        open = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
