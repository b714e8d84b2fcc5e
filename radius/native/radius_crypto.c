/*
 * The RADIUS crypto of the hot path into buffers the caller provides, with the OpenSSL that
 * Node.js itself carries (its symbols are exported to addons). RADIUS computes several digests
 * of a few dozen bytes per request; node:crypto returns each in a new, separately allocated
 * ArrayBuffer, and those allocations, not the hashing, were the cost. DES is not in node:crypto
 * at all without OpenSSL's legacy provider (radius/src/protocol/digest.ts, mschap.ts).
 *
 *   md5(input, length, out)               out[0..16) = MD5(input[0..length))
 *   sha1(input, length, out)              out[0..20) = SHA-1(input[0..length))
 *   challengeResponse(challenge, ntHash, out)
 *                                         out[0..24) = RFC 2759 §8.5 ChallengeResponse: the
 *                                         8-octet challenge DES-encrypted with each 7 octets of
 *                                         the NT hash padded with zeros to 21
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* MD5_*, SHA1_* and DES_*: the direct calls, without a provider look-up */
#include <node_api.h>
#include <openssl/des.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <string.h>

/* The low-level MD5_* and SHA1_* calls: OpenSSL 3's one-shot MD5() and SHA1() look the
 * algorithm up in its provider table, under a lock, on every call. */
static void md5(const void* input, size_t length, unsigned char* out) {
  MD5_CTX context;
  MD5_Init(&context);
  MD5_Update(&context, input, length);
  MD5_Final(out, &context);
}

static void sha1(const void* input, size_t length, unsigned char* out) {
  SHA_CTX context;
  SHA1_Init(&context);
  SHA1_Update(&context, input, length);
  SHA1_Final(out, &context);
}

typedef void (*Digest)(const void*, size_t, unsigned char*);

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

static napi_value js_md5(napi_env env, napi_callback_info info) { return run(env, info, md5, MD5_DIGEST_LENGTH); }
static napi_value js_sha1(napi_env env, napi_callback_info info) { return run(env, info, sha1, SHA_DIGEST_LENGTH); }

/* RFC 2759 §8.6 DesEncrypt: 7 key octets spread over 8, the low bit of each left for parity. */
static void des_encrypt(const unsigned char* clear, const unsigned char* key7, unsigned char* cypher) {
  DES_cblock key;
  key[0] = key7[0];
  key[1] = (unsigned char)((key7[0] << 7) | (key7[1] >> 1));
  key[2] = (unsigned char)((key7[1] << 6) | (key7[2] >> 2));
  key[3] = (unsigned char)((key7[2] << 5) | (key7[3] >> 3));
  key[4] = (unsigned char)((key7[3] << 4) | (key7[4] >> 4));
  key[5] = (unsigned char)((key7[4] << 3) | (key7[5] >> 5));
  key[6] = (unsigned char)((key7[5] << 2) | (key7[6] >> 6));
  key[7] = (unsigned char)(key7[6] << 1);
  DES_key_schedule schedule;
  DES_set_key_unchecked(&key, &schedule);
  DES_ecb_encrypt((const_DES_cblock*)clear, (DES_cblock*)cypher, &schedule, DES_ENCRYPT);
}

static napi_value js_challenge_response(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void *challenge, *nt_hash, *out;
  size_t challenge_length, nt_hash_length, out_length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      napi_get_buffer_info(env, argv[0], &challenge, &challenge_length) != napi_ok ||
      napi_get_buffer_info(env, argv[1], &nt_hash, &nt_hash_length) != napi_ok ||
      napi_get_buffer_info(env, argv[2], &out, &out_length) != napi_ok) {
    napi_throw_type_error(env, NULL, "challengeResponse: (challenge: Buffer, ntHash: Buffer, out: Buffer)");
    return NULL;
  }
  if (challenge_length < 8 || nt_hash_length < 16 || out_length < 24) {
    napi_throw_range_error(env, NULL, "challengeResponse: an 8-octet challenge, a 16-octet hash and 24 octets out");
    return NULL;
  }
  unsigned char key[21] = {0};
  memcpy(key, nt_hash, 16);
  for (int i = 0; i < 3; i++) des_encrypt(challenge, key + 7 * i, (unsigned char*)out + 8 * i);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"md5", NULL, js_md5, NULL, NULL, NULL, napi_default, NULL},
      {"sha1", NULL, js_sha1, NULL, NULL, NULL, napi_default, NULL},
      {"challengeResponse", NULL, js_challenge_response, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
