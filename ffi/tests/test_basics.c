/*
 * Library-wide conventions: version, result texts and ranges, the last-error detail, NULL
 * arguments to every entry point (KYSO_NULL_PARAMETER, outputs untouched), _free(NULL) for
 * every type, accessors on NULL.
 */
#include "harness.h"

static void test_version(void) {
  CHECK_STR(kyso_version(), KYSO_VERSION);
  CHECK(kyso_version_number() == KYSO_VERSION_NUMBER);
  CHECK(KYSO_VERSION_NUMBER == KYSO_VERSION_MAJOR * 10000 + KYSO_VERSION_MINOR * 100 + KYSO_VERSION_PATCH);
}

static void test_result_text(void) {
  static const kyso_result all[] = {
      KYSO_OK, KYSO_NULL_PARAMETER, KYSO_INVALID_PARAMETER, KYSO_INVALID_UTF8, KYSO_UNKNOWN_POLICY,
      KYSO_UNKNOWN_BUNDLE, KYSO_INDEX_OUT_OF_RANGE, KYSO_ALREADY_FINISHED, KYSO_NOT_PRESENT,
      KYSO_WRONG_MODE, KYSO_IO_ERROR, KYSO_CLOCK_ERROR, KYSO_MALFORMED_CERTIFICATE,
      KYSO_NO_CERTIFICATE, KYSO_MALFORMED_PKCS7, KYSO_MALFORMED_CMS, KYSO_INPUT_TOO_LARGE,
      KYSO_UNRECOGNIZED_KEY_FORMAT, KYSO_MALFORMED_KEY, KYSO_MALFORMED_CRL,
      KYSO_MALFORMED_OCSP_RESPONSE, KYSO_PASSWORD_REQUIRED, KYSO_WRONG_PASSWORD,
      KYSO_NO_PRIVATE_KEY, KYSO_NO_MATCHING_CERTIFICATE, KYSO_CERTIFICATE_KEY_MISMATCH,
      KYSO_UNSUPPORTED_KEY_ALGORITHM, KYSO_UNSUPPORTED_ENCRYPTION, KYSO_LIMIT_EXCEEDED,
      KYSO_SIGNING_CALLBACK_FAILED, KYSO_EXTERNAL_SIGNATURE_INVALID, KYSO_ALGORITHM_KEY_MISMATCH,
      KYSO_SHA1_SIGNING_REFUSED, KYSO_SIGNING_FAILED, KYSO_UNSUPPORTED_ALGORITHM,
      KYSO_CMS_BUILD_ERROR, KYSO_PANIC, KYSO_INTERNAL_ERROR};
  size_t i, j;
  for (i = 0; i < sizeof all / sizeof all[0]; i++) {
    const char *t = kyso_result_text(all[i]);
    CHECK(t != NULL && t[0] != '\0' && strcmp(t, "unknown result code") != 0);
    {
      int distinct = 1; /* each code its own text */
      for (j = 0; j < i; j++) {
        distinct &= strcmp(t, kyso_result_text(all[j])) != 0;
      }
      CHECK(distinct);
    }
  }
  CHECK_STR(kyso_result_text(1), "unknown result code");
  CHECK_STR(kyso_result_text(0xffffffffu), "unknown result code");
  CHECK_STR(kyso_result_text(KYSO_OK), "success");
  CHECK_STR(kyso_indication_text(KYSO_INDICATION_TOTAL_PASSED), "TOTAL-PASSED");
  CHECK_STR(kyso_indication_text(KYSO_INDICATION_TOTAL_FAILED), "TOTAL-FAILED");
  CHECK_STR(kyso_indication_text(KYSO_INDICATION_INDETERMINATE), "INDETERMINATE");
  CHECK(kyso_indication_text(0) == NULL);
}

