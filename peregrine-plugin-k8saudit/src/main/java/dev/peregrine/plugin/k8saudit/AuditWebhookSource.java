package dev.peregrine.plugin.k8saudit;

import dev.peregrine.plugin.EventBatch;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.plugin.SourceInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Audit events POSTed by the Kubernetes API server's audit webhook. A request's events are queued, in order,
 * before it is answered, so a sender that waits for each answer sees its events processed in the order sent;
 * when the queue is full the request waits (back-pressure) rather than losing events, and is refused (503) only
 * if the event loop does not make room within a minute.
 */
final class AuditWebhookSource implements SourceInstance {
    /** Events waiting for the event loop. */
    static final int QUEUE = 16_384;
    private static final long WAIT_SECONDS = 60;

    private final LinkedBlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(QUEUE, true);
    private final SourceHost host;
    private final AuditConfig config;
    private final SourceHost.Endpoint endpoint;
    private final List<AuditEvent> drained = new ArrayList<>();
    private volatile boolean closed;

    private AuditWebhookSource(SourceHost host, AuditConfig config, String where) throws PluginException {
        this.host = host;
        this.config = config;
        this.endpoint = host.serve(where, where.startsWith("https:") ? config.sslCertificate() : null, this::post);
        host.info("Kubernetes audit webhook listening at " + endpoint.url());
    }

    static AuditWebhookSource open(String where, SourceHost host, AuditConfig config) throws PluginException {
        return new AuditWebhookSource(host, config, where);
    }

    private SourceHost.Reply post(SourceHost.Request r) {
        if (!r.contentType().contains("application/json")) {
            host.rejected(r.where(), "wrong Content Type '" + r.contentType() + "' (expected application/json)");
            return new SourceHost.Reply(400, "wrong Content Type\n");
        }
        if (r.body().length > config.webhookMaxBatchSize()) {
            host.rejected(r.where(), "request body of " + r.body().length + " bytes is over webhookMaxBatchSize ("
                    + config.webhookMaxBatchSize() + ")");
            return new SourceHost.Reply(413, "request body too large\n");
        }
        AuditPayloads.Parsed parsed;
        try {
            parsed = AuditPayloads.parse(r.body(), r.body().length, config.maxEventSize());
        } catch (AuditPayloads.Rejected e) {
            host.rejected(r.where(), e.getMessage());
            return new SourceHost.Reply(400, "bad request: " + e.getMessage() + "\n");
        }
        parsed.problems().forEach(p -> host.rejected(r.where(), p));
        int queued = 0;
        try {
            for (AuditEvent e : parsed.events()) {
                if (closed || !room.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    break;
                }
                queue.add(e);
                queued++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (queued < parsed.events().size()) {
            int lost = parsed.events().size() - queued;
            host.rejected(r.where(), lost + " of its " + parsed.events().size() + " events could not be queued: "
                    + (closed ? "the source is closing" : "the event loop is not keeping up"));
            return new SourceHost.Reply(503, "event source busy: " + lost + " events not taken\n");
        }
        return SourceHost.Reply.ok();
    }

    @Override
    public Status nextBatch(EventBatch batch) {
        if (closed) {
            return Status.EOF;
        }
        AuditEvent first;
        try {
            first = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.TIMEOUT;
        }
        if (first == null) {
            return Status.TIMEOUT;
        }
        drained.clear();
        drained.add(first);
        queue.drainTo(drained, batch.remaining() - 1);
        for (AuditEvent e : drained) {
            batch.add(e.timestamp(), e.json());
        }
        room.release(drained.size());
        return Status.EVENTS;
    }

    @Override
    public void close() {
        closed = true;
        endpoint.close();
    }
}
