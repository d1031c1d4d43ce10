/*
 * libcrypto as the signer of the two-phase tests (a token or remote service stands in its
 * place in real use): a fixture's private key, and a signature over what kyso asks to sign.
 * Tests that include this link -lcrypto (run-tests.sh, extra_libs).
 */
#ifndef KYSO_TEST_OSSL_H
#define KYSO_TEST_OSSL_H

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "harness.h"

static inline EVP_PKEY *load_key(const char *name) {
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

/* libcrypto signs what kyso gives, SHA-256: the message (hash inside) or the digest. */
static inline int ossl_sign(EVP_PKEY *key, kyso_sign_input form, const uint8_t *in, size_t in_len,
                     uint8_t *out, size_t *out_len) {
  int ok;
  if (form == KYSO_SIGN_INPUT_MESSAGE) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
         EVP_DigestSign(ctx, out, out_len, in, in_len) == 1;
    EVP_MD_CTX_free(ctx);
  } else {
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, NULL);
    ok = pctx != NULL && EVP_PKEY_sign_init(pctx) == 1 &&
         EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) == 1 &&
         EVP_PKEY_sign(pctx, out, out_len, in, in_len) == 1;
    EVP_PKEY_CTX_free(pctx);
  }
  return ok;
}

#endif
