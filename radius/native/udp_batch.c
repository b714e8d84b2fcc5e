/*
 * Batched UDP for the RADIUS listener (Linux): recvmmsg and sendmmsg on a socket polled by the
 * Node.js event loop, so a burst of datagrams costs one system call and one JavaScript call
 * each way instead of one per datagram (node:dgram has neither). JavaScript sees one shared
 * input area and one output area, laid out as described in radius/src/udp/native.ts.
 *
 *   bind(host, port, receiveBufferBytes, group?) -> { fd, port, receiveBufferBytes }
 *                                        group > 0: SO_REUSEPORT, one socket of `group` sharing the port
 *   release(fd)                          closes a descriptor bind returned
 *   open(fd, onBatch) -> endpoint        onBatch(count) is called for every received batch
 *   areas(endpoint) -> [input, inputMeta, output, outputMeta]   (ArrayBuffers)
 *   flush(endpoint) -> number sent       sends the replies queued in the output area
 *   close(endpoint)                      stops polling and closes the descriptor
 *   addressText(family, w0, w1, w2, w3) -> string
 *
 * After every batch the replies JavaScript queued synchronously (its microtasks included) are
 * sent at once, before the next recvmmsg; replies queued later wait for flush().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define BATCH 64
#define SLOT 4096      /* RFC 2865: a RADIUS packet is at most 4096 bytes */
#define META 8         /* per datagram: length, port, family, 4 address words, unused */
#define MAX_ROUNDS 16  /* batches per wake-up before other work gets its turn */

typedef struct {
  napi_env env;
  int fd;
  int closed;
  uv_poll_t poll;
  napi_ref on_batch;
  napi_ref resource; /* the `this` of onBatch, and the async resource its calls belong to */
  napi_ref areas[4];
  napi_async_context context;
  uint8_t* in;
  uint32_t* in_meta;
  uint8_t* out;
  uint32_t* out_meta; /* [0] = replies queued; then META words per reply, from index META */
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_storage names[BATCH];
} Endpoint;

#define CALL(env, call)                                       \
  do {                                                        \
    if ((call) != napi_ok) {                                  \
      napi_throw_error((env), NULL, "udp_batch: " #call);     \
      return NULL;                                            \
    }                                                         \
  } while (0)

static napi_value throw_errno(napi_env env, const char* what, int error) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", what, strerror(error));
  napi_value text, code, err;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  const char* name = error == EADDRINUSE ? "EADDRINUSE" : error == EACCES ? "EACCES" : error == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : "EIO";
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, text, &err);
  napi_throw(env, err);
  return NULL;
}

static void write_name(const struct sockaddr_storage* name, uint32_t* meta) {
  if (name->ss_family == AF_INET6) {
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)name;
    meta[1] = ntohs(a->sin6_port);
    meta[2] = 6;
    memcpy(&meta[3], &a->sin6_addr, 16);
  } else {
    const struct sockaddr_in* a = (const struct sockaddr_in*)name;
    meta[1] = ntohs(a->sin_port);
    meta[2] = 4;
    memcpy(&meta[3], &a->sin_addr, 4);
    meta[4] = meta[5] = meta[6] = 0;
  }
}

static socklen_t read_name(const uint32_t* meta, struct sockaddr_storage* name) {
  memset(name, 0, sizeof *name);
  if (meta[2] == 6) {
    struct sockaddr_in6* a = (struct sockaddr_in6*)name;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)meta[1]);
    memcpy(&a->sin6_addr, &meta[3], 16);
    return sizeof *a;
  }
  struct sockaddr_in* a = (struct sockaddr_in*)name;
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)meta[1]);
  memcpy(&a->sin_addr, &meta[3], 4);
  return sizeof *a;
}

/* Sends the queued replies. A reply the kernel refuses (an unreachable address, say) is
 * skipped; when the send buffer is full the rest are dropped: the NAS will retransmit and the
 * listener answers from its retransmit cache. Returns how many went out. */
static uint32_t send_queued(Endpoint* e) {
  uint32_t queued = e->out_meta[0];
  if (queued > BATCH) queued = BATCH;
  for (uint32_t i = 0; i < queued; i++) {
    const uint32_t* meta = &e->out_meta[META * (i + 1)];
    e->iov[i].iov_base = e->out + (size_t)i * SLOT;
    e->iov[i].iov_len = meta[0] > SLOT ? SLOT : meta[0];
    struct msghdr* h = &e->msgs[i].msg_hdr;
    memset(h, 0, sizeof *h);
    h->msg_name = &e->names[i];
    h->msg_namelen = read_name(meta, &e->names[i]);
    h->msg_iov = &e->iov[i];
    h->msg_iovlen = 1;
  }
  uint32_t sent = 0, done = 0;
  while (done < queued) {
    int n = sendmmsg(e->fd, &e->msgs[done], queued - done, MSG_DONTWAIT);
    if (n > 0) {
      sent += n;
      done += n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      done++; /* this one failed: skip it */
    }
  }
  e->out_meta[0] = 0;
  return sent;
}

