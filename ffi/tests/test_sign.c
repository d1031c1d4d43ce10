/*
 * Signing through the C API: signers from PKCS#12 (bytes and file), from PEM key + certificate,
 * from a callback (here backed by OpenSSL's libcrypto, standing in for a PKCS#11 token or a
 * remote service, in every input form) and from a certificate alone (two-phase); attached and
 * detached output; streaming; wrong passwords, mismatched keys, failing and lying callbacks;
 * freeing in every order. Every signature made is verified through the C API, and written to
 * the fixtures directory (listed in c-made.txt) for `openssl cms -verify` in run-tests.sh.
 */
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <time.h>

#include "harness.h"

static buf g_ca, g_crl, g_content;
static FILE *g_manifest;

static kyso_verify_options *options_with_ca(void) {
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_ca.data, g_ca.len));
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify_options_set_trust_store(vo, store));
  CHECK_OK(kyso_verify_options_add_crl(vo, g_crl.data, g_crl.len));
  kyso_trust_store_free(store);
  return vo;
}

/* Verify `sig` through the C API (content NULL: attached), expect TOTAL-PASSED, and record it
   for OpenSSL (content_file "-" for attached). Frees `sig`. */
static void check_and_record(kyso_bytes *sig, const buf *content, const char *out_name,
                             const char *content_file) {
  kyso_verify_options *vo = options_with_ca();
  kyso_report *r = NULL;
  CHECK(sig != NULL && kyso_bytes_len(sig) > 0);
  if (sig == NULL) {
    kyso_verify_options_free(vo);
    return;
  }
  CHECK_OK(kyso_verify(kyso_bytes_data(sig), kyso_bytes_len(sig), content ? content->data : NULL,
                       content ? content->len : 0, vo, &r));
  if (kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s:\n%s\n", out_name, kyso_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  write_output(out_name, kyso_bytes_data(sig), kyso_bytes_len(sig));
  fprintf(g_manifest, "%s %s\n", out_name, content_file);
  kyso_report_free(r);
  kyso_verify_options_free(vo);
  kyso_bytes_free(sig);
}

static kyso_signer *p12_signer(void) {
  buf p12 = fixture("rsa.p12");
  kyso_signer *s = NULL;
  CHECK_OK(kyso_signer_from_pkcs12(p12.data, p12.len, "Kyso-2026", &s));
  buf_free(&p12);
  return s;
}

static void test_pkcs12(void) {
  buf p12 = fixture("rsa.p12");
  char *path = fixture_path("rsa.p12");
  kyso_signer *s = (kyso_signer *)&g_pass; /* sentinel: untouched on failure */
  kyso_bytes *der = NULL;
  buf want = fixture("rsa.der");
  CHECK_RC(kyso_signer_from_pkcs12(p12.data, p12.len, "wrong", &s), KYSO_WRONG_PASSWORD);
  CHECK_CONTAINS(kyso_last_error_detail(), "wrong password");
  CHECK_RC(kyso_signer_from_pkcs12(p12.data, p12.len, NULL, &s), KYSO_PASSWORD_REQUIRED);
  CHECK_RC(kyso_signer_from_pkcs12(p12.data, p12.len, "", &s), KYSO_WRONG_PASSWORD);
  CHECK(kyso_signer_from_pkcs12(p12.data, p12.len / 2, "Kyso-2026", &s) != KYSO_OK);
  CHECK(kyso_signer_from_pkcs12(p12.data, 40, "Kyso-2026", &s) != KYSO_OK);
  CHECK_RC(kyso_signer_from_pkcs12((const uint8_t *)"not a key", 9, "x", &s), KYSO_UNRECOGNIZED_KEY_FORMAT);
  CHECK(s == (kyso_signer *)&g_pass);
  CHECK_RC(kyso_signer_from_pkcs12_file("/nonexistent.p12", "x", &s), KYSO_IO_ERROR);
  CHECK_RC(kyso_signer_from_pkcs12_file(path, "sai mật khẩu", &s), KYSO_WRONG_PASSWORD);
  CHECK_CONTAINS(kyso_last_error_detail(), "rsa.p12");
  CHECK_OK(kyso_signer_from_pkcs12_file(path, "Kyso-2026", &s));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_RSA_PKCS1_SHA256);
  CHECK_OK(kyso_signer_certificate(s, &der));
  CHECK(kyso_bytes_len(der) == want.len && memcmp(kyso_bytes_data(der), want.data, want.len) == 0);
  kyso_bytes_free(der);
  kyso_signer_free(s);
  free(path);
  buf_free(&p12);
  buf_free(&want);
}

