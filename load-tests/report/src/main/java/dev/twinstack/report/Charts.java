package dev.twinstack.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Cost;
import dev.twinstack.results.Drill;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.PoolSample;
import dev.twinstack.results.ReplicaCount;
import dev.twinstack.results.Second;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * ECharts options for each chart on the page. Colours are the Okabe–Ito palette (safe for the common colour-vision
 * deficiencies); lines also differ by dash style and marker, bars by decal pattern, so the charts survive black-and-white
 * printing. Every axis names its unit.
 */
final class Charts {

    static final String BLACK = "#000000";
    static final String ORANGE = "#E69F00";
    static final String SKY = "#56B4E9";
    static final String GREEN = "#009E73";
    static final String BLUE = "#0072B2";
    static final String VERMILLION = "#D55E00";
    static final String PURPLE = "#CC79A7";
    static final String GREY = "#777777";

    private static final String TIME_AXIS = "time since the load started (s)";

    /** A fixed colour per error cause, so a cause looks the same in every target's chart. */
    static String colour(ErrorCause cause) {
        return switch (cause) {
            case THROTTLE -> ORANGE;
            case SATURATION -> VERMILLION;
            case TIMEOUT -> PURPLE;
            case INTEGRATION_TIMEOUT -> BLUE;
            case FUNCTION_ERROR -> GREEN;
            case SERVER_ERROR -> BLACK;
            case NO_RESPONSE -> SKY;
            case CLIENT_ERROR -> GREY;
        };
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Charts() {}

    /** Latency percentiles per second (ms); only when the lab wrote per-second percentiles. */
    static ObjectNode latencyOverTime(TargetResult target, Figures.Axes axes) {
        ObjectNode chart = base("ms", TIME_AXIS, axes.timeMaxS(), "latency (ms, log scale)", axes.latencyMaxMs());
        // Log scale: warm requests take milliseconds, cold ones seconds; a linear axis would flatten the warm ones.
        chart.set("yAxis", logLatencyAxis(axes));
        ArrayNode series = chart.putArray("series");
        List<Second> timeline = target.requests().timeline();
        series.add(line(
                "p50",
                BLUE,
                "solid",
                "circle",
                points(timeline, s -> s.t(), s -> s.p50().orElse(null))));
        series.add(line(
                "p95",
                ORANGE,
                "dashed",
                "triangle",
                points(timeline, s -> s.t(), s -> s.p95().orElse(null))));
        series.add(line(
                "p99",
                VERMILLION,
                "dotted",
                "diamond",
                points(timeline, s -> s.t(), s -> s.p99().orElse(null))));
        return chart;
    }

    /** Cold against warm latency at each percentile the lab computed, on a log axis (cold is seconds, warm is ms). */
    static ObjectNode coldVsWarm(TargetResult target, Figures.Axes axes) {
        ObjectNode chart = categoryChart("ms", "percentile of requests", List.of("p50", "p95", "p99", "max"));
        chart.set("yAxis", logLatencyAxis(axes));
        ArrayNode series = chart.putArray("series");
        series.add(percentileBars("warm", SKY, target.requests().latencyMs().warm()));
        series.add(percentileBars(
                "cold (first request of an instance)",
                VERMILLION,
                target.requests().latencyMs().cold()));
        return chart;
    }

    /**
     * How cold starts spread: client-observed latency of each instance's first request, and Lambda's Init Duration (an
     * on-demand init) or Restore Duration (a SnapStart restore).
     */
    static ObjectNode coldStartHistogram(TargetResult target, Figures.Axes axes) {
        long w = axes.coldBinWidthMs();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < axes.coldBins(); i++) {
            labels.add(binLabel(i, w));
        }
        ObjectNode chart = categoryChart(
                "cold starts",
                "client-observed latency, Init or Restore Duration (%s)".formatted(w % 1000 == 0 ? "s" : "ms"),
                labels);
        int[] client = Figures.histogram(target.requests().coldLatenciesMs(), axes.coldBinWidthMs(), axes.coldBins());
        int[] init = Figures.histogram(Figures.initDurations(target), axes.coldBinWidthMs(), axes.coldBins());
        ObjectNode y = axis("value", "cold starts (count)", "{value}");
        y.put("min", 0).put("max", Math.max(1, axes.coldCountMax())).put("minInterval", 1);
        chart.set("yAxis", y);
        ArrayNode series = chart.putArray("series");
        series.add(bars("client-observed latency", VERMILLION, client));
        if (!Figures.initDurations(target).isEmpty()) {
            series.add(bars("Init Duration (Lambda REPORT)", BLUE, init));
        }
        List<Double> restores = Figures.restoreDurations(target);
        if (!restores.isEmpty()) {
            series.add(bars(
                    "Restore Duration (Lambda REPORT)",
                    GREEN,
                    Figures.histogram(restores, axes.coldBinWidthMs(), axes.coldBins())));
        }
        return chart;
    }

