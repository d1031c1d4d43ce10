/*
 * The cross-surface test's C driver: one case through libkyso, printed as one JSON value.
 *
 *   c-driver verify SIGNATURE|PDF [--content FILE] OPTIONS...
 *   c-driver chain CERTIFICATE [--purpose NAME] OPTIONS...
 *   OPTIONS: --trust FILE, --untrusted FILE, --crl FILE (each repeatable), --policy NAME,
 *            --at UNIX_SECONDS (validation time), --now UNIX_SECONDS (current time)
 *
 * Prints {"report": <kyso_report_json / kyso_pdf_report_json / kyso_chain_report_json>} and
 * exits 0, or, when a call
 * fails, {"error": {"code": <kyso_last_error_code()>, "vi": <kyso_last_error_text(VI)>,
 * "en": ...}} and exits 3 (the detail goes to stderr, for people). Exit 2 for a usage or I/O problem of
 * the driver itself. tests/cross-surface/compare.mjs runs it.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyso.h"

#define MAX_FILES 8

typedef struct {
  const char *files[MAX_FILES];
  size_t n;
} file_list;

typedef struct {
  uint8_t *data;
  size_t len;
} buffer;

static void usage(void) {
  fputs("usage: c-driver verify|chain FILE [--content F] [--purpose NAME] [--trust F]... "
        "[--untrusted F]... [--crl F]... [--policy NAME] [--at SECS] [--now SECS]\n",
        stderr);
  exit(2);
}

static buffer read_file(const char *path) {
  buffer b = {NULL, 0};
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "c-driver: %s: %s\n", path, strerror(errno));
    exit(2);
  }
  size_t cap = 4096;
  b.data = malloc(cap);
  for (;;) {
    if (b.data == NULL) {
      fputs("c-driver: out of memory\n", stderr);
      exit(2);
    }
    size_t got = fread(b.data + b.len, 1, cap - b.len, f);
    b.len += got;
    if (b.len < cap) break;
    cap *= 2;
    b.data = realloc(b.data, cap);
  }
  fclose(f);
  return b;
}

static void add_file(file_list *list, const char *path) {
  if (list->n == MAX_FILES) usage();
  list->files[list->n++] = path;
}

static int64_t parse_seconds(const char *s) {
  char *end = NULL;
  long long v = strtoll(s, &end, 10);
  if (end == s || *end != '\0') usage();
  return (int64_t)v;
}

/* The purpose names the CLI and the npm package use, to the header's constants. */
static kyso_purpose parse_purpose(const char *name) {
  static const struct {
    const char *name;
    kyso_purpose value;
  } purposes[] = {
      {"document-signing", KYSO_PURPOSE_DOCUMENT_SIGNING},
      {"email-protection", KYSO_PURPOSE_EMAIL_PROTECTION},
      {"client-auth", KYSO_PURPOSE_CLIENT_AUTH},
      {"time-stamping", KYSO_PURPOSE_TIME_STAMPING},
      {"ocsp-signing", KYSO_PURPOSE_OCSP_SIGNING},
      {"any", KYSO_PURPOSE_ANY},
  };
  for (size_t i = 0; i < sizeof purposes / sizeof purposes[0]; i++) {
    if (strcmp(purposes[i].name, name) == 0) return purposes[i].value;
  }
  usage();
  return 0;
}

/* `s` as a JSON string (RFC 8259 §7), or null. */
static void print_json_string(const char *s) {
  if (s == NULL) {
    fputs("null", stdout);
    return;
  }
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\') {
      printf("\\%c", *p);
    } else if (*p < 0x20) {
      printf("\\u%04x", *p);
    } else {
      putchar(*p);
    }
  }
  putchar('"');
}

/* A failed call: the stable string code and the catalogue sentence in both languages. */
static int fail(const char *what, kyso_result rc) {
  fprintf(stderr, "c-driver: %s: %s (kyso_result %u)\n", what, kyso_last_error_detail(), (unsigned)rc);
  /* Copy: each kyso_last_error_text call may replace the previous string. */
  const char *vi = kyso_last_error_text(KYSO_LANG_VI);
  char *vi_copy = vi ? strdup(vi) : NULL;
  const char *en = kyso_last_error_text(KYSO_LANG_EN);
  fputs("{\"error\":{\"code\":", stdout);
  print_json_string(kyso_last_error_code());
  fputs(",\"vi\":", stdout);
  print_json_string(vi_copy);
  fputs(",\"en\":", stdout);
  print_json_string(en);
  fputs("}}\n", stdout);
  free(vi_copy);
  return 3;
}