static void test_pem(void) {
  buf key = fixture("rsa.key"), cert = fixture("rsa.pem"), enc = fixture("rsa-enc.pem");
  buf eckey = fixture("ec.key"), eccert = fixture("ec.pem"), ca = fixture("ca.pem");
  buf edkey = fixture("ed25519.key"), edcert = fixture("ed25519.pem");
  kyso_signer *s = NULL;
  kyso_bytes *sig = NULL;
  kyso_sign_options *so = NULL;
  CHECK_OK(kyso_signer_from_pem(key.data, key.len, cert.data, cert.len, NULL, &s));
  kyso_signer_free(s);
  CHECK_RC(kyso_signer_from_pem(enc.data, enc.len, cert.data, cert.len, NULL, &s), KYSO_PASSWORD_REQUIRED);
  CHECK_RC(kyso_signer_from_pem(enc.data, enc.len, cert.data, cert.len, "sai", &s), KYSO_WRONG_PASSWORD);
  CHECK_OK(kyso_signer_from_pem(enc.data, enc.len, cert.data, cert.len, "bi-mat", &s));
  kyso_signer_free(s);
  CHECK_RC(kyso_signer_from_pem(key.data, key.len, eccert.data, eccert.len, NULL, &s), KYSO_CERTIFICATE_KEY_MISMATCH);
  CHECK_RC(kyso_signer_from_pem(key.data, key.len, ca.data, ca.len, NULL, &s), KYSO_CERTIFICATE_KEY_MISMATCH);
  CHECK(kyso_signer_from_pem(key.data, key.len - 100, cert.data, cert.len, NULL, &s) != KYSO_OK);

  /* EC key, attached. */
  CHECK_OK(kyso_signer_from_pem(eckey.data, eckey.len, eccert.data, eccert.len, NULL, &s));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_ECDSA_SHA256);
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-ec-attached.p7s", "-");
  kyso_signer_free(s);

  /* RSA-PSS, detached, with a fixed signing time. */
  CHECK_OK(kyso_signer_from_pem(key.data, key.len, cert.data, cert.len, NULL, &s));
  CHECK_RC(kyso_signer_set_algorithm(s, KYSO_SIG_ECDSA_SHA256), KYSO_ALGORITHM_KEY_MISMATCH);
  CHECK_RC(kyso_signer_set_algorithm(s, KYSO_SIG_ED25519), KYSO_ALGORITHM_KEY_MISMATCH);
  CHECK_RC(kyso_signer_set_algorithm(s, 77), KYSO_INVALID_PARAMETER);
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_RSA_PKCS1_SHA256); /* unchanged, key kept */
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PSS_SHA256));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_RSA_PSS_SHA256);
  CHECK_OK(kyso_sign_options_new(&so));
  CHECK_OK(kyso_sign_options_set_detached(so, true));
  CHECK_OK(kyso_sign_options_set_signing_time(so, 1773453907)); /* 2026-03-14T02:05:07Z */
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
  {
    kyso_verify_options *vo = options_with_ca();
    kyso_report *r = NULL;
    const kyso_signer_report *sr = NULL;
    int64_t t = 0;
    CHECK_OK(kyso_verify(kyso_bytes_data(sig), kyso_bytes_len(sig), g_content.data, g_content.len, vo, &r));
    CHECK_OK(kyso_report_signer(r, 0, &sr));
    CHECK_OK(kyso_signer_report_signing_time(sr, &t));
    CHECK(t == 1773453907);
    CHECK_STR(kyso_signer_report_signing_time_text(sr), "2026-03-14T02:05:07Z");
    CHECK_STR(kyso_signer_report_signature_algorithm(sr), "rsa-pss-sha256");
    kyso_report_free(r);
    kyso_verify_options_free(vo);
  }
  check_and_record(sig, &g_content, "c-pss-detached.p7s", "content.txt");

  /* RSA PKCS#1 v1.5 SHA-512, detached, no signing time. */
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PKCS1_SHA512));
  CHECK_OK(kyso_sign_options_omit_signing_time(so));
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
  {
    kyso_verify_options *vo = options_with_ca();
    kyso_report *r = NULL;
    const kyso_signer_report *sr = NULL;
    int64_t t = 42;
    CHECK_OK(kyso_verify(kyso_bytes_data(sig), kyso_bytes_len(sig), g_content.data, g_content.len, vo, &r));
    CHECK_OK(kyso_report_signer(r, 0, &sr));
    CHECK_RC(kyso_signer_report_signing_time(sr, &t), KYSO_NOT_PRESENT);
    CHECK(t == 42);
    CHECK(kyso_signer_report_signing_time_text(sr) == NULL);
    kyso_report_free(r);
    kyso_verify_options_free(vo);
  }
  check_and_record(sig, &g_content, "c-rsa-sha512-detached.p7s", "content.txt");

  /* SHA-3 (Thông tư 15/2025/TT-BKHCN): RSA-PSS and v1.5 with SHA3-256 / SHA3-512, checked by kyso
     and recorded for `openssl cms -verify`. */
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PSS_SHA3_256));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_RSA_PSS_SHA3_256);
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
  {
    kyso_verify_options *vo = options_with_ca();
    kyso_report *r = NULL;
    const kyso_signer_report *sr = NULL;
    CHECK_OK(kyso_verify(kyso_bytes_data(sig), kyso_bytes_len(sig), g_content.data, g_content.len, vo, &r));
    CHECK_OK(kyso_report_signer(r, 0, &sr));
    CHECK_STR(kyso_signer_report_signature_algorithm(sr), "rsa-pss-sha3-256");
    kyso_report_free(r);
    kyso_verify_options_free(vo);
  }
  check_and_record(sig, &g_content, "c-pss-sha3-256-detached.p7s", "content.txt");
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PKCS1_SHA3_512));
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
  check_and_record(sig, &g_content, "c-rsa-sha3-512-detached.p7s", "content.txt");
  kyso_sign_options_free(so);
  kyso_signer_free(s);

  /* ECDSA with SHA3-256, attached. */
  CHECK_OK(kyso_signer_from_pem(eckey.data, eckey.len, eccert.data, eccert.len, NULL, &s));
  CHECK_RC(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PSS_SHA3_256), KYSO_ALGORITHM_KEY_MISMATCH);
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_ECDSA_SHA3_256));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_ECDSA_SHA3_256);
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-ec-sha3-256-attached.p7s", "-");
  kyso_signer_free(s);

  /* Ed25519 (RFC 8419), verified by kyso; OpenSSL 3.0 cannot do Ed25519 in CMS. */
  CHECK_OK(kyso_signer_from_pem(edkey.data, edkey.len, edcert.data, edcert.len, NULL, &s));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_ED25519);
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  {
    kyso_verify_options *vo = options_with_ca();
    kyso_report *r = NULL;
    CHECK_OK(kyso_verify(kyso_bytes_data(sig), kyso_bytes_len(sig), NULL, 0, vo, &r));
    CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
    kyso_report_free(r);
    kyso_verify_options_free(vo);
  }
  kyso_bytes_free(sig);
  kyso_signer_free(s);

  buf_free(&key);
  buf_free(&cert);
  buf_free(&enc);
  buf_free(&eckey);
  buf_free(&eccert);
  buf_free(&ca);
  buf_free(&edkey);
  buf_free(&edcert);
}

