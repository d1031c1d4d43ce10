/*
 * Time-stamps and long-term signatures through the C ABI (issue 12 item 6): tokens from a TSA
 * behind the fetch callback, verified; CAdES B-T on one signer and on every signer; B-LT with
 * the validation data embedded and then used offline; what is missing reported, not an
 * error; CAdES B-LTA (archive time-stamp); PAdES B-T (document time-stamp) and B-LTA; signing
 * a PDF with a signature time-stamp in one call (kyso_sign_pdf_timestamped) and in two
 * (kyso_pdf_prepared_finish_timestamped, libcrypto signing between); the refusals (no
 * TSA, TSA down, a TSA answering garbage, a TSA with an expired certificate, unknown levels,
 * NULL arguments).
 *
 * The TSA: the fetch callback answers KYSO_FETCH_TIMESTAMP requests by running
 * `openssl ts -reply` over the request (written to a file) with the local TSA's PKI
 * (tests/tsa/make-pki.sh, made by make-fixtures.sh into fixtures/tsa): URL "tsa:PROFILE"
 * uses the tsa.cnf section tsa_PROFILE, "tsa:down" fails as a network error would,
 * "tsa:garbage" answers bytes that are no TimeStampResp. No HTTP
 * client or server is needed; every other fetch kind fails, so verification stays offline.
 * What is made is listed in ts-made.txt for `openssl cms -verify` / `openssl ts -verify` in
 * run-tests.sh.
 */
#include "harness.h"
#include "ossl.h"

static buf g_ca, g_crl, g_tsa_root, g_tsa_crl, g_content;
static FILE *g_manifest;

typedef struct {
  int timestamp_calls;
  int other_calls;
} tsa_state;

/* Read a whole file (NULL when it cannot be read). */
static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  uint8_t *data;
  long n;
  if (f == NULL) {
    return NULL;
  }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  data = malloc((size_t)n + 1);
  if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return data;
}

static int tsa_callback(void *userdata, kyso_fetch_kind kind, const char *url, const uint8_t *body,
                        size_t body_len, kyso_writer *response) {
  tsa_state *st = userdata;
  char *req, *resp, *cnf, cmd[4096];
  const char *profile;
  FILE *f;
  uint8_t *answer;
  size_t answer_len = 0;
  int rc = 1;
  if (kind != KYSO_FETCH_TIMESTAMP) {
    st->other_calls++;
    return 1; /* offline: only the TSA is reachable */
  }
  st->timestamp_calls++;
  if (strncmp(url, "tsa:", 4) != 0 || strcmp(url, "tsa:down") == 0 || body == NULL) {
    return 1;
  }
  if (strcmp(url, "tsa:garbage") == 0) {
    return kyso_writer_write(response, (const uint8_t *)"garbage", 7) == KYSO_OK ? 0 : 1;
  }
  profile = url + 4;
  req = fixture_path("ts-request.tsq");
  resp = fixture_path("ts-response.tsr");
  cnf = fixture_path("tsa/tsa.cnf");
  f = fopen(req, "wb");
  if (f != NULL && fwrite(body, 1, body_len, f) == body_len && fclose(f) == 0) {
    remove(resp);
    snprintf(cmd, sizeof cmd,
             "openssl ts -reply -config '%s' -section tsa_%s -queryfile '%s' -out '%s' "
             "2>/dev/null",
             cnf, profile, req, resp);
    if (system(cmd) == 0 && (answer = read_file(resp, &answer_len)) != NULL) {
      rc = kyso_writer_write(response, answer, answer_len) == KYSO_OK ? 0 : 1;
      free(answer);
    }
  }
  free(req);
  free(resp);
  free(cnf);
  return rc;
}

/* Options trusting the signers' CA and the TSA's root, with both CRLs, the TSA at `tsa`
 * (NULL: none) behind the callback. */
static kyso_verify_options *options(tsa_state *st, const char *tsa, int with_crls) {
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_ca.data, g_ca.len));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_tsa_root.data, g_tsa_root.len));
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify_options_set_trust_store(vo, store));
  kyso_trust_store_free(store);
  if (with_crls) {
    CHECK_OK(kyso_verify_options_add_crl(vo, g_crl.data, g_crl.len));
    CHECK_OK(kyso_verify_options_add_crl(vo, g_tsa_crl.data, g_tsa_crl.len));
  }
  if (st != NULL) {
    CHECK_OK(kyso_verify_options_set_fetch_callback(vo, tsa_callback, st));
  }
  if (tsa != NULL) {
    CHECK_OK(kyso_verify_options_set_tsa(vo, tsa));
  }
  return vo;
}

