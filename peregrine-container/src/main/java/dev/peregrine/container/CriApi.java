package dev.peregrine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.container.cri.Container;
import dev.peregrine.container.cri.ContainerFilter;
import dev.peregrine.container.cri.ContainerStatus;
import dev.peregrine.container.cri.ContainerStatusRequest;
import dev.peregrine.container.cri.ContainerStatusResponse;
import dev.peregrine.container.cri.LinuxContainerResources;
import dev.peregrine.container.cri.ListContainersRequest;
import dev.peregrine.container.cri.Mount;
import dev.peregrine.container.cri.NamespaceMode;
import dev.peregrine.container.cri.NamespaceOption;
import dev.peregrine.container.cri.PodSandboxStatus;
import dev.peregrine.container.cri.PodSandboxStatusRequest;
import dev.peregrine.container.cri.PodSandboxStatusResponse;
import dev.peregrine.container.cri.RuntimeServiceGrpc;
import dev.peregrine.container.cri.VersionRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes Container Runtime Interface (containerd's CRI plugin, CRI-O) on a unix socket, over gRPC: a
 * container's status (verbose, for what only the runtime's own JSON says, such as privileged) and its pod
 * sandbox's (IP address, namespaces, pod name and labels).
 */
final class CriApi implements Engine {
    private static final long DEADLINE_MS = 5000;
    /** The CNI result is cut to this length, as the container plugin cuts it. */
    private static final int MAX_CNI_JSON = 4096;

    private final Path socket;
    /** Made at the first question: a socket that never shows costs no thread. */
    private EventLoopGroup group;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;
    private int type = -1;

    CriApi(Path socket) {
        this.socket = socket;
    }