static void test_sign_pkcs12(void) {
  kyso_signer *s = p12_signer();
  kyso_bytes *sig = NULL;
  kyso_sign_options *so = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-p12-attached.p7s", "-");
  CHECK_OK(kyso_sign_options_new(&so));
  CHECK_OK(kyso_sign_options_set_detached(so, true));
  CHECK_OK(kyso_sign_options_set_include_chain(so, false));
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
  check_and_record(sig, &g_content, "c-p12-detached.p7s", "content.txt");
  /* Empty content is content too. */
  sig = NULL;
  CHECK_OK(kyso_sign(s, NULL, 0, NULL, &sig));
  CHECK(sig != NULL && kyso_bytes_len(sig) > 0);
  kyso_bytes_free(sig);
  kyso_sign_options_free(so);
  kyso_signer_free(s);
}

/* A CRL given to kyso_sign_options_add_crl travels in the SignedData (RFC 5652 §5.1
   `crls`), so a receiver with the anchor alone can check revocation offline. */
static void test_crl_in_signature(void) {
  kyso_signer *s = p12_signer();
  kyso_sign_options *so = NULL;
  kyso_trust_store *store = NULL;
  kyso_verify_options *store_only = NULL;
  kyso_bytes *with_crl = NULL, *without_crl = NULL;
  kyso_report *r = NULL;
  static const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01, 0x00};
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_ca.data, g_ca.len));
  CHECK_OK(kyso_verify_options_new(&store_only));
  CHECK_OK(kyso_verify_options_set_trust_store(store_only, store));
  CHECK_OK(kyso_sign_options_new(&so));
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &without_crl));
  CHECK_RC(kyso_sign_options_add_crl(so, garbage, sizeof garbage), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_sign_options_add_crl(so, NULL, 3), KYSO_NULL_PARAMETER);
  CHECK_OK(kyso_sign_options_add_crl(so, g_crl.data, g_crl.len));
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &with_crl));

  CHECK_OK(kyso_verify(kyso_bytes_data(with_crl), kyso_bytes_len(with_crl), NULL, 0, store_only,
                       &r));
  if (kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "embedded CRL:\n%s\n", kyso_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_report_free(r);
  r = NULL;
  /* Without the CRL in the message there is no revocation evidence: never a pass. */
  CHECK_OK(kyso_verify(kyso_bytes_data(without_crl), kyso_bytes_len(without_crl), NULL, 0,
                       store_only, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
  kyso_report_free(r);
  write_output("c-p12-crl.p7s", kyso_bytes_data(with_crl), kyso_bytes_len(with_crl));
  fprintf(g_manifest, "%s %s\n", "c-p12-crl.p7s", "-");
  kyso_bytes_free(with_crl);
  kyso_bytes_free(without_crl);
  kyso_verify_options_free(store_only);
  kyso_trust_store_free(store);
  kyso_sign_options_free(so);
  kyso_signer_free(s);
}

/* --- A callback signer backed by libcrypto (what a PKCS#11 token would do). --- */
typedef struct {
  EVP_PKEY *key;
  int calls;
  int mode; /* 0 sign, 1 fail, 2 garbage, 3 nothing, 4 too much, 5 raw r||s for ECDSA */
  kyso_sign_input input;
} token;

static const EVP_MD *md_for(kyso_sig_alg alg) {
  switch (alg) {
    case KYSO_SIG_RSA_PKCS1_SHA256: case KYSO_SIG_RSA_PSS_SHA256: case KYSO_SIG_ECDSA_SHA256:
      return EVP_sha256();
    case KYSO_SIG_RSA_PKCS1_SHA384: case KYSO_SIG_RSA_PSS_SHA384: case KYSO_SIG_ECDSA_SHA384:
      return EVP_sha384();
    case KYSO_SIG_RSA_PKCS1_SHA512: case KYSO_SIG_RSA_PSS_SHA512: case KYSO_SIG_ECDSA_SHA512:
      return EVP_sha512();
    case KYSO_SIG_RSA_PKCS1_SHA3_256: case KYSO_SIG_RSA_PSS_SHA3_256: case KYSO_SIG_ECDSA_SHA3_256:
      return EVP_sha3_256();
    default:
      return NULL;
  }
}

static int is_pss(kyso_sig_alg a) {
  return a == KYSO_SIG_RSA_PSS_SHA256 || a == KYSO_SIG_RSA_PSS_SHA384 || a == KYSO_SIG_RSA_PSS_SHA512 ||
         a == KYSO_SIG_RSA_PSS_SHA3_256;
}

/* Sign with libcrypto: the whole message (hash inside), a digest, or a raw DigestInfo. */
static int token_sign(EVP_PKEY *key, kyso_sig_alg alg, kyso_sign_input form, const uint8_t *in,
                      size_t in_len, uint8_t *out, size_t *out_len) {
  int ok = 0;
  if (form == KYSO_SIGN_INPUT_MESSAGE) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    ok = ctx != NULL && EVP_DigestSignInit(ctx, &pctx, md_for(alg), NULL, key) == 1 &&
         (!is_pss(alg) || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1)) &&
         EVP_DigestSign(ctx, out, out_len, in, in_len) == 1;
    EVP_MD_CTX_free(ctx);
  } else {
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, NULL);
    ok = pctx != NULL && EVP_PKEY_sign_init(pctx) == 1;
    if (ok && form == KYSO_SIGN_INPUT_DIGEST_INFO) {
      ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1; /* raw PKCS#1 v1.5 */
    } else if (ok) {
      ok = EVP_PKEY_CTX_set_signature_md(pctx, md_for(alg)) == 1 &&
           (!is_pss(alg) || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1));
    }
    ok = ok && EVP_PKEY_sign(pctx, out, out_len, in, in_len) == 1;
    EVP_PKEY_CTX_free(pctx);
  }
  return ok;
}

