package dev.peregrine.bench;

import com.sun.net.httpserver.HttpServer;
import dev.peregrine.grpc.GrpcOutputServer;
import dev.peregrine.grpc.GrpcOutputsClient;
import dev.peregrine.grpc.GrpcSettings;
import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.AlertChannel;
import dev.peregrine.outputs.FileChannel;
import dev.peregrine.outputs.HttpChannel;
import dev.peregrine.outputs.HttpSettings;
import dev.peregrine.outputs.OutputStats;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.ProgramChannel;
import dev.peregrine.outputs.StdoutChannel;
import dev.peregrine.outputs.SyslogChannel;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alerts/s per channel: N alerts (default 100k) of a typical size submitted to Outputs with one channel, timed
 * until Outputs.close() has delivered them all. Usage: OutputsBenchmark [N]
 */
public final class OutputsBenchmark {
    private OutputsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("peregrine-outputs-bench");
        run("stdout (/dev/null)", n, new StdoutChannel(new FileOutputStream("/dev/null"), true));
        run("file", n, new FileChannel(dir.resolve("alerts.txt"), true, true));
        run("program (cat > /dev/null)", n, new ProgramChannel("cat > /dev/null", true));
        run("syslog", n, new SyslogChannel());
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong posts = new AtomicLong();
        http.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        http.start();
        run("http (local server)", Math.min(n, 20_000), new HttpChannel(HttpSettings.of("http://127.0.0.1:"
                + http.getAddress().getPort() + "/"), OutputStream.nullOutputStream()));
        http.stop(0);
        Path socket = dir.resolve("grpc.sock");
        try (GrpcOutputServer server = new GrpcOutputServer(n + 1).start(GrpcSettings.unixSocket(socket))) {
            long t0 = System.nanoTime();
            run("grpc (queued for get)", n, server.channel());
            int got = GrpcOutputsClient.get("unix://" + socket, Duration.ofSeconds(60)).size();
            System.out.printf("%-28s %8d alerts read by one get call: %,.0f alerts/s end to end%n", "grpc (get)", got,
                    got / ((System.nanoTime() - t0) / 1e9));
        }
    }

    private static void run(String name, int n, AlertChannel channel) {
        Alert alert = new Alert(1470327477881781397L, "Warning", 4, "open_from_cat", "syscall", "bench-host",
                List.of("filesystem", "process"), "16:17:57.881781397: Warning An open was seen "
                + "(command=cat /dev/null user=root container_id=host image=<NA>)", Map.of("proc.cmdline",
                "cat /dev/null"));
        Outputs outputs = new Outputs(List.of(channel), n + 1, System.err::println);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            outputs.submit(alert);
        }
        outputs.close();
        double s = (System.nanoTime() - t0) / 1e9;
        OutputStats st = outputs.stats();
        System.out.printf("%-28s %8d alerts delivered, %d failed, %d dropped: %,.0f alerts/s%n", name,
                st.channel(channel.name()).delivered(), st.channel(channel.name()).failed(), st.dropped(), n / s);
    }
}