static void prepare_receive(Endpoint* e) {
  for (int i = 0; i < BATCH; i++) {
    e->iov[i].iov_base = e->in + (size_t)i * SLOT;
    e->iov[i].iov_len = SLOT;
    struct msghdr* h = &e->msgs[i].msg_hdr;
    memset(h, 0, sizeof *h);
    h->msg_name = &e->names[i];
    h->msg_namelen = sizeof e->names[i];
    h->msg_iov = &e->iov[i];
    h->msg_iovlen = 1;
  }
}

static void on_readable(uv_poll_t* poll, int status, int events) {
  (void)events;
  Endpoint* e = poll->data;
  if (e->closed || status < 0) return;
  napi_env env = e->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback, resource;
  napi_get_reference_value(env, e->on_batch, &callback);
  napi_get_reference_value(env, e->resource, &resource);
  for (int round = 0; round < MAX_ROUNDS && !e->closed; round++) {
    prepare_receive(e);
    int n = recvmmsg(e->fd, e->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) break; /* EAGAIN: another worker took them; other errors: try on the next wake-up */
    for (int i = 0; i < n; i++) {
      uint32_t* meta = &e->in_meta[META * i];
      /* A datagram longer than SLOT arrives cut to SLOT bytes: RADIUS ignores octets past its
       * Length field (RFC 2865 §3), and the Length field is at most 4096. */
      meta[0] = e->msgs[i].msg_len;
      write_name(&e->names[i], meta);
    }
    napi_value count, result;
    napi_create_uint32(env, (uint32_t)n, &count);
    napi_status called = napi_make_callback(env, e->context, resource, callback, 1, &count, &result);
    if (called == napi_pending_exception) {
      napi_value error;
      napi_get_and_clear_last_exception(env, &error);
      napi_fatal_exception(env, error);
    }
    if (!e->closed && e->out_meta[0] > 0) send_queued(e);
    if (n < BATCH) break;
  }
  napi_close_handle_scope(env, scope);
}

static void on_poll_closed(uv_handle_t* handle) {
  Endpoint* e = handle->data;
  free(e);
}

static void release(Endpoint* e) {
  if (e->closed) return;
  e->closed = 1;
  uv_poll_stop(&e->poll);
  close(e->fd);
  napi_delete_reference(e->env, e->on_batch);
  napi_delete_reference(e->env, e->resource);
  for (int i = 0; i < 4; i++) napi_delete_reference(e->env, e->areas[i]);
  napi_async_destroy(e->env, e->context);
  uv_close((uv_handle_t*)&e->poll, on_poll_closed);
}

/* The open endpoint that is the call's first argument, or NULL with a JavaScript error thrown. */
static Endpoint* endpoint_arg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Endpoint* e;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_external(env, argv[0], (void**)&e) != napi_ok) {
    napi_throw_type_error(env, NULL, "udp_batch: an endpoint is required");
    return NULL;
  }
  if (e->closed) {
    napi_throw_error(env, "ERR_SOCKET_CLOSED", "udp_batch: the endpoint is closed");
    return NULL;
  }
  return e;
}

/* Spreads the datagrams arriving at a SO_REUSEPORT group at random over its first `sockets`
 * members, whatever their source: one busy NAS sends from one port, and the kernel's default
 * choice (a hash of the addresses and ports) would give all of its requests to one worker. */
static int spread_at_random(int fd, uint32_t sockets) {
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_RANDOM)),
      BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, sockets),
      BPF_STMT(BPF_RET | BPF_A, 0),
  };
  struct sock_fprog program = {.len = sizeof code / sizeof code[0], .filter = code};
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &program, sizeof program);
}

