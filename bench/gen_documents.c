/* bench/gen_documents: a synthetic document library for `make bench`.
 *
 *   gen_documents DATA_DIR [--count N] [--queries FILE] [--seed S] [--durable]
 *
 * Creates DATA_DIR (which must not hold a database yet), applies the
 * migrations and inserts N documents (default 100,000) through the storage
 * interface, in transactions of 5,000: blob_insert, blob_set_text (status
 * done), then document_insert, which copies the blob's text into the
 * document's search entry.
 *
 * Why every document has its own file: the search entry's body is the
 * text of the document's blob (document_insert copies blob_texts; and
 * blob_set_text rewrites the body of every document with that blob), so
 * documents sharing a few hundred files would share a few hundred bodies
 * and every word would be in hundreds of documents.  Each document's file
 * is therefore a small text/plain blob (its title and body, 1-3 KB)
 * written straight to its place in the blob store (store_path), without
 * fsync; --durable writes them with store_put_bytes as the demo does
 * (temporary file, fsync, link, fsync of the folder: much kernel time
 * for 100,000 files).  WORKERS threads make the texts and files while
 * the main thread inserts; the inserts (two FTS5 tables) take most of
 * the ~2.5 minutes on 2 cores.
 *
 * The text: titles from templates over the Cell's vocabulary (categories,
 * subjects, district and State names from the embedded master data, dates
 * 2005-2026); bodies of 100-400 words drawn from a Zipf-Mandelbrot
 * distribution over ~45,000 words (function words first, then the
 * domain's words, then districts and States, then a long tail of made-up
 * words), so that a few words are in nearly every document and most are
 * in a few dozen.  ~10 % restricted, ~1 % withdrawn, ~2 % superseded,
 * ~1 % corrigenda, ~15 % with a Hindi title.
 *
 * --queries FILE gets ~500 search-box queries, one a line, "CLASS\tQUERY"
 * (CLASS: common, medium, rare, pair, phrase): bench/search.sh feeds them
 * to wrk and measures each once.  Classes by the expected share of
 * documents holding the word: common >= 10 %, medium 0.5-10 %, rare
 * < 0.5 %; pair: two domain words; phrase: the same, quoted.
 * Deterministic for a given seed (each document has its own random
 * stream, so the worker threads' order does not matter). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "documents/documents.h"
#include "util/util.h"

#define BATCH 5000
#define WORKERS 3   /* threads making texts and files while the main thread inserts */

/* ---- random numbers (splitmix64) ---- */
/* one stream per document (seeded from the seed and its number), so that
 * documents can be made by several threads and still be the same each run */
