package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.toolkit.RdsProxyPinning.Reason;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RdsProxyPinningTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SET application_name = 'x'|SESSION_PARAMETER",
                "set extra_float_digits = 3|SESSION_PARAMETER",
                "SET LOCAL statement_timeout = 1000|SESSION_PARAMETER",
                "RESET search_path|SESSION_PARAMETER",
                "SELECT set_config('search_path', 'public', false)|SESSION_PARAMETER",
                "PREPARE q AS SELECT 1|PREPARED_STATEMENT",
                "EXECUTE q|PREPARED_STATEMENT",
                "DEALLOCATE ALL|PREPARED_STATEMENT",
                "CREATE TEMP TABLE t (id int)|TEMPORARY_OBJECT",
                "create temporary sequence s|TEMPORARY_OBJECT",
                "CREATE OR REPLACE TEMP VIEW v AS SELECT 1|TEMPORARY_OBJECT",
                "CREATE GLOBAL TEMPORARY TABLE t (id int)|TEMPORARY_OBJECT",
                "SELECT 1 AS x INTO TEMP t|TEMPORARY_OBJECT",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1|CURSOR",
                "DECLARE c NO SCROLL CURSOR FOR SELECT 1|CURSOR",
                "DISCARD ALL|DISCARD",
                "LISTEN orders|LISTEN",
                "LOAD 'auto_explain'|LOAD_LIBRARY",
                "SELECT nextval('users_id_seq')|SEQUENCE_FUNCTION",
                "SELECT setval('s', 10)|SEQUENCE_FUNCTION",
                "SELECT currval('s')|SEQUENCE_FUNCTION",
                "SELECT pg_advisory_lock(42)|ADVISORY_LOCK",
                "SELECT pg_try_advisory_lock(42)|ADVISORY_LOCK",
                "SELECT pg_advisory_unlock(42)|ADVISORY_LOCK",
                "SELECT pg_advisory_lock_shared(42)|ADVISORY_LOCK",
                "BEGIN; SET search_path = x; COMMIT|SESSION_PARAMETER",
                "/* leading */ SET search_path = x|SESSION_PARAMETER",
            })
    void findsEachDocumentedCondition(String sql, Reason expected) {
        assertEquals(Set.of(expected), RdsProxyPinning.ofStatement(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "BEGIN",
                "COMMIT",
                "select u1_0.id,u1_0.email from users u1_0 where u1_0.id=$1",
                "insert into users (created_at,email,name) values ($1,$2,$3) RETURNING *",
                "UPDATE orders SET status = $1 WHERE id = $2",
                "INSERT INTO notes (text) VALUES ('SET search_path = x; LISTEN y')",
                "SELECT 'nextval(' || $1",
                "SELECT \"setval\"(1)",
                "SELECT 1 -- SET search_path = x",
                "SELECT /* DISCARD ALL; */ 1",
                "CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM pg_advisory_lock(1); END $body$ LANGUAGE plpgsql",
                "SELECT E'it\\'s; SET x = 1'",
                "SELECT pg_advisory_xact_lock(42)",
                "SELECT pg_try_advisory_xact_lock_shared(42)",
                "SHOW search_path",
                "CREATE TABLE temp_orders (id int)",
                "CLOSE c",
                "SELECT * FROM users WHERE name = $1 FOR UPDATE",
            })
    void leavesStatementsThatDoNotPinAlone(String sql) {
        assertEquals(Set.of(), RdsProxyPinning.ofStatement(sql), sql);
    }

    @Test
    void pinsOnANamedStatementButNotOnTheUnnamedOne() {
        assertEquals(Set.of(Reason.PREPARED_STATEMENT), RdsProxyPinning.ofParse("S_1", "SELECT 1"));
        assertEquals(Set.of(), RdsProxyPinning.ofParse("", "SELECT 1"));
        assertEquals(Set.of(Reason.SESSION_PARAMETER), RdsProxyPinning.ofParse("", "SET TIME ZONE 'UTC'"));
    }

    @Test
    void pinsOnAStatementTextOver16Kilobytes() {
        String at = "SELECT '" + "x".repeat(RdsProxyPinning.MAX_STATEMENT_BYTES - 9) + "'";
        String over = "SELECT '" + "x".repeat(RdsProxyPinning.MAX_STATEMENT_BYTES - 8) + "'";

        assertEquals(RdsProxyPinning.MAX_STATEMENT_BYTES, at.length());
        assertEquals(Set.of(), RdsProxyPinning.ofStatement(at));
        assertEquals(Set.of(Reason.STATEMENT_OVER_16_KB), RdsProxyPinning.ofStatement(over));
    }
}
