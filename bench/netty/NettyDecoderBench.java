// Netty's PROXY protocol decoder (netty-codec-haproxy) measured on bench/inputs.json, to set next to our
// micro-benchmarks. Plain Java, no JMH: run.sh starts one JVM per case and passes the settings.
//
//   java NettyDecoderBench <inputs.json> check
//       prints the Netty and JVM versions and each input as Netty decodes it; fails unless every input decodes to
//       one message and the decoder consumed exactly the input
//   java NettyDecoderBench <inputs.json> <input> <mode> <warmupMs> <runs> <runMs>
//       prints one TSV line: input, mode, median / min / max ns per operation, bytes allocated per operation
//
// Modes (each operation decodes one header and reads what our ParseAndRead benchmark reads: both ports, both
// addresses and every TLV's type and length, then releases the message):
//   decoder_direct  a new HAProxyMessageDecoder per header, its decode(ctx, in, out) called directly on one heap
//                   buffer whose reader index is rewound: framing and parsing, no channel pipeline
//   channel         a new EmbeddedChannel holding a new decoder per header, the header written in as a wrapped
//                   buffer: what a Netty server pays per connection for the decoder in its pipeline
// Netty does not verify the CRC32C TLV; it keeps it as an opaque TLV.
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.Version;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class NettyDecoderBench {
    private NettyDecoderBench() {
    }

    /** Folds what each operation reads; a static field the JIT must keep writing, so the reads cannot be dropped. */
    private static long observed;

    /** Makes the decoder's protected decode callable without a channel. */
    private static final class Decoder extends HAProxyMessageDecoder {
        HAProxyMessage decodeOne(ByteBuf in, List<Object> out) throws Exception {
            decode(null, in, out);
            return (HAProxyMessage) out.get(0);
        }
    }

    private interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: <inputs.json> check | <inputs.json> <input> <mode> <warmupMs> <runs> <runMs>");
        }
        Map<String, byte[]> inputs = readInputs(Path.of(args[0]));
        if (args[1].equals("check")) {
            check(inputs);
            return;
        }
        byte[] header = inputs.get(args[1]);
        if (header == null) {
            throw new IllegalArgumentException("no input named " + args[1] + " in " + args[0]);
        }
        String mode = args[2];
        Operation operation = operation(mode, header);
        long warmupNs = Long.parseLong(args[3]) * 1_000_000L;
        int runs = Integer.parseInt(args[4]);
        long runNs = Long.parseLong(args[5]) * 1_000_000L;

        long perRun = operationsFor(operation, runNs);
        repeatFor(operation, perRun, warmupNs);
        double[] ns = new double[runs];
        double[] bytes = new double[runs];
        for (int r = 0; r < runs; r++) {
            long allocatedBefore = allocatedBytes();
            long start = System.nanoTime();
            repeat(operation, perRun);
            long elapsed = System.nanoTime() - start;
            ns[r] = (double) elapsed / perRun;
            bytes[r] = (double) (allocatedBytes() - allocatedBefore) / perRun;
        }
        Arrays.sort(ns);
        Arrays.sort(bytes);
        System.out.printf("%s\t%s\t%.1f\t%.1f\t%.1f\t%.0f%n", args[1], mode, ns[runs / 2], ns[0], ns[runs - 1], bytes[runs / 2]);
    }

    private static Operation operation(String mode, byte[] header) {
        switch (mode) {
            case "decoder_direct": {
                ByteBuf in = Unpooled.wrappedBuffer(header);
                List<Object> out = new ArrayList<>(1);
                return () -> {
                    in.readerIndex(0);
                    out.clear();
                    HAProxyMessage message = new Decoder().decodeOne(in, out);
                    read(message);
                    message.release();
                };
            }
            case "channel":
                return () -> {
                    EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
                    channel.writeInbound(Unpooled.wrappedBuffer(header));
                    HAProxyMessage message = channel.readInbound();
                    read(message);
                    message.release();
                };
            default:
                throw new IllegalArgumentException("unknown mode " + mode + " (decoder_direct, channel)");
        }
    }

    private static void read(HAProxyMessage message) {
        long h = message.sourcePort() ^ ((long) message.destinationPort() << 16);
        h += message.sourceAddress().length() + 31L * message.destinationAddress().length();
        List<HAProxyTLV> tlvs = message.tlvs();
        for (int i = 0; i < tlvs.size(); i++) { // indexed: an iterator would add an allocation Netty itself does not make
            h = h * 31 + (tlvs.get(i).typeByteValue() & 0xFF) + tlvs.get(i).content().readableBytes();
        }
        observed += h;
    }

    /** How many operations take about runNs, found by doubling from one until a trial lasts at least 50 ms. */
    private static long operationsFor(Operation operation, long runNs) throws Exception {
        long count = 1;
        while (true) {
            long start = System.nanoTime();
            repeat(operation, count);
            long elapsed = System.nanoTime() - start;
            if (elapsed >= 50_000_000L) {
                return Math.max(1, count * runNs / elapsed);
            }
            count *= 2;
        }
    }

    private static void repeatFor(Operation operation, long chunk, long durationNs) throws Exception {
        long end = System.nanoTime() + durationNs;
        do {
            repeat(operation, chunk);
        } while (System.nanoTime() < end);
    }

    private static void repeat(Operation operation, long count) throws Exception {
        for (long i = 0; i < count; i++) {
            operation.run();
        }
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void check(Map<String, byte[]> inputs) throws Exception {
        System.out.println("# netty-codec-haproxy " + Version.identify().get("netty-codec-haproxy").artifactVersion()
                + ", java " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            ByteBuf in = Unpooled.wrappedBuffer(input.getValue());
            List<Object> out = new ArrayList<>(1);
            HAProxyMessage message = new Decoder().decodeOne(in, out);
            if (out.size() != 1 || in.isReadable()) {
                throw new IllegalStateException(input.getKey() + ": " + out.size() + " messages, " + in.readableBytes() + " bytes left");
            }
            StringBuilder line = new StringBuilder("# ").append(input.getKey()).append(": ")
                    .append(message.protocolVersion()).append(' ').append(message.command()).append(' ')
                    .append(message.proxiedProtocol()).append(' ')
                    .append(message.sourceAddress()).append(" port ").append(message.sourcePort()).append(" -> ")
                    .append(message.destinationAddress()).append(" port ").append(message.destinationPort());
            for (HAProxyTLV tlv : message.tlvs()) {
                line.append(String.format(" tlv 0x%02x(%d B)", tlv.typeByteValue() & 0xFF, tlv.content().readableBytes()));
            }
            System.out.println(line);
            message.release();
        }
    }

    /** Reads the flat {"name": "hex", ...} object of bench/inputs.json, keeping the file's order. */
    private static Map<String, byte[]> readInputs(Path path) throws Exception {
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        for (int i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
            int end = text.indexOf('"', i + 1);
            strings.add(text.substring(i + 1, end));
            i = end;
        }
        if (strings.size() % 2 != 0) {
            throw new IllegalArgumentException(path + ": expected name/hex string pairs");
        }
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (int i = 0; i < strings.size(); i += 2) {
            String hex = strings.get(i + 1);
            byte[] bytes = new byte[hex.length() / 2];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) Integer.parseInt(hex, 2 * b, 2 * b + 2, 16);
            }
            inputs.put(strings.get(i), bytes);
        }
        return inputs;
    }
}
