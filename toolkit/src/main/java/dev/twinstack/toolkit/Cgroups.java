package dev.twinstack.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU and memory limits for a process tree with Linux control groups, as a Kubernetes container or a Lambda
 * execution environment gets them: a CPU quota (a share of one CPU per scheduling period), a memory limit, and the
 * accounting that goes with them (CPU time used, peak memory, kills at the memory limit).
 *
 * <p>Groups are created below this process's own group of each controller, so they nest inside whatever container
 * or sandbox runs the lab. cgroup v1 (the {@code cpu}, {@code cpuacct} and {@code memory} hierarchies) and v2 (the
 * unified hierarchy with the {@code cpu} and {@code memory} controllers) are both supported. Where neither is
 * writable, {@link #detect()} says why, and callers run unlimited and say so: nothing is skipped silently.
 */
public final class Cgroups {

    /** The scheduling period the CPU quota is a share of: the kernel's and Kubernetes' default, 100 ms. */
    static final long PERIOD_MICROS = 100_000;

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final Version version;
    /** Controller name (v1) or "unified" (v2) → the directory new groups are created in. */
    private final Map<String, Path> parents;

    enum Version {
        V1,
        V2
    }

    /** Whether limits can be enforced here, and if not, why not. */
    public record Availability(Optional<Cgroups> cgroups, String description) {

        public boolean available() {
            return cgroups.isPresent();
        }
    }

    /** What a group is asked to enforce: a share of one CPU (0.5 = half a core) and a memory limit, each optional. */
    public record Limits(Double cpus, Long memoryBytes) {

        public Limits {
            if (cpus != null && cpus <= 0) {
                throw new IllegalArgumentException("a CPU share must be positive: " + cpus);
            }
            if (memoryBytes != null && memoryBytes <= 0) {
                throw new IllegalArgumentException("a memory limit must be positive: " + memoryBytes);
            }
        }

        /** The quota in microseconds per {@link #PERIOD_MICROS}, as {@code cpu.cfs_quota_us} and {@code cpu.max}. */
        long quotaMicros() {
            return Math.max(1000, Math.round(cpus * PERIOD_MICROS));
        }
    }

    private Cgroups(Version version, Map<String, Path> parents) {
        this.version = version;
        this.parents = parents;
    }

    /** Finds a writable hierarchy with CPU and memory control below this process's own groups. */
    public static Availability detect() {
        return detect(ROOT, Path.of("/proc/self/cgroup"));
    }

    static Availability detect(Path root, Path selfCgroup) {
        Map<String, String> own;
        try {
            own = ownGroups(Files.readAllLines(selfCgroup));
        } catch (IOException | RuntimeException e) {
            return new Availability(Optional.empty(), "no control groups: cannot read " + selfCgroup);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String controller : List.of("cpu", "cpuacct", "memory")) {
            Path mount = root.resolve(controller);
            if (!Files.exists(mount.resolve("cgroup.procs")) || !own.containsKey(controller)) {
                problems.add("cgroup v1 '" + controller + "' is not mounted");
                continue;
            }
            Path parent = mount.resolve(relative(own.get(controller)));
            if (!Files.isWritable(parent)) {
                problems.add("cgroup v1 '" + controller + "' is not writable at " + parent);
                continue;
            }
            v1.put(controller, parent);
        }
        if (v1.size() == 3) {
            return probe(new Cgroups(Version.V1, v1), "cgroup v1 (cpu, cpuacct, memory) below " + v1.get("cpu"));
        }
        Path unified = Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
        if (own.containsKey("") && Files.exists(unified.resolve("cgroup.controllers"))) {
            Path parent = unified.resolve(relative(own.get("")));
            try {
                String controllers = Files.readString(parent.resolve("cgroup.controllers"));
                if (controllers.contains("cpu") && controllers.contains("memory") && Files.isWritable(parent)) {
                    return probe(
                            new Cgroups(Version.V2, Map.of("unified", parent)),
                            "cgroup v2 (cpu, memory) below " + parent);
                }
                problems.add("cgroup v2 at " + parent + " offers '" + controllers.trim()
                        + "' without both cpu and memory, or is not writable");
            } catch (IOException e) {
                problems.add("cgroup v2 at " + parent + " is not readable");
            }
        } else {
            problems.add("no cgroup v2 hierarchy");
        }
        return new Availability(Optional.empty(), "no writable control groups: " + String.join("; ", problems));
    }

    /**
     * Writable directories are not enough (cgroup v2 refuses to enable controllers for the children of a group that
     * holds processes, and sandboxes may refuse writes): a trial group with both limits decides.
     */
    private static Availability probe(Cgroups cgroups, String description) {
        String name = "twinstack-probe-" + ProcessHandle.current().pid();
        try (Group trial = cgroups.create(name, new Limits(0.5, 64L << 20))) {
            return new Availability(Optional.of(cgroups), description);
        } catch (RuntimeException e) {
            return new Availability(
                    Optional.empty(),
                    "no usable control groups: " + description + " refused a trial group (" + e + ")");
        }
    }

    /** Creates a group with these limits; {@code name} is one path segment, unique among this process's groups. */
    public Group create(String name, Limits limits) {
        if (name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("a group name is one path segment: '" + name + "'");
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            if (version == Version.V2) {
                Path parent = parents.get("unified");
                String enabled = Files.readString(parent.resolve("cgroup.subtree_control"));
                if (!enabled.contains("cpu") || !enabled.contains("memory")) {
                    write(parent.resolve("cgroup.subtree_control"), "+cpu +memory");
                }
                Path dir = parent.resolve(name);
                Files.createDirectory(dir);
                dirs.put("unified", dir);
                if (limits.cpus() != null) {
                    write(dir.resolve("cpu.max"), limits.quotaMicros() + " " + PERIOD_MICROS);
                }
                if (limits.memoryBytes() != null) {
                    write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
                    write(dir.resolve("memory.swap.max"), "0");
                }
            } else {
                for (var parent : parents.entrySet()) {
                    Path dir = parent.getValue().resolve(name);
                    Files.createDirectory(dir);
                    dirs.put(parent.getKey(), dir);
                }
                Path cpu = dirs.get("cpu");
                write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                write(
                        cpu.resolve("cpu.cfs_quota_us"),
                        limits.cpus() == null ? "-1" : Long.toString(limits.quotaMicros()));
                if (limits.memoryBytes() != null) {
                    Path memory = dirs.get("memory");
                    write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                    if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                        // Without swap accounting the limit holds for RAM alone; with it, swap must not stretch it.
                        write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                    }
                }
            }
        } catch (IOException e) {
            dirs.values().forEach(Cgroups::removeQuietly);
            throw new UncheckedIOException("cannot create control group " + name, e);
        }
        return new Group(version, name, limits, dirs);
    }

    /** One control group: the processes put in it share its limits, and its accounting covers all of them. */
    public static final class Group implements AutoCloseable {

        private final Version version;
        private final String name;
        private final Limits limits;
        private final Map<String, Path> dirs;

        private Group(Version version, String name, Limits limits, Map<String, Path> dirs) {
            this.version = version;
            this.name = name;
            this.limits = limits;
            this.dirs = Map.copyOf(dirs);
        }

        public String name() {
            return name;
        }

        public Limits limits() {
            return limits;
        }

        /**
         * The command, made to enter this group before it runs: a shell writes its own pid into the group and then
         * execs the command, so the process and everything it starts are limited from their first instruction.
         */
        public List<String> wrap(List<String> command) {
            StringBuilder script = new StringBuilder();
            for (Path dir : dirs.values()) {
                script.append("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' || exit 97; ");
            }
            script.append("exec \"$@\"");
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "cgroup-enter"));
            wrapped.addAll(command);
            return wrapped;
        }

        /** Moves a running process into this group (its future children follow it). */
        public void add(long pid) {
            for (Path dir : dirs.values()) {
                try {
                    write(dir.resolve("cgroup.procs"), Long.toString(pid));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + pid + " into " + dir, e);
                }
            }
        }

        /** The processes in the group now. */
        public List<Long> pids() {
            Path dir = dirs.values().iterator().next();
            try {
                return Files.readAllLines(dir.resolve("cgroup.procs")).stream()
                        .filter(line -> !line.isBlank())
                        .map(line -> Long.valueOf(line.trim()))
                        .toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        /** CPU time used by every process that ran in the group, in seconds. */
        public double cpuSeconds() {
            if (version == Version.V2) {
                return stat(dirs.get("unified").resolve("cpu.stat"), "usage_usec") / 1e6;
            }
            return readLong(dirs.get("cpuacct").resolve("cpuacct.usage")) / 1e9;
        }

        /** Scheduling periods in which the group was throttled at its quota, and how many periods it ran in. */
        public long throttledPeriods() {
            Path dir = version == Version.V2 ? dirs.get("unified") : dirs.get("cpu");
            return stat(dir.resolve("cpu.stat"), "nr_throttled");
        }

        public long periods() {
            Path dir = version == Version.V2 ? dirs.get("unified") : dirs.get("cpu");
            return stat(dir.resolve("cpu.stat"), "nr_periods");
        }

        /** The group's peak memory in bytes, as the kernel charged it (what Lambda reports as Max Memory Used). */
        public long memoryPeakBytes() {
            if (version == Version.V2) {
                return readLong(dirs.get("unified").resolve("memory.peak"));
            }
            return readLong(dirs.get("memory").resolve("memory.max_usage_in_bytes"));
        }

        /** How many processes of the group the kernel killed at its memory limit. */
        public long oomKills() {
            if (version == Version.V2) {
                return stat(dirs.get("unified").resolve("memory.events"), "oom_kill");
            }
            return stat(dirs.get("memory").resolve("memory.oom_control"), "oom_kill");
        }

        /** Removes the group; its processes must have exited (or been killed) first. */
        @Override
        public void close() {
            dirs.values().forEach(Cgroups::removeQuietly);
        }
    }

    /** Lines of /proc/self/cgroup: v1 {@code 4:memory:/a/b}, v2 {@code 0::/a/b}; controller → path. */
    static Map<String, String> ownGroups(List<String> lines) {
        Map<String, String> own = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            for (String controller : parts[1].split(",")) {
                own.put(controller, parts[2]);
            }
        }
        return own;
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** A {@code key value} line of a cgroup stat file; 0 when the file or the key is absent. */
    private static long stat(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // absent: nothing accounted
        }
        return 0;
    }

    private static void removeQuietly(Path dir) {
        try {
            // A cgroup directory is removed with rmdir alone; its control files are not real files.
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // still has processes, or already gone: the kernel keeps it until empty
        }
    }
}
