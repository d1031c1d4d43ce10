/*
 * PDF verification through the C ABI (issue 11): PDFs signed by `openssl cms -sign` over their
 * ByteRange (make-fixtures.sh → scripts/make-signed-pdf.py) verified from bytes and from a
 * file read at offsets; per signature accessors (field, kind, SubFilter, coverage,
 * modification level, verdict, the borrowed CMS report); a later incremental update that adds
 * an annotation; a changed covered byte; PDF detection; hostile and NULL arguments.
 */
#include "harness.h"

static buf g_ca, g_crl;

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

static kyso_pdf_report *verify_pdf_fixture(const char *name, const kyso_verify_options *vo) {
  buf pdf = fixture(name);
  kyso_pdf_report *r = NULL;
  CHECK_OK(kyso_verify_pdf(pdf.data, pdf.len, NULL, 0, vo, &r));
  buf_free(&pdf);
  if (r != NULL && kyso_pdf_report_text(r, KYSO_LANG_EN) == NULL) {
    CHECK(0);
  }
  return r;
}

static const kyso_pdf_signature_report *signature_at(const kyso_pdf_report *r, size_t i) {
  const kyso_pdf_signature_report *s = NULL;
  CHECK_OK(kyso_pdf_report_signature(r, i, &s));
  return s;
}

static void show_if(int wrong, const kyso_pdf_report *r) {
  if (wrong) {
    fprintf(stderr, "%s\n", kyso_pdf_report_text(r, KYSO_LANG_EN));
  }
}

static void test_signed(void) {
  kyso_verify_options *vo = options_with_ca();
  kyso_pdf_report *r = verify_pdf_fixture("signed.pdf", vo);
  const kyso_pdf_signature_report *s;
  const kyso_report *cms;
  const kyso_signer_report *signer = NULL;
  show_if(kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED, r);
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_report_sub_indication(r) == NULL);
  CHECK(kyso_pdf_report_revision_count(r) == 1);
  CHECK(kyso_pdf_report_signature_count(r) == 1);
  s = signature_at(r, 0);
  CHECK_STR(kyso_pdf_signature_field(s), "Signature1");
  CHECK_STR(kyso_pdf_signature_kind(s), "approval");
  CHECK_STR(kyso_pdf_signature_sub_filter(s), "adbe.pkcs7.detached");
  CHECK_STR(kyso_pdf_signature_modification_level(s), "none");
  CHECK(kyso_pdf_signature_changes_permitted(s));
  CHECK(kyso_pdf_signature_covers_whole_document(s));
  CHECK(kyso_pdf_signature_revision(s) == 1);
  CHECK(kyso_pdf_signature_indication(s) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_signature_sub_indication(s) == NULL);
  /* The CMS verdict is a kyso_report borrowed from the PDF report: the signer accessors. */
  cms = kyso_pdf_signature_cms(s);
  CHECK(cms != NULL);
  CHECK(kyso_report_indication(cms) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_report_signer_count(cms) == 1);
  CHECK_OK(kyso_report_signer(cms, 0, &signer));
  CHECK_STR(kyso_signer_report_common_name(signer), "Nguyễn Văn An");
  /* JSON and texts. */
  CHECK_CONTAINS(kyso_pdf_report_json(r), "\"format\": \"pdf\"");
  CHECK_CONTAINS(kyso_pdf_report_json(r), "\"modification_level\": \"none\"");
  CHECK_CONTAINS(kyso_pdf_report_json(r), "\"field\": \"Signature1\"");
  CHECK(kyso_pdf_report_json(r) == kyso_pdf_report_json(r)); /* cached, owned by the report */
  CHECK_CONTAINS(kyso_pdf_report_text(r, KYSO_LANG_EN), "Signature1");
  CHECK_CONTAINS(kyso_pdf_report_text(r, KYSO_LANG_VI), "Chữ ký 1");
  CHECK(kyso_pdf_report_text(r, 7) == NULL);
  /* Out of range. */
  {
    const kyso_pdf_signature_report *none = NULL;
    CHECK_RC(kyso_pdf_report_signature(r, 1, &none), KYSO_INDEX_OUT_OF_RANGE);
    CHECK(none == NULL);
  }
  kyso_pdf_report_free(r);

  /* Untrusted: the same file without the CA is not a pass. */
  {
    kyso_verify_options *bare = NULL;
    kyso_trust_store *empty = NULL;
    CHECK_OK(kyso_trust_store_new(&empty));
    CHECK_OK(kyso_verify_options_new(&bare));
    CHECK_OK(kyso_verify_options_set_trust_store(bare, empty));
    kyso_trust_store_free(empty);
    r = verify_pdf_fixture("signed.pdf", bare);
    CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
    kyso_pdf_report_free(r);
    kyso_verify_options_free(bare);
  }
  kyso_verify_options_free(vo);
}

/* From a file read at offsets: the same report as from bytes. */
static void test_file(void) {
  kyso_verify_options *vo = options_with_ca();
  char *path = fixture_path("signed-annotated.pdf");
  kyso_pdf_report *from_file = NULL;
  kyso_pdf_report *from_bytes = verify_pdf_fixture("signed-annotated.pdf", vo);
  CHECK_OK(kyso_verify_pdf_file(path, NULL, 0, vo, &from_file));
  CHECK_STR(kyso_pdf_report_json(from_file), kyso_pdf_report_json(from_bytes));
  CHECK_RC(kyso_verify_pdf_file("/nonexistent/kyso.pdf", NULL, 0, vo, &from_file),
           KYSO_IO_ERROR);
  CHECK_CONTAINS(kyso_last_error_detail(), "/nonexistent/kyso.pdf");
  kyso_pdf_report_free(from_file);
  kyso_pdf_report_free(from_bytes);
  free(path);
  kyso_verify_options_free(vo);
}

