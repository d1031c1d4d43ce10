/*
 * C-layer overhead: the same operations through the C API (kyso_verify / kyso_sign, handles,
 * report views, C strings) and through the Rust API (kyso_bench_rust_*, exported only by a
 * `--features bench` build), in one process, interleaved, median of several rounds.
 *
 *   verify : attached RSA-2048 signature, chain to the test CA, CRL check (the common case)
 *   verify+vn: the same with the 19 certificates of the compiled-in `vn` bundle also in the
 *            store (a larger store to search; both sides borrow it per call)
 *   garbage: 13 bytes that are not a signature (fixed per-call cost: the worst ratio)
 *   sign   : attached RSA-2048 CAdES-B-B signature from a PKCS#12 key
 *
 * Run with ffi/bench/run.sh (release build, fixtures from ffi/tests/make-fixtures.sh).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kyso.h"

uint32_t kyso_bench_rust_verify(const kyso_verify_options *options, const uint8_t *signature,
                                size_t signature_len, uint32_t iterations);
uint32_t kyso_bench_rust_sign(const uint8_t *p12, size_t p12_len, const char *password,
                              const uint8_t *content, size_t content_len, uint32_t iterations);

static uint8_t *slurp(const char *dir, const char *name, size_t *len) {
  char path[4096];
  FILE *f;
  uint8_t *d;
  long n;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  d = malloc((size_t)n);
  if (d == NULL || fread(d, 1, (size_t)n, f) != (size_t)n) {
    exit(2);
  }
  fclose(f);
  *len = (size_t)n;
  return d;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Many short interleaved rounds; the minimum is the estimate least disturbed by other load on
   the machine (the median is printed too). */
enum { ROUNDS = 21 };

typedef struct {
  const kyso_verify_options *vo;
  const kyso_signer *signer;
  const uint8_t *sig, *p12, *content;
  size_t sig_len, p12_len, content_len;
  uint32_t n;
  int ok;
} ctx;

static double c_verify(ctx *c) {
  uint32_t i;
  double t0 = now_s();
  for (i = 0; i < c->n; i++) {
    kyso_report *r = NULL;
    if (kyso_verify(c->sig, c->sig_len, NULL, 0, c->vo, &r) != KYSO_OK) c->ok = 0;
    (void)kyso_report_indication(r);
    kyso_report_free(r);
  }
  return (now_s() - t0) / c->n;
}

static double rust_verify(ctx *c) {
  double t0 = now_s();
  if (kyso_bench_rust_verify(c->vo, c->sig, c->sig_len, c->n) == UINT32_MAX) c->ok = 0;
  return (now_s() - t0) / c->n;
}

static double c_sign(ctx *c) {
  uint32_t i;
  double t0 = now_s();
  for (i = 0; i < c->n; i++) {
    kyso_bytes *b = NULL;
    if (kyso_sign(c->signer, c->content, c->content_len, NULL, &b) != KYSO_OK) c->ok = 0;
    kyso_bytes_free(b);
  }
  return (now_s() - t0) / c->n;
}

static double rust_sign(ctx *c) {
  double t0 = now_s();
  if (kyso_bench_rust_sign(c->p12, c->p12_len, "Kyso-2026", c->content, c->content_len, c->n) != c->n) c->ok = 0;
  return (now_s() - t0) / c->n;
}

static void bench(const char *name, ctx *c, double (*cf)(ctx *), double (*rf)(ctx *)) {
  double tc[ROUNDS], tr[ROUNDS];
  int i;
  cf(c); /* warm-up */
  rf(c);
  for (i = 0; i < ROUNDS; i++) {
    tc[i] = cf(c);
    tr[i] = rf(c);
  }
  qsort(tc, ROUNDS, sizeof tc[0], cmp);
  qsort(tr, ROUNDS, sizeof tr[0], cmp);
  printf("%-9s %5u x %d | min: C %9.2f us, Rust %9.2f us, C/Rust %.3f (%+.2f us) | median: C/Rust %.3f\n",
         name, c->n, ROUNDS, tc[0] * 1e6, tr[0] * 1e6, tc[0] / tr[0], (tc[0] - tr[0]) * 1e6,
         tc[ROUNDS / 2] / tr[ROUNDS / 2]);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  size_t ca_len, crl_len;
  uint8_t *ca = slurp(dir, "ca.pem", &ca_len), *crl = slurp(dir, "ca.crl", &crl_len);
  static const uint8_t garbage[] = {0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  kyso_signer *signer = NULL;
  ctx c;
  memset(&c, 0, sizeof c);
  c.ok = 1;
  if (kyso_trust_store_new(&store) != KYSO_OK || kyso_trust_store_add_anchors(store, ca, ca_len) != KYSO_OK ||
      kyso_verify_options_new(&vo) != KYSO_OK || kyso_verify_options_set_trust_store(vo, store) != KYSO_OK ||
      kyso_verify_options_add_crl(vo, crl, crl_len) != KYSO_OK) {
    fprintf(stderr, "setup: %s\n", kyso_last_error_detail());
    return 2;
  }
  c.vo = vo;
  c.sig = slurp(dir, "ossl-rsa-attached.p7s", &c.sig_len);
  c.p12 = slurp(dir, "rsa.p12", &c.p12_len);
  c.content = slurp(dir, "content.txt", &c.content_len);
  if (kyso_signer_from_pkcs12(c.p12, c.p12_len, "Kyso-2026", &signer) != KYSO_OK) {
    fprintf(stderr, "signer: %s\n", kyso_last_error_detail());
    return 2;
  }
  c.signer = signer;
  printf("libkyso %s, C-layer overhead: %d interleaved rounds per operation\n", kyso_version(), ROUNDS);
  c.n = 40;
  bench("verify", &c, c_verify, rust_verify);
  if (kyso_trust_store_add_bundle(store, "vn") != KYSO_OK || kyso_verify_options_set_trust_store(vo, store) != KYSO_OK) {
    return 2;
  }
  bench("verify+vn", &c, c_verify, rust_verify);
  c.n = 5000;
  c.sig = garbage;
  c.sig_len = sizeof garbage;
  bench("garbage", &c, c_verify, rust_verify);
  c.n = 10;
  bench("sign", &c, c_sign, rust_sign);
  kyso_signer_free(signer);
  kyso_verify_options_free(vo);
  kyso_trust_store_free(store);
  if (!c.ok) {
    fprintf(stderr, "a call failed\n");
    return 1;
  }
  return 0;
}
