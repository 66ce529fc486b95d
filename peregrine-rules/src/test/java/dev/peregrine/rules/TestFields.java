package dev.peregrine.rules;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.FieldType;

import java.util.List;

/**
 * The standard fields plus stand-ins for the Kubernetes metadata fields (k8s.*) that Falco's rules use but
 * Peregrine does not extract yet. The stand-ins never have a value, which is what libsinsp gives when it has no
 * Kubernetes metadata.
 */
final class TestFields {
    static final List<String> K8S_STUBS = List.of("k8s.ns.name", "k8s.pod.name", "k8s.pod.id", "k8s.pod.uid",
            "k8s.pod.labels", "k8s.rc.name", "k8s.svc.name", "k8s.deployment.name", "k8s.ns.id", "k8s.pod.ip",
            "k8s.pod.cni.json");

    private TestFields() {
    }

    static FieldRegistry registry() {
        FieldRegistry r = FieldRegistry.standard();
        for (String name : K8S_STUBS) {
            if (r.get(name) == null) {
                r.add(new FieldDef(name, FieldType.CHARBUF, "stand-in: no Kubernetes metadata yet",
                        FieldDef.Arg.NONE, arg -> (ctx, out) -> false));
            }
        }
        if (r.get("k8s.pod.label") == null) {
            r.add(new FieldDef("k8s.pod.label", FieldType.CHARBUF, "stand-in: no Kubernetes metadata yet",
                    FieldDef.Arg.REQUIRED, arg -> (ctx, out) -> false));
        }
        return r;
    }
}
