/*
 * PDF signing through the C ABI (issue 11 item 7): one shot with a PKCS#12 signer (certified
 * with DocMDP 2, reason, location, contact, a named field) then a second, approval signature
 * (ETSI.CAdES.detached, visible) over it; one shot with a callback signer (libcrypto standing in
 * for a token); two-phase with a certificate-only signer (prepare → libcrypto signs the message
 * or the digest → finish), through a saved state. Every result is verified by kyso_verify_pdf
 * (TOTAL-PASSED), and the input must be a byte-identical prefix of it. Refusals: not a PDF, an
 * encrypted PDF, a bad certification level or SubFilter, certifying a signed document, a page
 * the document lacks, a finish with another PDF or a wrong signature; NULL arguments. The signed
 * files are written to the fixtures directory (listed in pdf-made.txt) for poppler's pdfsig in
 * run-tests.sh.
 */
#include <time.h>

#include "harness.h"
#include "ossl.h"

static buf g_ca, g_crl, g_pdf;
static FILE *g_manifest;

static kyso_verify_options *options_with_ca(void) {
  kyso_trust_store *store = NULL;
  kyso_verify_options *vo = NULL;
  CHECK_OK(kyso_trust_store_new(&store));
  CHECK_OK(kyso_trust_store_add_anchors(store, g_ca.data, g_ca.len));
  CHECK_OK(kyso_verify_options_new(&vo));
  CHECK_OK(kyso_verify_options_set_trust_store(vo, store));
  kyso_trust_store_free(store);
  CHECK_OK(kyso_verify_options_add_crl(vo, g_crl.data, g_crl.len));
  return vo;
}

/* The signed PDF starts with the input, byte for byte (ISO 32000-2 §7.5.6), and is longer. */
static void check_prefix(const buf *input, const kyso_bytes *signed_pdf) {
  CHECK(kyso_bytes_len(signed_pdf) > input->len);
  CHECK(memcmp(kyso_bytes_data(signed_pdf), input->data, input->len) == 0);
}

/* Verify with the test CA: every signature TOTAL-PASSED; `count` signatures; returns the
 * report (the caller frees it). Records the file for pdfsig. */
static kyso_pdf_report *check_signed(const kyso_bytes *signed_pdf, size_t count, const char *name) {
  kyso_verify_options *vo = options_with_ca();
  kyso_pdf_report *r = NULL;
  CHECK_OK(kyso_verify_pdf(kyso_bytes_data(signed_pdf), kyso_bytes_len(signed_pdf), NULL, 0, vo, &r));
  if (r == NULL) {
    kyso_verify_options_free(vo);
    return NULL;
  }
  if (kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED) {
    fprintf(stderr, "%s:\n%s\n", name, kyso_pdf_report_text(r, KYSO_LANG_EN));
  }
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_report_signature_count(r) == count);
  for (size_t i = 0; i < kyso_pdf_report_signature_count(r); i++) {
    const kyso_pdf_signature_report *s = NULL;
    CHECK_OK(kyso_pdf_report_signature(r, i, &s));
    CHECK(kyso_pdf_signature_indication(s) == KYSO_INDICATION_TOTAL_PASSED);
  }
  write_output(name, kyso_bytes_data(signed_pdf), kyso_bytes_len(signed_pdf));
  fprintf(g_manifest, "%s %zu\n", name, count);
  kyso_verify_options_free(vo);
  return r;
}

static const kyso_pdf_signature_report *signature_at(const kyso_pdf_report *r, size_t i) {
  const kyso_pdf_signature_report *s = NULL;
  CHECK_OK(kyso_pdf_report_signature(r, i, &s));
  return s;
}

static kyso_signer *p12_signer(const char *name) {
  buf p12 = fixture(name);
  kyso_signer *s = NULL;
  CHECK_OK(kyso_signer_from_pkcs12(p12.data, p12.len, "Kyso-2026", &s));
  buf_free(&p12);
  return s;
}