/* DER ECDSA-Sig-Value → raw r || s (what PKCS#11 CKM_ECDSA returns). */
static size_t der_to_raw(const uint8_t *der, size_t len, uint8_t *out, size_t half) {
  const unsigned char *p = der;
  ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
  const BIGNUM *r = NULL, *sv = NULL;
  if (s == NULL) {
    return 0;
  }
  ECDSA_SIG_get0(s, &r, &sv);
  BN_bn2binpad(r, out, (int)half);
  BN_bn2binpad(sv, out + half, (int)half);
  ECDSA_SIG_free(s);
  return 2 * half;
}

static int token_callback(void *userdata, kyso_sig_alg algorithm, const uint8_t *input,
                          size_t input_len, kyso_writer *signature) {
  token *t = userdata;
  uint8_t sig[1024];
  size_t len = sizeof sig;
  t->calls++;
  switch (t->mode) {
    case 1:
      return 7; /* e.g. CKR_PIN_INCORRECT */
    case 2:
      memset(sig, 0x42, 256);
      return kyso_writer_write(signature, sig, 256) == KYSO_OK ? 0 : 1;
    case 3:
      return 0;
    case 4: {
      static uint8_t big[70000];
      (void)kyso_writer_write(signature, big, sizeof big); /* refused: over 64 KiB */
      return 0;
    }
    default:
      break;
  }
  if (!token_sign(t->key, algorithm, t->input, input, input_len, sig, &len)) {
    return 3;
  }
  if (t->mode == 5) {
    uint8_t raw[132];
    size_t n = der_to_raw(sig, len, raw, 32);
    return n != 0 && kyso_writer_write(signature, raw, n) == KYSO_OK ? 0 : 4;
  }
  /* In two pieces, to exercise appending. */
  if (kyso_writer_write(signature, sig, len / 2) != KYSO_OK ||
      kyso_writer_write(signature, sig + len / 2, len - len / 2) != KYSO_OK) {
    return 5;
  }
  return 0;
}