static void made(const char *name, const char *kind, const uint8_t *data, size_t len) {
  write_output(name, data, len);
  fprintf(g_manifest, "%s %s\n", kind, name);
}

static void test_token(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, "tsa:good", 1);
  kyso_bytes *token = NULL;
  kyso_timestamp_report *taken = NULL, *checked = NULL, *other = NULL;
  int64_t when = 0;
  CHECK_OK(kyso_timestamp(g_content.data, g_content.len, vo, &token, &taken));
  CHECK(st.timestamp_calls == 1);
  CHECK(kyso_is_timestamp_token(kyso_bytes_data(token), kyso_bytes_len(token)));
  CHECK(!kyso_is_timestamp_token(g_content.data, g_content.len));
  CHECK(!kyso_is_timestamp_token(NULL, 0));
  CHECK(kyso_timestamp_report_indication(taken) == KYSO_INDICATION_TOTAL_PASSED);
  made("c-token.tsr", "token", kyso_bytes_data(token), kyso_bytes_len(token));

  CHECK_OK(kyso_verify_timestamp(kyso_bytes_data(token), kyso_bytes_len(token), g_content.data,
                                 g_content.len, vo, &checked));
  if (kyso_timestamp_report_indication(checked) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s\n", kyso_timestamp_report_text(checked, KYSO_LANG_EN));
  }
  CHECK(kyso_timestamp_report_indication(checked) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_timestamp_report_sub_indication(checked) == NULL);
  CHECK_OK(kyso_timestamp_report_gen_time(checked, &when));
  CHECK(when > 1704067200); /* after 2024-01-01, when the TSA certificate starts */
  CHECK_CONTAINS(kyso_timestamp_report_json(checked), "\"gen_time\"");
  CHECK_CONTAINS(kyso_timestamp_report_text(checked, KYSO_LANG_EN), "Kyso Test TSA good");
  CHECK(kyso_timestamp_report_text(checked, KYSO_LANG_VI) != NULL);
  CHECK(kyso_timestamp_report_text(checked, 7) == NULL);

  /* Over other data: a hash failure, in the report. */
  CHECK_OK(kyso_verify_timestamp(kyso_bytes_data(token), kyso_bytes_len(token),
                                 (const uint8_t *)"other", 5, vo, &other));
  CHECK(kyso_timestamp_report_indication(other) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_STR(kyso_timestamp_report_sub_indication(other), "HASH_FAILURE");

  /* Garbage is a report too; its genTime is not present. */
  kyso_timestamp_report_free(other);
  other = NULL;
  CHECK_OK(kyso_verify_timestamp((const uint8_t *)"garbage", 7, g_content.data, g_content.len,
                                 vo, &other));
  CHECK(kyso_timestamp_report_indication(other) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_RC(kyso_timestamp_report_gen_time(other, &when), KYSO_NOT_PRESENT);

  /* NULL arguments; a NULL report_out is allowed on kyso_timestamp. */
  CHECK_RC(kyso_verify_timestamp(NULL, 5, g_content.data, g_content.len, vo, &other),
           KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_timestamp((const uint8_t *)"x", 1, g_content.data, g_content.len, vo, NULL),
           KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_timestamp(g_content.data, g_content.len, NULL, &token, NULL),
           KYSO_NULL_PARAMETER);
  CHECK(kyso_timestamp_report_indication(NULL) == 0);
  CHECK(kyso_timestamp_report_json(NULL) == NULL);
  kyso_bytes_free(token);
  token = NULL;
  CHECK_OK(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL));
  CHECK(kyso_bytes_len(token) > 0);
  CHECK(st.other_calls == 0);

  kyso_bytes_free(token);
  kyso_timestamp_report_free(taken);
  kyso_timestamp_report_free(checked);
  kyso_timestamp_report_free(other);
  kyso_timestamp_report_free(NULL);
  kyso_verify_options_free(vo);
}