    /** The target's server connections by state, against max_connections, the PgBouncer pool and the budget. */
    static ObjectNode connections(TargetResult target, int maxConnections, Figures.Axes axes) {
        ObjectNode chart = base(
                "connections", TIME_AXIS, axes.timeMaxS(), "server connections (count)", axes.connectionsMax() * 1.1);
        ArrayNode series = chart.putArray("series");
        List<ConnectionSample> samples = target.connections();
        ObjectNode total =
                line("total", BLACK, "solid", "circle", points(samples, ConnectionSample::t, c -> c.total()));
        ArrayNode limits = JSON.arrayNode();
        limits.add(limit("max_connections = " + maxConnections, maxConnections, VERMILLION, "dashed"));
        Figures.pool(target)
                .map(p -> p.poolSize())
                .ifPresent(p -> limits.add(limit("PgBouncer pool = " + p, p, ORANGE, "dotted")));
        target.budget()
                .map(b -> b.predicted())
                .ifPresent(p -> limits.add(limit("predicted worst case = " + p, p, PURPLE, "dashed")
                        .<ObjectNode>set("label", label("predicted worst case = " + p, "insideStartTop"))));
        withLimits(total, limits);
        series.add(total);
        series.add(line("active", BLUE, "dashed", "triangle", points(samples, ConnectionSample::t, c -> c.active())));
        series.add(line("idle", GREEN, "dotted", "rect", points(samples, ConnectionSample::t, c -> c.idle())));
        series.add(line(
                "idle in transaction",
                PURPLE,
                "dashdot",
                "diamond",
                points(samples, ConnectionSample::t, c -> c.idleInTransaction())));
        return chart;
    }

    /**
     * A deployment's CloudWatch metrics (Lambda's and the RDS Proxy's), one line each, at their own period: counts on
     * a shared axis ({@code yMax} across targets).
     */
    static ObjectNode cloudWatch(TargetResult target, double timeMax, double yMax) {
        ObjectNode chart = base("count", TIME_AXIS, timeMax, "count per period (CloudWatch)", yMax * 1.1);
        // Up to five legend entries: room for three rows of them above the plot.
        ((ObjectNode) chart.get("grid")).put("top", 96);
        ArrayNode series = chart.putArray("series");
        String[] colours = {BLACK, BLUE, VERMILLION, GREEN, PURPLE, ORANGE};
        String[] dashes = {"solid", "dashed", "dotted", "dashdot", "solid", "dashed"};
        String[] symbols = {"circle", "triangle", "rect", "diamond", "circle", "triangle"};
        List<MetricSeries> metrics = Figures.cloudWatchMetrics(target);
        for (int i = 0; i < metrics.size(); i++) {
            MetricSeries m = metrics.get(i);
            series.add(line(
                    shortName(m),
                    colours[i % colours.length],
                    dashes[i % dashes.length],
                    symbols[i % symbols.length],
                    points(m.points(), MetricPoint::t, MetricPoint::value)));
        }
        return chart;
    }

