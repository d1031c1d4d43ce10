/*
 * Trust stores, verification options, verification of OpenSSL-made signatures (attached,
 * detached, streaming), report accessors (Vietnamese identities, signing time, chain, JSON,
 * text in vi/en), revocation by CRL bytes and by the fetch callback, chain validation, hostile
 * input, freeing in every order, and concurrent use of shared options from several threads.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

#include "harness.h"

static buf g_ca, g_crl, g_content;

/* Options trusting the test CA, with its CRL as revocation evidence. */
static kyso_verify_options *options_with_ca(int with_crl) {
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_ca.data, g_ca.len));
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify_options_set_trust_store(vo, store));
  kyso_trust_store_free(store); /* the options keep their copy */
  if (with_crl) {
    CHECK_OK(kyso_verify_options_add_crl(vo, g_crl.data, g_crl.len));
  }
  return vo;
}

/* Verify a fixture; content NULL for attached. Returns the report (caller frees). */
static kyso_report *verify_fixture(const char *name, const buf *content, const kyso_verify_options *vo) {
  buf sig = fixture(name);
  kyso_report *r = NULL;
  CHECK_OK(kyso_verify(sig.data, sig.len, content ? content->data : NULL, content ? content->len : 0, vo, &r));
  buf_free(&sig);
  return r;
}

