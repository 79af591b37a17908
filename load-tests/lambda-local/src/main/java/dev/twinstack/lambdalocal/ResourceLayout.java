package dev.twinstack.lambdalocal;

import java.util.Locale;

/**
 * The CPU and memory each execution environment gets, as Lambda allots them from the memory size (one vCPU-second of
 * credits per second at 1,769 MB, in proportion to memory: Lambda Developer Guide, <em>Configure Lambda function
 * memory</em>), whether they are enforced here, and how they add up against this machine's CPUs. For the lab's results
 * and the service's own output.
 *
 * @param enforced whether each environment's process tree runs in a control group with these limits
 * @param mechanism how they are enforced (e.g. {@code cgroup v1 (cpu, cpuacct, memory) below ...}), or why they are
 *     not (then environments run unlimited)
 * @param memoryMb the memory size, also each environment's memory limit
 * @param vcpusPerEnvironment the CPU share of that memory size
 * @param reservedConcurrency the most environments that run at once
 * @param vcpusAtConcurrency their shares added up
 * @param machineCpus the CPUs of this machine
 */
public record ResourceLayout(
        boolean enforced,
        String mechanism,
        int memoryMb,
        double vcpusPerEnvironment,
        int reservedConcurrency,
        double vcpusAtConcurrency,
        int machineCpus) {

    /** Lambda's rule: 1,769 MB of memory get one vCPU. */
    static final int MB_PER_VCPU = 1769;

    static double vcpus(int memoryMb) {
        return memoryMb / (double) MB_PER_VCPU;
    }

    static ResourceLayout of(boolean enforced, String mechanism, int memoryMb, int concurrency, int machineCpus) {
        double each = vcpus(memoryMb);
        return new ResourceLayout(enforced, mechanism, memoryMb, each, concurrency, each * concurrency, machineCpus);
    }

    /** Whether environments busy at once could want more CPU than the machine has. */
    public boolean oversubscribed() {
        return vcpusAtConcurrency > machineCpus;
    }

    /** One paragraph for the service's output, saying what is enforced and what does not fit. */
    public String describe() {
        var text = new StringBuilder();
        if (enforced) {
            text.append(String.format(
                    Locale.ROOT,
                    "each environment gets %.2f vCPU and a %d MB memory limit (%s)",
                    vcpusPerEnvironment,
                    memoryMb,
                    mechanism));
        } else {
            text.append(String.format(
                    Locale.ROOT,
                    "environments run unlimited, not at Lambda's %.2f vCPU and %d MB: %s",
                    vcpusPerEnvironment,
                    memoryMb,
                    mechanism));
        }
        if (oversubscribed()) {
            text.append(String.format(
                    Locale.ROOT,
                    "; %d environments at %.2f vCPU add up to %.2f vCPU, more than this machine's %d CPUs: environments"
                            + " busy at once get less than Lambda would give them",
                    reservedConcurrency,
                    vcpusPerEnvironment,
                    vcpusAtConcurrency,
                    machineCpus));
        }
        return text.toString();
    }
}
