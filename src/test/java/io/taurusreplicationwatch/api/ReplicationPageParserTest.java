package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ReplicationPageParser}: both documented shapes of a page, and every way an answer can be unusable. */
class ReplicationPageParserTest {

    /** The 200 example of the API page, verbatim. */
    private static final String PAGE_EXAMPLE = """
            {
              "total_count" : 1,
              "replications" : [ {
                "source_database" : "source_database",
                "target_database" : "target_database",
                "task_name" : "task_name",
                "status" : "Yes",
                "stage" : "Incremental",
                "percentage" : 100,
                "catchup_stage" : null,
                "catchup_percentage" : 0
              } ],
              "ext_text" : null
            }
            """;

    private final ReplicationPageParser parser = new ReplicationPageParser(Clock.systemUTC());

    private ApiErrorException failure(int status, String body) {
        return catchThrowableOfType(ApiErrorException.class, () -> parser.parse(status, bytes(body), "req-1"));
    }

    @Test
    void should_parse_the_api_pages_own_example() {
        ReplicationPage page = parser.parse(200, bytes(PAGE_EXAMPLE), "req-1");

        assertThat(page.totalCount()).isEqualTo(1);
        assertThat(page.entries()).isEqualTo(1);
        assertThat(page.invalidEntries()).isZero();
        assertThat(page.tasks()).singleElement().satisfies(task -> {
            assertThat(task.taskName()).isEqualTo("task_name");
            assertThat(task.sourceDatabase()).isEqualTo("source_database");
            assertThat(task.targetDatabase()).isEqualTo("target_database");
            assertThat(task.status()).isEqualTo("yes");
            assertThat(task.stage()).isEqualTo("incremental");
            assertThat(task.percentage()).isEqualTo(100L);
            assertThat(task.catchupStage()).isNull();
            assertThat(task.catchupPercentage()).isEqualTo(0L);
            assertThat(task.extraFields()).isEmpty();
        });
    }

    @Test
    void should_parse_the_sdk_shape_with_strings() {
        ReplicationPage page = parser.parse(200, bytes("""
                {"total_count": "2", "replications": [
                  {"task_name": "t1", "status": "Yes", "stage": "incremental", "percentage": "100",
                   "catchup_stage": "wait", "catchup_percentage": "0"},
                  {"task_name": "t2", "status": "No", "stage": "full", "percentage": "37.5",
                   "catchup_stage": null, "catchup_percentage": null}
                ], "ext_text": "x"}
                """), null);

        assertThat(page.totalCount()).isEqualTo(2);
        assertThat(page.entries()).isEqualTo(2);
        assertThat(page.tasks()).extracting(TaskSnapshot::taskName).containsExactly("t1", "t2");
        assertThat(page.tasks().get(0).percentage()).isEqualTo(100L);
        assertThat(page.tasks().get(0).catchupPercentage()).isEqualTo(0L);
        assertThat(page.tasks().get(1).percentage()).isEqualTo(37.5d);
        assertThat(page.tasks().get(1).status()).isEqualTo("no");
    }

    @Test
    void should_read_null_replications_with_total_zero_as_an_empty_page() {
        ReplicationPage page = parser.parse(200, bytes("{\"total_count\": 0, \"replications\": null}"), null);

        assertThat(page.totalCount()).isZero();
        assertThat(page.tasks()).isEmpty();
        assertThat(page.entries()).isZero();
        assertThat(page.invalidEntries()).isZero();
    }

    @Test
    void should_reject_missing_replications_when_total_count_says_there_are_tasks() {
        ApiErrorException error = failure(200, "{\"total_count\": 5}");

        assertThat(error).isNotNull();
        assertThat(error.errorCode()).isEqualTo(ApiErrorException.MALFORMED_RESPONSE);
        assertThat(error.httpStatus()).isEqualTo(200);
        assertThat(error.requestId()).isEqualTo("req-1");
    }

    @Test
    void should_reject_a_body_that_is_not_json() {
        ApiErrorException error = failure(200, "this is not json");

        assertThat(error).isNotNull();
        assertThat(error.errorCode()).isEqualTo(ApiErrorException.MALFORMED_RESPONSE);
        assertThat(error.errorMessage()).contains("this is not json");
    }

    @Test
    void should_reject_truncated_json_and_a_json_array() {
        assertThat(failure(200, "{\"total_count\": 1, \"replications\": [").errorCode())
                .isEqualTo(ApiErrorException.MALFORMED_RESPONSE);
        assertThat(failure(200, "[1, 2]").errorCode()).isEqualTo(ApiErrorException.MALFORMED_RESPONSE);
        assertThat(failure(200, "{\"total_count\": 1, \"replications\": {}}").errorCode())
                .isEqualTo(ApiErrorException.MALFORMED_RESPONSE);
    }