static void test_last_error(void) {
  kyso_trust_store *store = (kyso_trust_store *)&g_pass; /* sentinel: must stay untouched */
  CHECK_RC(kyso_trust_store_from_bundle("atlantis", &store), KYSO_UNKNOWN_BUNDLE);
  CHECK(store == (kyso_trust_store *)&g_pass);
  CHECK_CONTAINS(kyso_last_error_detail(), "atlantis");
  /* Accessors and kyso_result_text do not clear it. */
  (void)kyso_result_text(KYSO_OK);
  (void)kyso_report_indication(NULL);
  CHECK_CONTAINS(kyso_last_error_detail(), "atlantis");
  /* The next fallible call does. */
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_STR(kyso_last_error_detail(), "");
  kyso_trust_store_free(store);
  CHECK_RC(kyso_trust_store_from_bundle(NULL, &store), KYSO_NULL_PARAMETER);
  CHECK_CONTAINS(kyso_last_error_detail(), "`name`");
}

/* Issue 9: the last error as a catalogue sentence, wholly Vietnamese or wholly English. */
static void test_last_error_text(void) {
  static const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01};
  static const uint8_t junk_cms[] = {0x30, 0x85, 0x01, 0x01, 0x01, 0x01, 0x01};
  kyso_prepared *prepared = NULL;
  kyso_signer *signer = NULL;
  kyso_verify_options *vo = NULL;
  kyso_report *r = NULL;
  const char *vi, *en;

  CHECK_RC(kyso_prepared_from_bytes(garbage, sizeof garbage, &prepared), KYSO_MALFORMED_CMS);
  vi = kyso_last_error_text(KYSO_LANG_VI);
  en = kyso_last_error_text(KYSO_LANG_EN);
  CHECK_CONTAINS(vi, "Dữ liệu ký số không đúng định dạng CMS/PKCS#7: PreparedState không hợp lệ");
  CHECK_CONTAINS(en, "The signed data is not well-formed CMS/PKCS#7: PreparedState is invalid");
  CHECK(vi != NULL && strstr(vi, "invalid") == NULL && strstr(vi, "Malformed") == NULL);
  CHECK(vi != NULL && en != NULL && strcmp(vi, en) != 0);
  /* The detail (English, for logs) is unchanged alongside. */
  CHECK_CONTAINS(kyso_last_error_detail(), "malformed CMS structure");
  CHECK(kyso_last_error_text(2) == NULL);
  CHECK(kyso_last_error_text((kyso_lang)-1) == NULL);

  CHECK_RC(kyso_signer_from_pkcs12(garbage, sizeof garbage, "x", &signer), KYSO_UNRECOGNIZED_KEY_FORMAT);
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_VI), "Không phải định dạng khóa mà kyso đọc được");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "Not a key format kyso reads");

  /* A garbage CMS given to kyso_verify is a verdict, not an error: the report says why in
   * each language, and the last error is cleared. */
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify(junk_cms, sizeof junk_cms, NULL, 0, vo, &r));
  CHECK(kyso_last_error_text(KYSO_LANG_VI) == NULL);
  CHECK(kyso_last_error_text(KYSO_LANG_EN) == NULL);
  CHECK(kyso_report_indication(r) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_VI),
                 "Dữ liệu ký số không đúng định dạng CMS/PKCS#7: độ dài khai báo của một phần tử không đúng (tại byte 2)");
  CHECK_CONTAINS(kyso_report_text(r, KYSO_LANG_EN),
                 "The signed data is not well-formed CMS/PKCS#7: an element has a wrong length (at byte 2)");
  kyso_report_free(r);
  kyso_verify_options_free(vo);

  /* Errors in the call itself have no catalogue sentence: NULL, the detail says what. */
  CHECK_RC(kyso_prepared_from_bytes(NULL, 1, &prepared), KYSO_NULL_PARAMETER);
  CHECK(kyso_last_error_text(KYSO_LANG_VI) == NULL);
  /* ... and the fallback string code: `kyso_result.` and the number. */
  CHECK_STR(kyso_last_error_code(), "kyso_result.1000");
}