static EVP_PKEY *load_key(const char *name) {
  char *path = fixture_path(name);
  FILE *f = fopen(path, "r");
  EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
  if (f) {
    fclose(f);
  }
  free(path);
  if (k == NULL) {
    fprintf(stderr, "cannot load %s with libcrypto\n", name);
    exit(2);
  }
  return k;
}

static void test_callback(void) {
  buf cert = fixture("rsa.pem"), eccert = fixture("ec.pem"), ca = fixture("ca.pem");
  token rsa = {NULL, 0, 0, KYSO_SIGN_INPUT_MESSAGE}, ec = {NULL, 0, 0, KYSO_SIGN_INPUT_DIGEST};
  kyso_signer *s = NULL;
  kyso_bytes *sig = NULL;
  size_t chain_len = cert.len + ca.len;
  uint8_t *chain = malloc(chain_len);
  rsa.key = load_key("rsa.key");
  ec.key = load_key("ec.key");
  memcpy(chain, cert.data, cert.len);
  memcpy(chain + cert.len, ca.data, ca.len);

  /* Whole message, the token hashes (CKM_SHA256_RSA_PKCS); the chain goes into the CMS. */
  CHECK_OK(kyso_signer_from_callback(chain, chain_len, KYSO_SIG_DEFAULT, KYSO_SIGN_INPUT_MESSAGE, token_callback, &rsa, &s));
  CHECK(kyso_signer_algorithm(s) == KYSO_SIG_RSA_PKCS1_SHA256);
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  CHECK(rsa.calls == 1);
  check_and_record(sig, NULL, "c-callback-message.p7s", "-");
  /* The callback fails (PIN refused): the call fails, no output. */
  rsa.mode = 1;
  sig = NULL;
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_SIGNING_CALLBACK_FAILED);
  CHECK_CONTAINS(kyso_last_error_detail(), "returned 7");
  CHECK(sig == NULL);
  /* The callback lies (garbage signature): refused before any output. */
  rsa.mode = 2;
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_EXTERNAL_SIGNATURE_INVALID);
  rsa.mode = 3;
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_SIGNING_CALLBACK_FAILED);
  rsa.mode = 4;
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_SIGNING_CALLBACK_FAILED);
  CHECK(sig == NULL);
  rsa.mode = 0;
  /* PSS through the callback. */
  CHECK_OK(kyso_signer_set_algorithm(s, KYSO_SIG_RSA_PSS_SHA384));
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-callback-pss.p7s", "-");
  /* A signature for another algorithm than announced is caught. */
  CHECK_RC(kyso_signer_set_algorithm(s, KYSO_SIG_ED25519), KYSO_OK);
  sig = NULL;
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_ALGORITHM_KEY_MISMATCH);
  kyso_signer_free(s);

  /* Raw RSA: the token signs a DigestInfo (CKM_RSA_PKCS). */
  rsa.input = KYSO_SIGN_INPUT_DIGEST_INFO;
  CHECK_OK(kyso_signer_from_callback(cert.data, cert.len, KYSO_SIG_RSA_PKCS1_SHA256, KYSO_SIGN_INPUT_DIGEST_INFO, token_callback, &rsa, &s));
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-callback-digestinfo.p7s", "-");
  kyso_signer_free(s);
  /* The same with SHA3-256: kyso's DigestInfo (id-sha3-256, NULL) signed raw by libcrypto. */
  CHECK_OK(kyso_signer_from_callback(cert.data, cert.len, KYSO_SIG_RSA_PKCS1_SHA3_256, KYSO_SIGN_INPUT_DIGEST_INFO, token_callback, &rsa, &s));
  sig = NULL;
  CHECK_OK(kyso_sign(s, g_content.data, g_content.len, NULL, &sig));
  check_and_record(sig, NULL, "c-callback-digestinfo-sha3.p7s", "-");
  kyso_signer_free(s);
  CHECK_RC(kyso_signer_from_callback(cert.data, cert.len, KYSO_SIG_RSA_PSS_SHA256, KYSO_SIGN_INPUT_DIGEST_INFO, token_callback, &rsa, &s), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_signer_from_callback(cert.data, cert.len, 0, 9, token_callback, &rsa, &s), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_signer_from_callback(cert.data, cert.len, 55, 0, token_callback, &rsa, &s), KYSO_INVALID_PARAMETER);

  /* ECDSA over a digest (CKM_ECDSA), DER and raw r || s; detached. */
  {
    kyso_sign_options *so = NULL;
    CHECK_OK(kyso_sign_options_new(&so));
    CHECK_OK(kyso_sign_options_set_detached(so, true));
    CHECK_OK(kyso_signer_from_callback(eccert.data, eccert.len, KYSO_SIG_DEFAULT, KYSO_SIGN_INPUT_DIGEST, token_callback, &ec, &s));
    CHECK(kyso_signer_algorithm(s) == KYSO_SIG_ECDSA_SHA256);
    sig = NULL;
    CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
    check_and_record(sig, &g_content, "c-callback-ecdsa-der.p7s", "content.txt");
    ec.mode = 5;
    sig = NULL;
    CHECK_OK(kyso_sign(s, g_content.data, g_content.len, so, &sig));
    check_and_record(sig, &g_content, "c-callback-ecdsa-raw.p7s", "content.txt");
    ec.mode = 0;
    kyso_signer_free(s);
    kyso_sign_options_free(so);
  }
  CHECK_RC(kyso_signer_from_callback(eccert.data, eccert.len, KYSO_SIG_DEFAULT, KYSO_SIGN_INPUT_DIGEST_INFO, token_callback, &ec, &s), KYSO_INVALID_PARAMETER);

  EVP_PKEY_free(rsa.key);
  EVP_PKEY_free(ec.key);
  free(chain);
  buf_free(&cert);
  buf_free(&eccert);
  buf_free(&ca);
}