    @Test
    void should_report_an_empty_body_on_200() {
        assertThat(failure(200, "").errorCode()).isEqualTo(ApiErrorException.EMPTY_RESPONSE);
        assertThat(failure(200, "  \n").errorCode()).isEqualTo(ApiErrorException.EMPTY_RESPONSE);
    }

    @Test
    void should_report_the_services_error_code_message_status_and_request_id() {
        ApiErrorException error = catchThrowableOfType(ApiErrorException.class, () -> parser.parse(400,
                bytes("{\"error_code\":\"DBS.200022\",\"error_msg\":\"实例不存在\"}"), "0a1b2c3d-request"));

        assertThat(error).isNotNull();
        assertThat(error.errorCode()).isEqualTo("DBS.200022");
        assertThat(error.errorMessage()).isEqualTo("实例不存在");
        assertThat(error.httpStatus()).isEqualTo(400);
        assertThat(error.requestId()).isEqualTo("0a1b2c3d-request");
        assertThat(error).hasMessageContaining("DBS.200022").hasMessageContaining("0a1b2c3d-request");
    }

    @Test
    void should_report_an_html_gateway_error_by_its_status() {
        ApiErrorException error = failure(502, "<html><head><title>502 Bad Gateway</title></head>"
                + "<body><center><h1>502 Bad Gateway</h1></center></body></html>");

        assertThat(error).isNotNull();
        assertThat(error.errorCode()).isEqualTo("HTTP.502");
        assertThat(error.httpStatus()).isEqualTo(502);
        assertThat(error.errorMessage()).contains("502 Bad Gateway");
    }

    @Test
    void should_count_a_task_without_name_as_invalid_and_keep_the_others() {
        ReplicationPage page = parser.parse(200, bytes("""
                {"total_count": 4, "replications": [
                  {"task_name": "t1", "stage": "full"},
                  {"stage": "full"},
                  {"task_name": "  ", "stage": "full"},
                  {"task_name": "t4", "stage": "wait"}
                ]}
                """), null);

        assertThat(page.tasks()).extracting(TaskSnapshot::taskName).containsExactly("t1", "t4");
        assertThat(page.invalidEntries()).isEqualTo(2);
        assertThat(page.entries()).isEqualTo(4);
    }

    @ParameterizedTest(name = "total_count {0}")
    @ValueSource(strings = {"-1", "\"-5\"", "1000000000000", "\"1000000000000\"", "2147483648", "1.5",
        "\"1.5\"", "\"many\"", "\"\"", "true", "[3]", "{\"n\": 3}"})
    void should_hand_on_a_total_count_that_is_not_a_count_as_unusable_not_as_absent(String total) {
        ReplicationPage page = parser.parse(200, bytes("{\"total_count\": " + total
                + ", \"replications\": [{\"task_name\": \"t1\"}]}"), null);

        assertThat(page.totalCount()).isNull();
        assertThat(page.unusableTotalCount()).isNotNull();
        assertThat(page.tasks()).extracting(TaskSnapshot::taskName).containsExactly("t1");
    }

    @Test
    void should_keep_the_text_of_an_unusable_total_count() {
        assertThat(parser.parse(200, bytes("{\"total_count\": -1, \"replications\": []}"), null)
                .unusableTotalCount()).isEqualTo("-1");
        assertThat(parser.parse(200, bytes("{\"total_count\": \"1000000000000\", \"replications\": []}"), null)
                .unusableTotalCount()).isEqualTo("1000000000000");
    }

    @ParameterizedTest(name = "total_count {0}")
    @ValueSource(strings = {"0", "\"0\"", "2147483647", "\" 7 \"", "7.0", "\"7.00\""})
    void should_read_whole_numbers_up_to_the_int_range_as_total_count(String total) {
        ReplicationPage page = parser.parse(200, bytes("{\"total_count\": " + total + ", \"replications\": []}"),
                null);

        assertThat(page.totalCount()).isNotNull();
        assertThat(page.unusableTotalCount()).isNull();
    }

    @Test
    void should_read_a_missing_or_null_total_count_as_absent() {
        assertThat(parser.parse(200, bytes("{\"replications\": []}"), null)).satisfies(page -> {
            assertThat(page.totalCount()).isNull();
            assertThat(page.unusableTotalCount()).isNull();
        });
        assertThat(parser.parse(200, bytes("{\"total_count\": null, \"replications\": []}"), null)
                .unusableTotalCount()).isNull();
    }