static void expect(const char *name, const buf *content, const kyso_verify_options *vo,
                   kyso_indication want, const char *want_sub) {
  kyso_report *r = verify_fixture(name, content, vo);
  if (kyso_report_indication(r) != want) {
    fprintf(stderr, "%s: got %s/%s, expected %s/%s\n%s\n", name,
            kyso_indication_text(kyso_report_indication(r)),
            kyso_report_sub_indication(r) ? kyso_report_sub_indication(r) : "-",
            kyso_indication_text(want), want_sub ? want_sub : "-", kyso_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_report_indication(r) == want);
  if (want_sub == NULL) {
    CHECK(kyso_report_sub_indication(r) == NULL);
  } else {
    CHECK_STR(kyso_report_sub_indication(r), want_sub);
  }
  kyso_report_free(r);
}

static void test_trust_stores(void) {
  kyso_trust_store *s = NULL;
  buf der = fixture("ca.der");
  char *path = fixture_path("ca.pem");
  CHECK_OK(kyso_trust_store_from_bundle("vn", &s));
  CHECK(kyso_trust_store_anchor_count(s) == 4);
  kyso_trust_store_free(s);
  CHECK_OK(kyso_trust_store_from_bundle("vgca", &s));
  CHECK(kyso_trust_store_anchor_count(s) == 2);
  CHECK_OK(kyso_trust_store_add_bundle(s, "neac"));
  CHECK(kyso_trust_store_anchor_count(s) == 4);
  CHECK_RC(kyso_trust_store_add_bundle(s, "vnpt"), KYSO_UNKNOWN_BUNDLE);
  CHECK(kyso_trust_store_anchor_count(s) == 4);
  kyso_trust_store_free(s);
  s = NULL;
  CHECK_OK(kyso_trust_store_new(&s));
  CHECK(kyso_trust_store_anchor_count(s) == 0);
  CHECK_OK(kyso_trust_store_add_anchors(s, der.data, der.len));
  CHECK_OK(kyso_trust_store_add_anchors_file(s, path));
  CHECK(kyso_trust_store_anchor_count(s) == 1); /* same certificate twice */
  CHECK_RC(kyso_trust_store_add_anchors_file(s, "/nonexistent/kyso.pem"), KYSO_IO_ERROR);
  CHECK_CONTAINS(kyso_last_error_detail(), "/nonexistent/kyso.pem");
  CHECK_RC(kyso_trust_store_add_anchors(s, der.data, der.len / 2), KYSO_MALFORMED_CERTIFICATE);
  CHECK_RC(kyso_trust_store_add_anchors(s, g_ca.data, g_ca.len - 40), KYSO_MALFORMED_CERTIFICATE);
  CHECK_RC(kyso_trust_store_add_anchors(s, (const uint8_t *)"-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n", 47), KYSO_MALFORMED_PKCS7);
  CHECK_OK(kyso_trust_store_add_intermediates(s, der.data, der.len));
  CHECK(kyso_trust_store_anchor_count(s) == 1);
  kyso_trust_store_free(s);
  free(path);
  buf_free(&der);
}

static void test_openssl_signatures(void) {
  kyso_verify_options *vo = options_with_ca(1);
  kyso_report *r;
  expect("ossl-rsa-attached.p7s", NULL, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-rsa-detached.p7s", &g_content, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-rsa-detached.pem", &g_content, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-rsa-cades.p7s", &g_content, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-pss-detached.p7s", &g_content, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-ec-attached.p7s", NULL, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-p384-detached.p7s", &g_content, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);
  expect("ossl-two-signers.p7s", NULL, vo, KYSO_INDICATION_TOTAL_PASSED, NULL);

  /* Tampered content: the message digest no longer matches (RFC 5652 §5.4). */
  {
    buf bad = fixture("content.txt");
    bad.data[3] ^= 0x01;
    expect("ossl-rsa-detached.p7s", &bad, vo, KYSO_INDICATION_TOTAL_FAILED, "HASH_FAILURE");
    buf_free(&bad);
  }
  /* Detached signature without its content: the signed data is missing. */
  r = verify_fixture("ossl-rsa-detached.p7s", NULL, vo);
  CHECK(kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED);
  kyso_report_free(r);
  /* Attached signature given other content as well: the supplied content is what is checked,
     so it fails (HASH_FAILURE) and the report says it differs (cms.supplied-content-differs). */
  {
    buf other = fixture("content.txt");
    other.data[0] ^= 0x20;
    expect("ossl-rsa-attached.p7s", &other, vo, KYSO_INDICATION_TOTAL_FAILED, "HASH_FAILURE");
    r = verify_fixture("ossl-rsa-attached.p7s", &other, vo);
    CHECK_CONTAINS(kyso_report_json(r), "cms.supplied-content-differs");
    kyso_report_free(r);
    buf_free(&other);
  }

  /* Revoked signer certificate (keyCompromise on the CRL, before the signing time). */
  r = verify_fixture("ossl-revoked-detached.p7s", &g_content, vo);
  CHECK(kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_report_sub_indication(r) != NULL && strncmp(kyso_report_sub_indication(r), "REVOKED", 7) == 0);
  {
    const kyso_signer_report *s = NULL;
    const kyso_cert_info *leaf = NULL;
    CHECK_OK(kyso_report_signer(r, 0, &s));
    CHECK_OK(kyso_signer_report_chain_cert(s, 0, &leaf));
    CHECK_STR(kyso_cert_info_status(leaf), "failed");
    CHECK_CONTAINS(kyso_report_json(r), "\"chain.revoked\"");
    CHECK_CONTAINS(kyso_report_json(r), "keyCompromise");
    CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_VI), "Lê Văn Cường");
  }
  kyso_report_free(r);
  kyso_verify_options_free(vo);
}

