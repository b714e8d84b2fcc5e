/*
 * MD5 and SHA-1 into a buffer the caller provides, with the OpenSSL that Node.js itself carries
 * (its symbols are exported to addons). RADIUS computes several digests of a few dozen bytes
 * per request; node:crypto returns each in a new, separately allocated ArrayBuffer, and those
 * allocations, not the hashing, were the cost (radius/src/protocol/digest.ts).
 *
 *   md5(input, length, out)    out[0..16)  = MD5(input[0..length))
 *   sha1(input, length, out)   out[0..20)  = SHA-1(input[0..length))
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* MD5() and SHA1(): the one-shot calls, without a provider look-up */
#include <node_api.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

typedef unsigned char* (*Digest)(const unsigned char*, size_t, unsigned char*);

static napi_value run(napi_env env, napi_callback_info info, Digest digest, size_t size) {
  size_t argc = 3;
  napi_value argv[3];
  void *input, *out;
  size_t input_length, out_length;
  uint32_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      napi_get_buffer_info(env, argv[0], &input, &input_length) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &length) != napi_ok ||
      napi_get_buffer_info(env, argv[2], &out, &out_length) != napi_ok) {
    napi_throw_type_error(env, NULL, "digest: (input: Buffer, length: number, out: Buffer)");
    return NULL;
  }
  if (length > input_length || out_length < size) {
    napi_throw_range_error(env, NULL, "digest: length past the input, or out too short");
    return NULL;
  }
  digest(input, length, out);
  return NULL;
}

static napi_value js_md5(napi_env env, napi_callback_info info) { return run(env, info, MD5, MD5_DIGEST_LENGTH); }
static napi_value js_sha1(napi_env env, napi_callback_info info) { return run(env, info, SHA1, SHA_DIGEST_LENGTH); }

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"md5", NULL, js_md5, NULL, NULL, NULL, napi_default, NULL},
      {"sha1", NULL, js_sha1, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 2, methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