static void test_tsa_failures(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, NULL, 1);
  kyso_bytes *token = NULL;
  buf cms = fixture("ossl-rsa-attached.p7s");
  kyso_extended *e = NULL;

  CHECK_RC(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL), KYSO_NO_TSA);
  CHECK_RC(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_T, vo, &e), KYSO_NO_TSA);
  CHECK_STR(kyso_last_error_code(), "extend.needs-tsa");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "B-T");
  CHECK(kyso_last_error_text(KYSO_LANG_VI) != NULL);
  CHECK_RC(kyso_verify_options_add_tsa_mirror(vo, "tsa:good"), KYSO_WRONG_MODE);

  /* Down, then a mirror that answers. */
  CHECK_OK(kyso_verify_options_set_tsa(vo, "tsa:down"));
  CHECK_RC(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK_STR(kyso_last_error_code(), "tsp.unreachable");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "tsa:down");
  CHECK_OK(kyso_verify_options_add_tsa_mirror(vo, "tsa:good"));
  st.timestamp_calls = 0;
  CHECK_OK(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL));
  CHECK(st.timestamp_calls == 2);
  kyso_bytes_free(token);
  token = NULL;

  /* A TSA whose certificate has expired: its answer is not taken. */
  CHECK_OK(kyso_verify_options_set_tsa(vo, "tsa:expired"));
  CHECK_RC(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK_STR(kyso_last_error_code(), "tsp.not-taken");
  CHECK(token == NULL);

  /* A policy the TSA does not grant (tsa.cnf accepts .1, .2, .3 only). */
  CHECK_OK(kyso_verify_options_set_tsa(vo, "tsa:good"));
  CHECK_RC(kyso_verify_options_set_tsa_policy(vo, "not an oid"), KYSO_INVALID_PARAMETER);
  CHECK_OK(kyso_verify_options_set_tsa_policy(vo, "1.3.6.1.4.1.99999.2"));
  CHECK_OK(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL));
  kyso_bytes_free(token);
  token = NULL;
  CHECK_OK(kyso_verify_options_set_tsa_policy(vo, NULL));

  /* No fetch callback: nothing can be fetched, and core says so. */
  kyso_verify_options_free(vo);
  vo = options(NULL, "tsa:good", 1);
  CHECK_RC(kyso_timestamp(g_content.data, g_content.len, vo, &token, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK_STR(kyso_last_error_code(), "tsp.unreachable");

  /* Levels. */
  CHECK_RC(kyso_extend_cms(cms.data, cms.len, NULL, 0, 0, vo, &e), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_extend_pdf(cms.data, cms.len, 9, vo, &e), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_extend_cms((const uint8_t *)"garbage", 7, NULL, 0, KYSO_LEVEL_B_T, vo, &e),
           KYSO_MALFORMED_CMS);
  CHECK_RC(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_T, vo, NULL),
           KYSO_NULL_PARAMETER);
  CHECK(e == NULL);
  CHECK_RC(kyso_verify_options_set_tsa(NULL, "tsa:good"), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_danger_tsa_legacy_sha1(NULL), KYSO_NULL_PARAMETER);

  buf_free(&cms);
  kyso_verify_options_free(vo);
}

/* A verification of the attached `cms` with `vo` (its text shown unless TOTAL-PASSED). */
static kyso_report *verify(const uint8_t *cms, size_t len, const kyso_verify_options *vo) {
  kyso_report *r = NULL;
  CHECK_OK(kyso_verify(cms, len, NULL, 0, vo, &r));
  if (r != NULL && kyso_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s\n", kyso_report_text(r, KYSO_LANG_EN));
  }
  return r;
}