    private synchronized RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        if (stub == null) {
            // daemon threads: an engine left open never keeps the JVM alive
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("peregrine-cri", true),
                    EpollIoHandler.newFactory());
            channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollDomainSocketChannel.class)
                    .eventLoopGroup(group)
                    .withOption(ChannelOption.SO_KEEPALIVE, null) // TCP only: netty would warn on a unix socket
                    .overrideAuthority("localhost")
                    .usePlaintext()
                    .build();
            stub = RuntimeServiceGrpc.newBlockingStub(channel);
        }
        return stub;
    }

    @Override
    public String name() {
        return "cri";
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public ContainerMetadata describe(String id) throws IOException {
        try {
            List<Container> found = call().listContainers(ListContainersRequest.newBuilder()
                    .setFilter(ContainerFilter.newBuilder().setId(id)).build()).getContainersList();
            if (found.isEmpty()) {
                return null;
            }
            Container c = found.get(0);
            ContainerStatusResponse status = call().containerStatus(ContainerStatusRequest.newBuilder()
                    .setContainerId(c.getId()).setVerbose(true).build());
            PodSandboxStatusResponse pod = null;
            if (!c.getPodSandboxId().isEmpty()) {
                try {
                    pod = call().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                            .setPodSandboxId(c.getPodSandboxId()).setVerbose(true).build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            return describe(status, c.getPodSandboxId(), pod, runtimeType());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return null;
            }
            throw new IOException("the CRI at " + socket + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"));
        }
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub call() {
        return stub().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    /** containerd and CRI-O name their containers' type; any other CRI runtime's are cri. */
    private int runtimeType() {
        if (type < 0) {
            String runtime = call().version(VersionRequest.getDefaultInstance()).getRuntimeName();
            type = switch (runtime) {
                case "containerd" -> ContainerMetadata.CONTAINERD;
                case "cri-o" -> ContainerMetadata.CRIO;
                default -> ContainerMetadata.CRI;
            };
        }
        return type;
    }

    /** A container's status and its pod's (or null) in libsinsp's terms, as the container plugin maps them. */
    static ContainerMetadata describe(ContainerStatusResponse response, String sandboxId,
                                      PodSandboxStatusResponse podResponse, int type) {
        ContainerStatus s = response.getStatus();
        JsonNode info = infoJson(response.getInfoMap());
        PodSandboxStatus pod = podResponse == null ? PodSandboxStatus.getDefaultInstance() : podResponse.getStatus();
        JsonNode podInfo = podResponse == null ? Json.MAPPER.missingNode() : infoJson(podResponse.getInfoMap());

        List<ContainerMetadata.Mount> mounts = new ArrayList<>();
        for (Mount m : s.getMountsList()) {
            String propagation = switch (m.getPropagation()) {
                case PROPAGATION_PRIVATE -> "private";
                case PROPAGATION_HOST_TO_CONTAINER -> "rslave";
                case PROPAGATION_BIDIRECTIONAL -> "rshared";
                default -> "unknown";
            };
            mounts.add(new ContainerMetadata.Mount(m.getHostPath(), m.getContainerPath(), "", !m.getReadonly(),
                    propagation));
        }
        LinuxContainerResources r = s.getResources().getLinux();
        ContainerMetadata.Limits limits = new ContainerMetadata.Limits(r.getMemoryLimitInBytes(),
                r.getMemorySwapLimitInBytes(),
                r.getCpuShares() > 0 ? r.getCpuShares() : ContainerMetadata.Limits.DEFAULT_CPU_SHARES,
                r.getCpuQuota(), r.getCpuPeriod() > 0 ? r.getCpuPeriod() : ContainerMetadata.Limits.DEFAULT_CPU_PERIOD,
                ContainerMetadata.cpusetCount(r.getCpusetCpus()));

        String podId = pod.getId().isEmpty() ? (sandboxId.isEmpty() ? s.getId() : sandboxId) : pod.getId();
        Map<String, String> labels = new TreeMap<>(s.getLabelsMap());
        // the k8s.* fields read these, as the container plugin sets them
        labels.put("io.kubernetes.sandbox.id", podId);
        if (pod.hasMetadata()) {
            labels.put("io.kubernetes.pod.uid", pod.getMetadata().getUid());
            labels.put("io.kubernetes.pod.name", pod.getMetadata().getName());
            labels.put("io.kubernetes.pod.namespace", pod.getMetadata().getNamespace());
        }
        NamespaceOption ns = pod.getLinux().getNamespaces().getOptions();
        ContainerMetadata.HostNamespaces host = new ContainerMetadata.HostNamespaces(
                ns.getPid() == NamespaceMode.NODE, ns.getNetwork() == NamespaceMode.NODE,
                ns.getIpc() == NamespaceMode.NODE);
        String user = s.getUser().hasLinux() ? Long.toString(s.getUser().getLinux().getUid()) : "";
        return new ContainerMetadata(ContainerMetadata.shortId(s.getId()), s.getId(), type,
                s.getMetadata().getName(), image(s, info), user, privileged(info), host,
                pod.getNetwork().getIp(), List.copyOf(mounts), labels, List.of(), limits,
                TimeUnit.NANOSECONDS.toSeconds(s.getCreatedAt()),
                new ContainerMetadata.Pod(podId, new TreeMap<>(pod.getLabelsMap()), cniJson(podInfo), false));
    }

    /** The "info" entry of a verbose answer: the runtime's own JSON (missing when not verbose). */
    private static JsonNode infoJson(Map<String, String> info) {
        String text = info.get("info");
        if (text == null) {
            return Json.MAPPER.missingNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    /**
     * The image: its name as the container asked for it (else as the runtime's annotations name it); an image
     * reference "repo@sha256:..." gives the repository and digest, the name the tag; the image id without
     * "sha256:".
     */
    private static ContainerMetadata.Image image(ContainerStatus s, JsonNode info) {
        String name = s.getImage().getImage();
        String ref = s.getImageRef();
        String digest = "";
        int sha = ref.indexOf("sha256:");
        if (sha == 0) {
            digest = ref;
        } else if (sha > 0 && ref.charAt(sha - 1) == '@') {
            digest = ref.substring(sha);
            String tag = ImageReference.parse(name).tag();
            name = ref.substring(0, sha - 1) + (tag.isEmpty() ? "" : ":" + tag);
        }
        if (name.isEmpty() || name.startsWith("sha256")) {
            JsonNode annotations = info.path("runtimeSpec").path("annotations");
            for (String key : new String[]{"io.kubernetes.cri.image-name", "io.kubernetes.cri-o.Image",
                    "io.kubernetes.cri-o.ImageName"}) {
                if (!Json.text(annotations, key).isEmpty()) {
                    name = Json.text(annotations, key);
                    break;
                }
            }
        }
        ImageReference parsed = ImageReference.parse(name);
        String id = s.getImageId();
        if (id.isEmpty()) {
            id = Json.text(info.path("config").path("image"), "image");
        }
        id = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return new ContainerMetadata.Image(name, parsed.repository(), parsed.tag(), digest, id);
    }

    /** Privileged, from the runtime's JSON: the OCI spec's security context, the config's, or CRI-O's flag. */
    private static boolean privileged(JsonNode info) {
        for (JsonNode context : new JsonNode[]{info.path("runtimeSpec").path("linux").path("security_context"),
                info.path("config").path("linux").path("security_context")}) {
            if (context.path("privileged").isBoolean()) {
                return context.path("privileged").asBoolean();
            }
        }
        return info.path("privileged").asBoolean(false);
    }

    /** The pod's CNI result (containerd's cniResult, or CRI-O's annotation), cut to 4 KiB. */
    private static String cniJson(JsonNode podInfo) {
        String cni = "";
        if (podInfo.path("cniResult").isObject()) {
            cni = podInfo.path("cniResult").toString();
        } else {
            cni = Json.text(podInfo.path("runtimeSpec").path("annotations"), "io.kubernetes.cri-o.CNIResult");
        }
        return cni.length() > MAX_CNI_JSON ? cni.substring(0, MAX_CNI_JSON) : cni;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