#define TRY(what, call)                            \
  do {                                             \
    kyso_result rc_ = (call);                      \
    if (rc_ != KYSO_OK) return fail((what), rc_); \
  } while (0)

/* Runs the case. On a failed call it returns at once: the process exits right after. */
static int run(int argc, char **argv) {
  if (argc < 3) usage();
  const char *command = argv[1];
  int chain = strcmp(command, "chain") == 0;
  if (!chain && strcmp(command, "verify") != 0) usage();
  const char *input = argv[2];
  const char *content = NULL, *policy = NULL, *purpose = "document-signing";
  const char *at = NULL, *now = NULL;
  file_list trust = {{NULL}, 0}, untrusted = {{NULL}, 0}, crls = {{NULL}, 0};
  for (int i = 3; i < argc; i++) {
    if (i + 1 >= argc) usage();
    const char *flag = argv[i], *value = argv[++i];
    if (strcmp(flag, "--content") == 0) content = value;
    else if (strcmp(flag, "--purpose") == 0) purpose = value;
    else if (strcmp(flag, "--trust") == 0) add_file(&trust, value);
    else if (strcmp(flag, "--untrusted") == 0) add_file(&untrusted, value);
    else if (strcmp(flag, "--crl") == 0) add_file(&crls, value);
    else if (strcmp(flag, "--policy") == 0) policy = value;
    else if (strcmp(flag, "--at") == 0) at = value;
    else if (strcmp(flag, "--now") == 0) now = value;
    else usage();
  }

  kyso_trust_store *store = NULL;
  kyso_verify_options *options = NULL;
  TRY("kyso_trust_store_new", kyso_trust_store_new(&store));
  for (size_t i = 0; i < trust.n; i++) {
    buffer b = read_file(trust.files[i]);
    TRY("kyso_trust_store_add_anchors", kyso_trust_store_add_anchors(store, b.data, b.len));
    free(b.data);
  }
  TRY("kyso_verify_options_new", kyso_verify_options_new(&options));
  TRY("kyso_verify_options_set_trust_store", kyso_verify_options_set_trust_store(options, store));
  kyso_trust_store_free(store);
  if (policy != NULL) TRY("kyso_verify_options_set_policy", kyso_verify_options_set_policy(options, policy));
  if (now != NULL) {
    TRY("kyso_verify_options_set_current_time",
        kyso_verify_options_set_current_time(options, parse_seconds(now)));
  }
  if (at != NULL) {
    TRY("kyso_verify_options_set_validation_time",
        kyso_verify_options_set_validation_time(options, parse_seconds(at)));
  }
  for (size_t i = 0; i < untrusted.n; i++) {
    buffer b = read_file(untrusted.files[i]);
    TRY("kyso_verify_options_add_certificates", kyso_verify_options_add_certificates(options, b.data, b.len));
    free(b.data);
  }
  for (size_t i = 0; i < crls.n; i++) {
    buffer b = read_file(crls.files[i]);
    TRY("kyso_verify_options_add_crl", kyso_verify_options_add_crl(options, b.data, b.len));
    free(b.data);
  }

  buffer in = read_file(input);
  if (chain) {
    kyso_chain_report *report = NULL;
    TRY("kyso_chain_validate", kyso_chain_validate(in.data, in.len, options, parse_purpose(purpose), &report));
    printf("{\"report\":%s}\n", kyso_chain_report_json(report));
    kyso_chain_report_free(report);
    free(in.data);
  } else if (content == NULL && kyso_is_pdf(in.data, in.len)) {
    /* A PDF (core's rule, as the CLI routes it), verified from the file at offsets. */
    kyso_pdf_report *report = NULL;
    TRY("kyso_verify_pdf_file", kyso_verify_pdf_file(input, NULL, 0, options, &report));
    printf("{\"report\":%s}\n", kyso_pdf_report_json(report));
    kyso_pdf_report_free(report);
    free(in.data);
  } else {
    buffer c = {NULL, 0};
    if (content != NULL) c = read_file(content);
    kyso_report *report = NULL;
    TRY("kyso_verify", kyso_verify(in.data, in.len, c.data, c.len, options, &report));
    printf("{\"report\":%s}\n", kyso_report_json(report));
    kyso_report_free(report);
    free(in.data);
    free(c.data);
  }
  kyso_verify_options_free(options);
  return 0;
}

int main(int argc, char **argv) { return run(argc, argv); }