static void test_cms(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, "tsa:good", 1);
  kyso_verify_options *offline = options(NULL, NULL, 0);
  buf cms = fixture("ossl-rsa-attached.p7s"), two = fixture("ossl-two-signers.p7s");
  kyso_bytes *stamped = NULL;
  kyso_timestamp_report *taken = NULL;
  kyso_report *r;
  const kyso_signer_report *signer = NULL;
  const kyso_timestamp_report *ts = NULL;
  kyso_extended *bt = NULL, *blt = NULL, *blta = NULL, *again = NULL, *both = NULL,
                *missing = NULL;
  size_t i;

  /* One signer, by index. */
  CHECK_OK(kyso_timestamp_signature(cms.data, cms.len, 0, vo, &stamped, &taken));
  CHECK(kyso_timestamp_report_indication(taken) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(!kyso_is_timestamp_token(kyso_bytes_data(stamped), kyso_bytes_len(stamped)));
  r = verify(kyso_bytes_data(stamped), kyso_bytes_len(stamped), vo);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_OK(kyso_report_signer(r, 0, &signer));
  CHECK(kyso_signer_report_timestamp_count(signer) == 1);
  CHECK_OK(kyso_signer_report_timestamp(signer, 0, &ts));
  CHECK(kyso_timestamp_report_indication(ts) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_RC(kyso_signer_report_timestamp(signer, 1, &ts), KYSO_INDEX_OUT_OF_RANGE);
  CHECK_CONTAINS(kyso_report_json(r), "\"timestamps\"");
  kyso_report_free(r);
  made("c-bt-attached.p7s", "cms", kyso_bytes_data(stamped), kyso_bytes_len(stamped));
  CHECK_RC(kyso_timestamp_signature(cms.data, cms.len, 5, vo, &stamped, NULL),
           KYSO_CMS_BUILD_ERROR);

  /* B-T again on the stamped signature: nothing to do, no TSA asked. */
  st.timestamp_calls = 0;
  CHECK_OK(kyso_extend_cms(kyso_bytes_data(stamped), kyso_bytes_len(stamped), NULL, 0,
                           KYSO_LEVEL_B_T, vo, &again));
  CHECK(st.timestamp_calls == 0);
  CHECK(kyso_extended_timestamp_count(again) == 0);
  CHECK(kyso_extended_len(again) == kyso_bytes_len(stamped));
  CHECK(kyso_extended_complete(again));

  /* B-T from scratch, then B-LT: the data the verification used, embedded. */
  CHECK_OK(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_T, vo, &bt));
  CHECK(kyso_extended_timestamp_count(bt) == 1);
  CHECK_CONTAINS(kyso_extended_json(bt), "\"level\": \"B-T\"");
  CHECK_OK(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_LT, vo, &blt));
  if (!kyso_extended_complete(blt)) {
    fprintf(stderr, "%s\n", kyso_extended_json(blt));
  }
  CHECK(kyso_extended_complete(blt));
  CHECK_CONTAINS(kyso_extended_json(blt), "\"complete\": true");
  CHECK_CONTAINS(kyso_extended_json(blt), "\"crls\": 2");
  CHECK_OK(kyso_extended_timestamp(blt, 0, &ts));
  CHECK(kyso_timestamp_report_indication(ts) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_RC(kyso_extended_timestamp(blt, 1, &ts), KYSO_INDEX_OUT_OF_RANGE);
  made("c-blt-attached.p7s", "cms", kyso_extended_data(blt), kyso_extended_len(blt));

  /* Offline, with anchors only: the embedded CRLs decide. */
  r = verify(kyso_extended_data(blt), kyso_extended_len(blt), offline);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_report_free(r);
  r = NULL;
  CHECK_OK(kyso_verify(cms.data, cms.len, NULL, 0, offline, &r));
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_INDETERMINATE); /* control */
  kyso_report_free(r);

  /* B-LTA: an archive time-stamp over the B-LT signature, then its TSA's data; offline, both
     time-stamps verify from what the signature carries. */
  CHECK_OK(kyso_extend_cms(kyso_extended_data(blt), kyso_extended_len(blt), NULL, 0,
                           KYSO_LEVEL_B_LTA, vo, &blta));
  CHECK(kyso_extended_timestamp_count(blta) == 1);
  CHECK(kyso_extended_complete(blta));
  CHECK_CONTAINS(kyso_extended_json(blta), "\"level\": \"B-LTA\"");
  CHECK_CONTAINS(kyso_extended_json(blta), "\"kind\": \"archive\"");
  r = verify(kyso_extended_data(blta), kyso_extended_len(blta), offline);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_OK(kyso_report_signer(r, 0, &signer));
  CHECK(kyso_signer_report_timestamp_count(signer) == 2);
  for (i = 0; i < 2; i++) {
    CHECK_OK(kyso_signer_report_timestamp(signer, i, &ts));
    CHECK(kyso_timestamp_report_indication(ts) == KYSO_INDICATION_TOTAL_PASSED);
  }
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_EN), "Archive time-stamp");
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_VI), "Dấu thời gian lưu trữ");
  kyso_report_free(r);
  made("c-blta-attached.p7s", "cms", kyso_extended_data(blta), kyso_extended_len(blta));

  /* Without CRLs: the result is still made, and says what is missing. */
  CHECK_RC(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_LT, offline, &missing),
           KYSO_NO_TSA);
  kyso_verify_options_free(offline);
  offline = options(&st, "tsa:good", 0);
  CHECK_OK(kyso_extend_cms(cms.data, cms.len, NULL, 0, KYSO_LEVEL_B_LT, offline, &missing));
  CHECK(!kyso_extended_complete(missing));
  CHECK(kyso_extended_len(missing) > cms.len);
  CHECK_CONTAINS(kyso_extended_json(missing), "ltv.no-revocation-data");
  CHECK_CONTAINS(kyso_extended_json(missing), "\"complete\": false");

  /* Two signers: each gets its own time-stamp (the SET is re-sorted between them). */
  CHECK_OK(kyso_extend_cms(two.data, two.len, NULL, 0, KYSO_LEVEL_B_T, vo, &both));
  CHECK(kyso_extended_timestamp_count(both) == 2);
  r = verify(kyso_extended_data(both), kyso_extended_len(both), vo);
  CHECK(kyso_report_signer_count(r) == 2);
  for (i = 0; i < kyso_report_signer_count(r); i++) {
    CHECK_OK(kyso_report_signer(r, i, &signer));
    CHECK(kyso_signer_report_timestamp_count(signer) == 1);
  }
  kyso_report_free(r);
  made("c-bt-two-signers.p7s", "cms", kyso_extended_data(both), kyso_extended_len(both));

  CHECK(kyso_extended_data(NULL) == NULL);
  CHECK(kyso_extended_len(NULL) == 0);
  CHECK(!kyso_extended_complete(NULL));
  CHECK(kyso_extended_json(NULL) == NULL);

  kyso_extended_free(bt);
  kyso_extended_free(blt);
  kyso_extended_free(blta);
  kyso_extended_free(again);
  kyso_extended_free(both);
  kyso_extended_free(missing);
  kyso_extended_free(NULL);
  kyso_timestamp_report_free(taken);
  kyso_bytes_free(stamped);
  buf_free(&cms);
  buf_free(&two);
  kyso_verify_options_free(vo);
  kyso_verify_options_free(offline);
}

