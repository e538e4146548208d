/* Bounding the nesting of a JSON body before it is parsed: jansson has a
 * fixed internal limit of 2048, far above what any of our bodies needs. */
#include "http/server.h"

bool json_depth_ok(const char *s, size_t len, int max)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}
