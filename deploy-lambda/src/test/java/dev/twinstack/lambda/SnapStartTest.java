package dev.twinstack.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import dev.twinstack.platform.ColdStart;
import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshot and restore as Lambda's managed runtime drives it: through the CRaC context of AWS's runtime interface
 * client (org.crac is pointed at it by the build), with every database backend killed in between, as when a snapshot is
 * restored hours later.
 */
@QuarkusTest
class SnapStartTest {

    private static final String FUNCTION_CONNECTIONS =
            "select count(*) from pg_stat_activity where application_name = 'twinstack'";

    @InjectTestDatabase
    TestDatabase db;

    /** The runtime interface client loads its native part when it starts; its CRaC context needs it (DNS cache). */
    @BeforeAll
    static void startLikeTheRuntimeInterfaceClient() {
        JniHelper.load();
    }

    @Test
    void restoredEnvironmentServesOnANewConnectionAndMarksItsFirstRequestCold() throws Exception {
        given().get("/api/users?limit=1").then().statusCode(200);
        long backendBefore = functionBackendPid();

        Core.getGlobalContext().beforeCheckpoint(null);
        assertEquals(0, db.count(FUNCTION_CONNECTIONS), "the snapshot holds no database connection");
        terminateEveryBackend();
        Core.getGlobalContext().afterRestore(null);

        given().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, equalTo("true"));
        long backendAfter = functionBackendPid();
        assertTrue(backendAfter != backendBefore, "served on a new connection");
        given().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, (String) null);
    }

    @Test
    void checkpointsWithTheDatabaseDownAndServesOnceItIsBack() throws Exception {
        assumeTrue(db.canStopAndStart(), "the test database cannot be stopped (given by URL)");
        given().get("/api/users?limit=1").then().statusCode(200);

        db.stop();
        try {
            Core.getGlobalContext().beforeCheckpoint(null);
        } finally {
            db.start();
        }
        Core.getGlobalContext().afterRestore(null);

        given().get("/api/users?limit=1").then().statusCode(200);
    }

    private long functionBackendPid() {
        return db.count("select coalesce(max(pid), 0) from pg_stat_activity where application_name = 'twinstack'");
    }

    private void terminateEveryBackend() throws SQLException {
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where pid <> pg_backend_pid() and backend_type = 'client backend'");
        }
    }
}