static void test_pdf(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, "tsa:good", 1);
  buf unsigned_pdf = fixture("unsigned.pdf"), signed_pdf = fixture("signed.pdf");
  kyso_extended *bt = NULL, *lta = NULL, *again = NULL;
  kyso_pdf_report *r = NULL;
  const kyso_pdf_signature_report *s = NULL;
  const kyso_timestamp_report *ts;

  /* B-T on a document nothing time-stamps: a document time-stamp. */
  CHECK_OK(kyso_extend_pdf(unsigned_pdf.data, unsigned_pdf.len, KYSO_LEVEL_B_T, vo, &bt));
  CHECK(kyso_extended_timestamp_count(bt) == 1);
  CHECK(kyso_extended_len(bt) > unsigned_pdf.len);
  CHECK(memcmp(kyso_extended_data(bt), unsigned_pdf.data, unsigned_pdf.len) == 0);
  CHECK_OK(kyso_verify_pdf(kyso_extended_data(bt), kyso_extended_len(bt), NULL, 0, vo, &r));
  CHECK(kyso_pdf_report_signature_count(r) == 1);
  CHECK_OK(kyso_pdf_report_signature(r, 0, &s));
  CHECK_STR(kyso_pdf_signature_kind(s), "document-timestamp");
  ts = kyso_pdf_signature_timestamp(s);
  CHECK(ts != NULL);
  if (kyso_timestamp_report_indication(ts) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s\n", kyso_pdf_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_timestamp_report_indication(ts) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_signature_timestamp(NULL) == NULL);
  kyso_pdf_report_free(r);
  r = NULL;

  /* Time-stamped already: B-T gives the same document back. */
  st.timestamp_calls = 0;
  CHECK_OK(kyso_extend_pdf(kyso_extended_data(bt), kyso_extended_len(bt), KYSO_LEVEL_B_T, vo,
                           &again));
  CHECK(st.timestamp_calls == 0);
  CHECK(kyso_extended_len(again) == kyso_extended_len(bt));

  /* B-LTA on a signed PDF: DSS, document time-stamp, DSS again. */
  CHECK_OK(kyso_extend_pdf(signed_pdf.data, signed_pdf.len, KYSO_LEVEL_B_LTA, vo, &lta));
  CHECK(kyso_extended_timestamp_count(lta) == 1);
  if (!kyso_extended_complete(lta)) {
    fprintf(stderr, "%s\n", kyso_extended_json(lta));
  }
  CHECK(kyso_extended_complete(lta));
  CHECK_CONTAINS(kyso_extended_json(lta), "\"level\": \"B-LTA\"");
  CHECK_OK(kyso_verify_pdf(kyso_extended_data(lta), kyso_extended_len(lta), NULL, 0, vo, &r));
  if (kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s\n", kyso_pdf_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_report_signature_count(r) == 2);
  CHECK(kyso_pdf_report_revision_count(r) == 4);
  CHECK_OK(kyso_pdf_report_signature(r, 1, &s));
  CHECK_STR(kyso_pdf_signature_kind(s), "document-timestamp");
  write_output("c-lta.pdf", kyso_extended_data(lta), kyso_extended_len(lta));
  kyso_pdf_report_free(r);

  CHECK_RC(kyso_extend_pdf((const uint8_t *)"not a pdf", 9, KYSO_LEVEL_B_T, vo, &again),
           KYSO_MALFORMED_PDF);

  kyso_extended_free(bt);
  kyso_extended_free(lta);
  kyso_extended_free(again);
  buf_free(&unsigned_pdf);
  buf_free(&signed_pdf);
  kyso_verify_options_free(vo);
}

/* The one signature of `signed` (a kyso_bytes PDF): its SubFilter is `sub_filter`, the whole
 * document TOTAL-PASSED with `vo`, and its CMS signer carries one signature time-stamp that
 * passes. */
static void check_stamped_pdf(const kyso_bytes *signed_pdf, const char *sub_filter,
                              const kyso_verify_options *vo) {
  kyso_pdf_report *r = NULL;
  const kyso_pdf_signature_report *s = NULL;
  const kyso_report *cms;
  const kyso_signer_report *signer = NULL;
  const kyso_timestamp_report *ts = NULL;
  CHECK_OK(kyso_verify_pdf(kyso_bytes_data(signed_pdf), kyso_bytes_len(signed_pdf), NULL, 0, vo,
                           &r));
  if (r == NULL) {
    return;
  }
  if (kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s\n", kyso_pdf_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_report_signature_count(r) == 1);
  CHECK_OK(kyso_pdf_report_signature(r, 0, &s));
  CHECK_STR(kyso_pdf_signature_kind(s), "approval");
  CHECK_STR(kyso_pdf_signature_sub_filter(s), sub_filter);
  CHECK(kyso_pdf_signature_timestamp(s) == NULL); /* not a document time-stamp */
  cms = kyso_pdf_signature_cms(s);
  CHECK(cms != NULL);
  CHECK_OK(kyso_report_signer(cms, 0, &signer));
  CHECK(kyso_signer_report_timestamp_count(signer) == 1);
  CHECK_OK(kyso_signer_report_timestamp(signer, 0, &ts));
  CHECK(kyso_timestamp_report_indication(ts) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_pdf_report_free(r);
}

static void test_sign_pdf_timestamped(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, "tsa:good", 1);
  kyso_verify_options *no_tsa = options(&st, NULL, 1);
  buf pdf = fixture("unsigned.pdf"), p12 = fixture("rsa.p12"), cert = fixture("ec.pem");
  kyso_signer *person = NULL, *cert_only = NULL;
  kyso_pdf_sign_options *o = NULL;
  kyso_bytes *cades = NULL, *pkcs7 = NULL, *none = NULL;
  kyso_timestamp_report *taken = NULL;
  int64_t when = 0;
  CHECK_OK(kyso_signer_from_pkcs12(p12.data, p12.len, "Kyso-2026", &person));
  CHECK_OK(kyso_signer_from_certificate(cert.data, cert.len, KYSO_SIG_DEFAULT, &cert_only));

  /* PAdES B-T: ETSI.CAdES.detached with a signature time-stamp, one TSA request. */
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_OK(kyso_pdf_sign_options_set_sub_filter(o, KYSO_PDF_SUBFILTER_CADES));
  CHECK_OK(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, vo, &cades, &taken));
  CHECK(st.timestamp_calls == 1);
  CHECK(st.other_calls == 0);
  CHECK(kyso_timestamp_report_indication(taken) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_OK(kyso_timestamp_report_gen_time(taken, &when));
  CHECK(when > 1704067200);
  if (cades != NULL) {
    CHECK(kyso_bytes_len(cades) > pdf.len);
    CHECK(memcmp(kyso_bytes_data(cades), pdf.data, pdf.len) == 0);
    check_stamped_pdf(cades, "ETSI.CAdES.detached", vo);
    made("c-pdf-bt-cades.pdf", "pdf", kyso_bytes_data(cades), kyso_bytes_len(cades));
  }

  /* Default options (adbe.pkcs7.detached), no report asked for. */
  CHECK_OK(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, NULL, vo, &pkcs7, NULL));
  if (pkcs7 != NULL) {
    check_stamped_pdf(pkcs7, "adbe.pkcs7.detached", vo);
    made("c-pdf-ts-pkcs7.pdf", "pdf", kyso_bytes_data(pkcs7), kyso_bytes_len(pkcs7));
  }

  /* Refusals: nothing is written to signed_out. No TSA set. */
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, no_tsa, &none, NULL),
           KYSO_NO_TSA);
  CHECK_STR(kyso_last_error_code(), "extend.needs-tsa");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "B-T");
  CHECK(kyso_last_error_text(KYSO_LANG_VI) != NULL);
  CHECK(none == NULL);
  /* A TSA answering garbage: no token, no signed PDF. */
  CHECK_OK(kyso_verify_options_set_tsa(no_tsa, "tsa:garbage"));
  st.timestamp_calls = 0;
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, no_tsa, &none, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK(st.timestamp_calls == 1);
  CHECK(strncmp(kyso_last_error_code(), "tsp.", 4) == 0);
  CHECK(kyso_last_error_text(KYSO_LANG_VI) != NULL);
  CHECK(none == NULL);
  /* The TSA down. */
  CHECK_OK(kyso_verify_options_set_tsa(no_tsa, "tsa:down"));
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, no_tsa, &none, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK_STR(kyso_last_error_code(), "tsp.unreachable");
  CHECK(none == NULL);
  /* A TSA whose certificate has expired: its answer is not taken. */
  CHECK_OK(kyso_verify_options_set_tsa(no_tsa, "tsa:expired"));
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, no_tsa, &none, NULL),
           KYSO_TIMESTAMP_FAILED);
  CHECK_STR(kyso_last_error_code(), "tsp.not-taken");
  CHECK(none == NULL);
  /* A certificate-only signer signs in two phases; not a PDF; NULL arguments. */
  CHECK_RC(kyso_sign_pdf_timestamped(cert_only, pdf.data, pdf.len, o, vo, &none, NULL),
           KYSO_WRONG_MODE);
  CHECK_RC(kyso_sign_pdf_timestamped(person, (const uint8_t *)"not a pdf", 9, o, vo, &none, NULL),
           KYSO_MALFORMED_PDF);
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, NULL, &none, NULL),
           KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_pdf_timestamped(person, pdf.data, pdf.len, o, vo, NULL, NULL),
           KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_pdf_timestamped(NULL, pdf.data, pdf.len, o, vo, &none, NULL),
           KYSO_NULL_PARAMETER);
  CHECK(none == NULL);

  kyso_bytes_free(cades);
  kyso_bytes_free(pkcs7);
  kyso_timestamp_report_free(taken);
  kyso_pdf_sign_options_free(o);
  kyso_signer_free(person);
  kyso_signer_free(cert_only);
  buf_free(&pdf);
  buf_free(&p12);
  buf_free(&cert);
  kyso_verify_options_free(vo);
  kyso_verify_options_free(no_tsa);
}