static void test_report_accessors(void) {
  kyso_verify_options *vo = options_with_ca(1);
  kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
  const kyso_signer_report *s = NULL;
  const kyso_cert_info *c = NULL;
  const char *kind = NULL, *value = NULL;
  int64_t t = 0;
  time_t now = time(NULL);

  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_report_signer_count(r) == 1);
  CHECK_RC(kyso_report_signer(r, 1, &s), KYSO_INDEX_OUT_OF_RANGE);
  CHECK(s == NULL);
  CHECK_OK(kyso_report_signer(r, 0, &s));
  CHECK(kyso_signer_report_indication(s) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_signer_report_sub_indication(s) == NULL);
  CHECK_STR(kyso_signer_report_common_name(s), "Nguyễn Văn An");
  CHECK_STR(kyso_signer_report_organization(s), "Ủy ban nhân dân tỉnh Bắc Ninh");
  CHECK_STR(kyso_signer_report_email(s), "an@bacninh.gov.vn");
  CHECK_CONTAINS(kyso_signer_report_subject(s), "CN=Nguyễn Văn An");
  CHECK_STR(kyso_signer_report_signature_algorithm(s), "rsa-pkcs1v15-sha256");
  CHECK(kyso_signer_report_vn_id_count(s) == 1);
  CHECK_OK(kyso_signer_report_vn_id(s, 0, &kind, &value));
  CHECK_STR(kind, "CCCD");
  CHECK_STR(value, "001099012345");
  CHECK_OK(kyso_signer_report_vn_id(s, 0, NULL, NULL));
  kind = value = NULL;
  CHECK_RC(kyso_signer_report_vn_id(s, 1, &kind, &value), KYSO_INDEX_OUT_OF_RANGE);
  CHECK(kind == NULL && value == NULL);
  CHECK_OK(kyso_signer_report_signing_time(s, &t));
  CHECK(t > (int64_t)now - 3600 && t <= (int64_t)now + 60);
  CHECK(kyso_signer_report_signing_time_text(s) != NULL &&
        strlen(kyso_signer_report_signing_time_text(s)) == 20 &&
        kyso_signer_report_signing_time_text(s)[19] == 'Z');
  c = kyso_signer_report_certificate(s);
  CHECK(c != NULL);
  CHECK_CONTAINS(kyso_cert_info_subject(c), "UID=CCCD:001099012345");
  CHECK_CONTAINS(kyso_cert_info_issuer(c), "Kyso Test Root CA");
  CHECK_STR(kyso_cert_info_serial(c), "1001");
  CHECK(kyso_cert_info_sha256(c) != NULL && strlen(kyso_cert_info_sha256(c)) == 64);
  CHECK(kyso_cert_info_not_before(c) <= (int64_t)now && kyso_cert_info_not_after(c) > (int64_t)now);
  CHECK(kyso_signer_report_chain_indication(s) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_signer_report_chain_length(s) == 2);
  CHECK_OK(kyso_signer_report_chain_cert(s, 0, &c));
  CHECK(!kyso_cert_info_is_trust_anchor(c));
  CHECK_STR(kyso_cert_info_status(c), "passed");
  CHECK_STR(kyso_cert_info_revocation_status(c), "good");
  CHECK_OK(kyso_signer_report_chain_cert(s, 1, &c));
  CHECK(kyso_cert_info_is_trust_anchor(c));
  CHECK_CONTAINS(kyso_cert_info_subject(c), "Ban Cơ yếu Chính phủ");
  CHECK_RC(kyso_signer_report_chain_cert(s, 2, &c), KYSO_INDEX_OUT_OF_RANGE);

  CHECK_CONTAINS(kyso_report_json(r), "\"indication\": \"TOTAL-PASSED\"");
  CHECK_CONTAINS(kyso_report_json(r), "001099012345");
  CHECK(kyso_report_json(r) == kyso_report_json(r)); /* computed once, owned by the report */
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_EN), "Nguyễn Văn An");
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_VI), "Nguyễn Văn An");
  CHECK(strcmp(kyso_report_text(r, KYSO_LANG_VI), kyso_report_text(r, KYSO_LANG_EN)) != 0);
  CHECK(kyso_report_text(r, 7) == NULL);
  kyso_report_free(r);

  /* A signer with an organisation's tax code (MST) and an ECDSA key. */
  r = verify_fixture("ossl-ec-attached.p7s", NULL, vo);
  CHECK_OK(kyso_report_signer(r, 0, &s));
  CHECK_OK(kyso_signer_report_vn_id(s, 0, &kind, &value));
  CHECK_STR(kind, "MST");
  CHECK_STR(value, "0100686209-199");
  CHECK_STR(kyso_signer_report_signature_algorithm(s), "ecdsa-sha256");
  CHECK(kyso_signer_report_email(s) == NULL);
  kyso_report_free(r);

  r = verify_fixture("ossl-p384-detached.p7s", &g_content, vo);
  CHECK_OK(kyso_report_signer(r, 0, &s));
  CHECK_OK(kyso_signer_report_vn_id(s, 0, &kind, &value));
  CHECK_STR(kind, "CMND");
  CHECK(kyso_signer_report_organization(s) == NULL);
  kyso_report_free(r);
  kyso_verify_options_free(vo);
}

