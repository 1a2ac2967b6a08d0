package io.kaskade.test.engine;

import java.util.List;

/**
 * Host access a command test's container gets beyond the default (no network, no capabilities added,
 * no host folders). Only what the operator's allowlist ({@code kaskade.test.allowed-run-options}) permits
 * ever gets here; the structure-test file alone cannot grant it.
 *
 * @param capabilities Linux capabilities to add, e.g. {@code SYS_ADMIN}
 * @param bindMounts {@code host:container[:ro]} folders
 */
public record HostGrants(boolean privileged, List<String> capabilities, List<String> bindMounts) {
    public static final HostGrants NONE = new HostGrants(false, List.of(), List.of());

    public HostGrants {
        capabilities = List.copyOf(capabilities);
        bindMounts = List.copyOf(bindMounts);
    }
}
