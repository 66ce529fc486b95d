/**
 * Falco's embedded web server ({@code webserver.*} in falco.yaml): the Kubernetes health endpoint, /versions and
 * the Prometheus /metrics endpoint ({@link dev.peregrine.web.WebServer}), and the metrics the engine updates
 * ({@link dev.peregrine.web.PeregrineMetrics}), named as Falco names its Prometheus metrics.
 */
package dev.peregrine.web;