/* Two phases: prepared with room for the token, signed by libcrypto (a token's stand-in),
   finished with the time-stamp; the refusals of the second phase. */
static void test_two_phase_timestamped(void) {
  tsa_state st = {0, 0};
  kyso_verify_options *vo = options(&st, "tsa:good", 1);
  kyso_verify_options *no_tsa = options(&st, NULL, 1);
  buf pdf = fixture("unsigned.pdf"), cert = fixture("rsa.pem");
  EVP_PKEY *key = load_key("rsa.key");
  kyso_signer *s = NULL;
  kyso_pdf_sign_options *o = NULL;
  kyso_pdf_prepared *roomy = NULL, *tight = NULL;
  kyso_bytes *out = NULL, *none = NULL;
  kyso_timestamp_report *taken = NULL;
  const uint8_t *tbs = NULL;
  size_t tbs_len = 0, sig_len = 0;
  uint8_t sig[1024];
  CHECK_OK(kyso_signer_from_certificate(cert.data, cert.len, KYSO_SIG_DEFAULT, &s));
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_OK(kyso_pdf_sign_options_set_sub_filter(o, KYSO_PDF_SUBFILTER_CADES));
  /* Without the room, the token does not fit: refused, nothing written. */
  CHECK_OK(kyso_prepare_pdf(s, pdf.data, pdf.len, o, &tight));
  CHECK_OK(kyso_pdf_sign_options_reserve_timestamp_room(o));
  CHECK_OK(kyso_prepare_pdf(s, pdf.data, pdf.len, o, &roomy));
  CHECK_RC(kyso_pdf_sign_options_reserve_timestamp_room(NULL), KYSO_NULL_PARAMETER);
  if (roomy == NULL || tight == NULL) {
    goto done;
  }
  CHECK_OK(kyso_pdf_prepared_input(roomy, KYSO_SIGN_INPUT_MESSAGE, &tbs, &tbs_len));
  sig_len = sizeof sig;
  CHECK(ossl_sign(key, KYSO_SIGN_INPUT_MESSAGE, tbs, tbs_len, sig, &sig_len));
  CHECK_OK(kyso_pdf_prepared_finish_timestamped(roomy, pdf.data, pdf.len, sig, sig_len, vo, &out,
                                                &taken));
  CHECK(st.timestamp_calls == 1);
  CHECK(kyso_timestamp_report_indication(taken) == KYSO_INDICATION_TOTAL_PASSED);
  if (out != NULL) {
    CHECK(kyso_bytes_len(out) > pdf.len && memcmp(kyso_bytes_data(out), pdf.data, pdf.len) == 0);
    check_stamped_pdf(out, "ETSI.CAdES.detached", vo);
    made("c-pdf-ts-two-phase.pdf", "pdf", kyso_bytes_data(out), kyso_bytes_len(out));
  }
  /* No TSA; another PDF than the prepared one; the tight preparation. */
  CHECK_RC(kyso_pdf_prepared_finish_timestamped(roomy, pdf.data, pdf.len, sig, sig_len, no_tsa,
                                                &none, NULL),
           KYSO_NO_TSA);
  CHECK_STR(kyso_last_error_code(), "extend.needs-tsa");
  CHECK_RC(kyso_pdf_prepared_finish_timestamped(roomy, pdf.data, pdf.len - 1, sig, sig_len, vo,
                                                &none, NULL),
           KYSO_PDF_PREPARED_MISMATCH);
  CHECK_OK(kyso_pdf_prepared_input(tight, KYSO_SIGN_INPUT_MESSAGE, &tbs, &tbs_len));
  sig_len = sizeof sig;
  CHECK(ossl_sign(key, KYSO_SIGN_INPUT_MESSAGE, tbs, tbs_len, sig, &sig_len));
  CHECK_RC(kyso_pdf_prepared_finish_timestamped(tight, pdf.data, pdf.len, sig, sig_len, vo,
                                                &none, NULL),
           KYSO_PDF_PREPARED_MISMATCH);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.contents-too-small");
  CHECK_RC(kyso_pdf_prepared_finish_timestamped(roomy, pdf.data, pdf.len, sig, sig_len, NULL,
                                                &none, NULL),
           KYSO_NULL_PARAMETER);
  CHECK(none == NULL);
done:
  kyso_bytes_free(out);
  kyso_timestamp_report_free(taken);
  kyso_pdf_prepared_free(roomy);
  kyso_pdf_prepared_free(tight);
  kyso_pdf_sign_options_free(o);
  kyso_signer_free(s);
  EVP_PKEY_free(key);
  buf_free(&pdf);
  buf_free(&cert);
  kyso_verify_options_free(vo);
  kyso_verify_options_free(no_tsa);
}

int main(void) {
  char *manifest = fixture_path("ts-made.txt");
  g_manifest = fopen(manifest, "w");
  free(manifest);
  if (g_manifest == NULL) {
    return 2;
  }
  g_ca = fixture("ca.pem");
  g_crl = fixture("ca.crl");
  g_tsa_root = fixture("tsa/root.pem");
  g_tsa_crl = fixture("tsa/root.crl");
  g_content = fixture("content.txt");
  test_token();
  test_tsa_failures();
  test_cms();
  test_pdf();
  test_sign_pdf_timestamped();
  test_two_phase_timestamped();
  fclose(g_manifest);
  buf_free(&g_ca);
  buf_free(&g_crl);
  buf_free(&g_tsa_root);
  buf_free(&g_tsa_crl);
  buf_free(&g_content);
  return finish_suite("test_timestamp");
}