static void test_two_phase(void) {
  buf cert = fixture("rsa.pem"), eccert = fixture("ec.pem");
  EVP_PKEY *key = load_key("rsa.key"), *eckey = load_key("ec.key");
  kyso_signer *s = NULL;
  kyso_prepared *p = NULL, *p2 = NULL;
  kyso_bytes *sig = NULL, *state = NULL;
  kyso_sign_options *so = NULL;
  const uint8_t *in = NULL;
  size_t in_len = 0;
  uint8_t raw[1024];
  size_t raw_len = sizeof raw;

  CHECK_OK(kyso_signer_from_certificate(cert.data, cert.len, KYSO_SIG_DEFAULT, &s));
  CHECK_RC(kyso_sign(s, g_content.data, g_content.len, NULL, &sig), KYSO_WRONG_MODE);
  CHECK_OK(kyso_sign_options_new(&so));
  CHECK_OK(kyso_sign_options_set_detached(so, true));
  CHECK_OK(kyso_prepare(s, g_content.data, g_content.len, so, &p));
  kyso_signer_free(s); /* the prepared signature keeps what it needs */
  kyso_sign_options_free(so);
  CHECK(kyso_prepared_algorithm(p) == KYSO_SIG_RSA_PKCS1_SHA256);
  CHECK_OK(kyso_prepared_input(p, KYSO_SIGN_INPUT_DIGEST, &in, &in_len));
  CHECK(in_len == 32);
  CHECK_OK(kyso_prepared_input(p, KYSO_SIGN_INPUT_DIGEST_INFO, &in, &in_len));
  CHECK(in_len == 51); /* DigestInfo for SHA-256: 19-byte prefix + 32 (RFC 8017 §9.2 note 1) */
  CHECK_RC(kyso_prepared_input(p, 5, &in, &in_len), KYSO_INVALID_PARAMETER);
  CHECK_OK(kyso_prepared_input(p, KYSO_SIGN_INPUT_MESSAGE, &in, &in_len));
  CHECK(in_len > 0 && in[0] == 0x31); /* the DER SET of signed attributes */

  /* The remote service answers with something wrong first: refused, then retried. */
  memset(raw, 0x17, 256);
  CHECK_RC(kyso_prepared_finish(p, raw, 256, &sig), KYSO_EXTERNAL_SIGNATURE_INVALID);
  CHECK(sig == NULL);
  CHECK(token_sign(key, KYSO_SIG_RSA_PKCS1_SHA256, KYSO_SIGN_INPUT_MESSAGE, in, in_len, raw, &raw_len));

  /* Saved between requests, restored, finished. */
  CHECK_OK(kyso_prepared_to_bytes(p, &state));
  kyso_prepared_free(p);
  CHECK_RC(kyso_prepared_from_bytes(kyso_bytes_data(state), kyso_bytes_len(state) - 1, &p2), KYSO_MALFORMED_CMS);
  CHECK_OK(kyso_prepared_from_bytes(kyso_bytes_data(state), kyso_bytes_len(state), &p2));
  kyso_bytes_free(state);
  CHECK_OK(kyso_prepared_finish(p2, raw, raw_len, &sig));
  check_and_record(sig, &g_content, "c-two-phase.p7s", "content.txt");
  kyso_prepared_free(p2);

  /* ECDSA two-phase, attached, raw r || s. */
  CHECK_OK(kyso_signer_from_certificate(eccert.data, eccert.len, KYSO_SIG_ECDSA_SHA256, &s));
  p = NULL;
  CHECK_OK(kyso_prepare(s, g_content.data, g_content.len, NULL, &p));
  CHECK_RC(kyso_prepared_input(p, KYSO_SIGN_INPUT_DIGEST_INFO, &in, &in_len), KYSO_INVALID_PARAMETER);
  CHECK_OK(kyso_prepared_input(p, KYSO_SIGN_INPUT_DIGEST, &in, &in_len));
  raw_len = sizeof raw;
  CHECK(token_sign(eckey, KYSO_SIG_ECDSA_SHA256, KYSO_SIGN_INPUT_DIGEST, in, in_len, raw, &raw_len));
  {
    uint8_t rs[64];
    size_t n = der_to_raw(raw, raw_len, rs, 32);
    sig = NULL;
    CHECK_OK(kyso_prepared_finish(p, rs, n, &sig));
    check_and_record(sig, NULL, "c-two-phase-ecdsa.p7s", "-");
  }
  kyso_prepared_free(p);
  kyso_signer_free(s);
  EVP_PKEY_free(key);
  EVP_PKEY_free(eckey);
  buf_free(&cert);
  buf_free(&eccert);
}