static void test_policies_and_trust(void) {
  kyso_verify_options *vo = NULL;
  kyso_trust_store *vn = NULL;
  /* Nothing trusted: never a pass. */
  CHECK_OK(kyso_verify_options_new(&vo));
  expect("ossl-rsa-attached.p7s", NULL, vo, KYSO_INDICATION_INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND");
  /* The national roots do not issue the test CA. */
  CHECK_OK(kyso_trust_store_from_bundle("vn", &vn));
  CHECK_OK(kyso_verify_options_set_trust_store(vo, vn));
  kyso_trust_store_free(vn);
  expect("ossl-rsa-attached.p7s", NULL, vo, KYSO_INDICATION_INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND");
  kyso_verify_options_free(vo);

  /* Trusted, but no revocation data: vn-gov and strict both refuse to pass. */
  vo = options_with_ca(0);
  {
    kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
    CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
    kyso_report_free(r);
  }
  CHECK_OK(kyso_verify_options_set_policy(vo, "strict"));
  {
    kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
    CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
    kyso_report_free(r);
  }
  /* Revocation turned off by name: passes, and the report says it was skipped. */
  CHECK_OK(kyso_verify_options_set_policy(vo, "vn-gov"));
  CHECK_OK(kyso_verify_options_danger_without_revocation(vo));
  {
    kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
    CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
    CHECK_CONTAINS(kyso_report_json(r), "not-checked");
    kyso_report_free(r);
  }
  /* In 2040 the certificates have expired. */
  CHECK_OK(kyso_verify_options_set_validation_time(vo, 2208988800)); /* 2040-01-01 */
  {
    kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
    CHECK(kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED);
    kyso_report_free(r);
  }
  kyso_verify_options_free(vo);

  /* Chain validation off by name: never TOTAL-PASSED on the chain's behalf. */
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify_options_danger_without_chain_validation(vo));
  {
    kyso_report *r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
    CHECK(kyso_report_indication(r) != KYSO_INDICATION_TOTAL_FAILED);
    kyso_report_free(r);
  }
  kyso_verify_options_free(vo);
}

static void test_hostile_input(void) {
  kyso_verify_options *vo = options_with_ca(1);
  buf sig = fixture("ossl-rsa-attached.p7s");
  kyso_report *r = NULL;
  size_t n;
  int all_failed = 1, all_reported = 1;
  static const uint8_t junk[] = {0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};
  CHECK_OK(kyso_verify(junk, sizeof junk, NULL, 0, vo, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_STR(kyso_report_sub_indication(r), "FORMAT_FAILURE");
  CHECK(kyso_report_signer_count(r) == 0);
  kyso_report_free(r);
  /* Every truncation of a valid signature is reported, never passed, never a crash. */
  for (n = 0; n < sig.len; n += 13) {
    r = NULL;
    if (kyso_verify(sig.data, n, NULL, 0, vo, &r) != KYSO_OK || r == NULL) {
      all_reported = 0;
      continue;
    }
    if (kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED) {
      all_failed = 0;
    }
    kyso_report_free(r);
  }
  CHECK(all_reported);
  CHECK(all_failed);
  /* One flipped byte anywhere: never a pass. */
  all_failed = 1;
  for (n = 0; n < sig.len; n += 29) {
    r = NULL;
    sig.data[n] ^= 0x5a;
    if (kyso_verify(sig.data, sig.len, NULL, 0, vo, &r) == KYSO_OK &&
        kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED) {
      all_failed = 0;
      fprintf(stderr, "byte %zu flipped still passes\n", n);
    }
    sig.data[n] ^= 0x5a;
    kyso_report_free(r);
  }
  CHECK(all_failed);
  buf_free(&sig);
  kyso_verify_options_free(vo);
}

static void test_streaming(void) {
  kyso_verify_options *vo = options_with_ca(1);
  buf sig = fixture("ossl-rsa-detached.p7s");
  kyso_verifier *v = NULL;
  kyso_report *r = NULL;
  size_t i;
  /* Content fed in 7-byte pieces. */
  CHECK_OK(kyso_verifier_new(sig.data, sig.len, vo, &v));
  kyso_verify_options_free(vo); /* the verifier keeps its copy */
  for (i = 0; i < g_content.len; i += 7) {
    size_t n = g_content.len - i < 7 ? g_content.len - i : 7;
    CHECK_OK(kyso_verifier_update(v, g_content.data + i, n));
  }
  CHECK_OK(kyso_verifier_update(v, NULL, 0));
  CHECK_OK(kyso_verifier_finish(v, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_report_free(r);
  r = NULL;
  CHECK_RC(kyso_verifier_finish(v, &r), KYSO_ALREADY_FINISHED);
  CHECK_RC(kyso_verifier_update(v, g_content.data, 1), KYSO_ALREADY_FINISHED);
  CHECK(r == NULL);
  kyso_verifier_free(v);

  /* Wrong content through the stream. */
  vo = options_with_ca(1);
  CHECK_OK(kyso_verifier_new(sig.data, sig.len, vo, &v));
  CHECK_OK(kyso_verifier_update(v, g_content.data, g_content.len - 1));
  CHECK_OK(kyso_verifier_finish(v, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_STR(kyso_report_sub_indication(r), "HASH_FAILURE");
  kyso_verifier_free(v); /* report outlives the verifier */
  CHECK(kyso_report_signer_count(r) == 1);
  kyso_report_free(r);

  /* Unreadable signature: reported at finish. */
  CHECK_OK(kyso_verifier_new((const uint8_t *)"xyz", 3, vo, &v));
  CHECK_OK(kyso_verifier_update(v, g_content.data, g_content.len));
  CHECK_OK(kyso_verifier_finish(v, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_FAILED);
  kyso_report_free(r);
  kyso_verifier_free(v);
  kyso_verify_options_free(vo);
  buf_free(&sig);
}

/* --- Fetch callback: serves the CRL as an HTTP server would. --- */
typedef struct {
  int calls;
  int fail;
  char last_url[256];
  kyso_fetch_kind last_kind;
} fetch_state;

static int fetch_cb(void *userdata, kyso_fetch_kind kind, const char *url, const uint8_t *body,
                    size_t body_len, kyso_writer *response) {
  fetch_state *st = userdata;
  size_t i;
  (void)body;
  (void)body_len;
  st->calls++;
  st->last_kind = kind;
  snprintf(st->last_url, sizeof st->last_url, "%s", url);
  if (st->fail) {
    return 1;
  }
  if (kind != KYSO_FETCH_CRL || strcmp(url, "http://crl.kyso.test/ca.crl") != 0) {
    return 404;
  }
  for (i = 0; i < g_crl.len; i += 100) { /* in pieces, as a curl write callback would */
    size_t n = g_crl.len - i < 100 ? g_crl.len - i : 100;
    if (kyso_writer_write(response, g_crl.data + i, n) != KYSO_OK) {
      return 2;
    }
  }
  return 0;
}

static void test_fetch_callback(void) {
  fetch_state st;
  kyso_verify_options *vo = options_with_ca(0);
  kyso_report *r;
  memset(&st, 0, sizeof st);
  CHECK_OK(kyso_verify_options_set_fetch_callback(vo, fetch_cb, &st));
  r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(st.calls >= 1);
  CHECK(st.last_kind == KYSO_FETCH_CRL);
  CHECK_STR(st.last_url, "http://crl.kyso.test/ca.crl");
  CHECK_CONTAINS(kyso_report_json(r), "fetched");
  kyso_report_free(r);

  /* The revoked certificate is caught through the fetched CRL too. */
  r = verify_fixture("ossl-revoked-detached.p7s", &g_content, vo);
  CHECK(kyso_report_sub_indication(r) != NULL && strncmp(kyso_report_sub_indication(r), "REVOKED", 7) == 0);
  kyso_report_free(r);

  /* A failing network: unknown status, never a pass. */
  st.fail = 1;
  st.calls = 0;
  r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
  CHECK(st.calls >= 1);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
  kyso_report_free(r);

  /* A response over the size cap is refused. */
  st.fail = 0;
  CHECK_OK(kyso_verify_options_set_fetch_limit(vo, 64));
  r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
  kyso_report_free(r);

  /* Removing the callback: no more fetching. */
  st.calls = 0;
  CHECK_OK(kyso_verify_options_set_fetch_callback(vo, NULL, NULL));
  r = verify_fixture("ossl-rsa-attached.p7s", NULL, vo);
  CHECK(st.calls == 0);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
  kyso_report_free(r);
  kyso_verify_options_free(vo);
}

static void test_chain(void) {
  kyso_verify_options *vo = options_with_ca(1);
  buf rsa = fixture("rsa.pem"), revoked = fixture("revoked.pem"), rsa_der = fixture("rsa.der");
  kyso_chain_report *cr = NULL;
  const kyso_cert_info *c = NULL;

  CHECK_OK(kyso_chain_validate(rsa.data, rsa.len, vo, KYSO_PURPOSE_DOCUMENT_SIGNING, &cr));
  CHECK(kyso_chain_report_indication(cr) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_chain_report_sub_indication(cr) == NULL);
  CHECK(kyso_chain_report_cert_count(cr) == 2);
  CHECK_OK(kyso_chain_report_cert(cr, 0, &c));
  CHECK_CONTAINS(kyso_cert_info_subject(c), "Nguyễn Văn An");
  CHECK_STR(kyso_cert_info_revocation_status(c), "good");
  CHECK_OK(kyso_chain_report_cert(cr, 1, &c));
  CHECK(kyso_cert_info_is_trust_anchor(c));
  CHECK_RC(kyso_chain_report_cert(cr, 2, &c), KYSO_INDEX_OUT_OF_RANGE);
  CHECK_CONTAINS(kyso_chain_report_json(cr), "TOTAL-PASSED");
  CHECK_CONTAINS(kyso_chain_report_text(cr, KYSO_LANG_VI), "TOTAL-PASSED");
  /* Core's chain text, from the one catalogue, in both languages. */
  CHECK_CONTAINS(kyso_chain_report_text(cr, KYSO_LANG_VI), "Chuỗi chứng thư số: HỢP LỆ [TOTAL-PASSED]");
  CHECK_CONTAINS(kyso_chain_report_text(cr, KYSO_LANG_VI), "(chứng thư gốc tin cậy): đạt");
  CHECK_CONTAINS(kyso_chain_report_text(cr, KYSO_LANG_EN), "Certificate chain: VALID [TOTAL-PASSED]");
  CHECK_CONTAINS(kyso_chain_report_text(cr, KYSO_LANG_EN), "(trust anchor): passed");
  CHECK(kyso_chain_report_text(cr, 9) == NULL);
  kyso_chain_report_free(cr);

  CHECK_OK(kyso_chain_validate(rsa_der.data, rsa_der.len, vo, KYSO_PURPOSE_ANY, &cr));
  CHECK(kyso_chain_report_indication(cr) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_chain_report_free(cr);

  /* Not a time-stamping certificate (no id-kp-timeStamping EKU, RFC 3161 §2.3). */
  CHECK_OK(kyso_chain_validate(rsa.data, rsa.len, vo, KYSO_PURPOSE_TIME_STAMPING, &cr));
  CHECK(kyso_chain_report_indication(cr) != KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_chain_report_sub_indication(cr) != NULL);
  kyso_chain_report_free(cr);

  CHECK_OK(kyso_chain_validate(revoked.data, revoked.len, vo, KYSO_PURPOSE_DOCUMENT_SIGNING, &cr));
  CHECK(kyso_chain_report_indication(cr) != KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_chain_report_sub_indication(cr) != NULL && strncmp(kyso_chain_report_sub_indication(cr), "REVOKED", 7) == 0);
  kyso_chain_report_free(cr);

  cr = NULL;
  CHECK_RC(kyso_chain_validate(rsa.data, rsa.len, vo, 99, &cr), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_chain_validate(rsa.data, 10, vo, KYSO_PURPOSE_ANY, &cr), KYSO_MALFORMED_CERTIFICATE);
  CHECK(cr == NULL);
  buf_free(&rsa);
  buf_free(&revoked);
  buf_free(&rsa_der);
  kyso_verify_options_free(vo);
}

/* Evidence is checked on intake, as the CLI and the npm package do: a certificate given as a
 * CRL (or as an OCSP response) is refused with its own code and core's sentence, and is not
 * kept (the status would otherwise silently stay unknown). */
static void test_evidence_intake(void) {
  kyso_verify_options *vo = NULL;
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_RC(kyso_verify_options_add_crl(vo, g_ca.data, g_ca.len), KYSO_MALFORMED_CRL);
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_VI), "Dữ liệu được đưa vào làm danh sách thu hồi (CRL) không phải CRL đọc được");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "The data given as a certificate revocation list (CRL) is not a readable CRL");
  /* Core's stable code, the same as the CLI's --json error and npm's KysoError.code. */
  CHECK_STR(kyso_last_error_code(), "revocation.bad-crl");
  CHECK_RC(kyso_verify_options_add_ocsp_response(vo, g_crl.data, g_crl.len), KYSO_MALFORMED_OCSP_RESPONSE);
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "The data given as an OCSP response is not a readable (DER) OCSP response");
  CHECK_STR(kyso_last_error_code(), "revocation.bad-ocsp");
  /* An error in the call itself: no catalogue entry, the documented fallback code. */
  CHECK_RC(kyso_verify_options_add_crl(vo, g_crl.data, 0), KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "kyso_result.1001");
  CHECK_OK(kyso_verify_options_add_crl(vo, g_crl.data, g_crl.len));
  CHECK_STR(kyso_last_error_code(), "");
  kyso_verify_options_free(vo);
}

/* Several threads verifying with one shared options object and reading one shared report. */
typedef struct {
  const kyso_verify_options *vo;
  const buf *sig;
  const kyso_report *shared;
  int ok;
} thread_arg;

static void *verify_thread(void *p) {
  thread_arg *a = p;
  int i;
  a->ok = 1;
  for (i = 0; i < 3; i++) {
    kyso_report *r = NULL;
    if (kyso_verify(a->sig->data, a->sig->len, NULL, 0, a->vo, &r) != KYSO_OK ||
        kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
      a->ok = 0;
    }
    kyso_report_free(r);
    if (kyso_report_json(a->shared) == NULL || kyso_report_text(a->shared, KYSO_LANG_VI) == NULL) {
      a->ok = 0;
    }
  }
  return NULL;
}

static void test_threads(void) {
  enum { N = 4 };
  pthread_t th[N];
  thread_arg args[N];
  kyso_verify_options *vo = options_with_ca(1);
  buf sig = fixture("ossl-rsa-attached.p7s");
  kyso_report *shared = NULL;
  int i, all = 1;
  CHECK_OK(kyso_verify(sig.data, sig.len, NULL, 0, vo, &shared));
  for (i = 0; i < N; i++) {
    args[i].vo = vo;
    args[i].sig = &sig;
    args[i].shared = shared;
    args[i].ok = 0;
    CHECK(pthread_create(&th[i], NULL, verify_thread, &args[i]) == 0);
  }
  for (i = 0; i < N; i++) {
    pthread_join(th[i], NULL);
    all &= args[i].ok;
  }
  CHECK(all);
  kyso_report_free(shared);
  kyso_verify_options_free(vo);
  buf_free(&sig);
}

int main(void) {
  g_ca = fixture("ca.pem");
  g_crl = fixture("ca.crl");
  g_content = fixture("content.txt");
  test_trust_stores();
  test_openssl_signatures();
  test_report_accessors();
  test_policies_and_trust();
  test_hostile_input();
  test_streaming();
  test_fetch_callback();
  test_chain();
  test_evidence_intake();
  test_threads();
  buf_free(&g_ca);
  buf_free(&g_crl);
  buf_free(&g_content);
  return finish_suite("test_verify");
}