/* Certified by the person, then signed by a second signer in a second revision. */
static void test_one_shot(void) {
  kyso_signer *person = p12_signer("rsa.p12"), *agency = p12_signer("ec.p12");
  kyso_pdf_sign_options *o = NULL;
  kyso_bytes *first = NULL, *second = NULL;
  kyso_pdf_report *r;
  buf first_buf;
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_OK(kyso_pdf_sign_options_set_field(o, "ChuKyLanhDao"));
  CHECK_OK(kyso_pdf_sign_options_set_certification(o, 2));
  CHECK_OK(kyso_pdf_sign_options_set_reason(o, "Phê duyệt công văn"));
  CHECK_OK(kyso_pdf_sign_options_set_location(o, "Hà Nội"));
  CHECK_OK(kyso_pdf_sign_options_set_contact(o, "vanthu@example.gov.vn"));
  CHECK_OK(kyso_sign_pdf(person, g_pdf.data, g_pdf.len, o, &first));
  kyso_pdf_sign_options_free(o);
  if (first == NULL) {
    kyso_signer_free(person);
    kyso_signer_free(agency);
    return;
  }
  check_prefix(&g_pdf, first);
  r = check_signed(first, 1, "c-pdf-certified.pdf");
  if (r != NULL) {
    const kyso_pdf_signature_report *s = signature_at(r, 0);
    CHECK_STR(kyso_pdf_signature_field(s), "ChuKyLanhDao");
    CHECK_STR(kyso_pdf_signature_kind(s), "certification");
    CHECK_STR(kyso_pdf_signature_sub_filter(s), "adbe.pkcs7.detached");
    CHECK(kyso_pdf_signature_covers_whole_document(s));
    CHECK_CONTAINS(kyso_pdf_report_json(r), "\"docmdp\": 2");
    CHECK_CONTAINS(kyso_pdf_report_json(r), "Phê duyệt công văn");
    kyso_pdf_report_free(r);
  }
  /* The defaults (options NULL) would certify nothing; the second signer asks for CAdES and a
   * visible field on page 1. */
  first_buf.data = malloc(kyso_bytes_len(first));
  first_buf.len = kyso_bytes_len(first);
  memcpy(first_buf.data, kyso_bytes_data(first), first_buf.len);
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_OK(kyso_pdf_sign_options_set_sub_filter(o, KYSO_PDF_SUBFILTER_CADES));
  CHECK_OK(kyso_pdf_sign_options_set_rect(o, 1, 350, 80, 200, 60));
  /* A claimed time (the test certificates were made minutes ago: validation at the signing
   * time needs a time inside their validity). */
  CHECK_OK(kyso_pdf_sign_options_set_signing_time(o, (int64_t)time(NULL)));
  CHECK_OK(kyso_sign_pdf(agency, first_buf.data, first_buf.len, o, &second));
  if (second != NULL) {
    check_prefix(&first_buf, second);
    r = check_signed(second, 2, "c-pdf-two-signatures.pdf");
    if (r != NULL) {
      const kyso_pdf_signature_report *s = signature_at(r, 1);
      CHECK_STR(kyso_pdf_signature_kind(s), "approval");
      CHECK_STR(kyso_pdf_signature_sub_filter(s), "ETSI.CAdES.detached");
      CHECK_STR(kyso_pdf_signature_field(s), "Signature1");
      /* The certification (P=2) permits the second signature. */
      CHECK_STR(kyso_pdf_signature_modification_level(signature_at(r, 0)), "form-filling");
      CHECK(kyso_pdf_signature_changes_permitted(signature_at(r, 0)));
      kyso_pdf_report_free(r);
    }
  }
  /* Certifying a document that is already signed: refused, with core's code and sentences. */
  CHECK_OK(kyso_pdf_sign_options_set_certification(o, 3));
  kyso_bytes_free(second);
  second = NULL;
  CHECK_RC(kyso_sign_pdf(agency, first_buf.data, first_buf.len, o, &second),
           KYSO_PDF_SIGNING_REFUSED);
  CHECK(second == NULL);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.certification-not-first");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_VI), "chứng thực");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "certify");
  /* Back to approval (0), on a page the document does not have. */
  CHECK_OK(kyso_pdf_sign_options_set_certification(o, 0));
  CHECK_OK(kyso_pdf_sign_options_set_rect(o, 9, 0, 0, 10, 10));
  CHECK_RC(kyso_sign_pdf(agency, first_buf.data, first_buf.len, o, &second),
           KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.page-out-of-range");
  CHECK_OK(kyso_pdf_sign_options_set_rect(o, 1, 0, 0, -10, 10));
  CHECK_RC(kyso_sign_pdf(agency, first_buf.data, first_buf.len, o, &second),
           KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.bad-rect");
  kyso_pdf_sign_options_free(o);
  buf_free(&first_buf);
  kyso_bytes_free(first);
  kyso_signer_free(person);
  kyso_signer_free(agency);
}

typedef struct {
  EVP_PKEY *key;
  int calls;
} token;

static int token_callback(void *userdata, kyso_sig_alg algorithm, const uint8_t *input,
                          size_t input_len, kyso_writer *signature) {
  token *t = userdata;
  uint8_t sig[1024];
  size_t len = sizeof sig;
  t->calls++;
  if (algorithm != KYSO_SIG_ECDSA_SHA256 ||
      !ossl_sign(t->key, KYSO_SIGN_INPUT_DIGEST, input, input_len, sig, &len)) {
    return 3;
  }
  return kyso_writer_write(signature, sig, len) == KYSO_OK ? 0 : 4;
}

/* A token behind a callback, signing digests (PKCS#11 CKM_ECDSA). */
static void test_callback(void) {
  buf cert = fixture("ec.pem");
  token t = {load_key("ec.key"), 0};
  kyso_signer *s = NULL;
  kyso_bytes *out = NULL;
  CHECK_OK(kyso_signer_from_callback(cert.data, cert.len, KYSO_SIG_DEFAULT, KYSO_SIGN_INPUT_DIGEST,
                                     token_callback, &t, &s));
  CHECK_OK(kyso_sign_pdf(s, g_pdf.data, g_pdf.len, NULL, &out));
  CHECK(t.calls == 1);
  if (out != NULL) {
    kyso_pdf_report *r;
    check_prefix(&g_pdf, out);
    r = check_signed(out, 1, "c-pdf-callback.pdf");
    kyso_pdf_report_free(r);
  }
  kyso_bytes_free(out);
  kyso_signer_free(s);
  EVP_PKEY_free(t.key);
  buf_free(&cert);
}

/* Certificate only: prepare, save the state, sign elsewhere, finish from the saved state. */
static void two_phase(const char *cert_name, const char *key_name, kyso_sign_input form,
                      kyso_sig_alg want, const char *out_name) {
  buf cert = fixture(cert_name);
  EVP_PKEY *key = load_key(key_name);
  kyso_signer *s = NULL;
  kyso_pdf_prepared *p = NULL, *restored = NULL;
  kyso_bytes *state = NULL, *out = NULL;
  const uint8_t *tbs = NULL;
  size_t tbs_len = 0, sig_len;
  uint8_t sig[1024];
  kyso_pdf_sign_options *o = NULL;
  CHECK_OK(kyso_signer_from_certificate(cert.data, cert.len, KYSO_SIG_DEFAULT, &s));
  /* One shot is not possible without a key. */
  CHECK_RC(kyso_sign_pdf(s, g_pdf.data, g_pdf.len, NULL, &out), KYSO_WRONG_MODE);
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_OK(kyso_pdf_sign_options_set_certification(o, 1));
  CHECK_OK(kyso_prepare_pdf(s, g_pdf.data, g_pdf.len, o, &p));
  kyso_pdf_sign_options_free(o);
  kyso_signer_free(s); /* the prepared signature keeps what it needs */
  if (p == NULL) {
    EVP_PKEY_free(key);
    buf_free(&cert);
    return;
  }
  CHECK(kyso_pdf_prepared_algorithm(p) == want);
  CHECK_OK(kyso_pdf_prepared_to_bytes(p, &state));
  kyso_pdf_prepared_free(p);
  CHECK_OK(kyso_pdf_prepared_from_bytes(kyso_bytes_data(state), kyso_bytes_len(state), &restored));
  kyso_bytes_free(state);
  CHECK_OK(kyso_pdf_prepared_input(restored, form, &tbs, &tbs_len));
  sig_len = sizeof sig;
  CHECK(ossl_sign(key, form, tbs, tbs_len, sig, &sig_len));
  /* Another PDF than the prepared one: refused, nothing written. */
  CHECK_RC(kyso_pdf_prepared_finish(restored, g_pdf.data, g_pdf.len - 1, sig, sig_len, &out),
           KYSO_PDF_PREPARED_MISMATCH);
  CHECK(out == NULL);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.input-mismatch");
  /* A signature over something else: refused, and the state stays usable. */
  {
    uint8_t other[1024];
    size_t other_len = sizeof other;
    CHECK(ossl_sign(key, KYSO_SIGN_INPUT_MESSAGE, (const uint8_t *)"x", 1, other, &other_len));
    CHECK_RC(kyso_pdf_prepared_finish(restored, g_pdf.data, g_pdf.len, other, other_len, &out),
             KYSO_EXTERNAL_SIGNATURE_INVALID);
  }
  CHECK_OK(kyso_pdf_prepared_finish(restored, g_pdf.data, g_pdf.len, sig, sig_len, &out));
  if (out != NULL) {
    kyso_pdf_report *r;
    check_prefix(&g_pdf, out);
    r = check_signed(out, 1, out_name);
    if (r != NULL) {
      CHECK_STR(kyso_pdf_signature_kind(signature_at(r, 0)), "certification");
      CHECK_CONTAINS(kyso_pdf_report_json(r), "\"docmdp\": 1");
      kyso_pdf_report_free(r);
    }
  }
  kyso_bytes_free(out);
  kyso_pdf_prepared_free(restored);
  EVP_PKEY_free(key);
  buf_free(&cert);
}

static void test_two_phase(void) {
  two_phase("rsa.pem", "rsa.key", KYSO_SIGN_INPUT_MESSAGE, KYSO_SIG_RSA_PKCS1_SHA256,
            "c-pdf-two-phase-rsa.pdf");
  two_phase("ec.pem", "ec.key", KYSO_SIGN_INPUT_DIGEST, KYSO_SIG_ECDSA_SHA256,
            "c-pdf-two-phase-ec.pdf");
}

static void test_refusals(void) {
  kyso_signer *s = p12_signer("rsa.p12");
  kyso_pdf_sign_options *o = NULL;
  kyso_pdf_prepared *p = NULL;
  kyso_bytes *out = NULL;
  buf content = fixture("content.txt"), encrypted = fixture("encrypted.pdf");
  static const uint8_t junk_state[] = "kyso-pdf-prepared-2\nnot a state";

  /* Not a PDF. */
  CHECK_RC(kyso_sign_pdf(s, content.data, content.len, NULL, &out), KYSO_MALFORMED_PDF);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.read");
  CHECK(kyso_last_error_text(KYSO_LANG_VI) != NULL);
  CHECK_RC(kyso_prepare_pdf(s, content.data, content.len, NULL, &p), KYSO_MALFORMED_PDF);
  /* Encrypted: refused with a clear sentence. */
  CHECK_RC(kyso_sign_pdf(s, encrypted.data, encrypted.len, NULL, &out), KYSO_PDF_SIGNING_REFUSED);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.encrypted");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_VI), "mã hóa");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_EN), "encrypted");
  /* Bad options: refused when set, the options unchanged. */
  CHECK_OK(kyso_pdf_sign_options_new(&o));
  CHECK_RC(kyso_pdf_sign_options_set_certification(o, 4), KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.bad-certification-level");
  CHECK_CONTAINS(kyso_last_error_text(KYSO_LANG_VI), "Mức chứng thực 4");
  CHECK_RC(kyso_pdf_sign_options_set_certification(o, -1), KYSO_INVALID_PARAMETER);
  CHECK_RC(kyso_pdf_sign_options_set_sub_filter(o, 7), KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.unknown-subfilter");
  CHECK_OK(kyso_pdf_sign_options_set_field(o, "a.b"));
  CHECK_RC(kyso_sign_pdf(s, g_pdf.data, g_pdf.len, o, &out), KYSO_INVALID_PARAMETER);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.field-name-invalid");
  CHECK_OK(kyso_pdf_sign_options_set_field(o, NULL));
  CHECK_RC(kyso_pdf_sign_options_set_reason(o, "\xff\xfe"), KYSO_INVALID_UTF8);
  CHECK_OK(kyso_sign_pdf(s, g_pdf.data, g_pdf.len, o, &out)); /* still the defaults */
  kyso_bytes_free(out);
  out = NULL;
  /* A state that is not one. */
  CHECK_RC(kyso_pdf_prepared_from_bytes(junk_state, sizeof junk_state - 1, &p), KYSO_MALFORMED_CMS);
  CHECK_STR(kyso_last_error_code(), "pdf.sign.bad-state");
  /* NULL arguments. */
  CHECK_RC(kyso_sign_pdf(NULL, g_pdf.data, g_pdf.len, NULL, &out), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_pdf(s, NULL, 10, NULL, &out), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_sign_pdf(s, g_pdf.data, g_pdf.len, NULL, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_prepare_pdf(s, g_pdf.data, g_pdf.len, NULL, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_pdf_sign_options_set_field(NULL, "x"), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_pdf_prepared_finish(NULL, g_pdf.data, g_pdf.len, g_pdf.data, 1, &out),
           KYSO_NULL_PARAMETER);
  CHECK(out == NULL && p == NULL);
  CHECK(kyso_pdf_prepared_algorithm(NULL) == KYSO_SIG_DEFAULT);
  kyso_pdf_prepared_free(NULL);
  kyso_pdf_sign_options_free(NULL);
  kyso_pdf_sign_options_free(o);
  buf_free(&content);
  buf_free(&encrypted);
  kyso_signer_free(s);
}

int main(void) {
  char *manifest = fixture_path("pdf-made.txt");
  g_manifest = fopen(manifest, "w");
  free(manifest);
  if (g_manifest == NULL) {
    return 2;
  }
  g_ca = fixture("ca.pem");
  g_crl = fixture("ca.crl");
  g_pdf = fixture("unsigned.pdf");
  test_one_shot();
  test_callback();
  test_two_phase();
  test_refusals();
  fclose(g_manifest);
  buf_free(&g_ca);
  buf_free(&g_crl);
  buf_free(&g_pdf);
  return finish_suite("test_sign_pdf");
}