/* An incremental update after the signature adds a text annotation: the signature still
 * verifies over its revision, and the change is reported at the "annotations" level. */
static void test_annotated(void) {
  kyso_verify_options *vo = options_with_ca();
  kyso_pdf_report *r = verify_pdf_fixture("signed-annotated.pdf", vo);
  const kyso_pdf_signature_report *s = signature_at(r, 0);
  const kyso_report *cms = kyso_pdf_signature_cms(s);
  CHECK(kyso_pdf_report_revision_count(r) == 2);
  CHECK(kyso_pdf_report_signature_count(r) == 1);
  CHECK(!kyso_pdf_signature_covers_whole_document(s));
  CHECK(kyso_pdf_signature_revision(s) == 1);
  CHECK(kyso_report_indication(cms) == KYSO_INDICATION_TOTAL_PASSED);
  CHECK_STR(kyso_pdf_signature_modification_level(s), "annotations");
  CHECK(kyso_pdf_signature_changes_permitted(s));
  CHECK_CONTAINS(kyso_pdf_report_json(r), "\"modification_level\": \"annotations\"");
  kyso_pdf_report_free(r);
  kyso_verify_options_free(vo);
}

/* One covered byte changed: the CMS digest no longer matches. */
static void test_tampered(void) {
  kyso_verify_options *vo = options_with_ca();
  kyso_pdf_report *r = verify_pdf_fixture("signed-tampered.pdf", vo);
  const kyso_pdf_signature_report *s = signature_at(r, 0);
  show_if(kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_FAILED, r);
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK(kyso_pdf_signature_indication(s) == KYSO_INDICATION_TOTAL_FAILED);
  CHECK_STR(kyso_pdf_signature_sub_indication(s), "HASH_FAILURE");
  kyso_pdf_report_free(r);
  kyso_verify_options_free(vo);
}

static void test_detection_and_hostile(void) {
  kyso_verify_options *vo = options_with_ca();
  buf pdf = fixture("signed.pdf");
  buf p7s = fixture("ossl-rsa-detached.p7s");
  kyso_pdf_report *r = NULL;
  static const uint8_t junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF";
  static const uint8_t prefixed[] = "garbage before the header %PDF-1.4\n";
  CHECK(kyso_is_pdf(pdf.data, pdf.len));
  CHECK(kyso_is_pdf(prefixed, sizeof prefixed - 1));
  CHECK(!kyso_is_pdf(p7s.data, p7s.len));
  CHECK(!kyso_is_pdf(NULL, 0));
  /* Not a PDF, a broken PDF, truncations: reports, never errors or crashes. */
  CHECK_OK(kyso_verify_pdf(p7s.data, p7s.len, NULL, 0, vo, &r));
  CHECK(kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED);
  CHECK(kyso_pdf_report_signature_count(r) == 0);
  kyso_pdf_report_free(r);
  r = NULL;
  CHECK_OK(kyso_verify_pdf(junk, sizeof junk - 1, NULL, 0, vo, &r));
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_INDETERMINATE);
  kyso_pdf_report_free(r);
  for (size_t cut = 1; cut < pdf.len; cut += pdf.len / 7) {
    r = NULL;
    CHECK_OK(kyso_verify_pdf(pdf.data, cut, NULL, 0, vo, &r));
    CHECK(kyso_pdf_report_indication(r) != KYSO_INDICATION_TOTAL_PASSED);
    kyso_pdf_report_free(r);
  }
  /* A password given for an unencrypted file is not used. */
  r = NULL;
  CHECK_OK(kyso_verify_pdf(pdf.data, pdf.len, (const uint8_t *)"x", 1, vo, &r));
  CHECK(kyso_pdf_report_indication(r) == KYSO_INDICATION_TOTAL_PASSED);
  kyso_pdf_report_free(r);
  /* NULL arguments. */
  r = NULL;
  CHECK_RC(kyso_verify_pdf(NULL, 10, NULL, 0, vo, &r), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_pdf(pdf.data, pdf.len, NULL, 0, NULL, &r), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_pdf(pdf.data, pdf.len, NULL, 0, vo, NULL), KYSO_NULL_PARAMETER);
  CHECK_RC(kyso_verify_pdf_file(NULL, NULL, 0, vo, &r), KYSO_NULL_PARAMETER);
  CHECK(r == NULL);
  CHECK(kyso_pdf_report_indication(NULL) == 0);
  CHECK(kyso_pdf_report_signature_count(NULL) == 0);
  CHECK(kyso_pdf_report_json(NULL) == NULL);
  CHECK(kyso_pdf_signature_field(NULL) == NULL);
  CHECK(kyso_pdf_signature_modification_level(NULL) == NULL);
  CHECK(kyso_pdf_signature_cms(NULL) == NULL);
  CHECK(!kyso_pdf_signature_changes_permitted(NULL));
  kyso_pdf_report_free(NULL);
  buf_free(&pdf);
  buf_free(&p7s);
  kyso_verify_options_free(vo);
}

int main(void) {
  g_ca = fixture("ca.pem");
  g_crl = fixture("ca.crl");
  test_signed();
  test_file();
  test_annotated();
  test_tampered();
  test_detection_and_hostile();
  buf_free(&g_ca);
  buf_free(&g_crl);
  return finish_suite("test_pdf");
}
