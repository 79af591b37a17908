package dev.twinstack.docs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A small picocli command with a subcommand: the fixture the options check is proven on. */
@Command(name = "fixture", mixinStandardHelpOptions = true, subcommands = FixtureCommand.Run.class)
class FixtureCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"})
    int port;

    @Option(names = "--idle")
    String idle;

    @Override
    public Integer call() {
        return 0;
    }

    @Command(name = "run")
    static class Run implements Callable<Integer> {

        @Option(names = "--records")
        String records;

        @Override
        public Integer call() {
            return 0;
        }
    }
}
