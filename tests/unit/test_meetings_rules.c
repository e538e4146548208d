/* The meetings module's rules (src/meetings/rules.c): the action point's
 * state machine — closed only by an accepted report — and the kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "meetings/meetings.h"

static int next(enum ap_status s, enum ap_event ev, const char **code)
{
	const char *message;
	int to = meetings_ap_next(s, ev, code, &message);
	if (to < 0) {
		assert_non_null(*code);
		assert_non_null(message);
	}
	return to;
}

static void a_report_then_acceptance_closes(void **state)
{
	(void)state;
	const char *code;
	assert_int_equal(next(AP_OPEN, AP_FILE_REPORT, &code), AP_REPORTED);
	assert_int_equal(next(AP_REPORTED, AP_ACCEPT, &code), AP_CLOSED);
	assert_int_equal(next(AP_REPORTED, AP_RETURN, &code), AP_RETURNED);
	assert_int_equal(next(AP_RETURNED, AP_FILE_REPORT, &code), AP_REPORTED);
}

static void nothing_closes_without_an_accepted_report(void **state)
{
	(void)state;
	const char *code;
	/* no acceptance or return without a report waiting */
	assert_int_equal(next(AP_OPEN, AP_ACCEPT, &code), -1);
	assert_string_equal(code, "report.not_pending");
	assert_int_equal(next(AP_RETURNED, AP_ACCEPT, &code), -1);
	assert_int_equal(next(AP_OPEN, AP_RETURN, &code), -1);
	/* one report at a time */
	assert_int_equal(next(AP_REPORTED, AP_FILE_REPORT, &code), -1);
	assert_string_equal(code, "report.pending");
	/* closed is final */
	for (int ev = AP_FILE_REPORT; ev <= AP_RETURN; ev++) {
		assert_int_equal(next(AP_CLOSED, (enum ap_event)ev, &code), -1);
		assert_string_equal(code, "action.closed");
	}
	/* the only way into closed is an acceptance of a pending report */
	for (int s = AP_OPEN; s < AP_STATUS_COUNT; s++)
		for (int ev = AP_FILE_REPORT; ev <= AP_RETURN; ev++)
			if (next((enum ap_status)s, (enum ap_event)ev, &code) == AP_CLOSED)
				assert_true(s == AP_REPORTED && ev == AP_ACCEPT);
}

static void names_and_kinds(void **state)
{
	(void)state;
	for (int s = AP_OPEN; s < AP_STATUS_COUNT; s++)
		assert_int_equal(meetings_ap_status_parse(meetings_ap_status_name((enum ap_status)s)), s);
	assert_int_equal(meetings_ap_status_parse("pending"), -1);
	assert_int_equal(meetings_ap_status_parse(NULL), -1);
	assert_true(meetings_kind_valid("nodal_officers"));
	assert_true(meetings_kind_valid("steering_committee"));
	assert_false(meetings_kind_valid("party"));
	assert_false(meetings_kind_valid(NULL));
	int n = 0;
	while (meetings_kind_name(n))
		assert_non_null(meetings_kind_label(n++));
	assert_int_equal(n, 4);
	char today[11], later[11];
	meetings_day(0, today);
	meetings_day(14, later);
	assert_int_equal(strlen(today), 10);
	assert_true(strcmp(later, today) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_report_then_acceptance_closes),
		cmocka_unit_test(nothing_closes_without_an_accepted_report),
		cmocka_unit_test(names_and_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