static napi_value js_bind(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char host[64];
  size_t length;
  uint32_t port, buffer, group = 0;
  CALL(env, napi_get_value_string_utf8(env, argv[0], host, sizeof host, &length));
  CALL(env, napi_get_value_uint32(env, argv[1], &port));
  CALL(env, napi_get_value_uint32(env, argv[2], &buffer));
  if (argc > 3) CALL(env, napi_get_value_uint32(env, argv[3], &group));

  struct sockaddr_storage name;
  socklen_t name_length;
  memset(&name, 0, sizeof name);
  struct sockaddr_in* a4 = (struct sockaddr_in*)&name;
  struct sockaddr_in6* a6 = (struct sockaddr_in6*)&name;
  if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    name_length = sizeof *a4;
  } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    name_length = sizeof *a6;
  } else {
    napi_throw_type_error(env, "ERR_INVALID_ADDRESS", "udp_batch: the host must be an IPv4 or IPv6 address");
    return NULL;
  }
  int fd = socket(name.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  int value = (int)buffer;
  /* Past net.core.rmem_max only with CAP_NET_ADMIN (SO_RCVBUFFORCE); else as much as allowed. */
  if (buffer > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &value, sizeof value) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, sizeof value);
  int one = 1;
  if (group > 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "SO_REUSEPORT", error);
  }
  if (bind(fd, (struct sockaddr*)&name, name_length) < 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "bind", error);
  }
  /* After bind: the program then belongs to the group (a socket carrying one cannot join). */
  if (group > 1 && spread_at_random(fd, group) < 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "SO_ATTACH_REUSEPORT_CBPF", error);
  }
  getsockname(fd, (struct sockaddr*)&name, &name_length);
  socklen_t size = sizeof value;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, &size);

  napi_value result, v;
  CALL(env, napi_create_object(env, &result));
  CALL(env, napi_create_int32(env, fd, &v));
  CALL(env, napi_set_named_property(env, result, "fd", v));
  CALL(env, napi_create_uint32(env, ntohs(name.ss_family == AF_INET6 ? a6->sin6_port : a4->sin_port), &v));
  CALL(env, napi_set_named_property(env, result, "port", v));
  CALL(env, napi_create_int32(env, value, &v));
  CALL(env, napi_set_named_property(env, result, "receiveBufferBytes", v));
  return result;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t fd;
  CALL(env, napi_get_value_int32(env, argv[0], &fd));
  napi_valuetype type;
  CALL(env, napi_typeof(env, argv[1], &type));
  if (type != napi_function) {
    napi_throw_type_error(env, NULL, "udp_batch: onBatch must be a function");
    return NULL;
  }
  uv_loop_t* loop;
  CALL(env, napi_get_uv_event_loop(env, &loop));
  Endpoint* e = calloc(1, sizeof *e);
  if (!e) return throw_errno(env, "calloc", ENOMEM);
  e->env = env;
  e->fd = fd;
  e->poll.data = e;
  size_t sizes[4] = {BATCH * SLOT, BATCH * META * 4, BATCH * SLOT, (BATCH + 1) * META * 4};
  void** data[4] = {(void**)&e->in, (void**)&e->in_meta, (void**)&e->out, (void**)&e->out_meta};
  for (int i = 0; i < 4; i++) {
    napi_value area;
    CALL(env, napi_create_arraybuffer(env, sizes[i], data[i], &area));
    CALL(env, napi_create_reference(env, area, 1, &e->areas[i]));
  }
  e->out_meta[0] = 0;
  CALL(env, napi_create_reference(env, argv[1], 1, &e->on_batch));
  napi_value name, resource;
  CALL(env, napi_create_object(env, &resource));
  CALL(env, napi_create_reference(env, resource, 1, &e->resource));
  CALL(env, napi_create_string_utf8(env, "RADIUS:UDP", NAPI_AUTO_LENGTH, &name));
  CALL(env, napi_async_init(env, resource, name, &e->context));
  int error = uv_poll_init(loop, &e->poll, fd);
  if (error == 0) error = uv_poll_start(&e->poll, UV_READABLE, on_readable);
  if (error != 0) {
    napi_throw_error(env, NULL, uv_strerror(error));
    return NULL;
  }
  napi_value external;
  CALL(env, napi_create_external(env, e, NULL, NULL, &external));
  return external;
}

static napi_value js_areas(napi_env env, napi_callback_info info) {
  Endpoint* e = endpoint_arg(env, info);
  if (!e) return NULL;
  napi_value list;
  CALL(env, napi_create_array_with_length(env, 4, &list));
  for (uint32_t i = 0; i < 4; i++) {
    napi_value area;
    CALL(env, napi_get_reference_value(env, e->areas[i], &area));
    CALL(env, napi_set_element(env, list, i, area));
  }
  return list;
}

static napi_value js_flush(napi_env env, napi_callback_info info) {
  Endpoint* e = endpoint_arg(env, info);
  if (!e) return NULL;
  napi_value sent;
  CALL(env, napi_create_uint32(env, send_queued(e), &sent));
  return sent;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  Endpoint* e = endpoint_arg(env, info);
  if (!e) return NULL;
  release(e);
  return NULL;
}

static napi_value js_release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CALL(env, napi_get_value_int32(env, argv[0], &fd));
  close(fd);
  return NULL;
}

static napi_value js_address_text(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t meta[META] = {0};
  for (int i = 0; i < 5; i++) CALL(env, napi_get_value_uint32(env, argv[i], &meta[2 + i]));
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(meta[2] == 6 ? AF_INET6 : AF_INET, &meta[3], text, sizeof text)) return throw_errno(env, "inet_ntop", errno);
  napi_value result;
  CALL(env, napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"bind", NULL, js_bind, NULL, NULL, NULL, napi_default, NULL},
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"areas", NULL, js_areas, NULL, NULL, NULL, napi_default, NULL},
      {"flush", NULL, js_flush, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, js_release, NULL, NULL, NULL, napi_default, NULL},
      {"addressText", NULL, js_address_text, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value batch, slot, meta;
  napi_create_uint32(env, BATCH, &batch);
  napi_create_uint32(env, SLOT, &slot);
  napi_create_uint32(env, META, &meta);
  napi_set_named_property(env, exports, "BATCH", batch);
  napi_set_named_property(env, exports, "SLOT", slot);
  napi_set_named_property(env, exports, "META", meta);
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
