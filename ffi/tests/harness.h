/*
 * A minimal test harness for the libkyso C tests: CHECK-style assertions that count, fixture
 * loading from $KYSO_FFI_FIXTURES (made by make-fixtures.sh), and a closing line
 * "<suite>: N passed, N failed" that ffi/run-tests.sh adds up.
 */
#ifndef KYSO_TEST_HARNESS_H
#define KYSO_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyso.h"

static int g_pass;
static int g_fail;

#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (cond) {                                                                      \
      g_pass++;                                                                      \
    } else {                                                                         \
      g_fail++;                                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
    }                                                                                \
  } while (0)

/* The call must return `code`; on a mismatch the code's text and the detail are shown. */
#define CHECK_RC(call, code)                                                         \
  do {                                                                               \
    kyso_result rc_ = (call);                                                        \
    if (rc_ == (kyso_result)(code)) {                                                \
      g_pass++;                                                                      \
    } else {                                                                         \
      g_fail++;                                                                      \
      fprintf(stderr, "%s:%d: %s\n  returned %u (%s), expected %u (%s)\n  detail: %s\n", \
              __FILE__, __LINE__, #call, (unsigned)rc_, kyso_result_text(rc_),       \
              (unsigned)(code), kyso_result_text((uint32_t)(code)),                  \
              kyso_last_error_detail());                                             \
    }                                                                                \
  } while (0)

#define CHECK_OK(call) CHECK_RC(call, KYSO_OK)

#define CHECK_STR(actual, expected)                                                  \
  do {                                                                               \
    const char *a_ = (actual);                                                       \
    const char *e_ = (expected);                                                     \
    if (a_ != NULL && e_ != NULL && strcmp(a_, e_) == 0) {                           \
      g_pass++;                                                                      \
    } else {                                                                         \
      g_fail++;                                                                      \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__,  \
              #actual, a_ ? a_ : "(null)", e_ ? e_ : "(null)");                      \
    }                                                                                \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                             \
  do {                                                                               \
    const char *h_ = (haystack);                                                     \
    if (h_ != NULL && strstr(h_, (needle)) != NULL) {                                \
      g_pass++;                                                                      \
    } else {                                                                         \
      g_fail++;                                                                      \
      fprintf(stderr, "%s:%d: %s does not contain \"%s\"\n", __FILE__, __LINE__,    \
              #haystack, (needle));                                                  \
    }                                                                                \
  } while (0)

typedef struct {
  uint8_t *data;
  size_t len;
} buf;

static inline const char *fixtures_dir(void) {
  const char *d = getenv("KYSO_FFI_FIXTURES");
  if (d == NULL || d[0] == '\0') {
    fprintf(stderr, "KYSO_FFI_FIXTURES is not set (run ffi/run-tests.sh)\n");
    exit(2);
  }
  return d;
}

static inline char *fixture_path(const char *name) {
  const char *d = fixtures_dir();
  size_t n = strlen(d) + strlen(name) + 2;
  char *p = malloc(n);
  if (p == NULL) {
    exit(2);
  }
  snprintf(p, n, "%s/%s", d, name);
  return p;
}

/* Read a fixture; a missing fixture is a harness error (exit 2), never a skipped test. */
static inline buf fixture(const char *name) {
  buf b = {NULL, 0};
  char *path = fixture_path(name);
  FILE *f = fopen(path, "rb");
  long n;
  if (f == NULL) {
    fprintf(stderr, "missing fixture %s\n", path);
    exit(2);
  }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    exit(2);
  }
  b.len = (size_t)n;
  b.data = malloc(b.len + 1);
  if (b.data == NULL || fread(b.data, 1, b.len, f) != b.len) {
    exit(2);
  }
  b.data[b.len] = 0;
  fclose(f);
  free(path);
  return b;
}

static inline void buf_free(buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = 0;
}

static inline void write_output(const char *name, const uint8_t *data, size_t len) {
  char *path = fixture_path(name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(data, 1, len, f) != len) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fclose(f);
  free(path);
}

static inline int finish_suite(const char *suite) {
  printf("%s: %d passed, %d failed\n", suite, g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}

#endif
