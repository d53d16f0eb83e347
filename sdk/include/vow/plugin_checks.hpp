// Compile-time checks of a plugin class, run by VOW_PLUGIN (vow/plugin.hpp).
//
// The helper finds the members it calls by name, so a misspelled or
// mistyped member used to leave a library that loads and then does nothing
// (or loses every event). Each mistake it can see is a static_assert naming
// the signature docs/plugins.md gives. See docs/adr/0024 for what is caught
// and why near misses come from a fixed list.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>

namespace vow::sdk {
struct Context;
struct Origin;
}  // namespace vow::sdk

// The signatures as docs/plugins.md writes them; every message quotes one.
#define VOW_SDK_SIG_next_batch "bool next_batch(std::string& ndjson)"
#define VOW_SDK_SIG_feed "void feed(std::string_view file, std::string_view data)"
#define VOW_SDK_SIG_webhook "void webhook(std::string_view headers, std::string_view body)"
#define VOW_SDK_SIG_deliver "std::string deliver(std::string_view kind, std::string_view json)"
#define VOW_SDK_SIG_next_batch_origin "bool next_batch(std::string& ndjson, vow::sdk::Origin& origin)"
#define VOW_SDK_SIG_strict "static constexpr bool strict = true;"

// Names close to the ones the helper calls: case and underscore variants,
// plurals, one letter dropped, two neighbours swapped, common misspellings.
// Real words a plugin may well use for something else (fee, fed, delivery)
// are left out. Each is an error only while the right name is missing.
// clang-format off
#define VOW_SDK_NEXT_BATCH_MISSES(X) \
  X(next_batch, nextbatch) X(next_batch, nextBatch) X(next_batch, NextBatch) X(next_batch, Next_Batch) \
  X(next_batch, Next_batch) X(next_batch, next_Batch) X(next_batch, NEXT_BATCH) \
  X(next_batch, NEXTBATCH) X(next_batch, next_batches) X(next_batch, nextbatches) \
  X(next_batch, next__batch) X(next_batch, ext_batch) X(next_batch, nxt_batch) \
  X(next_batch, net_batch) X(next_batch, nex_batch) X(next_batch, next_atch) X(next_batch, next_btch) \
  X(next_batch, next_bach) X(next_batch, next_bath) X(next_batch, next_batc) X(next_batch, enxt_batch) \
  X(next_batch, nxet_batch) X(next_batch, netx_batch) X(next_batch, nex_tbatch) \
  X(next_batch, nextb_atch) X(next_batch, next_abtch) X(next_batch, next_btach) \
  X(next_batch, next_bacth) X(next_batch, next_bathc)
#define VOW_SDK_FEED_MISSES(X) \
  X(feed, Feed) X(feed, FEED) X(feed, feeds) X(feed, Feeds) X(feed, eed) X(feed, efed) X(feed, fede)
#define VOW_SDK_WEBHOOK_MISSES(X) \
  X(webhook, Webhook) X(webhook, WebHook) X(webhook, WEBHOOK) X(webhook, webHook) X(webhook, web_hook) \
  X(webhook, webhooks) X(webhook, Webhooks) X(webhook, on_webhook) X(webhook, webook) X(webhook, wehbook) \
  X(webhook, webhok) X(webhook, ebhook) X(webhook, wbhook) X(webhook, ewbhook)
#define VOW_SDK_DELIVER_MISSES(X) \
  X(deliver, Deliver) X(deliver, DELIVER) X(deliver, delivers) X(deliver, Delivers) \
  X(deliver, deliever) X(deliver, delivr) X(deliver, eliver) X(deliver, dliver) X(deliver, deiver) \
  X(deliver, delver) X(deliver, delier) X(deliver, delive) X(deliver, edliver) X(deliver, dleiver) \
  X(deliver, deilver) X(deliver, devlier) X(deliver, delievr) X(deliver, delivre)
#define VOW_SDK_STRICT_MISSES(X) \
  X(strict, Strict) X(strict, is_strict) X(strict, stict) X(strict, strct) X(strict, strickt) \
  X(strict, srtict) X(strict, sttrict) X(strict, strit)
// clang-format on

