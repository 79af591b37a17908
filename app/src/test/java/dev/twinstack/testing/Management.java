package dev.twinstack.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the management endpoints ({@code /q/health}, {@code /q/metrics}, {@code /q/openapi}): on the API's
 * port, unless a build serves them on a port of their own ({@code quarkus.management.enabled}) and names it in the
 * system property {@value #PORT_PROPERTY}.
 */
public final class Management {

    public static final String PORT_PROPERTY = "twinstack.management-port";

    private Management() {}

    public static RequestSpecification given() {
        String port = System.getProperty(PORT_PROPERTY);
        return port == null
                ? RestAssured.given()
                : RestAssured.given().baseUri("http://localhost").port(Integer.parseInt(port));
    }
}