/* The last error's stable string code: core's catalogue code, cleared by a successful call. */
static void test_last_error_code(void) {
  static const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01};
  kyso_prepared *prepared = NULL;
  kyso_signer *signer = NULL;
  kyso_trust_store *store = NULL;

  CHECK_STR(kyso_last_error_code(), "kyso_result.1000"); /* still the previous test's */
  CHECK_RC(kyso_prepared_from_bytes(garbage, sizeof garbage, &prepared), KYSO_MALFORMED_CMS);
  CHECK_STR(kyso_last_error_code(), "cms.malformed");
  /* Accessors leave it alone. */
  (void)kyso_result_text(KYSO_OK);
  (void)kyso_last_error_text(KYSO_LANG_EN);
  CHECK_STR(kyso_last_error_code(), "cms.malformed");
  CHECK_RC(kyso_signer_from_pkcs12(garbage, sizeof garbage, "x", &signer), KYSO_UNRECOGNIZED_KEY_FORMAT);
  CHECK(strncmp(kyso_last_error_code(), "key.", 4) == 0);
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_STR(kyso_last_error_code(), "");
  kyso_trust_store_free(store);
}

/* Every entry point with a NULL where a pointer is required. */
static void test_null_arguments(void) {
  const uint8_t one = 0x30;
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  kyso_report *report = NULL;
  kyso_verifier *verifier = NULL;
  kyso_chain_report *chain = NULL;
  kyso_signer *signer = NULL;
  kyso_sign_options *so = NULL;
  kyso_bytes *bytes = NULL;
  kyso_prepared *prepared = NULL;
  kyso_sign_stream *stream = NULL;
  const kyso_signer_report *sr = NULL;
  const kyso_cert_info *ci = NULL;
  const char *s1 = NULL;
  const uint8_t *p = NULL;
  size_t n = 0;
  int64_t t = 0;

  CHECK_RC(kyso_trust_store_new(NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_from_bundle("vn", NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_bundle(NULL, "vn"), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_anchors(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_anchors_file(NULL, "x"), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_intermediates(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK(kyso_trust_store_anchor_count(NULL) == 0);

  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_RC(kyso_trust_store_add_bundle(store, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_anchors(store, NULL, 5), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_trust_store_add_anchors(store, NULL, 0), KYSO_MALFORMED_CERTIFICATE);
  CHECK_RC(kyso_trust_store_add_anchors_file(store, NULL), KYSO_NULL_PARAMETER);

  CHECK_RC(kyso_verify_options_new(NULL), KYSO_NULL_PARAMETER);
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_RC(kyso_verify_options_set_policy(NULL, "vn-gov"), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_policy(vo, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_trust_store(NULL, store), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_trust_store(vo, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_current_time(NULL, 0), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_validation_time(NULL, 0), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_certificates(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_certificates(vo, NULL, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_crl(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_crl(vo, NULL, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_ocsp_response(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_add_ocsp_response(vo, NULL, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_fetch_callback(NULL, NULL, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_set_fetch_limit(NULL, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_danger_without_revocation(NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_options_danger_without_chain_validation(NULL), KYSO_NULL_PARAMETER);

  CHECK_RC(kyso_verify(NULL, 1, NULL, 0, vo, &report), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify(&one, 1, NULL, 5, vo, &report), KYSO_OK); /* content NULL: attached */
  kyso_report_free(report);
  report = NULL;
  CHECK_RC(kyso_verify(&one, 1, NULL, 0, NULL, &report), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify(&one, 1, NULL, 0, vo, NULL), KYSO_NULL_PARAMETER);
  CHECK(report == NULL);
  CHECK_RC(kyso_verifier_new(NULL, 1, vo, &verifier), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verifier_new(&one, 1, NULL, &verifier), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verifier_new(&one, 1, vo, NULL), KYSO_NULL_PARAMETER);
  CHECK(verifier == NULL);
  CHECK_RC(kyso_verifier_update(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verifier_finish(NULL, &report), KYSO_NULL_PARAMETER);
  CHECK_OK(kyso_verifier_new(&one, 1, vo, &verifier));
  CHECK_RC(kyso_verifier_update(verifier, NULL, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verifier_finish(verifier, NULL), KYSO_NULL_PARAMETER);
  kyso_verifier_free(verifier);

  CHECK_RC(kyso_chain_validate(NULL, 1, vo, KYSO_PURPOSE_ANY, &chain), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_chain_validate(&one, 1, NULL, KYSO_PURPOSE_ANY, &chain), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_chain_validate(&one, 1, vo, KYSO_PURPOSE_ANY, NULL), KYSO_NULL_PARAMETER);
  CHECK(chain == NULL);

  /* Report accessors on NULL. */
  CHECK(kyso_report_indication(NULL) == 0);
  CHECK(kyso_report_sub_indication(NULL) == NULL);
  CHECK(kyso_report_signer_count(NULL) == 0);
  CHECK_RC(kyso_report_signer(NULL, 0, &sr), KYSO_NULL_PARAMETER);
  CHECK(kyso_report_json(NULL) == NULL);
  CHECK(kyso_report_text(NULL, KYSO_LANG_VI) == NULL);
  CHECK(kyso_signer_report_indication(NULL) == 0);
  CHECK(kyso_signer_report_sub_indication(NULL) == NULL);
  CHECK(kyso_signer_report_subject(NULL) == NULL);
  CHECK(kyso_signer_report_common_name(NULL) == NULL);
  CHECK(kyso_signer_report_organization(NULL) == NULL);
  CHECK(kyso_signer_report_email(NULL) == NULL);
  CHECK(kyso_signer_report_signature_algorithm(NULL) == NULL);
  CHECK(kyso_signer_report_vn_id_count(NULL) == 0);
  CHECK_RC(kyso_signer_report_vn_id(NULL, 0, &s1, &s1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_report_signing_time(NULL, &t), KYSO_NULL_PARAMETER);
  CHECK(kyso_signer_report_signing_time_text(NULL) == NULL);
  CHECK(kyso_signer_report_certificate(NULL) == NULL);
  CHECK(kyso_signer_report_chain_indication(NULL) == 0);
  CHECK(kyso_signer_report_chain_length(NULL) == 0);
  CHECK_RC(kyso_signer_report_chain_cert(NULL, 0, &ci), KYSO_NULL_PARAMETER);
  CHECK(kyso_cert_info_subject(NULL) == NULL);
  CHECK(kyso_cert_info_issuer(NULL) == NULL);
  CHECK(kyso_cert_info_serial(NULL) == NULL);
  CHECK(kyso_cert_info_sha256(NULL) == NULL);
  CHECK(kyso_cert_info_status(NULL) == NULL);
  CHECK(kyso_cert_info_revocation_status(NULL) == NULL);
  CHECK(kyso_cert_info_not_before(NULL) == 0);
  CHECK(kyso_cert_info_not_after(NULL) == 0);
  CHECK(!kyso_cert_info_is_trust_anchor(NULL));
  CHECK(kyso_chain_report_indication(NULL) == 0);
  CHECK(kyso_chain_report_sub_indication(NULL) == NULL);
  CHECK(kyso_chain_report_cert_count(NULL) == 0);
  CHECK_RC(kyso_chain_report_cert(NULL, 0, &ci), KYSO_NULL_PARAMETER);
  CHECK(kyso_chain_report_json(NULL) == NULL);
  CHECK(kyso_chain_report_text(NULL, KYSO_LANG_EN) == NULL);

  /* Signing. */
  CHECK_RC(kyso_signer_from_pkcs12(NULL, 1, "pw", &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pkcs12(&one, 1, "pw", NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pkcs12_file(NULL, "pw", &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pkcs12_file("x.p12", "pw", NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pem(NULL, 1, &one, 1, NULL, &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pem(&one, 1, NULL, 1, NULL, &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_pem(&one, 1, &one, 1, NULL, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_callback(NULL, 1, 0, 0, NULL, NULL, &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_callback(&one, 1, 0, 0, NULL, NULL, &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_certificate(NULL, 1, 0, &signer), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_from_certificate(&one, 1, 0, NULL), KYSO_NULL_PARAMETER);
  CHECK(signer == NULL);
  CHECK_RC(kyso_signer_set_algorithm(NULL, 0), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_signer_certificate(NULL, &bytes), KYSO_NULL_PARAMETER);
  CHECK(kyso_signer_algorithm(NULL) == KYSO_SIG_DEFAULT);
  CHECK_RC(kyso_sign_options_new(NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_options_set_detached(NULL, true), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_options_set_signing_time(NULL, 0), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_options_omit_signing_time(NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_options_set_include_chain(NULL, true), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_options_add_crl(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign(NULL, &one, 1, NULL, &bytes), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepare(NULL, &one, 1, NULL, &prepared), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepared_input(NULL, 0, &p, &n), KYSO_NULL_PARAMETER);
  CHECK(kyso_prepared_algorithm(NULL) == KYSO_SIG_DEFAULT);
  CHECK_RC(kyso_prepared_finish(NULL, &one, 1, &bytes), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepared_to_bytes(NULL, &bytes), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepared_from_bytes(NULL, 1, &prepared), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepared_from_bytes(&one, 1, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepared_from_bytes(&one, 1, &prepared), KYSO_MALFORMED_CMS);
  CHECK_RC(kyso_sign_stream_new(NULL, NULL, &stream), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_stream_update(NULL, &one, 1), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_stream_finish(NULL, &bytes), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_stream_prepare(NULL, &prepared), KYSO_NULL_PARAMETER);
  CHECK(bytes == NULL && prepared == NULL && stream == NULL);
  CHECK(kyso_bytes_data(NULL) == NULL);
  CHECK(kyso_bytes_len(NULL) == 0);
  CHECK_RC(kyso_writer_write(NULL, &one, 1), KYSO_NULL_PARAMETER);

  CHECK_OK(kyso_sign_options_new(&so));
  kyso_sign_options_free(so);
  kyso_verify_options_free(vo);
  kyso_trust_store_free(store);
}

static void test_free_null(void) {
  kyso_trust_store_free(NULL);
  kyso_verify_options_free(NULL);
  kyso_report_free(NULL);
  kyso_verifier_free(NULL);
  kyso_chain_report_free(NULL);
  kyso_signer_free(NULL);
  kyso_sign_options_free(NULL);
  kyso_bytes_free(NULL);
  kyso_prepared_free(NULL);
  kyso_sign_stream_free(NULL);
  CHECK(1); /* reached: no crash */
}

static void test_invalid_values(void) {
  kyso_verify_options *vo = NULL;
  kyso_sign_options *so = NULL;
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_RC(kyso_verify_options_set_policy(vo, "lenient"), KYSO_UNKNOWN_POLICY);
  CHECK_CONTAINS(kyso_last_error_detail(), "lenient");
  CHECK_RC(kyso_verify_options_set_policy(vo, "\xff\xfe"), KYSO_INVALID_UTF8);
  CHECK_OK(kyso_verify_options_set_policy(vo, "strict"));
  CHECK_OK(kyso_verify_options_set_policy(vo, "vn-gov"));
  CHECK_RC(kyso_verify_options_set_current_time(vo, -1), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_verify_options_set_validation_time(vo, INT64_MIN), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_verify_options_set_validation_time(vo, INT64_MAX), KYSO_INVALID_PARAMETER);
  CHECK_OK(kyso_verify_options_set_current_time(vo, 1773453907)); /* 2026-03-14 */
  CHECK_RC(kyso_verify_options_set_fetch_limit(vo, 0), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_verify_options_add_crl(vo, (const uint8_t *)"", 0), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_verify_options_add_certificates(vo, (const uint8_t *)"junk", 4), KYSO_MALFORMED_CERTIFICATE);
  CHECK_CONTAINS(kyso_last_error_detail(), "certificates");
  CHECK_OK(kyso_sign_options_new(&so));
  CHECK_RC(kyso_sign_options_set_signing_time(so, -5), KYSO_INVALID_PARAMETER);
  kyso_sign_options_free(so);
  kyso_verify_options_free(vo);
}

int main(void) {
  test_version();
  test_result_text();
  test_last_error();
  test_last_error_text();
  test_last_error_code();
  test_null_arguments();
  test_free_null();
  test_invalid_values();
  return finish_suite("test_basics");
}