namespace vow::sdk::checks {

// A pointer to a function, static or not (as opposed to a data member).
template <typename M>
concept function_pointer = std::is_member_function_pointer_v<M> || std::is_function_v<std::remove_pointer_t<M>>;

// has_NAME<P>: P has a member called NAME, of any kind and access, even
// overloaded or a template. A class derived from P and from a struct with
// an int NAME finds NAME ambiguous exactly when P has one too. A final
// class cannot be derived from: there only a public, single NAME is seen
// (see named_next_batch and the others below).
// data_NAME<P>: NAME is a public data member, which is not a misspelt
// function.
#define VOW_SDK_PROBE(id)                                                                              \
  struct probe_##id {                                                                                  \
    int id;                                                                                            \
  };                                                                                                   \
  template <typename P>                                                                                \
  struct mix_##id : P, probe_##id {};                                                                  \
  template <typename P>                                                                                \
  concept has_##id = std::is_class_v<P> && ((std::is_final_v<P> && requires { &P::id; }) ||            \
                                            (!std::is_final_v<P> && !requires { &mix_##id<P>::id; })); \
  template <typename P>                                                                                \
  concept data_##id = requires {                                                                       \
    requires !function_pointer<decltype(&P::id)>;                                                      \
  };
#define VOW_SDK_PROBE_MISS(expected, variant) VOW_SDK_PROBE(variant)

VOW_SDK_NEXT_BATCH_MISSES(VOW_SDK_PROBE_MISS)
VOW_SDK_FEED_MISSES(VOW_SDK_PROBE_MISS)
VOW_SDK_WEBHOOK_MISSES(VOW_SDK_PROBE_MISS)
VOW_SDK_DELIVER_MISSES(VOW_SDK_PROBE_MISS)
VOW_SDK_STRICT_MISSES(VOW_SDK_PROBE_MISS)

// How the helper calls each member (on a P&, as vow/plugin.hpp does).
template <typename P>
concept next_batch_with_origin = requires(P& p, std::string& out, Origin& origin) {
  p.next_batch(out, origin);
};
template <typename P>
concept next_batch_callable = next_batch_with_origin<P> || requires(P& p, std::string& out) {
  p.next_batch(out);
};
template <typename P>
concept next_batch_takes_a_copy = requires(P& p) {
  p.next_batch(std::string());
};
template <typename P>
concept next_batch_returns_bool = requires(P& p, std::string& out) {
  { p.next_batch(out) } -> std::same_as<bool>;
}
|| requires(P& p, std::string& out, Origin& origin) {
  { p.next_batch(out, origin) } -> std::same_as<bool>;
};
// `strict`, when there, is a constant bool the table can be filled from.
template <typename P>
concept strict_is_constant = requires {
  requires std::same_as < std::remove_cv_t<decltype(P::strict)>,
  bool > ;
  typename std::bool_constant<P::strict>;
};
template <typename P>
concept feed_callable = requires(P& p, std::string_view s) {
  p.feed(s, s);
};
template <typename P>
concept feed_returns_void = requires(P& p, std::string_view s) {
  { p.feed(s, s) } -> std::same_as<void>;
};
template <typename P>
concept webhook_callable = requires(P& p, std::string_view s) {
  p.webhook(s, s);
};
template <typename P>
concept webhook_returns_void = requires(P& p, std::string_view s) {
  { p.webhook(s, s) } -> std::same_as<void>;
};
template <typename P>
concept deliver_callable = requires(P& p, std::string_view s) {
  p.deliver(s, s);
};
template <typename P>
concept deliver_returns_string = requires(P& p, std::string_view s) {
  { p.deliver(s, s) } -> std::convertible_to<std::string>;
};

// The names the helper calls, found also when the class is final and the
// member overloaded (the probe alone misses that).
VOW_SDK_PROBE(next_batch)
VOW_SDK_PROBE(feed)
VOW_SDK_PROBE(webhook)
VOW_SDK_PROBE(deliver)
VOW_SDK_PROBE(strict)
template <typename P>
concept named_next_batch = has_next_batch<P> || next_batch_callable<P>;
template <typename P>
concept named_feed = has_feed<P> || feed_callable<P>;
template <typename P>
concept named_webhook = has_webhook<P> || webhook_callable<P>;
template <typename P>
concept named_deliver = has_deliver<P> || deliver_callable<P>;

// A member named `variant` that is not a public data member, while
// `expected` is missing.
#define VOW_SDK_IS_MISS(expected, variant) || (!named_##expected<P> && has_##variant<P> && !data_##variant<P>)
template <typename P>
concept misses_next_batch = false VOW_SDK_NEXT_BATCH_MISSES(VOW_SDK_IS_MISS);
template <typename P>
concept misses_feed = false VOW_SDK_FEED_MISSES(VOW_SDK_IS_MISS);
template <typename P>
concept misses_webhook = false VOW_SDK_WEBHOOK_MISSES(VOW_SDK_IS_MISS);
template <typename P>
concept misses_deliver = false VOW_SDK_DELIVER_MISSES(VOW_SDK_IS_MISS);

#define VOW_SDK_ASSERT_NO_MISS(expected, variant)                                                 \
  static_assert(named_##expected<P> || !has_##variant<P> || data_##variant<P>,                    \
                "vow plugin: `" #variant "` looks like a misspelling of `" VOW_SDK_SIG_##expected \
                "`; the helper calls only that name");

// `strict` is data, so a misspelt one is data too: any member so named.
#define VOW_SDK_ASSERT_NO_STRICT_MISS(expected, variant)                                      \
  static_assert(has_strict<P> || !has_##variant<P>,                                           \
                "vow plugin: `" #variant "` looks like a misspelling of `" VOW_SDK_SIG_strict \
                "`; vow reads only that name");

// Instantiated by VOW_PLUGIN(P): every failure names what was expected.
// True when the table can be filled without further errors (the members
// are looked up with concepts there, so only these three could fail).
template <typename P>
constexpr bool check() {
  constexpr bool named = requires {
    { P::name } -> std::convertible_to<const char*>;
  };
  constexpr bool versioned = requires {
    { P::version } -> std::convertible_to<const char*>;
  };
  constexpr bool constructible = std::is_constructible_v<P, Context>;
  static_assert(named,
                "vow plugin: the class needs `static constexpr const char* name`, the plugin's name in messages");
  static_assert(versioned,
                "vow plugin: the class needs `static constexpr const char* version`, the plugin's own version");
  static_assert(constructible,
                "vow plugin: the class needs a public constructor `explicit P(const vow::sdk::Context& cx)`");

  VOW_SDK_NEXT_BATCH_MISSES(VOW_SDK_ASSERT_NO_MISS)
  VOW_SDK_FEED_MISSES(VOW_SDK_ASSERT_NO_MISS)
  VOW_SDK_WEBHOOK_MISSES(VOW_SDK_ASSERT_NO_MISS)
  VOW_SDK_DELIVER_MISSES(VOW_SDK_ASSERT_NO_MISS)
  VOW_SDK_STRICT_MISSES(VOW_SDK_ASSERT_NO_STRICT_MISS)
  static_assert(!has_strict<P> || strict_is_constant<P>,
                "vow plugin: `strict` must be `" VOW_SDK_SIG_strict "` (a constant the plugin table is filled from)");

  static_assert(named_next_batch<P> || named_deliver<P> || misses_next_batch<P> || misses_deliver<P> ||
                    misses_feed<P> || misses_webhook<P>,
                "vow plugin: the class is neither a SOURCE nor a SINK: a SOURCE has `" VOW_SDK_SIG_next_batch
                "`, a SINK has `" VOW_SDK_SIG_deliver "`");
  static_assert(!named_feed<P> || named_next_batch<P> || misses_next_batch<P>,
                "vow plugin: `feed` is called only on a SOURCE, and a SOURCE needs `" VOW_SDK_SIG_next_batch "`");
  static_assert(!named_webhook<P> || named_next_batch<P> || misses_next_batch<P>,
                "vow plugin: `webhook` is called only on a SOURCE, and a SOURCE needs `" VOW_SDK_SIG_next_batch "`");

  static_assert(!named_next_batch<P> || next_batch_callable<P>,
                "vow plugin: `next_batch` cannot be called as `" VOW_SDK_SIG_next_batch
                "`: it must be public and take a std::string& it fills (and, to say where its lines came from, "
                "a vow::sdk::Origin&: `" VOW_SDK_SIG_next_batch_origin "`)");
  static_assert(!next_batch_callable<P> || !next_batch_takes_a_copy<P>,
                "vow plugin: `next_batch` takes the batch by value or as const, so what it writes is lost; expected "
                "`" VOW_SDK_SIG_next_batch "`");
  static_assert(
      !next_batch_callable<P> || next_batch_takes_a_copy<P> || next_batch_returns_bool<P>,
      "vow plugin: `next_batch` must return bool (false when there is no more), as in `" VOW_SDK_SIG_next_batch "`");

  static_assert(!named_feed<P> || feed_callable<P>, "vow plugin: `feed` cannot be called as `" VOW_SDK_SIG_feed
                                                    "`: it must be public and take two std::string_view");
  static_assert(!feed_callable<P> || feed_returns_void<P>,
                "vow plugin: `feed` must return void (throw to refuse a file; a returned value is ignored), as in "
                "`" VOW_SDK_SIG_feed "`");

  static_assert(!named_webhook<P> || webhook_callable<P>,
                "vow plugin: `webhook` cannot be called as `" VOW_SDK_SIG_webhook
                "`: it must be public and take two std::string_view");
  static_assert(!webhook_callable<P> || webhook_returns_void<P>,
                "vow plugin: `webhook` must return void (throw to refuse the request), as in `" VOW_SDK_SIG_webhook
                "`");

  static_assert(!named_deliver<P> || deliver_callable<P>,
                "vow plugin: `deliver` cannot be called as `" VOW_SDK_SIG_deliver
                "`: it must be public and take two std::string_view");
  static_assert(!deliver_callable<P> || deliver_returns_string<P>,
                "vow plugin: `deliver` must return the sink's reference as a std::string, as in `" VOW_SDK_SIG_deliver
                "`");
  return named && versioned && constructible;
}

}  // namespace vow::sdk::checks

#undef VOW_SDK_PROBE
#undef VOW_SDK_PROBE_MISS
#undef VOW_SDK_IS_MISS
#undef VOW_SDK_ASSERT_NO_MISS
#undef VOW_SDK_ASSERT_NO_STRICT_MISS
#undef VOW_SDK_STRICT_MISSES
#undef VOW_SDK_SIG_next_batch_origin
#undef VOW_SDK_SIG_strict
#undef VOW_SDK_NEXT_BATCH_MISSES
#undef VOW_SDK_FEED_MISSES
#undef VOW_SDK_WEBHOOK_MISSES
#undef VOW_SDK_SIG_webhook
#undef VOW_SDK_DELIVER_MISSES
#undef VOW_SDK_SIG_next_batch
#undef VOW_SDK_SIG_feed
#undef VOW_SDK_SIG_deliver