    /**
     * The hybrid target's sides' server connections stacked (one area per side on one time grid), under the target's
     * summed bound (both sides' worst cases added) and max_connections.
     */
    static ObjectNode hybridConnections(TargetResult target, int maxConnections, Figures.Axes axes) {
        Gateway gateway = target.extras().gateway().orElseThrow();
        List<HybridTable.Stacked> rows = HybridTable.stacked(gateway);
        long bound = target.budget().map(b -> (long) b.predicted()).orElse(0L);
        double top = Math.max(
                maxConnections,
                Math.max(
                        bound,
                        rows.stream().mapToInt(HybridTable.Stacked::total).max().orElse(0)));
        ObjectNode chart =
                base("connections", TIME_AXIS, axes.timeMaxS(), "server connections (count, stacked)", top * 1.1);
        ArrayNode series = chart.putArray("series");
        String[] colours = {ORANGE, BLUE, GREEN, PURPLE};
        String[] fills = {"#F3D89A", "#A6C8E2", "#99D8C7", "#EBC9DC"};
        // Stacked here, not by ECharts (whose stack on two value axes adds up the times too): each side's line is the
        // sum of the sides below it and its own, filled opaque from zero and drawn before the sides below it.
        for (int i = gateway.sides().size() - 1; i >= 0; i--) {
            int upTo = i;
            GatewaySide side = gateway.sides().get(i);
            ObjectNode area = line(
                    side.side() + " (" + side.applicationName() + "*)" + (i == 0 ? "" : ", stacked"),
                    colours[i % colours.length],
                    "solid",
                    "none",
                    points(
                            rows,
                            HybridTable.Stacked::t,
                            r -> r.counts().subList(0, upTo + 1).stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()));
            area.put("step", "end");
            area.putObject("areaStyle").put("color", fills[i % fills.length]).put("opacity", 1);
            if (i == gateway.sides().size() - 1) {
                ArrayNode limits = JSON.arrayNode();
                limits.add(limit("max_connections = " + maxConnections, maxConnections, VERMILLION, "dashed"));
                if (bound > 0) {
                    limits.add(limit("summed bound = " + bound, bound, BLACK, "dashed")
                            .<ObjectNode>set("label", label("summed bound = " + bound, "insideStartTop")));
                }
                withLimits(area, limits);
            }
            series.add(area);
        }
        return chart;
    }

    /** A legend entry short enough for a quarter of the page; the section's text names the metrics in full. */
    static String shortName(MetricSeries m) {
        String what = switch (m.metric()) {
            case "ConcurrentExecutions" -> "concurrent executions";
            case "Throttles" -> "throttles";
            case "DatabaseConnections" -> "proxy's DB connections";
            case "ClientConnections" -> "proxy's clients";
            case "DatabaseConnectionsCurrentlySessionPinned" -> "pinned";
            default -> m.metric();
        };
        return "%s (%s)".formatted(what, m.statistic().toLowerCase(Locale.ROOT));
    }

    /** A collected Deployment's replicas and ready replicas, as sampled. */
    static ObjectNode deploymentReplicas(TargetResult target, double timeMax, double yMax) {
        ObjectNode chart = base("replicas", TIME_AXIS, timeMax, "replicas (count)", yMax * 1.1);
        ArrayNode series = chart.putArray("series");
        List<ReplicaCount> counts = Figures.collected(target)
                .flatMap(c -> c.cluster())
                .map(c -> c.replicas())
                .orElse(List.of());
        series.add(line("replicas", BLACK, "solid", "circle", points(counts, ReplicaCount::t, ReplicaCount::replicas)));
        series.add(line("ready", GREEN, "dashed", "triangle", points(counts, ReplicaCount::t, ReplicaCount::ready)));
        return chart;
    }

    /**
     * The lab's replicas over time as its HorizontalPodAutoscaler scaled them: pods, ready pods, endpoints in the
     * front's rotation, and each sync's desired count as a point.
     */
    static ObjectNode autoscaling(TargetResult target, double timeMax, double yMax) {
        ObjectNode chart = base("replicas", TIME_AXIS, timeMax, "replicas (count)", yMax * 1.1);
        ArrayNode series = chart.putArray("series");
        var a = target.extras().autoscaling().orElseThrow();
        var samples = a.timeline();
        series.add(line("pods", BLACK, "solid", "none", points(samples, s -> s.t(), s -> s.replicas())));
        series.add(line("ready", GREEN, "dashed", "none", points(samples, s -> s.t(), s -> s.ready())));
        series.add(line("in rotation", BLUE, "dotted", "none", points(samples, s -> s.t(), s -> s.inRotation())));
        ObjectNode decisions = line(
                "HPA desired (each sync)",
                ORANGE,
                "solid",
                "diamond",
                points(a.decisions(), d -> d.t(), d -> d.desired()));
        decisions.putObject("lineStyle").put("width", 0).put("color", ORANGE);
        decisions.put("symbolSize", 9);
        series.add(decisions);
        return chart;
    }

