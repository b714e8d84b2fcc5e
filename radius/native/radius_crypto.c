/*
 * The RADIUS crypto of the hot path into buffers the caller provides, with the OpenSSL that
 * Node.js itself carries (its symbols are exported to addons). RADIUS computes several digests
 * of a few dozen bytes per request; node:crypto returns each in a new, separately allocated
 * ArrayBuffer, and those allocations, not the hashing, were the cost. DES is not in node:crypto
 * at all without OpenSSL's legacy provider (radius/src/protocol/digest.ts, mschap.ts).
 *
 *   md5(input, length, out, at = 0)       out[at..at+16) = MD5(input[0..length))
 *   sha1(input, length, out, at = 0)      out[at..at+20) = SHA-1(input[0..length))
 *   hmacMd5(innerPad, outerPad, input, length, out, at = 0)
 *                                         out[at..at+16) = HMAC-MD5 (RFC 2104) of
 *                                         input[0..length), with the key's two 64-octet pads
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

/* Reads (input, length, out[, at]) from argv[first...]: the checks every digest call makes. */
static int digest_args(napi_env env, napi_value* argv, size_t argc, size_t first, size_t size, unsigned char** input, uint32_t* length, unsigned char** out) {
  void *in, *target;
  size_t input_length, out_length;
  uint32_t at = 0;
  if (argc < first + 3 ||
      napi_get_buffer_info(env, argv[first], &in, &input_length) != napi_ok ||
      napi_get_value_uint32(env, argv[first + 1], length) != napi_ok ||
      napi_get_buffer_info(env, argv[first + 2], &target, &out_length) != napi_ok ||
      (argc > first + 3 && napi_get_value_uint32(env, argv[first + 3], &at) != napi_ok)) {
    napi_throw_type_error(env, NULL, "digest: (input: Buffer, length: number, out: Buffer, at?: number)");
    return 0;
  }
  if (*length > input_length || out_length < size || at > out_length - size) {
    napi_throw_range_error(env, NULL, "digest: length past the input, or no room in out");
    return 0;
  }
  *input = in;
  *out = (unsigned char*)target + at;
  return 1;
}

static napi_value run(napi_env env, napi_callback_info info, Digest digest, size_t size) {
  size_t argc = 4;
  napi_value argv[4];
  unsigned char *input, *out;
  uint32_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (!digest_args(env, argv, argc, 0, size, &input, &length, &out)) return NULL;
  digest(input, length, out);
  return NULL;
}

static napi_value js_md5(napi_env env, napi_callback_info info) { return run(env, info, md5, MD5_DIGEST_LENGTH); }
static napi_value js_sha1(napi_env env, napi_callback_info info) { return run(env, info, sha1, SHA_DIGEST_LENGTH); }

/* HMAC-MD5 with the pads precomputed by the caller (key XOR 0x36 and 0x5c, 64 octets each). */
static napi_value js_hmac_md5(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  void *inner_pad, *outer_pad;
  size_t inner_length, outer_length;
  unsigned char *input, *out;
  uint32_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 2 || napi_get_buffer_info(env, argv[0], &inner_pad, &inner_length) != napi_ok ||
      napi_get_buffer_info(env, argv[1], &outer_pad, &outer_length) != napi_ok || inner_length != 64 || outer_length != 64) {
    napi_throw_type_error(env, NULL, "hmacMd5: (innerPad: 64 octets, outerPad: 64 octets, input, length, out, at?)");
    return NULL;
  }
  if (!digest_args(env, argv, argc, 2, MD5_DIGEST_LENGTH, &input, &length, &out)) return NULL;
  unsigned char inner[MD5_DIGEST_LENGTH];
  MD5_CTX context;
  MD5_Init(&context);
  MD5_Update(&context, inner_pad, 64);
  MD5_Update(&context, input, length);
  MD5_Final(inner, &context);
  MD5_Init(&context);
  MD5_Update(&context, outer_pad, 64);
  MD5_Update(&context, inner, sizeof inner);
  MD5_Final(out, &context);
  return NULL;
}

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
      {"hmacMd5", NULL, js_hmac_md5, NULL, NULL, NULL, napi_default, NULL},
      {"challengeResponse", NULL, js_challenge_response, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
