/*
 * kyso-sign: sign a file with libkyso (CMS SignedData, CAdES-B-B attributes).
 *
 *   kyso-sign --p12 FILE.p12 [--detached] [--pss] [-o OUT.p7s] INPUT
 *   kyso-sign --key KEY.pem --cert CERT.pem [--detached] [--pss] [-o OUT.p7s] INPUT
 *
 * The key password is read from the environment variable KYSO_PASSWORD (never from the
 * command line, where other users could see it). --detached streams INPUT through the signer
 * in 64 KiB pieces (any size); otherwise INPUT is read whole and embedded. Output defaults to
 * INPUT.p7s. Exit status: 0 signed, 1 error.
 *
 * Build: cc sign.c $(pkg-config --cflags --libs kyso) -o kyso-sign
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kyso.h>

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *data = NULL;
  size_t cap = 0, n = 0, got;
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  do {
    if (n == cap) {
      unsigned char *p;
      cap = cap ? cap * 2 : 65536;
      if ((p = realloc(data, cap)) == NULL) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = p;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  *len = n;
  return data;
}

static int fail(const char *what, kyso_result rc) {
  fprintf(stderr, "%s: %s\n  %s\n", what, kyso_result_text(rc), kyso_last_error_detail());
  return 1;
}

int main(int argc, char **argv) {
  const char *p12 = NULL, *key = NULL, *cert = NULL, *input = NULL, *out = NULL;
  const char *password = getenv("KYSO_PASSWORD");
  int detached = 0, pss = 0, i;
  kyso_signer *signer = NULL;
  kyso_sign_options *options = NULL;
  kyso_bytes *signature = NULL;
  kyso_result rc;
  char out_default[4096];
  FILE *f;

  for (i = 1; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(argv[i], "--detached") == 0) {
      detached = 1;
    } else if (strcmp(argv[i], "--pss") == 0) {
      pss = 1;
    } else if (v != NULL && strcmp(argv[i], "--p12") == 0) {
      p12 = argv[++i];
    } else if (v != NULL && strcmp(argv[i], "--key") == 0) {
      key = argv[++i];
    } else if (v != NULL && strcmp(argv[i], "--cert") == 0) {
      cert = argv[++i];
    } else if (v != NULL && strcmp(argv[i], "-o") == 0) {
      out = argv[++i];
    } else {
      input = argv[i];
    }
  }
  if (input == NULL || (p12 == NULL && (key == NULL || cert == NULL))) {
    fprintf(stderr, "usage: %s (--p12 FILE | --key KEY --cert CERT) [--detached] [--pss] [-o OUT] INPUT\n"
                    "       password from $KYSO_PASSWORD\n", argv[0]);
    return 1;
  }
  if (out == NULL) {
    snprintf(out_default, sizeof out_default, "%s.p7s", input);
    out = out_default;
  }

  /* 1. The signer. */
  if (p12 != NULL) {
    rc = kyso_signer_from_pkcs12_file(p12, password, &signer);
  } else {
    size_t key_len = 0, cert_len = 0;
    unsigned char *k = read_all(key, &key_len), *c = read_all(cert, &cert_len);
    if (k == NULL || c == NULL) {
      return 1;
    }
    rc = kyso_signer_from_pem(k, key_len, c, cert_len, password, &signer);
    memset(k, 0, key_len); /* do not leave key material lying around */
    free(k);
    free(c);
  }
  if (rc != KYSO_OK) {
    return fail("signer", rc);
  }
  if (pss && (rc = kyso_signer_set_algorithm(signer, KYSO_SIG_RSA_PSS_SHA256)) != KYSO_OK) {
    return fail("--pss", rc);
  }

  /* 2. Sign: streamed when detached, in one call when attached. */
  if ((rc = kyso_sign_options_new(&options)) != KYSO_OK ||
      (rc = kyso_sign_options_set_detached(options, detached != 0)) != KYSO_OK) {
    return fail("options", rc);
  }
  if (detached) {
    kyso_sign_stream *stream = NULL;
    unsigned char chunk[65536];
    size_t n;
    if ((f = fopen(input, "rb")) == NULL) {
      perror(input);
      return 1;
    }
    rc = kyso_sign_stream_new(signer, options, &stream);
    while (rc == KYSO_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
      rc = kyso_sign_stream_update(stream, chunk, n);
    }
    fclose(f);
    if (rc == KYSO_OK) {
      rc = kyso_sign_stream_finish(stream, &signature);
    }
    kyso_sign_stream_free(stream);
  } else {
    size_t len = 0;
    unsigned char *data = read_all(input, &len);
    if (data == NULL) {
      return 1;
    }
    rc = kyso_sign(signer, data, len, options, &signature);
    free(data);
  }
  kyso_sign_options_free(options);
  kyso_signer_free(signer);
  if (rc != KYSO_OK) {
    return fail("sign", rc);
  }

  /* 3. Write the DER SignedData. */
  if ((f = fopen(out, "wb")) == NULL ||
      fwrite(kyso_bytes_data(signature), 1, kyso_bytes_len(signature), f) != kyso_bytes_len(signature)) {
    perror(out);
    return 1;
  }
  fclose(f);
  printf("%s: %zu bytes (%s)\n", out, kyso_bytes_len(signature), detached ? "detached" : "attached");
  kyso_bytes_free(signature);
  return 0;
}