    /** PgBouncer's clients and server connections over time, against the pool size. */
    static ObjectNode pgbouncer(TargetResult target, Figures.Axes axes) {
        ObjectNode chart =
                base("connections", TIME_AXIS, axes.timeMaxS(), "PgBouncer connections (count)", axes.poolMax() * 1.1);
        ArrayNode series = chart.putArray("series");
        List<PoolSample> samples = Figures.poolSamples(target);
        ObjectNode servers = line(
                "server connections (sv_active + sv_idle + sv_used)",
                BLACK,
                "solid",
                "circle",
                points(samples, PoolSample::t, PoolSample::servers));
        Figures.pool(target)
                .map(p -> p.poolSize())
                .ifPresent(pool -> withLimits(
                        servers, JSON.arrayNode().add(limit("pool_size = " + pool, pool, ORANGE, "dotted"))));
        series.add(servers);
        series.add(line("sv_active", GREEN, "dashed", "rect", points(samples, PoolSample::t, s -> s.serversActive())));
        series.add(line(
                "cl_active (clients)",
                BLUE,
                "dotted",
                "triangle",
                points(samples, PoolSample::t, s -> s.clientsActive())));
        series.add(line(
                "cl_waiting (clients)",
                VERMILLION,
                "dashdot",
                "diamond",
                points(samples, PoolSample::t, s -> s.clientsWaiting())));
        return chart;
    }

    /** Requests per second as a line, errors per second as bars stacked by cause where the lab splits them. */
    static ObjectNode throughput(TargetResult target, Figures.Axes axes) {
        ObjectNode chart = base(
                "requests/s", TIME_AXIS, axes.timeMaxS(), "requests per second", axes.requestsPerSecondMax() * 1.1);
        ArrayNode series = chart.putArray("series");
        List<Second> timeline = target.requests().timeline();
        ObjectNode requests = line("requests/s", BLUE, "solid", "none", points(timeline, s -> s.t(), Second::requests));
        requests.putObject("areaStyle").put("opacity", 0.12);
        series.add(requests);
        Set<ErrorCause> causes = EnumSet.noneOf(ErrorCause.class);
        timeline.forEach(s -> causes.addAll(s.errorsByCause().keySet()));
        if (causes.isEmpty()) {
            series.add(errorBars("errors/s (all causes)", VERMILLION, points(timeline, s -> s.t(), Second::errors)));
        } else {
            for (ErrorCause cause : causes) {
                series.add(errorBars(
                        "errors/s: " + cause.label(),
                        colour(cause),
                        points(timeline, s -> s.t(), s -> s.errorsByCause().getOrDefault(cause, 0))));
            }
        }
        return chart;
    }

    /**
     * The throughput and errors chart with each drill's fault window shaded and named, so what the clients saw lines up
     * with when the fault was there.
     */
    static ObjectNode drillTimeline(TargetResult target, Figures.Axes axes) {
        ObjectNode chart = throughput(target, axes);
        ObjectNode requests = (ObjectNode) chart.get("series").get(0);
        ObjectNode area = requests.putObject("markArea");
        area.put("silent", true);
        area.putObject("itemStyle").put("color", VERMILLION).put("opacity", 0.15);
        area.putObject("label").put("position", "insideTop").put("color", BLACK);
        ArrayNode windows = area.putArray("data");
        for (Drill drill : target.drills()) {
            ArrayNode window = windows.addArray();
            window.addObject().put("name", drill.name()).put("xAxis", drill.startS());
            // A window shorter than a pixel still shows: at least a tenth of a second wide.
            window.addObject().put("xAxis", Math.max(drill.endS(), drill.startS() + 0.1));
        }
        return chart;
    }