/* 4 MiB of content, made here and written out for OpenSSL, streamed in 64 KiB pieces. */
static void test_streaming(void) {
  enum { SIZE = 4 * 1024 * 1024, PIECE = 65536 };
  uint8_t *big = malloc(SIZE);
  size_t i;
  kyso_signer *s = p12_signer();
  kyso_sign_stream *st = NULL;
  kyso_bytes *sig = NULL;
  buf content;
  uint32_t x = 2463534242u;
  for (i = 0; i < SIZE; i++) { /* xorshift: varied, reproducible bytes */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    big[i] = (uint8_t)x;
  }
  write_output("big.bin", big, SIZE);
  content.data = big;
  content.len = SIZE;

  CHECK_OK(kyso_sign_stream_new(s, NULL, &st));
  kyso_signer_free(s); /* the stream keeps the key */
  for (i = 0; i < SIZE; i += PIECE) {
    CHECK_OK(kyso_sign_stream_update(st, big + i, PIECE));
  }
  CHECK_OK(kyso_sign_stream_finish(st, &sig));
  CHECK_RC(kyso_sign_stream_finish(st, &sig), KYSO_ALREADY_FINISHED);
  CHECK_RC(kyso_sign_stream_update(st, big, 1), KYSO_ALREADY_FINISHED);
  CHECK_RC(kyso_sign_stream_prepare(st, NULL), KYSO_NULL_PARAMETER);
  kyso_sign_stream_free(st);

  /* Verify it streaming too, in other piece sizes. */
  {
    kyso_verify_options *vo = options_with_ca();
    kyso_verifier *v = NULL;
    kyso_report *r = NULL;
    CHECK_OK(kyso_verifier_new(kyso_bytes_data(sig), kyso_bytes_len(sig), vo, &v));
    for (i = 0; i < SIZE; i += 100000) {
      CHECK_OK(kyso_verifier_update(v, big + i, SIZE - i < 100000 ? SIZE - i : 100000));
    }
    CHECK_OK(kyso_verifier_finish(v, &r));
    CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
    CHECK(kyso_report_signer_count(r) == 1);
    kyso_report_free(r);
    kyso_verifier_free(v);
    kyso_verify_options_free(vo);
  }
  check_and_record(sig, &content, "c-stream.p7s", "big.bin");

  /* Two-phase streaming with a certificate-only signer. */
  {
    buf cert = fixture("rsa.pem");
    EVP_PKEY *key = load_key("rsa.key");
    kyso_prepared *p = NULL;
    const uint8_t *in = NULL;
    size_t in_len = 0;
    uint8_t out[512];
    size_t out_len = sizeof out;
    CHECK_OK(kyso_signer_from_certificate(cert.data, cert.len, KYSO_SIG_RSA_PKCS1_SHA384, &s));
    CHECK_OK(kyso_sign_stream_new(s, NULL, &st));
    for (i = 0; i < SIZE; i += PIECE) {
      CHECK_OK(kyso_sign_stream_update(st, big + i, PIECE));
    }
    CHECK_RC(kyso_sign_stream_finish(st, &sig), KYSO_WRONG_MODE);
    CHECK_OK(kyso_sign_stream_prepare(st, &p));
    kyso_sign_stream_free(st);
    kyso_signer_free(s);
    CHECK_OK(kyso_prepared_input(p, KYSO_SIGN_INPUT_DIGEST_INFO, &in, &in_len));
    CHECK(token_sign(key, KYSO_SIG_RSA_PKCS1_SHA384, KYSO_SIGN_INPUT_DIGEST_INFO, in, in_len, out, &out_len));
    sig = NULL;
    CHECK_OK(kyso_prepared_finish(p, out, out_len, &sig));
    check_and_record(sig, &content, "c-stream-two-phase.p7s", "big.bin");
    kyso_prepared_free(p);
    EVP_PKEY_free(key);
    buf_free(&cert);
  }
  /* Freed before finishing: no leak, no crash. */
  s = p12_signer();
  CHECK_OK(kyso_sign_stream_new(s, NULL, &st));
  CHECK_OK(kyso_sign_stream_update(st, big, 10));
  kyso_sign_stream_free(st);
  kyso_signer_free(s);
  free(big);
}

int main(void) {
  char *manifest = fixture_path("c-made.txt");
  g_manifest = fopen(manifest, "w");
  free(manifest);
  if (g_manifest == NULL) {
    return 2;
  }
  g_ca = fixture("ca.pem");
  g_crl = fixture("ca.crl");
  g_content = fixture("content.txt");
  test_pkcs12();
  test_pem();
  test_sign_pkcs12();
  test_crl_in_signature();
  test_callback();
  test_two_phase();
  test_streaming();
  fclose(g_manifest);
  buf_free(&g_ca);
  buf_free(&g_crl);
  buf_free(&g_content);
  return finish_suite("test_sign");
}
