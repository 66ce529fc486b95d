/**
 * Peregrine's plugin API, Falco's plugin model in Java. A plugin is a {@link dev.peregrine.plugin.Plugin} found
 * through {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.peregrine.plugin.Plugin} entry in its
 * jar); what it can do is the capabilities it implements:
 * <ul>
 * <li>{@link dev.peregrine.plugin.EventSourcing}: a named event source (open, next batch, progress, close);</li>
 * <li>{@link dev.peregrine.plugin.FieldExtraction}: typed fields, with arguments, that rules and outputs use,
 * read from events of its own source, of other plugins' sources or of the syscall source;</li>
 * <li>{@link dev.peregrine.plugin.EventParsing}: sees every event of its sources before the rules do.</li>
 * </ul>
 * The host makes one instance per event source it runs the plugin for (from the service provider), calls
 * {@link dev.peregrine.plugin.Plugin#init} with the configuration's {@code init_config} after checking it against
 * {@link dev.peregrine.plugin.Plugin#initSchema}, and calls everything of one instance from that source's event
 * thread, except {@link dev.peregrine.plugin.FieldExtraction#extractor}, which a rules reload may call from another.
 */
package dev.peregrine.plugin;