    @Test
    void should_reject_task_names_with_control_characters_and_count_them_as_records() {
        ReplicationPage page = parser.parse(200, bytes("""
                {"total_count": 4, "replications": [
                  {"task_name": "t1"},
                  {"task_name": "evil\\nname"},
                  {"task_name": "ansi\\u001b[31m"},
                  {"task_name": "bidi\\u202eeman"}
                ]}
                """), null);

        assertThat(page.tasks()).extracting(TaskSnapshot::taskName).containsExactly("t1");
        assertThat(page.rejectedTaskNames()).containsExactly("evil\nname", "ansi\u001b[31m", "bidi\u202eeman");
        assertThat(page.invalidEntries()).isZero();
        assertThat(page.entries()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"APIGW.0301", "APIG.0308", "DBS.200022", "DBS.280001"})
    void should_count_a_documented_error_code_under_itself(String code) {
        ApiErrorException error = failure(400, "{\"error_code\":\"" + code + "\",\"error_msg\":\"m\"}");

        assertThat(error.errorCode()).isEqualTo(code);
        assertThat(error).hasMessage("HTTP 400 " + code + ": m (request id req-1)");
    }

    @ParameterizedTest(name = "error_code [{0}]")
    @ValueSource(strings = {"dbs.200022", "DBS.20x", "INVENTED", "WATCH.MALFORMED_RESPONSE", "KAFKA.TimeoutException",
        "HTTP.502.1", "APIGWAPIGWAPIGW.0301", "DBS.123456789012", "", "DBS.1\\n2"})
    void should_count_an_error_code_outside_the_documented_shape_as_unrecognized(String code) {
        ApiErrorException error = failure(500, "{\"error_code\":\"" + code + "\",\"error_msg\":\"m\"}");

        assertThat(error.errorCode()).isEqualTo(ApiErrorException.UNRECOGNIZED);
        assertThat(error.getMessage()).startsWith("HTTP 500 API.UNRECOGNIZED (error_code '")
                .doesNotContain("\n");
    }

    @Test
    void should_escape_control_characters_of_the_api_in_the_message() {
        ApiErrorException error = catchThrowableOfType(ApiErrorException.class, () -> parser.parse(500, bytes(
                "{\"error_code\":\"DBS.200001\",\"error_msg\":\"boom\\n2026-12-01 ERROR [main] i.t.FAKE - forged"
                        + "\\u001b[31mred\\r\"}"), "req\u001b-9"));

        assertThat(error.errorMessage()).as("the value itself stays as the API sent it").contains("\n");
        assertThat(error).hasMessage("HTTP 500 DBS.200001: boom\\n2026-12-01 ERROR [main] i.t.FAKE - forged"
                + "\\u001B[31mred\\r (request id req\\u001B-9)");
    }

    @Test
    void should_escape_control_characters_of_a_body_excerpt() {
        ApiErrorException error = failure(503, "<html>\u001b[2J\u001b[Hbusy</html>");

        assertThat(error.getMessage()).contains("<html>\\u001B[2J\\u001B[Hbusy</html>")
                .doesNotContain("\u001b");
    }

    @Test
    void should_clear_all_headers_and_set_the_page_as_body_on_an_exchange() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader("Authorization", "SDK-HMAC-SHA256 Access=AK, Signature=secret");
        exchange.getMessage().setHeader("X-Request-Id", "req-7");
        exchange.getMessage().setBody(PAGE_EXAMPLE.getBytes(StandardCharsets.UTF_8));

        parser.parse(exchange.getMessage());

        assertThat(exchange.getMessage().getHeaders()).isEmpty();
        assertThat(exchange.getMessage().getHeader("Authorization")).isNull();
        assertThat(exchange.getMessage().getBody()).isInstanceOfSatisfying(ReplicationPage.class,
                page -> assertThat(page.tasks()).extracting(TaskSnapshot::taskName).containsExactly("task_name"));
    }

    @Test
    void should_take_the_request_id_from_the_exchange_on_an_error() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
        exchange.getMessage().setHeader("X-Request-Id", "req-8");
        exchange.getMessage().setBody("{\"error_code\":\"DBS.200022\",\"error_msg\":\"实例不存在\"}");

        ApiErrorException error = catchThrowableOfType(ApiErrorException.class, () -> parser.parse(exchange.getMessage()));

        assertThat(error.requestId()).isEqualTo("req-8");
        assertThat(error.errorCode()).isEqualTo("DBS.200022");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
