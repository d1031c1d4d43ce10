/*
 * kyso-verify: verify a CMS/PKCS#7 signature (.p7s, .p7m; DER, BER or PEM) with libkyso.
 *
 *   kyso-verify [--bundle vn|vgca|neac]... [--trust CA.pem]... [--crl CRL]... [--ocsp RESP]...
 *               [--policy vn-gov|strict] [--lang vi|en] [--json] [--content FILE] SIGNATURE
 *
 * With --content the signature is detached and FILE is streamed through the verifier in 64 KiB
 * pieces (a 1 GB scan is never held in memory). Exit status: 0 TOTAL-PASSED, 1 TOTAL-FAILED,
 * 2 INDETERMINATE, 3 usage or I/O error.
 *
 * Build: cc verify.c $(pkg-config --cflags --libs kyso) -o kyso-verify
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kyso.h>

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *data = NULL;
  size_t cap = 0, n = 0;
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      unsigned char *p;
      cap = cap ? cap * 2 : 65536;
      p = realloc(data, cap);
      if (p == NULL) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = p;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      break;
    }
  }
  fclose(f);
  *len = n;
  return data;
}

/* Print the failed call's code and detail, and return the usage/error exit status. */
static int fail(const char *what, kyso_result rc) {
  fprintf(stderr, "%s: %s\n  %s\n", what, kyso_result_text(rc), kyso_last_error_detail());
  return 3;
}

static int add_file(kyso_verify_options *vo, const char *path,
                    kyso_result (*add)(kyso_verify_options *, const uint8_t *, size_t)) {
  size_t len = 0;
  unsigned char *data = read_all(path, &len);
  kyso_result rc;
  if (data == NULL) {
    return 3;
  }
  rc = add(vo, data, len);
  free(data);
  return rc == KYSO_OK ? 0 : fail(path, rc);
}

static void print_signers(const kyso_report *report) {
  size_t i, j, n = kyso_report_signer_count(report);
  for (i = 0; i < n; i++) {
    const kyso_signer_report *s = NULL;
    const char *cn, *when, *sub;
    if (kyso_report_signer(report, i, &s) != KYSO_OK) {
      continue;
    }
    cn = kyso_signer_report_common_name(s);
    when = kyso_signer_report_signing_time_text(s);
    sub = kyso_signer_report_sub_indication(s);
    printf("signer %zu: %s%s%s — %s\n", i + 1, cn ? cn : "(unknown)", sub ? " / " : "",
           sub ? sub : "", kyso_indication_text(kyso_signer_report_indication(s)));
    for (j = 0; j < kyso_signer_report_vn_id_count(s); j++) {
      const char *kind = NULL, *value = NULL;
      if (kyso_signer_report_vn_id(s, j, &kind, &value) == KYSO_OK) {
        printf("  %s: %s\n", kind, value);
      }
    }
    if (when != NULL) {
      printf("  signing time (claimed): %s\n", when);
    }
    for (j = 0; j < kyso_signer_report_chain_length(s); j++) {
      const kyso_cert_info *c = NULL;
      if (kyso_signer_report_chain_cert(s, j, &c) == KYSO_OK) {
        printf("  chain[%zu]: %s%s\n", j, kyso_cert_info_subject(c),
               kyso_cert_info_is_trust_anchor(c) ? " (trust anchor)" : "");
      }
    }
  }
}

int main(int argc, char **argv) {
  kyso_verify_options *vo = NULL;
  kyso_trust_store *store = NULL;
  kyso_report *report = NULL;
  const char *content = NULL, *signature = NULL;
  kyso_lang lang = KYSO_LANG_VI;
  int json = 0, i, status;
  kyso_result rc;
  unsigned char *sig;
  size_t sig_len = 0;

  if (kyso_version_number() != KYSO_VERSION_NUMBER) {
    fprintf(stderr, "warning: built against libkyso %s, running with %s\n", KYSO_VERSION, kyso_version());
  }
  if ((rc = kyso_verify_options_new(&vo)) != KYSO_OK || (rc = kyso_trust_store_new(&store)) != KYSO_OK) {
    return fail("init", rc);
  }
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (v == NULL) {
      if (signature != NULL || a[0] == '-') {
        fprintf(stderr, "usage: %s [--bundle NAME] [--trust CA] [--crl CRL] [--ocsp RESP] "
                        "[--policy NAME] [--lang vi|en] [--json] [--content FILE] SIGNATURE\n", argv[0]);
        return 3;
      }
      signature = a;
    } else if (strcmp(a, "--bundle") == 0) {
      if ((rc = kyso_trust_store_add_bundle(store, v)) != KYSO_OK) return fail(v, rc);
      i++;
    } else if (strcmp(a, "--trust") == 0) {
      if ((rc = kyso_trust_store_add_anchors_file(store, v)) != KYSO_OK) return fail(v, rc);
      i++;
    } else if (strcmp(a, "--crl") == 0) {
      if (add_file(vo, v, kyso_verify_options_add_crl) != 0) return 3;
      i++;
    } else if (strcmp(a, "--ocsp") == 0) {
      if (add_file(vo, v, kyso_verify_options_add_ocsp_response) != 0) return 3;
      i++;
    } else if (strcmp(a, "--policy") == 0) {
      if ((rc = kyso_verify_options_set_policy(vo, v)) != KYSO_OK) return fail(v, rc);
      i++;
    } else if (strcmp(a, "--lang") == 0) {
      lang = strcmp(v, "en") == 0 ? KYSO_LANG_EN : KYSO_LANG_VI;
      i++;
    } else if (strcmp(a, "--content") == 0) {
      content = v;
      i++;
    } else {
      signature = a;
    }
  }
  if (signature == NULL) {
    fprintf(stderr, "no signature file given\n");
    return 3;
  }
  if ((rc = kyso_verify_options_set_trust_store(vo, store)) != KYSO_OK) {
    return fail("trust store", rc);
  }
  kyso_trust_store_free(store); /* the options keep a copy */

  if ((sig = read_all(signature, &sig_len)) == NULL) {
    return 3;
  }
  if (content == NULL) {
    rc = kyso_verify(sig, sig_len, NULL, 0, vo, &report);
  } else {
    /* Detached: stream the content. */
    kyso_verifier *v = NULL;
    FILE *f = fopen(content, "rb");
    unsigned char chunk[65536];
    size_t n;
    if (f == NULL) {
      perror(content);
      return 3;
    }
    rc = kyso_verifier_new(sig, sig_len, vo, &v);
    while (rc == KYSO_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
      rc = kyso_verifier_update(v, chunk, n);
    }
    fclose(f);
    if (rc == KYSO_OK) {
      rc = kyso_verifier_finish(v, &report);
    }
    kyso_verifier_free(v);
  }
  free(sig);
  kyso_verify_options_free(vo);
  if (rc != KYSO_OK) {
    return fail("verify", rc);
  }

  if (json) {
    printf("%s\n", kyso_report_json(report));
  } else {
    printf("%s\n", kyso_report_text(report, lang));
    print_signers(report);
  }
  switch (kyso_report_indication(report)) {
    case KYSO_INDICATION_TOTAL_PASSED: status = 0; break;
    case KYSO_INDICATION_TOTAL_FAILED: status = 1; break;
    default: status = 2; break;
  }
  kyso_report_free(report);
  return status;
}
