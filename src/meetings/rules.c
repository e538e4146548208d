/* The meetings module's rules: the action point's state machine, the
 * kinds of meeting, the Cell's day. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "meetings/meetings.h"

static const char *const status_names[AP_STATUS_COUNT] = { "open", "reported", "returned", "closed" };

const char *meetings_ap_status_name(enum ap_status s)
{
	return (unsigned)s < AP_STATUS_COUNT ? status_names[s] : "?";
}

int meetings_ap_status_parse(const char *s)
{
	for (int i = 0; s && i < AP_STATUS_COUNT; i++)
		if (strcmp(status_names[i], s) == 0)
			return i;
	return -1;
}

int meetings_ap_next(enum ap_status s, enum ap_event ev, const char **code, const char **message)
{
	*code = NULL;
	*message = NULL;
	if (s == AP_CLOSED) {
		*code = "action.closed";
		*message = "This action point is closed for the State: its report was accepted.";
		return -1;
	}
	switch (ev) {
	case AP_FILE_REPORT:
		if (s == AP_REPORTED) {
			*code = "report.pending";
			*message = "A report of this State waits for the Cell's decision; file again if it is returned.";
			return -1;
		}
		return AP_REPORTED;
	case AP_ACCEPT:
	case AP_RETURN:
		if (s != AP_REPORTED) {
			*code = "report.not_pending";
			*message = "There is no report of this State waiting for a decision.";
			return -1;
		}
		return ev == AP_ACCEPT ? AP_CLOSED : AP_RETURNED;
	}
	return -1;
}

static const char *const kinds[][2] = {
	{ "nodal_officers", "Meeting of State/UT nodal officers" },
	{ "steering_committee", "Project steering committee" },
	{ "training_planning", "Training planning" },
	{ "other", "Other" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *meetings_kind_name(int i)
{
	return i >= 0 && (size_t)i < NKINDS ? kinds[i][0] : NULL;
}

const char *meetings_kind_label(int i)
{
	return i >= 0 && (size_t)i < NKINDS ? kinds[i][1] : NULL;
}

bool meetings_kind_valid(const char *s)
{
	for (size_t i = 0; s && i < NKINDS; i++)
		if (strcmp(kinds[i][0], s) == 0)
			return true;
	return false;
}

void meetings_day(int days, char out[11])
{
	/* the Cell works in India Standard Time, UTC+05:30, with no summer time */
	time_t t = time(NULL) + 19800 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
