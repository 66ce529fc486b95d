package dev.peregrine.plugin.k8saudit;

/** One audit event ready for the batch: its stage timestamp (ns since the epoch) and its compact JSON. */
record AuditEvent(long timestamp, byte[] json) {
}
