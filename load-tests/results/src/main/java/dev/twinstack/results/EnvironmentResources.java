package dev.twinstack.results;

/**
 * The CPU and memory each Lambda execution environment got: Lambda's share of its memory size (one vCPU at 1,769 MB),
 * whether this machine enforced it, and how the shares add up against the machine's CPUs.
 *
 * @param memoryMb the function's memory size, also each environment's memory limit
 * @param vcpusPerEnvironment the CPU share of that memory size
 * @param reservedConcurrency the most environments that run at once
 * @param vcpusAtConcurrency their shares added up
 * @param machineCpus this machine's CPUs
 * @param enforced whether each environment's process tree ran in a control group with these limits
 * @param mechanism how they were enforced, or why they were not (then environments ran unlimited)
 * @param oversubscribed whether environments busy at once could want more CPU than the machine has
 */
public record EnvironmentResources(
        int memoryMb,
        double vcpusPerEnvironment,
        int reservedConcurrency,
        double vcpusAtConcurrency,
        int machineCpus,
        boolean enforced,
        String mechanism,
        boolean oversubscribed) {}