static _Thread_local uint64_t rng_state = 0x5eed;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rnd01(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* 0 .. n-1 */
static int rndn(int n)
{
	return (int)(rnd01() * n);
}

/* ---- vocabulary ---- */
static const char *const function_words[] = {
	"the", "of", "and", "to", "in", "for", "on", "by", "with", "is", "as", "be", "are", "this", "that",
	"which", "all", "from", "at", "or", "under", "shall", "may", "has", "have", "been", "any", "such",
	"their", "its", "an", "a", "it", "will", "should", "also", "other", "not", "these", "into", "per",
	"were", "was", "no", "if", "who", "where", "than", "each", "through", "within", "those", "so",
	"upon", "there", "them", "while", "after", "before", "between",
};

/* The domain, roughly most frequent first. */
static const char *const domain_words[] = {
	"trafficking", "human", "state", "district", "police", "persons", "victims", "children", "women",
	"rescue", "rehabilitation", "government", "ministry", "home", "affairs", "anti", "units", "officers",
	"act", "section", "offence", "law", "enforcement", "investigation", "prosecution", "advisory",
	"cases", "measures", "cell", "committee", "meeting", "national", "scheme", "training", "report",
	"protection", "welfare", "department", "labour", "child", "girls", "missing", "trafficked",
	"agencies", "authorities", "procedure", "standard", "operating", "guidelines", "coordination",
	"border", "inter", "nodal", "officer", "commission", "court", "courts", "juvenile", "justice",
	"bonded", "forced", "sexual", "exploitation", "commercial", "minors", "shelter", "homes",
	"compensation", "legal", "aid", "survivors", "repatriation", "interstate", "crime", "crimes",
	"organised", "network", "networks", "accused", "arrest", "arrested", "convicted", "conviction",
	"bail", "charge", "sheet", "complaint", "registered", "fir", "inquiry", "evidence", "witness",
	"statement", "magistrate", "superintendent", "inspector", "constable", "station", "stations",
	"capacity", "building", "awareness", "campaign", "community", "panchayat", "village", "villages",
	"railway", "railways", "protection", "force", "sashastra", "seema", "bal", "immigration",
	"passport", "visa", "migrants", "migration", "employment", "placement", "agency", "agencies",
	"domestic", "workers", "brick", "kilns", "factories", "hotels", "dhabas", "begging", "marriage",
	"marriages", "brides", "organ", "transplant", "cyber", "online", "internet", "platforms",
	"social", "media", "recruitment", "fraudulent", "debt", "bondage", "release", "certificate",
	"rehabilitated", "rescued", "restored", "families", "parents", "guardians", "counselling",
	"medical", "examination", "age", "determination", "ngo", "ngos", "civil", "society",
	"organisations", "partnership", "collaboration", "funding", "grant", "budget", "allocation",
	"utilisation", "sanctioned", "proposal", "proposals", "annual", "quarterly", "monthly",
	"review", "monitoring", "data", "statistics", "records", "database", "portal", "tracking",
	"identification", "vulnerable", "poverty", "disaster", "floods", "cyclone", "pandemic",
	"lockdown", "source", "transit", "destination", "areas", "hotspots", "mapping", "survey",
	"study", "findings", "recommendations", "implementation", "compliance", "directions",
	"supreme", "high", "order", "judgment", "petition", "writ", "notification", "circular",
	"memorandum", "letter", "office", "reference", "dated", "subject", "attention", "concerned",
	"secretary", "chief", "director", "general", "deputy", "additional", "joint", "under",
	"immoral", "traffic", "prevention", "ipc", "bharatiya", "nyaya", "sanhita", "pocso",
	"posco", "jj", "itpa", "bla", "prohibition", "abolition", "system", "contract", "regulation",
	"escorts", "spa", "massage", "parlours", "bars", "orchestra", "dance", "red", "light",
	"brothel", "brothels", "raid", "raids", "operation", "operations", "smile", "muskaan",
	"freedom", "special", "drive", "teams", "team", "task", "squad", "unit", "ahtu", "ahtus",
	"setting", "up", "strengthening", "infrastructure", "vehicles", "equipment", "computers",
	"financial", "assistance", "central", "share", "states", "territories", "union", "ut",
	"uts", "nirbhaya", "fund", "ujjawala", "swadhar", "greh", "one", "stop", "centre", "centres",
	"helpline", "1098", "112", "emergency", "response", "support", "dial", "childline",
	"sensitisation", "workshop", "workshops", "seminar", "conference", "consultation",
	"regional", "zonal", "level", "block", "tehsil", "taluka", "gram", "sabha", "anganwadi",
	"teachers", "schools", "education", "dropout", "adolescent", "youth", "tribal", "scheduled",
	"castes", "tribes", "minority", "communities", "gender", "equality", "dignity", "rights",
	"constitution", "article", "fundamental", "nepal", "bangladesh", "myanmar", "bhutan",
	"gulf", "countries", "international", "convention", "protocol", "palermo", "saarc",
	"bilateral", "mou", "cooperation", "extradition", "mutual", "assistance", "interpol",
	"cbi", "nia", "ncrb", "ncpcr", "ncw", "nhrc", "mha", "mwcd", "molje", "mea", "best",
	"practices", "compendium", "manual", "handbook", "module", "curriculum", "trainers",
	"prosecutors", "judicial", "academy", "bprd", "svpnpa", "award", "awards", "excellence",
	"medal", "commendation", "corrigendum", "amendment", "revised", "modified", "supersession",
	"withdrawn", "minutes", "agenda", "action", "taken", "points", "chairperson", "members",
	"participants", "attended", "decided", "resolved", "follow", "pending", "submitted",
	"forwarded", "enclosed", "annexure", "format", "proforma", "information", "furnish",
	"latest", "position", "status", "progress", "achievement", "targets", "indicators",
};

static const char *const hindi_words[] = {
	"मानव", "तस्करी", "विरोधी", "प्रकोष्ठ", "परामर्श", "गृह", "मंत्रालय", "राज्य", "जिला", "पुलिस",
	"बच्चों", "महिलाओं", "बचाव", "पुनर्वास", "दिशानिर्देश", "मानक", "संचालन", "प्रक्रिया", "बैठक",
	"कार्यवृत्त", "रिपोर्ट", "योजना", "प्रशिक्षण", "पुरस्कार", "संग्रह", "निर्देशिका", "शुद्धिपत्र",
	"बंधुआ", "मजदूरी", "बाल", "श्रम", "लापता", "पीड़ितों", "संरक्षण", "न्याय", "अधिनियम", "धारा",
	"इकाई", "इकाइयों", "सुदृढ़ीकरण", "जागरूकता", "अभियान",
};

static const char *const categories[] = {
	"advisory", "sop", "minutes", "guidelines", "report", "scheme", "award", "training",
	"compendium", "directory", "corrigendum", "other",
};
/* per mille, in the order of categories[] */
static const int category_weight[] = { 250, 50, 150, 80, 150, 50, 30, 100, 20, 20, 10, 90 };

static const char *const groups[] = {
	"Anti Trafficking Cell",
	"Reports of the States",
	"Training Material",
	"Compendium on Best Practices on Anti Human Trafficking by Law Enforcement Agencies",
};
static const int group_weight[] = { 800, 100, 70, 30 };

static const char *const title_subjects[] = {
	"human trafficking as organised crime", "rescue and rehabilitation of trafficked children",
	"missing children and women", "bonded labour", "child labour", "trafficking for forced marriage",
	"cyber crime and online trafficking", "setting up of Anti Human Trafficking Units",
	"strengthening of Anti Human Trafficking Units", "repatriation of victims across the border",
	"compensation to victims of trafficking", "trafficking of women for commercial sexual exploitation",
	"trafficking through placement agencies", "trafficking of domestic workers",
	"inter-state coordination on trafficking", "capacity building of police officers",
	"awareness campaigns in vulnerable villages", "trafficking in the wake of disasters",
	"prosecution of traffickers", "protection of witnesses and survivors",
	"organ trafficking", "begging by children", "Operation Smile and Operation Muskaan",
	"trafficking on railways", "identification of source and destination areas",
	"release certificates under the Bonded Labour System (Abolition) Act",
	"one stop centres", "shelter homes and Ujjawala homes", "juvenile justice",
	"Nirbhaya Fund", "trafficking of girls from Nepal and Bangladesh",
};

/* The whole vocabulary in Zipf rank order; an entry may be several words
 * ("North Twenty Four Parganas"). */
static char **vocab;
static int vocab_n, vocab_cap;
static int rank_domain0, rank_domain1, rank_place0, rank_place1, rank_tail0;
static double *cdf;
static char **districts;
static int districts_n;
static char **state_names;
static int states_n;

static void vocab_add(const char *w)
{
	if (vocab_n == vocab_cap) {
		vocab_cap = vocab_cap ? vocab_cap * 2 : 4096;
		vocab = realloc(vocab, (size_t)vocab_cap * sizeof *vocab);
		if (!vocab)
			abort();
	}
	vocab[vocab_n++] = strdup(w);
}

static int district_row(void *ctx, int n, char **f)
{
	(void)ctx;
	if (n < 3)
		return 0;
	districts = realloc(districts, (size_t)(districts_n + 1) * sizeof *districts);
	districts[districts_n++] = strdup(f[2]);
	return 0;
}

static int state_row(void *ctx, int n, char **f)
{
	(void)ctx;
	if (n < 2)
		return 0;
	state_names = realloc(state_names, (size_t)(states_n + 1) * sizeof *state_names);
	state_names[states_n++] = strdup(f[1]);
	return 0;
}

/* A made-up word of 2-4 syllables; distinct for distinct i. */
static void tail_word(int i, char out[32])
{
	static const char *const on[] = { "b", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
					  "t", "v", "sh", "ch", "bh", "dh", "kh", "gr", "pr", "tr" };
	static const char *const nu[] = { "a", "e", "i", "o", "u", "aa", "ee", "ai", "ou" };
	static const char *const co[] = { "", "n", "r", "l", "m", "s", "t", "k" };
	size_t n = 0;
	int x = i;
	out[0] = 0;
	do {   /* a base-198 number written in syllables: distinct by construction */
		int s = x % (22 * 9);
		x /= 22 * 9;
		n += (size_t)snprintf(out + n, 32 - n, "%s%s", on[s % 22], nu[s / 22]);
	} while (x > 0 || n < 5);
	snprintf(out + n, 32 - n, "%s", co[i % 8]);
}

static void vocab_build(int tail)
{
	for (size_t i = 0; i < sizeof function_words / sizeof *function_words; i++)
		vocab_add(function_words[i]);
	rank_domain0 = vocab_n;
	for (size_t i = 0; i < sizeof domain_words / sizeof *domain_words; i++) {
		bool dup = false;   /* the list repeats a few words; keep the first */
		for (int j = rank_domain0; j < vocab_n && !dup; j++)
			dup = strcmp(vocab[j], domain_words[i]) == 0;
		if (!dup)
			vocab_add(domain_words[i]);
	}
	rank_domain1 = vocab_n;
	const struct embedded *e = embedded_get("data/districts.csv");
	const struct embedded *s = embedded_get("data/states.csv");
	if (!e || !s || util_csv_each(e->data, e->len, district_row, NULL) != 0
	    || util_csv_each(s->data, s->len, state_row, NULL) != 0) {
		fprintf(stderr, "gen_documents: cannot read the embedded master data\n");
		exit(1);
	}
	/* places and made-up words interleaved: a State, then districts, then
	 * tail words, so that places are medium-frequent and the tail rare */
	rank_place0 = vocab_n;
	for (int i = 0; i < states_n; i++)
		vocab_add(state_names[i]);
	int ti = 0;
	char w[32];
	for (int i = 0; i < districts_n; i++) {
		vocab_add(districts[i]);
		tail_word(ti++, w);
		vocab_add(w);
	}
	rank_place1 = vocab_n;
	rank_tail0 = vocab_n;
	while (ti < tail) {
		tail_word(ti++, w);
		vocab_add(w);
	}
	/* Zipf-Mandelbrot, s = 1.0, q = 2.7 (English text) */
	cdf = malloc((size_t)vocab_n * sizeof *cdf);
	double sum = 0;
	for (int r = 0; r < vocab_n; r++)
		cdf[r] = (sum += 1.0 / (r + 1 + 2.7));
	for (int r = 0; r < vocab_n; r++)
		cdf[r] /= sum;
}

static int zipf_rank(void)
{
	double u = rnd01();
	int lo = 0, hi = vocab_n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The expected share of documents (of 250 words) holding rank r. */
static double doc_share(int r)
{
	double p = cdf[r] - (r ? cdf[r - 1] : 0);
	return 1 - pow(1 - p, 250);
}

static int weighted(const int *w, int n)
{
	int x = rndn(1000), acc = 0;
	for (int i = 0; i < n; i++)
		if (x < (acc += w[i]))
			return i;
	return n - 1;
}

/* ---- text ---- */

static void append(struct buf *b, const char *s)
{
	if (buf_append(b, s, strlen(s)) != 0)
		abort();
}

static void body_text(struct buf *b, int words)
{
	int in_sentence = 0, sentence_len = 8 + rndn(14);
	for (int i = 0; i < words; i++) {
		char tok[64], cap[64];
		const char *w;
		int x = rndn(100);
		if (x < 2) {   /* numbers: years, sections, dates, reference numbers */
			switch (rndn(4)) {
			case 0: snprintf(tok, sizeof tok, "%d", 2005 + rndn(22)); break;
			case 1: snprintf(tok, sizeof tok, "%d%s", 300 + rndn(100), rndn(3) ? "" : "A"); break;
			case 2: snprintf(tok, sizeof tok, "%02d.%02d.%d", 1 + rndn(28), 1 + rndn(12), 2005 + rndn(22)); break;
			default: snprintf(tok, sizeof tok, "%d/%d/%d", 15000 + rndn(100), 1 + rndn(99), 2005 + rndn(22)); break;
			}
			w = tok;
		} else {
			w = vocab[zipf_rank()];
		}
		if (in_sentence == 0) {
			snprintf(cap, sizeof cap, "%c%s", (w[0] >= 'a' && w[0] <= 'z') ? w[0] - 32 : w[0], w + 1);
			w = cap;
		}
		if (i)
			append(b, " ");
		append(b, w);
		if (++in_sentence >= sentence_len || i == words - 1) {
			append(b, ".");
			in_sentence = 0;
			sentence_len = 8 + rndn(14);
			if (rndn(5) == 0)
				append(b, "\n\n");
		}
	}
}

static const char *category_label(const char *c)
{
	int k = docs_category_parse(c);
	return k >= 0 ? docs_category_label((enum doc_category)k) : "Document";
}

static void make_title(struct db_document *d, const char *date_dmy)
{
	const char *subject = title_subjects[rndn(sizeof title_subjects / sizeof *title_subjects)];
	const char *place = rndn(2) ? districts[rndn(districts_n)] : state_names[rndn(states_n)];
	const char *extra = vocab[rank_domain0 + (int)(pow(rnd01(), 2) * (rank_domain1 - rank_domain0))];
	const char *label = category_label(d->category);
	switch (rndn(5)) {
	case 0:
		snprintf(d->title, sizeof d->title, "%s on %s dated %s", label, subject, date_dmy);
		break;
	case 1:
		snprintf(d->title, sizeof d->title, "%s on %s in %s", label, subject, place);
		break;
	case 2:
		snprintf(d->title, sizeof d->title, "%s regarding %s and %s, %s", label, subject, extra, place);
		break;
	case 3:
		snprintf(d->title, sizeof d->title, "%s of the meeting on %s held on %s", label, subject, date_dmy);
		break;
	default:
		snprintf(d->title, sizeof d->title, "%s: %s (%s) %s", label, subject, extra, date_dmy);
		break;
	}
}

static void make_title_hi(struct db_document *d)
{
	size_t n = 0;
	int words = 4 + rndn(6);
	for (int i = 0; i < words; i++)
		n += (size_t)snprintf(d->title_hi + n, sizeof d->title_hi - n, "%s%s", i ? " " : "",
				      hindi_words[rndn(sizeof hindi_words / sizeof *hindi_words)]);
}

/* ---- queries ---- */

static void write_queries(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_documents: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	/* common: the domain's words in at least 10 % of documents; medium:
	 * domain words and places in 0.5-10 %; rare: below 0.5 % */
	int common = 0, medium = 0, rare = 0, pairs = 0, phrases = 0, guard = 0;
	while ((common < 100 || medium < 150 || rare < 150) && guard++ < 1000000) {
		int r;
		const char *cls;
		int k = rndn(3);
		if (k == 0 && common < 100) {
			r = rank_domain0 + rndn(rank_domain1 - rank_domain0);
			if (doc_share(r) < 0.1)
				continue;
			cls = "common";
			common++;
		} else if (k == 1 && medium < 150) {
			r = rank_domain0 + rndn(rank_place1 - rank_domain0);
			double sh = doc_share(r);
			if (sh >= 0.1 || sh < 0.005)
				continue;
			cls = "medium";
			medium++;
		} else if (k == 2 && rare < 150) {
			r = rank_place0 + rndn(vocab_n - rank_place0);
			if (doc_share(r) >= 0.005)
				continue;
			cls = "rare";
			rare++;
		} else {
			continue;
		}
		/* a place name is typed as it is written, in lower case */
		char q[256];
		size_t i = 0;
		for (const char *p = vocab[r]; *p && i < sizeof q - 1; p++)
			q[i++] = (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;
		q[i] = 0;
		fprintf(f, "%s\t%s\n", cls, q);
	}
	/* two words: "child labour", rescue operation … from the domain */
	while (pairs < 60 || phrases < 40) {
		int span = rank_domain1 - rank_domain0;
		const char *a = vocab[rank_domain0 + (int)(pow(rnd01(), 1.5) * span)];
		const char *b = vocab[rank_domain0 + (int)(pow(rnd01(), 1.5) * span)];
		if (strcmp(a, b) == 0)
			continue;
		if (pairs < 60) {
			fprintf(f, "pair\t%s %s\n", a, b);
			pairs++;
		} else {
			fprintf(f, "phrase\t\"%s %s\"\n", a, b);
			phrases++;
		}
	}
	fclose(f);
}

/* ---- one document ---- */

struct item {
	struct db_document d;
	char *text;             /* the file: title and body (malloc'd) */
	size_t len;
	char hex[65];
	bool wants_new_version; /* becomes a new version of the previous document, if that one may */
};

static const char *data_dir;
static int64_t now_ms;
static long long seed_value;

static bool durable;    /* --durable: store_put_bytes, as an upload */

/* Stores a file in the blob store: with --durable through store_put_bytes
 * (temporary file, fsync, link, fsync of the folder: ~0.4 ms and much
 * kernel time each, with 100,000 files the larger part of the run);
 * otherwise written straight to its place (store_path), without fsync:
 * the same bytes at the same path, not crash-safe, which a bench's data
 * need not be.  hex gets the SHA-256.  0 or -1. */
static int put_file(const char *data, size_t len, char hex[65])
{
	bool created;
	if (durable)
		return store_put_bytes(data_dir, data, len, hex, &created);
	unsigned char digest[32];
	char path[PATH_MAX];
	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	util_hex(digest, 32, hex);
	store_path(data_dir, hex, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT) {   /* its folder blobs/ab is new */
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s/blobs/%.2s", data_dir, hex);
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	}
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	bool ok = write(fd, data, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Makes document number i (0-based) and stores its file. 0 or -1. */
static int make_item(long long i, struct item *it)
{
	/* a random starting point per document: streams that started a fixed
	 * step apart would overlap (document i+1 repeating document i) */
	rng_state = (uint64_t)seed_value * 0x2545f4914f6cdd1dULL ^ (uint64_t)i;
	rng_state = rnd();
	struct db_document *d = &it->d;
	memset(d, 0, sizeof *d);
	snprintf(d->category, sizeof d->category, "%s",
		 categories[weighted(category_weight, (int)(sizeof category_weight / sizeof *category_weight))]);
	/* issued 2005-2026, more in recent years */
	int year = 2005 + (int)(sqrt(rnd01()) * 22), month = 1 + rndn(12), day = 1 + rndn(28);
	char dmy[48], ymd[48];
	snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", year, month, day);
	snprintf(d->issued_on, sizeof d->issued_on, "%.10s", ymd);
	snprintf(dmy, sizeof dmy, "%02d.%02d.%04d", day, month, year);
	int64_t issued_ms = 0;
	util_parse_time(d->issued_on, &issued_ms);
	d->published_at = d->updated_at = issued_ms + (int64_t)rndn(30) * 86400000LL + rndn(86400000);
	if (d->published_at > now_ms)
		d->published_at = d->updated_at = now_ms - rndn(86400000);
	if (strcmp(d->category, "corrigendum") == 0) {
		if (i == 0)
			snprintf(d->category, sizeof d->category, "advisory");
		else
			d->corrects_id = 1 + rndn((int)i);   /* ids are 1, 2, … in order */
	}
	make_title(d, dmy);
	int lang = rndn(100);
	snprintf(d->language, sizeof d->language, "%s", lang < 85 ? "en" : lang < 95 ? "en+hi" : "hi");
	if (lang >= 85)
		make_title_hi(d);
	snprintf(d->group_name, sizeof d->group_name, "%s",
		 groups[weighted(group_weight, (int)(sizeof group_weight / sizeof *group_weight))]);
	if (rndn(10) < 4)
		snprintf(d->reference, sizeof d->reference, "F.No. %d/%d/%d-ATC", 15000 + rndn(100), 1 + rndn(99), year);
	if (rndn(10) < 3) {
		struct buf s;
		buf_init(&s, sizeof d->summary - 1);
		body_text(&s, 20 + rndn(20));
		snprintf(d->summary, sizeof d->summary, "%s", s.data);
		buf_free(&s);
	}
	snprintf(d->visibility, sizeof d->visibility, "%s", rndn(10) == 0 ? "restricted" : "public");
	snprintf(d->status, sizeof d->status, "active");
	if (rndn(100) == 0) {
		snprintf(d->status, sizeof d->status, "withdrawn");
		d->withdrawn_at = d->published_at + 86400000LL * (1 + rndn(300));
		snprintf(d->withdrawn_reason, sizeof d->withdrawn_reason, "Replaced by a revised version.");
	}
	it->wants_new_version = rndn(50) == 0 && strcmp(d->category, "corrigendum") != 0;

	/* the file: title and body as plain text, stored as an upload is */
	struct buf text;
	buf_init(&text, 64 * 1024);
	append(&text, d->title);
	append(&text, "\n\n");
	body_text(&text, 100 + rndn(301));
	append(&text, "\n");
	it->text = text.data;
	it->len = text.len;
	if (put_file(it->text, it->len, it->hex) != 0)
		return -1;
	memcpy(d->sha256, it->hex, sizeof it->hex);
	snprintf(d->file_name, sizeof d->file_name, "document-%lld.txt", i + 1);
	return 0;
}

/* A batch made by WORKERS threads. */
struct batch {
	struct item *items;
	long long first;
	int n;
	int next;               /* atomic: the next item to make */
	int failed;
	pthread_t threads[WORKERS];
};

static void *batch_worker(void *arg)
{
	struct batch *b = arg;
	int k;
	while ((k = __atomic_fetch_add(&b->next, 1, __ATOMIC_RELAXED)) < b->n)
		if (make_item(b->first + k, &b->items[k]) != 0)
			__atomic_store_n(&b->failed, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void batch_start(struct batch *b, long long first, int n)
{
	b->first = first;
	b->n = n;
	b->next = 0;
	b->failed = 0;
	for (int t = 0; t < WORKERS; t++)
		if (pthread_create(&b->threads[t], NULL, batch_worker, b) != 0)
			abort();
}

static void batch_wait(struct batch *b)
{
	for (int t = 0; t < WORKERS; t++)
		pthread_join(b->threads[t], NULL);
	if (b->failed) {
		fprintf(stderr, "gen_documents: a file could not be stored\n");
		exit(1);
	}
}

/* ---- main ---- */

static void usage(void)
{
	fputs("usage: gen_documents DATA_DIR [--count N] [--queries FILE] [--seed S] [--durable]\n", stderr);
	exit(2);
}

static void must(enum db_status st, const char *what)
{
	if (st != DB_OK) {
		fprintf(stderr, "gen_documents: %s failed (%d)\n", what, st);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *queries = NULL;
	long long count = 100000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
			if (!util_parse_int(argv[++i], 1, 10000000, &count))
				usage();
		} else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc) {
			queries = argv[++i];
		} else if (strcmp(argv[i], "--durable") == 0) {
			durable = true;
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (!util_parse_int(argv[++i], 0, LLONG_MAX, &seed_value))
				usage();
		} else if (argv[i][0] != '-' && !data_dir) {
			data_dir = argv[i];
		} else {
			usage();
		}
	}
	if (!data_dir)
		usage();
	rng_state = (uint64_t)seed_value * 0x2545f4914f6cdd1dULL;
	char url[PATH_MAX + 16], path[PATH_MAX];
	snprintf(path, sizeof path, "%s/ahtcell.db", data_dir);
	struct stat sb;
	if (stat(path, &sb) == 0) {
		fprintf(stderr, "gen_documents: %s exists; give a fresh folder\n", path);
		return 1;
	}
	if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_documents: %s: %s\n", data_dir, strerror(errno));
		return 1;
	}
	vocab_build(45000);
	if (queries)
		write_queries(queries);

	snprintf(url, sizeof url, "sqlite:%s", path);
	struct db *db = db_open(url);
	int from, to;
	if (!db || store_init(data_dir, false) != 0)
		return 1;
	must(db->ops->migrate(db, &from, &to), "migrate");

	now_ms = util_now_ms();
	int64_t t0 = util_mono_ms(), t_wait = 0, t_db = 0, bytes = 0;
	struct batch batches[2] = { { .items = calloc(BATCH, sizeof(struct item)) },
				    { .items = calloc(BATCH, sizeof(struct item)) } };
	struct db_document *prev = calloc(1, sizeof *prev);
	if (!batches[0].items || !batches[1].items || !prev)
		return 1;
	bool have_prev = false;
	long long restricted = 0, withdrawn = 0, superseded = 0, corrigenda = 0;
	batch_start(&batches[0], 0, (int)(count < BATCH ? count : BATCH));
	for (long long first = 0, k = 0; first < count; first += BATCH, k++) {
		struct batch *b = &batches[k % 2], *next = &batches[(k + 1) % 2];
		int64_t t1 = util_mono_ms();
		batch_wait(b);
		t_wait += util_mono_ms() - t1;
		if (first + BATCH < count)   /* the next batch's files while this one is inserted */
			batch_start(next, first + BATCH, (int)(count - first - BATCH < BATCH ? count - first - BATCH : BATCH));
		int64_t t2 = util_mono_ms();
		must(db->ops->begin_write(db), "begin_write");
		for (int j = 0; j < b->n; j++) {
			struct item *it = &b->items[j];
			struct db_document *d = &it->d;
			bool new_version = it->wants_new_version && have_prev && prev->superseded_by_id == 0
				&& strcmp(prev->status, "active") == 0;
			if (new_version)
				d->supersedes_id = prev->id;
			struct db_blob bl = { .size = (int64_t)it->len, .pages = -1, .created_at = d->published_at };
			memcpy(bl.sha256, it->hex, sizeof it->hex);
			snprintf(bl.mime, sizeof bl.mime, "text/plain");
			snprintf(bl.format, sizeof bl.format, "txt");
			snprintf(bl.text_status, sizeof bl.text_status, "pending");
			must(db->ops->blob_insert(db, &bl), "blob_insert");
			/* the text first, so that document_insert indexes the body at once */
			must(db->ops->blob_set_text(db, it->hex, "done", 0, it->text, NULL), "blob_set_text");
			must(db->ops->document_insert(db, d), "document_insert");
			if (d->id != first + j + 1) {
				fprintf(stderr, "gen_documents: the database is not fresh (id %lld)\n", (long long)d->id);
				return 1;
			}
			if (new_version) {
				prev->superseded_by_id = d->id;
				must(db->ops->document_update(db, prev), "document_update");
				superseded++;
			}
			restricted += strcmp(d->visibility, "restricted") == 0;
			withdrawn += strcmp(d->status, "withdrawn") == 0;
			corrigenda += d->corrects_id != 0;
			bytes += (int64_t)it->len;
			memcpy(prev, d, sizeof *prev);
			have_prev = true;
			free(it->text);
			it->text = NULL;
		}
		must(db->ops->commit(db), "commit");
		t_db += util_mono_ms() - t2;
		fprintf(stderr, "\rgen_documents: %lld/%lld documents, %.1f s", first + b->n, count,
			(util_mono_ms() - t0) / 1000.0);
	}
	fputc('\n', stderr);
	free(batches[0].items);
	free(batches[1].items);
	free(prev);
	db_close(db);
	printf("documents=%lld restricted=%lld withdrawn=%lld superseded=%lld corrigenda=%lld"
	       " vocabulary=%d text_mb=%.1f seconds=%.1f db_s=%.1f waited_for_files_s=%.1f\n",
	       count, restricted, withdrawn, superseded, corrigenda, vocab_n, bytes / 1048576.0,
	       (util_mono_ms() - t0) / 1000.0, t_db / 1000.0, t_wait / 1000.0);
	return 0;
}