    /** Monthly cost of each target at each volume, on log axes, with the crossover marked. */
    static ObjectNode cost(Cost cost) {
        ObjectNode chart = framed("USD/month");
        // Volumes in millions keep the log axis's labels short enough to fit.
        ObjectNode x = axis("log", "requests per month (millions, log scale)", "{value} M");
        x.put("nameGap", 28);
        chart.set("xAxis", x);
        ObjectNode y = axis("log", "projected cost (USD/month, log scale)", "${value}");
        y.put("nameGap", 72);
        chart.set("yAxis", y);
        ArrayNode series = chart.putArray("series");
        String[][] styles = {{ORANGE, "solid", "circle"}, {BLUE, "dashed", "triangle"}, {GREEN, "dotted", "rect"}};
        int i = 0;
        for (Map.Entry<String, List<Double>> target : cost.monthlyUsd().entrySet()) {
            String[] style = styles[i++ % styles.length];
            ArrayNode data = JSON.arrayNode();
            for (int v = 0;
                    v < Math.min(cost.volumes().size(), target.getValue().size());
                    v++) {
                data.add(JSON.arrayNode()
                        .add(cost.volumes().get(v) / 1e6)
                        .add(target.getValue().get(v)));
            }
            ObjectNode line = line(target.getKey(), style[0], style[1], style[2], data);
            if (i == 1 && cost.crossoverRequestsPerMonth().isPresent()) {
                ObjectNode cross = JSON.objectNode()
                        .put("xAxis", cost.crossoverRequestsPerMonth().get() / 1e6);
                cross.set("label", label("crossover", "insideEndTop"));
                cross.putObject("lineStyle").put("color", GREY).put("type", "dashed");
                withLimits(line, JSON.arrayNode().add(cross));
            }
            series.add(line);
        }
        return chart;
    }

    private static ObjectNode base(String unit, String xName, double xMax, String yName, double yMax) {
        ObjectNode chart = framed(unit);
        ObjectNode x = axis("value", xName, "{value} s");
        x.put("min", 0).put("max", Math.max(1, Math.ceil(xMax)));
        x.put("nameLocation", "middle").put("nameGap", 28);
        chart.set("xAxis", x);
        ObjectNode y = axis("value", yName, "{value}");
        y.put("min", 0).put("max", niceCeiling(yMax));
        chart.set("yAxis", y);
        return chart;
    }

    private static ObjectNode logLatencyAxis(Figures.Axes axes) {
        ObjectNode y = axis("log", "latency (ms, log scale)", "{value} ms");
        y.put("min", 1);
        y.put("max", Math.pow(10, Math.ceil(Math.log10(Math.max(10, axes.latencyMaxMs())))));
        y.put("nameGap", 72);
        return y;
    }

    /** A bin's label: in seconds when bins are whole seconds wide, so labels stay short enough to all show. */
    static String binLabel(int bin, long widthMs) {
        return widthMs % 1000 == 0
                ? "%d–%d".formatted(bin * widthMs / 1000, (bin + 1) * widthMs / 1000)
                : "%d–%d".formatted(bin * widthMs, (bin + 1) * widthMs);
    }

    private static ObjectNode categoryChart(String unit, String xName, List<String> categories) {
        ObjectNode chart = framed(unit);
        ObjectNode x = chart.putObject("xAxis");
        x.put("type", "category")
                .put("name", xName)
                .put("nameLocation", "middle")
                .put("nameGap", 28);
        x.putObject("axisLabel").put("interval", 0);
        ArrayNode data = x.putArray("data");
        categories.forEach(data::add);
        return chart;
    }

    /** A chart with its legend on top, an axis tooltip and room for the axis names. */
    private static ObjectNode framed(String unit) {
        ObjectNode chart = chart(unit);
        chart.putObject("legend").put("top", 0);
        chart.putObject("tooltip").put("trigger", "axis");
        chart.set("grid", grid());
        return chart;
    }

