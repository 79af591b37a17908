package dev.twinstack.fork;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a fork inherits besides code: a license that lets it use the project (Apache-2.0, as Quarkus), a security
 * policy, contribution rules, and dependency updates that cover every kind of dependency the project has.
 */
class HygieneTest {

    @Test
    void licenseIsApache2() throws IOException {
        String license = Files.readString(Project.ROOT.resolve("LICENSE"));

        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"));
        assertTrue(license.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"), "the full text");
    }

    @Test
    void securityPolicyAndContributionRulesExist() throws IOException {
        assertTrue(Files.readString(Project.ROOT.resolve("SECURITY.md")).contains("Reporting a vulnerability"));
        String contributing = Files.readString(Project.ROOT.resolve("CONTRIBUTING.md"));
        assertTrue(contributing.contains("-Pfull") && contributing.contains("spotless:apply"), "tiers and formatting");
        assertTrue(contributing.contains("-Plab"), "how to run the lab");
    }

    /** Renovate covers Maven, the workflows' actions, and the image's base in both the Dockerfile and Jib. */
    @Test
    void dependencyUpdatesCoverMavenActionsAndTheImagesBase() throws IOException {
        JsonNode renovate = new ObjectMapper()
                .readTree(Project.ROOT.resolve("renovate.json").toFile());
        String dockerfile = Files.readString(Project.ROOT.resolve("deploy-k8s/src/main/docker/Dockerfile"));
        String pom = Files.readString(Project.ROOT.resolve("deploy-k8s/pom.xml"));
        int baseImageManagers = 0;

        for (JsonNode manager : renovate.path("customManagers")) {
            for (JsonNode match : manager.path("matchStrings")) {
                Pattern pattern = Pattern.compile(match.asText().replace("(?<", "(?<"));
                Matcher inDockerfile = pattern.matcher(dockerfile);
                Matcher inPom = pattern.matcher(pom);
                if (inDockerfile.find() || inPom.find()) {
                    baseImageManagers++;
                }
            }
        }
        assertTrue(baseImageManagers >= 2, "the Dockerfile's and Jib's base image are both found by a manager");
        assertTrue(renovate.path("extends").toString().contains("config:recommended"), "Maven and Actions managers");
        assertTrue(Files.exists(Project.ROOT.resolve("pom.xml"))
                && Files.exists(Project.ROOT.resolve(".github/workflows")));
    }

    @Test
    void samDeploySettingsHaveAnExampleAndNoRealOne() {
        assertTrue(Files.exists(Project.ROOT.resolve("deploy-lambda/samconfig.toml.example")));
        assertTrue(
                !Files.exists(Project.ROOT.resolve("deploy-lambda/samconfig.toml"))
                        || isIgnored("deploy-lambda/samconfig.toml"),
                "a real samconfig.toml holds an account's values: keep it out of version control");
    }

    private static boolean isIgnored(String path) {
        try {
            return Files.readString(Project.ROOT.resolve(".gitignore")).contains("samconfig.toml");
        } catch (IOException e) {
            return false;
        }
    }
}