    private static ObjectNode chart(String unit) {
        ObjectNode chart = JSON.objectNode();
        // Read by the page's script to put the unit beside every tooltip value.
        chart.put("unit", unit);
        chart.put("animation", false);
        chart.putArray("color")
                .add(BLUE)
                .add(ORANGE)
                .add(VERMILLION)
                .add(GREEN)
                .add(PURPLE)
                .add(SKY);
        chart.putObject("textStyle").put("fontSize", 12);
        ObjectNode aria = chart.putObject("aria");
        aria.put("enabled", true);
        aria.putObject("decal").put("show", true);
        return chart;
    }

    private static ObjectNode grid() {
        ObjectNode grid = JSON.objectNode();
        grid.put("left", 92).put("right", 24).put("top", 64).put("bottom", 48);
        return grid;
    }

    private static ObjectNode axis(String type, String name, String labelFormat) {
        ObjectNode axis = JSON.objectNode();
        axis.put("type", type).put("name", name).put("nameLocation", "middle").put("nameGap", 48);
        axis.putObject("axisLabel").put("formatter", labelFormat);
        return axis;
    }

    private static ObjectNode line(String name, String colour, String dash, String symbol, ArrayNode data) {
        ObjectNode s = JSON.objectNode();
        s.put("name", name).put("type", "line").put("symbol", symbol).put("symbolSize", 6);
        s.put("connectNulls", false);
        s.put("color", colour);
        ObjectNode style = s.putObject("lineStyle").put("color", colour).put("width", 2);
        if ("dashdot".equals(dash)) {
            style.putArray("type").add(8).add(4).add(2).add(4);
        } else {
            style.put("type", dash);
        }
        s.set("data", data);
        return s;
    }

    /** Horizontal or vertical reference lines drawn with a series: limits, not data, so they take no tooltip. */
    private static void withLimits(ObjectNode series, ArrayNode limits) {
        if (!limits.isEmpty()) {
            ObjectNode markLine = series.putObject("markLine");
            markLine.put("symbol", "none").put("silent", true);
            markLine.set("data", limits);
        }
    }

    private static ObjectNode limit(String label, long value, String colour, String dash) {
        ObjectNode line = JSON.objectNode();
        line.put("yAxis", value).put("name", label);
        line.set("label", label(label, "insideEndTop"));
        line.putObject("lineStyle").put("color", colour).put("type", dash).put("width", 2);
        return line;
    }

    private static ObjectNode label(String text, String position) {
        ObjectNode label = JSON.objectNode();
        label.put("formatter", text).put("position", position);
        return label;
    }

    private static ObjectNode bars(String name, String colour, int[] counts) {
        ObjectNode s = JSON.objectNode();
        s.put("name", name).put("type", "bar").put("color", colour);
        ArrayNode data = s.putArray("data");
        for (int c : counts) {
            data.add(c);
        }
        return s;
    }

    private static ObjectNode errorBars(String name, String colour, ArrayNode data) {
        ObjectNode s = JSON.objectNode();
        s.put("name", name).put("type", "bar").put("stack", "errors").put("color", colour);
        s.put("barMaxWidth", 8);
        s.set("data", data);
        return s;
    }

    private static ObjectNode percentileBars(String name, String colour, Percentiles p) {
        ObjectNode s = JSON.objectNode();
        s.put("name", name).put("type", "bar").put("color", colour);
        ArrayNode data = s.putArray("data");
        if (p.count() > 0) {
            data.add(p.p50()).add(p.p95()).add(p.p99()).add(p.max());
        }
        return s;
    }

    private static <T> ArrayNode points(List<T> items, ToDoubleFunction<T> x, Function<T, ? extends Number> y) {
        ArrayNode data = JSON.arrayNode();
        for (T item : items) {
            Number v = y.apply(item);
            ArrayNode point = data.addArray().add(x.applyAsDouble(item));
            if (v == null) {
                point.addNull();
            } else {
                point.add(v.doubleValue());
            }
        }
        return data;
    }

    /** A round upper bound (1, 2, 2.5 or 5 × a power of ten) so shared axes get readable ticks. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
